#include "casevault/schema/field.h"

#include <cstdio>
#include <iterator>

#include "casevault/schema/civil_date.h"

namespace casevault::schema {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr int32_t kMinYear = 1;
constexpr int32_t kMaxYear = 9999;

const int64_t kMinMicros = DaysFromCivil(kMinYear, 1, 1) * kMicrosPerDay;
const int64_t kEndMicros = DaysFromCivil(kMaxYear + 1, 1, 1) * kMicrosPerDay;

// Reads `count` decimal digits of `text` at `at` into `value`; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t at, size_t count, int64_t* value) {
  *value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    *value = *value * 10 + (text[i] - '0');
  }
  return true;
}

// Floor division for the negative instants before 1970.
int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kText:
      return "text";
    case FieldType::kLongText:
      return "long text";
    case FieldType::kDate:
      return "date";
    case FieldType::kDateTime:
      return "date-time";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kBool:
      return "yes/no";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kRecordRef:
      return "record reference";
    case FieldType::kAgencyId:
      return "agency id";
  }
  return "unknown";
}

Result<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return InvalidArgumentError("a date has the form YYYY-MM-DD");
  }
  int64_t year = 0, month = 0, day = 0;
  if (!ReadDigits(text, 0, 4, &year) || !ReadDigits(text, 5, 2, &month) ||
      !ReadDigits(text, 8, 2, &day)) {
    return InvalidArgumentError("a date has the form YYYY-MM-DD, with digits only");
  }
  if (year < kMinYear) return InvalidArgumentError("a date's year is 0001 to 9999");
  if (month < 1 || month > 12) {
    return InvalidArgumentError("date " + std::string(text) + " has no month " +
                                std::to_string(month));
  }
  const Date date{static_cast<int32_t>(year), static_cast<uint8_t>(month),
                  static_cast<uint8_t>(day)};
  if (!date.IsValid()) {
    return InvalidArgumentError("date " + std::string(text) + " is not a real day: month " +
                                std::to_string(month) + " of " + std::to_string(year) + " has " +
                                std::to_string(DaysInMonth(year, static_cast<int>(month))) +
                                " days");
  }
  return date;
}

bool Date::IsValid() const {
  return year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string Date::ToString() const {
  char out[32];
  std::snprintf(out, sizeof(out), "%04d-%02d-%02d", static_cast<int>(year), month, day);
  return out;
}

Result<DateTime> DateTime::Parse(std::string_view text) {
  constexpr std::string_view kForm = "a date-time has the form YYYY-MM-DDTHH:MM:SSZ (UTC)";
  // The shortest form is 20 characters; a fraction adds a dot and 1 to 6 digits.
  if (text.size() < 20 || text.size() == 21 || text.size() > 27 || text.back() != 'Z' ||
      text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      (text.size() > 20 && text[19] != '.')) {
    return InvalidArgumentError(std::string(kForm));
  }
  auto date = Date::Parse(text.substr(0, 10));
  if (!date.ok()) return date.status();
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  const size_t fraction_digits = text.size() > 20 ? text.size() - 21 : 0;
  if (!ReadDigits(text, 11, 2, &hour) || !ReadDigits(text, 14, 2, &minute) ||
      !ReadDigits(text, 17, 2, &second) || !ReadDigits(text, 20, fraction_digits, &fraction)) {
    return InvalidArgumentError(std::string(kForm) + ", with digits only");
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return InvalidArgumentError("a date-time's time is 00:00:00 to 23:59:59");
  }
  for (size_t i = fraction_digits; i < 6; ++i) fraction *= 10;
  const int64_t days = DaysFromCivil(date->year, date->month, date->day);
  return DateTime{days * kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond +
                  fraction};
}

bool DateTime::IsValid() const {
  return micros_since_epoch_utc >= kMinMicros && micros_since_epoch_utc < kEndMicros;
}

std::string DateTime::ToString() const {
  const int64_t days = FloorDiv(micros_since_epoch_utc, kMicrosPerDay);
  const int64_t micros_of_day = micros_since_epoch_utc - days * kMicrosPerDay;
  const int64_t seconds_of_day = micros_of_day / kMicrosPerSecond;
  const int64_t fraction = micros_of_day % kMicrosPerSecond;
  int64_t year = 0;
  int month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  char out[64];
  int length = std::snprintf(out, sizeof(out), "%04lld-%02d-%02dT%02lld:%02lld:%02lld",
                             static_cast<long long>(year), month, day,
                             static_cast<long long>(seconds_of_day / 3600),
                             static_cast<long long>(seconds_of_day / 60 % 60),
                             static_cast<long long>(seconds_of_day % 60));
  if (fraction != 0) {
    length += std::snprintf(out + length, sizeof(out) - static_cast<size_t>(length), ".%06lld",
                            static_cast<long long>(fraction));
  }
  return std::string(out, static_cast<size_t>(length)) + "Z";
}

bool HoldsTypeOf(FieldType type, const FieldValue& value) {
  switch (type) {
    case FieldType::kText:
    case FieldType::kLongText:
    case FieldType::kEnum:
    case FieldType::kAgencyId:
      return std::holds_alternative<std::string>(value);
    case FieldType::kDate:
      return std::holds_alternative<Date>(value);
    case FieldType::kDateTime:
      return std::holds_alternative<DateTime>(value);
    case FieldType::kBool:
      return std::holds_alternative<bool>(value);
    case FieldType::kInteger:
      return std::holds_alternative<int64_t>(value);
    case FieldType::kRecordRef:
      return std::holds_alternative<Id128>(value);
  }
  return false;
}

std::string_view ValueKindName(const FieldValue& value) {
  static constexpr std::string_view kNames[] = {"text",   "date",    "date-time",
                                                "yes/no", "integer", "record id"};
  static_assert(std::size(kNames) == std::variant_size_v<FieldValue>);
  return kNames[value.index()];
}

std::string FormatFieldValue(const FieldValue& value) {
  struct Formatter {
    std::string operator()(const std::string& text) const { return text; }
    std::string operator()(const Date& date) const { return date.ToString(); }
    std::string operator()(const DateTime& instant) const { return instant.ToString(); }
    std::string operator()(bool yes) const { return yes ? "yes" : "no"; }
    std::string operator()(int64_t number) const { return std::to_string(number); }
    std::string operator()(const Id128& id) const { return id.ToHex(); }
  };
  return std::visit(Formatter{}, value);
}

}  // namespace casevault::schema
