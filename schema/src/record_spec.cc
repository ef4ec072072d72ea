#include "casevault/schema/record_spec.h"

#include <cstdlib>

namespace casevault::schema {
namespace {

using enum FieldType;

constexpr bool kRequired = true;
constexpr bool kOptional = false;

// A field of any type but enum; long text is merged as text.
constexpr FieldSpec Field(std::string_view name, FieldType type, bool required) {
  return FieldSpec{.name = name,
                   .type = type,
                   .required = required,
                   .enum_values = {},
                   .merge_as_text = type == kLongText,
                   .hex_digits = 0,
                   .since_format = 1};
}

// An enum field taking one of `values`.
constexpr FieldSpec Enum(std::string_view name, std::span<const std::string_view> values,
                         bool required) {
  return FieldSpec{.name = name,
                   .type = kEnum,
                   .required = required,
                   .enum_values = values,
                   .merge_as_text = false,
                   .hex_digits = 0,
                   .since_format = 1};
}

// A required text field of exactly `digits` lowercase hex digits.
constexpr FieldSpec Hex(std::string_view name, uint8_t digits) {
  return FieldSpec{.name = name,
                   .type = kText,
                   .required = kRequired,
                   .enum_values = {},
                   .merge_as_text = false,
                   .hex_digits = digits,
                   .since_format = 1};
}

// `field`, added to its record type by record format version `version`: records holding it are
// written in that version, which older builds refuse, while records without it stay readable.
constexpr FieldSpec Since(uint8_t version, FieldSpec field) {
  field.since_format = version;
  return field;
}

// The involved agencies of a case are its agency_involvement records, one per agency.
constexpr std::string_view kCaseStates[] = {
    "referred", "rapid_review", "cspr", "other_learning_review", "no_further_action", "closed"};
constexpr FieldSpec kCaseFields[] = {
    Field("reference", kText, kRequired),
    Field("child_initials", kText, kRequired),
    Field("child_pseudonym", kText, kOptional),  // used in place of names when publishing
    Field("child_date_of_birth", kDate, kOptional),
    Field("incident_date", kDate, kRequired),
    Field("notified_date", kDate, kOptional),
    Field("decision_date", kDate, kOptional),  // the rapid review decision; deadlines run from it
    // Dates review deadlines count from (review_deadlines.h).
    Since(2, Field("referral_received_date", kDate, kOptional)),
    Since(2, Field("cspr_decision_date", kDate, kOptional)),  // the decision to hold a CSPR
    Since(2, Field("publication_date", kDate, kOptional)),    // of the final report
    Field("partnership", kText, kRequired),
    Enum("state", kCaseStates, kRequired),
};

constexpr FieldSpec kAgencyInvolvementFields[] = {
    Field("agency", kAgencyId, kRequired),
    Field("role", kText, kOptional),
    Field("nominated_representative", kText, kOptional),
    Field("representative_contact", kText, kOptional),
    Field("still_involved", kBool, kOptional),
    Field("involved_from", kDate, kOptional),
    Field("involved_to", kDate, kOptional),
    Field("records_secured", kBool, kOptional),
    Field("records_secured_on", kDate, kOptional),
    Field("notes", kLongText, kOptional),
};

constexpr FieldSpec kReferralFields[] = {
    Field("referring_agency", kAgencyId, kRequired),
    Field("referrer_name", kText, kOptional),
    Field("date_received", kDate, kRequired),
    // The criteria met; more than one may apply.
    Field("child_died", kBool, kOptional),
    Field("child_seriously_harmed", kBool, kOptional),
    Field("abuse_or_neglect_suspected", kBool, kOptional),
    Field("looked_after_child", kBool, kOptional),
    Field("summary", kLongText, kRequired),
    Field("reason_for_referral", kLongText, kOptional),
};

constexpr FieldSpec kAgencySummaryFields[] = {
    Field("agency", kAgencyId, kRequired),
    Field("author", kText, kOptional),
    Field("date_submitted", kDate, kOptional),
    Field("contact_with_child_or_family", kBool, kRequired),
    Field("period_from", kDate, kOptional),
    Field("period_to", kDate, kOptional),
    Field("summary", kLongText, kOptional),
    Field("analysis_of_practice", kLongText, kOptional),
    Field("immediate_safety_actions", kLongText, kOptional),
    Field("signed_off_by", kText, kOptional),
    Field("signed_off_on", kDate, kOptional),
};

constexpr FieldSpec kChronologyEntryFields[] = {
    Field("agency", kAgencyId, kRequired),
    Field("involvement_with", kText, kRequired),  // the subject of the event: child, mother...
    Field("date_from", kDate, kRequired),
    Field("date_to", kDate, kOptional),
    Field("description", kLongText, kRequired),  // the event and its outcome
    Field("child_seen", kBool, kOptional),
    Field("child_seen_initials", kText, kOptional),
    Field("what_went_well", kLongText, kOptional),
    Field("worries", kLongText, kOptional),
    Field("statutory_requirements_not_met", kLongText, kOptional),
};

constexpr FieldSpec kTermsOfReferenceFields[] = {
    Field("title", kText, kRequired),
    Field("overview", kLongText, kRequired),
    Field("purpose", kLongText, kOptional),
    Field("methodology", kLongText, kOptional),
    Field("lead_reviewer", kText, kOptional),
    Field("key_lines_of_enquiry", kLongText, kOptional),
    Field("period_from", kDate, kOptional),
    Field("period_to", kDate, kOptional),
    Field("family_involvement", kLongText, kOptional),
    Field("relevant_agencies", kLongText, kOptional),
    Field("agreed_on", kDate, kOptional),
};

constexpr std::string_view kMilestoneStates[] = {"pending", "complete", "cancelled"};
constexpr FieldSpec kTimelineMilestoneFields[] = {
    Field("milestone", kText, kRequired),
    Field("due_date", kDate, kRequired),
    Enum("status", kMilestoneStates, kRequired),
    Field("completed_on", kDate, kOptional),
    Field("owner", kText, kOptional),
    Field("notes", kLongText, kOptional),
};

constexpr std::string_view kRapidReviewRecommendations[] = {
    "national_cspr",
    "local_cspr",
    "other_learning_review",
    "other_statutory_review",  // DHR, SAR, MAPPA SFO
    "single_agency_review",
    "multi_agency_audit",
    "single_agency_audit",
    "no_further_action",
    "other"};
constexpr FieldSpec kRapidReviewReportFields[] = {
    Field("notifying_agency", kAgencyId, kOptional),
    Field("statutory_partners_met_on", kDate, kOptional),
    Field("national_panel_notified_on", kDate, kOptional),
    Field("meeting_date", kDate, kRequired),
    Field("participants", kLongText, kOptional),
    Field("incident_summary", kLongText, kRequired),
    Field("immediate_safety_actions", kLongText, kOptional),
    Field("immediate_learning", kLongText, kOptional),
    Field("legal_advice_sought", kBool, kOptional),
    Field("discussion", kLongText, kOptional),
    Enum("recommendation", kRapidReviewRecommendations, kRequired),
    Field("rationale", kLongText, kRequired),
    Field("good_practice", kLongText, kOptional),
    Field("learning_and_actions", kLongText, kOptional),
    Field("endorsed_by", kText, kOptional),
    Field("endorsed_on", kDate, kOptional),
    Field("submitted_to_panel_on", kDate, kOptional),
};

constexpr FieldSpec kDeclarationOfInterestFields[] = {
    Field("person", kText, kRequired),
    Field("agency", kAgencyId, kOptional),  // absent for an independent reviewer
    Field("role", kText, kOptional),
    Field("has_interest", kBool, kRequired),
    Field("interest_details", kLongText, kOptional),
    Field("declared_on", kDate, kRequired),
    Field("management_agreed", kLongText, kOptional),  // how the conflict is managed
    Field("excluded_from_case", kBool, kOptional),
};

constexpr FieldSpec kConfidentialityAgreementFields[] = {
    Field("person", kText, kRequired),
    Field("agency", kAgencyId, kOptional),
    Field("role", kText, kOptional),
    Field("agreement_version", kText, kRequired),  // which text of the agreement was signed
    Field("signed_at", kDateTime, kRequired),
};

constexpr std::string_view kMeetingKinds[] = {"triage_meeting", "rapid_review_meeting",
                                              "panel_meeting",  "practitioner_learning_event",
                                              "family_meeting", "other"};
constexpr FieldSpec kMeetingNoteFields[] = {
    Enum("kind", kMeetingKinds, kRequired), Field("title", kText, kOptional),
    Field("held_on", kDate, kRequired),     Field("attendees", kLongText, kOptional),
    Field("notes", kLongText, kRequired),   Field("actions", kLongText, kOptional),
};

constexpr FieldSpec kReportDraftFields[] = {
    Field("title", kText, kRequired),
    Field("version", kInteger, kRequired),  // 1, 2, ...: each version is its own record
    Field("body", kLongText, kOptional),
    Field("author", kText, kOptional),
    Field("circulated_on", kDate, kOptional),
    Field("anonymised", kBool, kOptional),  // names of the child and family replaced
};

constexpr std::string_view kCommentStates[] = {"open", "accepted", "rejected"};
constexpr FieldSpec kFactualAccuracyCommentFields[] = {
    Field("agency", kAgencyId, kRequired),
    Field("draft", kRecordRef, kRequired),  // the report_draft commented on
    Field("paragraph", kText, kOptional),
    Field("comment", kLongText, kRequired),
    Enum("status", kCommentStates, kRequired),
    Field("response", kLongText, kOptional),  // the reviewer's answer
};

constexpr std::string_view kActionStates[] = {"not_started", "in_progress", "complete",
                                              "not_implemented"};
constexpr std::string_view kRagRatings[] = {"red", "amber", "green"};
constexpr FieldSpec kActionPlanItemFields[] = {
    Field("recommendation", kLongText, kOptional),
    Field("action", kLongText, kRequired),  // the SMART action
    Field("owner_agency", kAgencyId, kRequired),
    Field("due_date", kDate, kRequired),
    Enum("status", kActionStates, kRequired),
    Enum("rag_rating", kRagRatings, kOptional),
    Field("evidence", kLongText, kOptional),
    Field("completed_on", kDate, kOptional),
};

constexpr FieldSpec kFamilyContributionFields[] = {
    Field("contributor", kText, kRequired),      Field("relationship_to_child", kText, kOptional),
    Field("named_contact", kText, kOptional),  // the professional who gathered it
    Field("received_on", kDate, kRequired),      Field("contribution", kLongText, kRequired),
    Field("consent_to_share", kBool, kOptional),
};

constexpr FieldSpec kSecuredFileFields[] = {
    Field("name", kText, kRequired),
    Field("media_type", kText, kOptional),
    Field("size_bytes", kInteger, kRequired),
    Field("agency", kAgencyId, kRequired),
    Hex("plaintext_hash", 64),  // BLAKE2b-256 of the content
    Field("uploaded_by", kText, kRequired),
    Field("uploaded_at", kDateTime, kRequired),
    Hex("file_id", 32),
};

constexpr std::string_view kSharingDecisions[] = {"shared", "refused"};
constexpr FieldSpec kDecisionRecordFields[] = {
    Field("agency", kAgencyId, kRequired),  // whose information
    Field("decided_by", kText, kRequired),      Field("shared_with", kText, kRequired),
    Field("information", kLongText, kRequired), Enum("decision", kSharingDecisions, kRequired),
    Field("reason", kLongText, kRequired),      Field("lawful_basis", kText, kOptional),
    Field("decided_at", kDateTime, kRequired),
};

// One name in the case's list for publication: the anonymised report shows `pseudonym` wherever
// the draft says `real_name`.
constexpr std::string_view kPseudonymKinds[] = {"child", "family", "practitioner"};
constexpr FieldSpec kPseudonymFields[] = {
    Field("real_name", kText, kRequired),
    Field("pseudonym", kText, kRequired),
    Enum("kind", kPseudonymKinds, kRequired),
};

constexpr RecordSpec Spec(RecordType type, std::span<const FieldSpec> fields, bool append_only) {
  return RecordSpec{
      .type = type, .name = RecordTypeName(type), .fields = fields, .append_only = append_only};
}

constexpr bool kAppendOnly = true;
constexpr bool kEditable = false;

constexpr RecordSpec kSpecs[] = {
    Spec(RecordType::kCase, kCaseFields, kEditable),
    Spec(RecordType::kAgencyInvolvement, kAgencyInvolvementFields, kEditable),
    Spec(RecordType::kReferral, kReferralFields, kEditable),
    Spec(RecordType::kAgencySummary, kAgencySummaryFields, kEditable),
    Spec(RecordType::kChronologyEntry, kChronologyEntryFields, kAppendOnly),
    Spec(RecordType::kTermsOfReference, kTermsOfReferenceFields, kEditable),
    Spec(RecordType::kTimelineMilestone, kTimelineMilestoneFields, kEditable),
    Spec(RecordType::kRapidReviewReport, kRapidReviewReportFields, kEditable),
    Spec(RecordType::kDeclarationOfInterest, kDeclarationOfInterestFields, kEditable),
    Spec(RecordType::kConfidentialityAgreement, kConfidentialityAgreementFields, kEditable),
    Spec(RecordType::kMeetingNote, kMeetingNoteFields, kAppendOnly),
    Spec(RecordType::kReportDraft, kReportDraftFields, kEditable),
    Spec(RecordType::kFactualAccuracyComment, kFactualAccuracyCommentFields, kAppendOnly),
    Spec(RecordType::kActionPlanItem, kActionPlanItemFields, kEditable),
    Spec(RecordType::kFamilyContribution, kFamilyContributionFields, kAppendOnly),
    Spec(RecordType::kSecuredFile, kSecuredFileFields, kEditable),
    Spec(RecordType::kDecisionRecord, kDecisionRecordFields, kAppendOnly),
    Spec(RecordType::kPseudonym, kPseudonymFields, kEditable),
};

static_assert(std::size(kSpecs) == kRecordTypes.size(), "every record type needs a spec");
static_assert(
    [] {
      for (size_t i = 0; i < std::size(kSpecs); ++i) {
        if (kSpecs[i].type != kRecordTypes[i].type) return false;
      }
      return true;
    }(),
    "kSpecs must follow the order of kRecordTypes");

}  // namespace

const RecordSpec& SpecOf(RecordType type) {
  const size_t index = static_cast<size_t>(type) - 1;
  if (index >= std::size(kSpecs)) std::abort();
  return kSpecs[index];
}

std::span<const RecordSpec> AllRecordSpecs() { return kSpecs; }

const FieldSpec* FindField(const RecordSpec& spec, std::string_view name) {
  for (const FieldSpec& field : spec.fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

}  // namespace casevault::schema
