#include "casevault/schema/deadline_rules.h"

namespace casevault::schema {
namespace {

using enum DeadlineAnchor;
using enum DeadlineKind;

constexpr DeadlineDuration WorkingDays(int amount) {
  return DeadlineDuration{amount, DurationUnit::kWorkingDays};
}
constexpr DeadlineDuration Months(int amount) {
  return DeadlineDuration{amount, DurationUnit::kMonths};
}

// Sources: seeds 000, 001 and 003, as DOMAIN.md cites them. Where they differ, the default is
// the value DOMAIN.md names first; a partnership overrides it.
constexpr DeadlineRule kRules[] = {
    {"national_panel_notification", "local authority notifies the national panel", kAwareOfIncident,
     false, WorkingDays(5), kDueBy, "rapid_review_report national_panel_notified_on"},
    {"triage_meeting", "triage meeting of the three statutory partners", kReferralReceived, false,
     WorkingDays(3), kDueBy,
     "meeting_note of kind triage_meeting, or rapid_review_report statutory_partners_met_on"},
    {"information_request", "information-gathering form sent to each involved agency",
     kReferralReceived, false, WorkingDays(2), kDueBy,
     "timeline_milestone information_request, complete"},
    {"agency_returns", "each involved agency returns its summary and chronology",
     kInformationRequest, false, WorkingDays(5), kDueBy,
     "an agency_summary of the agency with date_submitted"},
    {"rapid_review_meeting", "rapid review meeting held", kRapidReviewDecision, false,
     WorkingDays(10), kDueBy, "meeting_note of kind rapid_review_meeting, or rapid_review_report"},
    {"rapid_review_to_panel", "rapid review submitted to the national panel", kAwareOfIncident,
     false, WorkingDays(15), kDueBy, "rapid_review_report submitted_to_panel_on"},
    {"lead_reviewer_appointed", "lead reviewer appointed", kCsprDecision, false, WorkingDays(10),
     kDueBy, "terms_of_reference with lead_reviewer"},
    {"cspr_completion", "CSPR completed", kCsprDecision, false, Months(6), kDueBy,
     "timeline_milestone cspr_completion, complete"},
    {"final_report_to_panel",
     "final report to the national panel, Ofsted and the Secretary of State", kPublication, true,
     WorkingDays(7), kDueBy, "timeline_milestone final_report_to_panel, complete"},
    {"report_published_until", "published report stays on the website at least until", kPublication,
     false, Months(12), kPeriodEnd, "the period ends by itself"},
    {"factual_accuracy_comments", "agencies' factual accuracy comments on a draft",
     kDraftCirculated, false, WorkingDays(10), kPeriodEnd, "the window closes by itself"},
    {"desktop_review_6_months", "desk-top review of the rapid review decision at 6 months",
     kRapidReviewOutcome, false, Months(6), kDueBy,
     "timeline_milestone desktop_review_6_months, complete"},
    {"desktop_review_12_months", "desk-top review of the rapid review decision at 12 months",
     kRapidReviewOutcome, false, Months(12), kDueBy,
     "timeline_milestone desktop_review_12_months, complete"},
};

}  // namespace

std::span<const DeadlineRule> ReviewDeadlineRules() { return kRules; }

const DeadlineRule* FindDeadlineRule(std::string_view id) {
  for (const DeadlineRule& rule : kRules) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::string_view AnchorDescription(DeadlineAnchor anchor) {
  switch (anchor) {
    case kAwareOfIncident:
      return "the day the local authority became aware (case notified_date)";
    case kReferralReceived:
      return "the referral (case referral_received_date, or a referral's date_received)";
    case kRapidReviewDecision:
      return "the decision to hold a rapid review (case decision_date)";
    case kRapidReviewOutcome:
      return "the rapid review's decision (rapid_review_report endorsed_on or meeting_date)";
    case kInformationRequest:
      return "the referral (case referral_received_date, or a referral's date_received)";
    case kCsprDecision:
      return "the CSPR decision (case cspr_decision_date)";
    case kPublication:
      return "the publication date (case publication_date)";
    case kDraftCirculated:
      return "a circulated draft (report_draft circulated_on)";
  }
  return "an unknown date";
}

}  // namespace casevault::schema
