#include "casevault/schema/field.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace casevault::schema {
namespace {

constexpr int64_t kMarch1st2026At0930 = 1'772'357'400'000'000;
constexpr int64_t kFirstValidMicros = -62'135'596'800'000'000;  // 0001-01-01T00:00:00Z
constexpr int64_t kLastValidMicros = 253'402'300'799'999'999;   // 9999-12-31T23:59:59.999999Z

void ExpectDateRefused(const std::string& text) {
  auto date = Date::Parse(text);
  ASSERT_FALSE(date.ok()) << "\"" << text << "\" was accepted";
  EXPECT_EQ(date.status().code(), StatusCode::kInvalidArgument) << text;
}

void ExpectDateTimeRefused(const std::string& text) {
  auto instant = DateTime::Parse(text);
  ASSERT_FALSE(instant.ok()) << "\"" << text << "\" was accepted";
  EXPECT_EQ(instant.status().code(), StatusCode::kInvalidArgument) << text;
}

TEST(Date, ParseAcceptsLeapDaysOnlyInLeapYears) {
  for (const char* leap : {"2024-02-29", "2000-02-29", "1996-02-29"}) {
    auto date = Date::Parse(leap);
    ASSERT_TRUE(date.ok()) << leap << ": " << date.status().ToString();
    EXPECT_EQ(date->ToString(), leap);
  }
  for (const char* not_leap : {"2025-02-29", "1900-02-29", "2100-02-29"}) {
    ExpectDateRefused(not_leap);
  }
}

TEST(Date, ParseAcceptsEveryMonthEndAndRefusesTheDayAfter) {
  const char* last_days[] = {"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30",
                             "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31",
                             "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31"};
  for (const char* text : last_days) {
    EXPECT_TRUE(Date::Parse(text).ok()) << text;
  }
  for (const char* text : {"2026-01-32", "2026-02-29", "2026-02-30", "2026-04-31", "2026-06-31",
                           "2026-09-31", "2026-11-31"}) {
    ExpectDateRefused(text);
  }
}

TEST(Date, ParseRefusesImpossibleMonthsDaysAndYearZero) {
  for (const char* text : {"2026-00-10", "2026-13-01", "2026-99-01", "2026-01-00", "0000-01-01"}) {
    ExpectDateRefused(text);
  }
  auto day_after = Date::Parse("2026-02-30");
  ASSERT_FALSE(day_after.ok());
  EXPECT_NE(day_after.status().message().find("has 28 days"), std::string::npos)
      << day_after.status().message();
}

TEST(Date, ParseRefusesAnyOtherShape) {
  for (const char* text : {"", "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026.01.01",
                           "20260101", " 2026-01-01", "2026-01-01 ", "2026-01-0a", "+026-01-01",
                           "-026-01-01", "2026-01-01Z", "2026-01-01T00:00:00Z", "01/02/2026"}) {
    ExpectDateRefused(text);
  }
}

TEST(Date, ParseReadsTheParts) {
  auto date = Date::Parse("0007-03-09");
  ASSERT_TRUE(date.ok()) << date.status().ToString();
  EXPECT_EQ(date->year, 7);
  EXPECT_EQ(date->month, 3);
  EXPECT_EQ(date->day, 9);
  EXPECT_EQ(date->ToString(), "0007-03-09");
}

TEST(Date, IsValidChecksEveryPart) {
  EXPECT_TRUE((Date{2024, 2, 29}.IsValid()));
  EXPECT_TRUE((Date{9999, 12, 31}.IsValid()));
  EXPECT_TRUE((Date{1, 1, 1}.IsValid()));
  EXPECT_FALSE((Date{2025, 2, 29}.IsValid()));
  EXPECT_FALSE((Date{0, 1, 1}.IsValid()));
  EXPECT_FALSE((Date{10000, 1, 1}.IsValid()));
  EXPECT_FALSE((Date{-5, 1, 1}.IsValid()));
  EXPECT_FALSE((Date{2026, 0, 1}.IsValid()));
  EXPECT_FALSE((Date{2026, 13, 1}.IsValid()));
  EXPECT_FALSE((Date{2026, 1, 0}.IsValid()));
}

TEST(Date, OrdersChronologically) {
  EXPECT_LT((Date{2025, 12, 31}), (Date{2026, 1, 1}));
  EXPECT_LT((Date{2026, 1, 31}), (Date{2026, 2, 1}));
  EXPECT_LT((Date{2026, 2, 1}), (Date{2026, 2, 2}));
  EXPECT_EQ((Date{2026, 2, 1}), (Date{2026, 2, 1}));
}

TEST(DateTime, ParseReadsWholeSecondsAsUtc) {
  auto epoch = DateTime::Parse("1970-01-01T00:00:00Z");
  ASSERT_TRUE(epoch.ok()) << epoch.status().ToString();
  EXPECT_EQ(epoch->micros_since_epoch_utc, 0);
  auto instant = DateTime::Parse("2026-03-01T09:30:00Z");
  ASSERT_TRUE(instant.ok()) << instant.status().ToString();
  EXPECT_EQ(instant->micros_since_epoch_utc, kMarch1st2026At0930);
}

TEST(DateTime, ParseReadsOneToSixFractionalDigits) {
  auto half = DateTime::Parse("2026-03-01T09:30:00.5Z");
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_EQ(half->micros_since_epoch_utc, kMarch1st2026At0930 + 500'000);
  auto micros = DateTime::Parse("2026-03-01T09:30:00.000007Z");
  ASSERT_TRUE(micros.ok()) << micros.status().ToString();
  EXPECT_EQ(micros->micros_since_epoch_utc, kMarch1st2026At0930 + 7);
}

TEST(DateTime, ParseRefusesOtherFormsOffsetsAndOutOfRangeParts) {
  for (const char* text :
       {"", "2026-03-01", "2026-03-01T09:30:00", "2026-03-01 09:30:00Z", "2026-03-01t09:30:00Z",
        "2026-03-01T09:30:00z", "2026-03-01T09:30:00+01:00", "2026-03-01T09:30Z",
        "2026-03-01T09:30:00.Z", "2026-03-01T09:30:00.1234567Z", "2026-03-01T09:30:00,5Z",
        "2026-03-01T24:00:00Z", "2026-03-01T09:60:00Z", "2026-03-01T09:30:60Z",
        "2026-03-01T9:30:00Z", "2025-02-29T09:30:00Z", "2026-03-01T09:30:0aZ",
        "2026-03-01T09:30:00.1a2Z", "0000-01-01T00:00:00Z"}) {
    ExpectDateTimeRefused(text);
  }
}

TEST(DateTime, ToStringShowsAFractionOnlyWhenThereIsOne) {
  EXPECT_EQ(DateTime{kMarch1st2026At0930}.ToString(), "2026-03-01T09:30:00Z");
  EXPECT_EQ(DateTime{kMarch1st2026At0930 + 500'000}.ToString(), "2026-03-01T09:30:00.500000Z");
  EXPECT_EQ(DateTime{0}.ToString(), "1970-01-01T00:00:00Z");
  EXPECT_EQ(DateTime{-1}.ToString(), "1969-12-31T23:59:59.999999Z");
}

TEST(DateTime, ParseOfToStringRoundTripsAcrossTheValidRange) {
  for (int64_t micros : {kFirstValidMicros, kFirstValidMicros + 1, int64_t{-1}, int64_t{0},
                         kMarch1st2026At0930 + 123'456, kLastValidMicros}) {
    const DateTime instant{micros};
    ASSERT_TRUE(instant.IsValid()) << micros;
    auto parsed = DateTime::Parse(instant.ToString());
    ASSERT_TRUE(parsed.ok()) << instant.ToString() << ": " << parsed.status().ToString();
    EXPECT_EQ(*parsed, instant) << instant.ToString();
  }
  EXPECT_EQ(DateTime{kFirstValidMicros}.ToString(), "0001-01-01T00:00:00Z");
  EXPECT_EQ(DateTime{kLastValidMicros}.ToString(), "9999-12-31T23:59:59.999999Z");
}

TEST(DateTime, IsValidCoversYearsOneToNineThousandNineHundredNinetyNine) {
  EXPECT_TRUE(DateTime{kFirstValidMicros}.IsValid());
  EXPECT_TRUE(DateTime{kLastValidMicros}.IsValid());
  EXPECT_FALSE(DateTime{kFirstValidMicros - 1}.IsValid());
  EXPECT_FALSE(DateTime{kLastValidMicros + 1}.IsValid());
  EXPECT_FALSE(DateTime{INT64_MIN}.IsValid());
  EXPECT_FALSE(DateTime{INT64_MAX}.IsValid());
}

TEST(FieldValue, HoldsTypeOfPairsEachTypeWithItsAlternative) {
  EXPECT_TRUE(HoldsTypeOf(FieldType::kText, FieldValue(std::string("x"))));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kLongText, FieldValue(std::string("x"))));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kEnum, FieldValue(std::string("x"))));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kAgencyId, FieldValue(std::string("x"))));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kDate, FieldValue(Date{2026, 1, 1})));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kDateTime, FieldValue(DateTime{0})));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kBool, FieldValue(true)));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kInteger, FieldValue(int64_t{3})));
  EXPECT_TRUE(HoldsTypeOf(FieldType::kRecordRef, FieldValue(Id128{})));
  EXPECT_FALSE(HoldsTypeOf(FieldType::kText, FieldValue(Date{2026, 1, 1})));
  EXPECT_FALSE(HoldsTypeOf(FieldType::kDate, FieldValue(DateTime{0})));
  EXPECT_FALSE(HoldsTypeOf(FieldType::kInteger, FieldValue(true)));
  EXPECT_FALSE(HoldsTypeOf(FieldType::kRecordRef, FieldValue(std::string(32, '0'))));
}

TEST(FieldValue, FormatRendersEachKindForDisplay) {
  EXPECT_EQ(FormatFieldValue(std::string("Seen at home")), "Seen at home");
  EXPECT_EQ(FormatFieldValue(Date{2026, 2, 1}), "2026-02-01");
  EXPECT_EQ(FormatFieldValue(DateTime{kMarch1st2026At0930}), "2026-03-01T09:30:00Z");
  EXPECT_EQ(FormatFieldValue(true), "yes");
  EXPECT_EQ(FormatFieldValue(false), "no");
  EXPECT_EQ(FormatFieldValue(int64_t{-42}), "-42");
  Id128 id;
  id.bytes[15] = 0xab;
  EXPECT_EQ(FormatFieldValue(id), "000000000000000000000000000000ab");
}

TEST(FieldValue, ValueKindNameNamesEachAlternative) {
  EXPECT_EQ(ValueKindName(std::string()), "text");
  EXPECT_EQ(ValueKindName(Date{}), "date");
  EXPECT_EQ(ValueKindName(DateTime{}), "date-time");
  EXPECT_EQ(ValueKindName(false), "yes/no");
  EXPECT_EQ(ValueKindName(int64_t{0}), "integer");
  EXPECT_EQ(ValueKindName(Id128{}), "record id");
}

TEST(FieldType, NamesReadAsWords) {
  EXPECT_EQ(FieldTypeName(FieldType::kLongText), "long text");
  EXPECT_EQ(FieldTypeName(FieldType::kDateTime), "date-time");
  EXPECT_EQ(FieldTypeName(FieldType::kAgencyId), "agency id");
  EXPECT_EQ(FieldTypeName(FieldType::kRecordRef), "record reference");
}

}  // namespace
}  // namespace casevault::schema
