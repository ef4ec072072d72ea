// Record types: the kinds of record a case holds (see DOMAIN.md, "Records").
//
// Each type has a stable number, written into every encoded record, and a stable snake_case
// name, used in messages, command lines and spec tables. Neither may ever change or be reused;
// new types take new numbers.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "casevault/base/result.h"

namespace casevault::schema {

// The kinds of record. The numbers go on disk and on the wire.
enum class RecordType : uint16_t {
  kCase = 1,                       // the review itself: child, dates, state
  kAgencyInvolvement = 2,          // one agency involved in the case, and its representative
  kReferral = 3,                   // the referral that started the process
  kAgencySummary = 4,              // an agency's information return for the rapid review
  kChronologyEntry = 5,            // one significant event in an agency's chronology
  kTermsOfReference = 6,           // the agreed scope of a full review
  kTimelineMilestone = 7,          // one step of the review timetable and its due date
  kRapidReviewReport = 8,          // the rapid review meeting's report and recommendation
  kDeclarationOfInterest = 9,      // a participant's declared (or absent) conflict of interest
  kConfidentialityAgreement = 10,  // a participant's signature of the confidentiality agreement
  kMeetingNote = 11,               // a note of a meeting or practitioner learning event
  kReportDraft = 12,               // one version of the review report
  kFactualAccuracyComment = 13,    // an agency's comment on a draft paragraph
  kActionPlanItem = 14,            // one SMART action arising from the review
  kFamilyContribution = 15,        // what a family member contributed, via the named contact
  kSecuredFile = 16,               // a file an agency secured into its compartment
  kDecisionRecord = 17,            // an information-sharing decision and its reason
  kPseudonym = 18,                 // a real name and the pseudonym publication replaces it by
};

// A record type with its stable name.
struct RecordTypeInfo {
  RecordType type;
  std::string_view name;
};

// Every record type, in numeric order (the number of entry i is i + 1).
inline constexpr std::array<RecordTypeInfo, 18> kRecordTypes = {{
    {RecordType::kCase, "case"},
    {RecordType::kAgencyInvolvement, "agency_involvement"},
    {RecordType::kReferral, "referral"},
    {RecordType::kAgencySummary, "agency_summary"},
    {RecordType::kChronologyEntry, "chronology_entry"},
    {RecordType::kTermsOfReference, "terms_of_reference"},
    {RecordType::kTimelineMilestone, "timeline_milestone"},
    {RecordType::kRapidReviewReport, "rapid_review_report"},
    {RecordType::kDeclarationOfInterest, "declaration_of_interest"},
    {RecordType::kConfidentialityAgreement, "confidentiality_agreement"},
    {RecordType::kMeetingNote, "meeting_note"},
    {RecordType::kReportDraft, "report_draft"},
    {RecordType::kFactualAccuracyComment, "factual_accuracy_comment"},
    {RecordType::kActionPlanItem, "action_plan_item"},
    {RecordType::kFamilyContribution, "family_contribution"},
    {RecordType::kSecuredFile, "secured_file"},
    {RecordType::kDecisionRecord, "decision_record"},
    {RecordType::kPseudonym, "pseudonym"},
}};

// The snake_case name of `type`, e.g. "chronology_entry"; "unknown" for a number that is not a
// record type.
constexpr std::string_view RecordTypeName(RecordType type) {
  for (const RecordTypeInfo& info : kRecordTypes) {
    if (info.type == type) return info.name;
  }
  return "unknown";
}

// The record type named `name` (exactly as RecordTypeName spells it); InvalidArgument listing
// the known names otherwise.
Result<RecordType> RecordTypeFromName(std::string_view name);

// The record type numbered `number`; InvalidArgument when no type has that number.
Result<RecordType> RecordTypeFromNumber(uint16_t number);

}  // namespace casevault::schema
