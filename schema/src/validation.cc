#include "casevault/schema/validation.h"

#include <algorithm>
#include <string_view>

#include "quote_identifier.h"

namespace casevault::schema {
namespace {

// `later` may not be a day before `earlier` when both are set.
struct DateOrderRule {
  RecordType type;
  std::string_view earlier;
  std::string_view later;
};
constexpr DateOrderRule kDateOrderRules[] = {
    {RecordType::kCase, "incident_date", "notified_date"},
    {RecordType::kCase, "notified_date", "decision_date"},
    {RecordType::kAgencyInvolvement, "involved_from", "involved_to"},
    {RecordType::kAgencySummary, "period_from", "period_to"},
    {RecordType::kChronologyEntry, "date_from", "date_to"},
    {RecordType::kTermsOfReference, "period_from", "period_to"},
};

// `dependent` is required when the yes/no field `flag` is yes, and refused otherwise.
struct DependentRule {
  RecordType type;
  std::string_view flag;
  std::string_view dependent;
};
constexpr DependentRule kDependentRules[] = {
    {RecordType::kAgencyInvolvement, "records_secured", "records_secured_on"},
    {RecordType::kChronologyEntry, "child_seen", "child_seen_initials"},
    {RecordType::kDeclarationOfInterest, "has_interest", "interest_details"},
};

// The integer `field` may not be below `minimum`.
struct MinimumRule {
  RecordType type;
  std::string_view field;
  int64_t minimum;
};
constexpr MinimumRule kMinimumRules[] = {
    {RecordType::kReportDraft, "version", 1},
    {RecordType::kSecuredFile, "size_bytes", 0},
};

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

bool IsLowercaseHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

class Validator {
 public:
  Validator(const Record& record, const ValidationContext& context)
      : record_(record), spec_(record.spec()), context_(context) {}

  Status Run() const {
    for (const FieldSpec& field : spec_.fields) {
      CV_RETURN_IF_ERROR(CheckField(field));
      CV_RETURN_IF_ERROR(CheckRulesAbout(field.name));
    }
    return Status::Ok();
  }

 private:
  std::string Where(std::string_view field) const {
    return std::string(spec_.name) + "." + std::string(field);
  }

  Status CheckField(const FieldSpec& field) const {
    const FieldValue* value = record_.Get(field.name);
    if (value == nullptr) {
      return field.required ? InvalidArgumentError(Where(field.name) + " is required")
                            : Status::Ok();
    }
    const auto* text = std::get_if<std::string>(value);
    if (text == nullptr) return Status::Ok();  // Record::Set already checked other kinds
    if (field.required && IsBlank(*text)) {
      return InvalidArgumentError(Where(field.name) + " is required but empty");
    }
    const size_t cap = field.type == FieldType::kLongText ? kMaxLongTextBytes : kMaxShortTextBytes;
    if (text->size() > cap) {
      return InvalidArgumentError(Where(field.name) + " is " + std::to_string(text->size()) +
                                  " bytes; a " + std::string(FieldTypeName(field.type)) +
                                  " field holds at most " + std::to_string(cap));
    }
    if (field.hex_digits != 0 && (text->size() != field.hex_digits || !IsLowercaseHex(*text))) {
      return InvalidArgumentError(Where(field.name) + " must be " +
                                  std::to_string(field.hex_digits) + " lowercase hex digits");
    }
    if (field.type == FieldType::kEnum &&
        std::find(field.enum_values.begin(), field.enum_values.end(), *text) ==
            field.enum_values.end()) {
      std::string allowed;
      for (std::string_view option : field.enum_values) {
        allowed += allowed.empty() ? "" : ", ";
        allowed += option;
      }
      return InvalidArgumentError(Where(field.name) + ": " + QuoteIdentifier(*text) +
                                  " is not one of " + allowed);
    }
    if (field.type == FieldType::kAgencyId && !context_.known_agencies.contains(*text)) {
      return InvalidArgumentError(Where(field.name) + ": " + QuoteIdentifier(*text) +
                                  " is not an agency of this partnership");
    }
    return Status::Ok();
  }

  // Checks the rules between fields that constrain `field`.
  Status CheckRulesAbout(std::string_view field) const {
    for (const DateOrderRule& rule : kDateOrderRules) {
      if (rule.type != record_.type() || rule.later != field) continue;
      const auto* earlier = GetIf<Date>(rule.earlier);
      const auto* later = GetIf<Date>(rule.later);
      if (earlier != nullptr && later != nullptr && *later < *earlier) {
        return InvalidArgumentError(Where(rule.later) + " (" + later->ToString() + ") is before " +
                                    std::string(rule.earlier) + " (" + earlier->ToString() + ")");
      }
    }
    for (const DependentRule& rule : kDependentRules) {
      if (rule.type != record_.type() || rule.dependent != field) continue;
      const auto* flag = GetIf<bool>(rule.flag);
      const bool flag_yes = flag != nullptr && *flag;
      const bool present = record_.Get(rule.dependent) != nullptr;
      if (flag_yes && !present) {
        return InvalidArgumentError(Where(rule.dependent) + " is required when " +
                                    std::string(rule.flag) + " is yes");
      }
      if (!flag_yes && present) {
        return InvalidArgumentError(Where(rule.dependent) + " is given but " +
                                    std::string(rule.flag) + " is not yes");
      }
    }
    for (const MinimumRule& rule : kMinimumRules) {
      if (rule.type != record_.type() || rule.field != field) continue;
      const auto* number = GetIf<int64_t>(rule.field);
      if (number != nullptr && *number < rule.minimum) {
        return InvalidArgumentError(Where(rule.field) + " (" + std::to_string(*number) +
                                    ") must be at least " + std::to_string(rule.minimum));
      }
    }
    return Status::Ok();
  }

  template <typename T>
  const T* GetIf(std::string_view field) const {
    const FieldValue* value = record_.Get(field);
    return value == nullptr ? nullptr : std::get_if<T>(value);
  }

  const Record& record_;
  const RecordSpec& spec_;
  const ValidationContext& context_;
};

}  // namespace

ValidationContext DefaultPartnershipAgencies() {
  return ValidationContext{.known_agencies = {
                               "la_childrens_social_care",
                               "police",
                               "icb",
                               "acute_trust",
                               "community_health",
                               "mental_health_trust",
                               "gp",
                               "ambulance",
                               "education",
                               "probation",
                               "youth_justice",
                               "housing",
                               "early_help",
                               "voluntary_sector",
                           }};
}

Status ValidateRecord(const Record& record, const ValidationContext& context) {
  return Validator(record, context).Run();
}

}  // namespace casevault::schema
