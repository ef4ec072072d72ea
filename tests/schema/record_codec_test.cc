#include "casevault/schema/record_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "testing/sample_records.h"

namespace casevault::schema {
namespace {

using testing::SampleRecord;

// Builds record bytes by hand, for inputs EncodeRecord never writes.
class RawRecord {
 public:
  // The header, the endianness flag, a record type number and a field count.
  RawRecord(uint16_t type, uint32_t field_count) {
    bytes_ = {'C', 'V', 'R', kRecordFormatVersion, 1};
    U16(type);
    AppendU32(bytes_, field_count);
  }
  RawRecord& U8(uint8_t value) {
    bytes_.push_back(value);
    return *this;
  }
  RawRecord& U16(uint16_t value) {
    bytes_.push_back(static_cast<uint8_t>(value));
    bytes_.push_back(static_cast<uint8_t>(value >> 8));
    return *this;
  }
  RawRecord& I64(int64_t value) {
    AppendU64(bytes_, static_cast<uint64_t>(value));
    return *this;
  }
  // A u32 length and the characters of `text`.
  RawRecord& Text(std::string_view text) {
    AppendU32(bytes_, static_cast<uint32_t>(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
    return *this;
  }
  // A field name followed by a text value.
  RawRecord& TextField(std::string_view name, std::string_view value) {
    return Text(name).U8(0).Text(value);
  }
  const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

const uint16_t kCaseNumber = static_cast<uint16_t>(RecordType::kCase);

// Expects DecodeRecord to refuse `bytes` with `code` and a message containing `fragment`.
void ExpectRefused(const Bytes& bytes, StatusCode code, const std::string& fragment) {
  auto decoded = DecodeRecord(bytes);
  ASSERT_FALSE(decoded.ok()) << "accepted; expected a message with: " << fragment;
  EXPECT_EQ(decoded.status().code(), code) << decoded.status().ToString();
  EXPECT_NE(decoded.status().message().find(fragment), std::string::npos)
      << decoded.status().message();
}

TEST(RecordCodec, EveryTypeRoundTripsWithEveryFieldSet) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    const Record record = SampleRecord(spec.type, /*all_fields=*/true);
    ASSERT_EQ(record.fields().size(), spec.fields.size()) << spec.name;
    auto decoded = DecodeRecord(EncodeRecord(record));
    ASSERT_TRUE(decoded.ok()) << spec.name << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, record) << spec.name;
  }
}

TEST(RecordCodec, EveryTypeRoundTripsWithOnlyRequiredFields) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    const Record record = SampleRecord(spec.type, /*all_fields=*/false);
    auto decoded = DecodeRecord(EncodeRecord(record));
    ASSERT_TRUE(decoded.ok()) << spec.name << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, record) << spec.name;
  }
}

TEST(RecordCodec, EmptyRecordsAndExtremeValuesRoundTrip) {
  for (const RecordSpec& spec : AllRecordSpecs()) {
    auto decoded = DecodeRecord(EncodeRecord(Record(spec.type)));
    ASSERT_TRUE(decoded.ok()) << spec.name << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, Record(spec.type));
  }
  Record file(RecordType::kSecuredFile);
  ASSERT_TRUE(file.Set("size_bytes", INT64_MIN).ok());
  ASSERT_TRUE(file.Set("name", std::string("\0bin\xff\n", 6)).ok());
  ASSERT_TRUE(file.Set("uploaded_at", DateTime{-62'135'596'800'000'000}).ok());
  Record draft(RecordType::kReportDraft);
  ASSERT_TRUE(draft.Set("version", INT64_MAX).ok());
  ASSERT_TRUE(draft.Set("body", std::string(200'000, 'b')).ok());
  ASSERT_TRUE(draft.Set("circulated_on", Date{9999, 12, 31}).ok());
  for (const Record& record : {file, draft}) {
    auto decoded = DecodeRecord(EncodeRecord(record));
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, record);
  }
}

TEST(RecordCodec, EncodingIsDeterministicWhateverTheOrderOfSetting) {
  Record forwards(RecordType::kChronologyEntry);
  Record backwards(RecordType::kChronologyEntry);
  const RecordSpec& spec = forwards.spec();
  const Record sample = SampleRecord(RecordType::kChronologyEntry, /*all_fields=*/true);
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const std::string_view name = spec.fields[i].name;
    const std::string_view reverse = spec.fields[spec.fields.size() - 1 - i].name;
    ASSERT_TRUE(forwards.Set(name, *sample.Get(name)).ok());
    ASSERT_TRUE(backwards.Set(reverse, *sample.Get(reverse)).ok());
  }
  EXPECT_EQ(EncodeRecord(forwards), EncodeRecord(backwards));
  EXPECT_EQ(EncodeRecord(forwards), EncodeRecord(forwards));
  EXPECT_EQ(EncodeRecord(forwards), EncodeRecord(sample));
}

TEST(RecordCodec, EncodingMatchesTheDocumentedLayout) {
  Record draft(RecordType::kReportDraft);
  ASSERT_TRUE(draft.Set("version", int64_t{2}).ok());
  ASSERT_TRUE(draft.Set("anonymised", true).ok());
  const Bytes expected = {
      'C', 'V', 'R', 1,  // magic, format version
      1,                 // endianness flag: little endian
      12,  0,            // record type 12: report_draft
      2,   0,   0,   0,  // two fields
      10,  0,   0,   0, 'a', 'n', 'o', 'n', 'y', 'm', 'i', 's', 'e', 'd',  // name
      3,   1,                                                              // yes/no: yes
      7,   0,   0,   0, 'v', 'e', 'r', 's', 'i', 'o', 'n',                 // name
      4,   2,   0,   0, 0,   0,   0,   0,   0,                             // integer 2
  };
  EXPECT_EQ(EncodeRecord(draft), expected);
  auto decoded = DecodeRecord(expected);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, draft);
}

TEST(RecordCodec, AnUnknownFormatVersionIsRefusedNamingTheVersionsRead) {
  Bytes bytes = EncodeRecord(SampleRecord(RecordType::kCase, /*all_fields=*/true));
  for (uint8_t version : {uint8_t{0}, uint8_t{3}, uint8_t{255}}) {
    bytes[3] = version;
    ExpectRefused(bytes, StatusCode::kUnsupportedVersion,
                  "record format version " + std::to_string(version) + "; this build reads 1 to 2");
  }
}

TEST(RecordCodec, ARecordWithoutNewerFieldsIsWrittenInTheOldestVersionSoOlderBuildsReadIt) {
  Record old_case(RecordType::kCase);
  ASSERT_TRUE(old_case.Set("reference", std::string("CSPR-1")).ok());
  ASSERT_TRUE(old_case.Set("incident_date", Date{2025, 3, 1}).ok());
  const Bytes bytes = EncodeRecord(old_case);
  EXPECT_EQ(bytes[3], 1);
  auto decoded = DecodeRecord(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, old_case);
}

TEST(RecordCodec, AFieldAddedInVersionTwoIsWrittenInVersionTwoAndReadBack) {
  Record with_dates(RecordType::kCase);
  ASSERT_TRUE(with_dates.Set("reference", std::string("CSPR-1")).ok());
  ASSERT_TRUE(with_dates.Set("cspr_decision_date", Date{2025, 4, 2}).ok());
  const Bytes bytes = EncodeRecord(with_dates);
  EXPECT_EQ(bytes[3], 2);
  EXPECT_EQ(RecordFormatVersionOf(with_dates), 2);
  auto decoded = DecodeRecord(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, with_dates);
}

TEST(RecordCodec, VersionOneBytesHoldingAFieldOfVersionTwoAreCorruption) {
  Record with_dates(RecordType::kCase);
  ASSERT_TRUE(with_dates.Set("publication_date", Date{2026, 1, 5}).ok());
  Bytes bytes = EncodeRecord(with_dates);
  bytes[3] = 1;
  ExpectRefused(bytes, StatusCode::kCorruption,
                "record bytes of format version 1 hold field \"publication_date\", added in "
                "version 2");
}

TEST(RecordCodec, BadMagicIsCorruption) {
  Bytes bytes = EncodeRecord(SampleRecord(RecordType::kCase, /*all_fields=*/true));
  for (size_t at = 0; at < 3; ++at) {
    Bytes changed = bytes;
    changed[at] ^= 0x20;
    ExpectRefused(changed, StatusCode::kCorruption, "does not start with \"CVR\"");
  }
  ExpectRefused(Bytes{'X'}, StatusCode::kCorruption, "does not start with \"CVR\"");
  ExpectRefused(Bytes{'{', '"', 'a'}, StatusCode::kCorruption, "does not start with \"CVR\"");
}

TEST(RecordCodec, EveryStrictPrefixIsTruncated) {
  const Bytes bytes = EncodeRecord(SampleRecord(RecordType::kSecuredFile, /*all_fields=*/true));
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto decoded = DecodeRecord(ByteView(bytes).first(size));
    ASSERT_FALSE(decoded.ok()) << "prefix of " << size << " bytes was accepted";
    EXPECT_EQ(decoded.status().code(), StatusCode::kTruncated)
        << size << ": " << decoded.status().ToString();
  }
}

TEST(RecordCodec, TrailingBytesAreCorruption) {
  Bytes bytes = EncodeRecord(SampleRecord(RecordType::kCase, /*all_fields=*/true));
  bytes.push_back(0);
  ExpectRefused(bytes, StatusCode::kCorruption, "go on for 1 bytes after the record ends");
}

TEST(RecordCodec, AnEndiannessFlagOtherThanLittleIsCorruption) {
  Bytes bytes = EncodeRecord(Record(RecordType::kCase));
  bytes[4] = 0;
  ExpectRefused(bytes, StatusCode::kCorruption, "endianness flag 0");
}

TEST(RecordCodec, AnUnknownRecordTypeIsCorruption) {
  ExpectRefused(RawRecord(0, 0).bytes(), StatusCode::kCorruption, "record type 0");
  ExpectRefused(RawRecord(19, 0).bytes(), StatusCode::kCorruption, "record type 19");
}

TEST(RecordCodec, FieldsOutOfOrderOrRepeatedAreCorruption) {
  ExpectRefused(
      RawRecord(kCaseNumber, 2).TextField("reference", "a").TextField("partnership", "b").bytes(),
      StatusCode::kCorruption, "\"partnership\" out of order or twice");
  ExpectRefused(
      RawRecord(kCaseNumber, 2).TextField("reference", "a").TextField("reference", "a").bytes(),
      StatusCode::kCorruption, "\"reference\" out of order or twice");
  auto in_order = DecodeRecord(
      RawRecord(kCaseNumber, 2).TextField("partnership", "b").TextField("reference", "a").bytes());
  EXPECT_TRUE(in_order.ok()) << in_order.status().ToString();
}

TEST(RecordCodec, AFieldTheTypeDoesNotHaveIsCorruption) {
  ExpectRefused(RawRecord(kCaseNumber, 1).TextField("colour", "blue").bytes(),
                StatusCode::kCorruption, "field \"colour\", which a case does not have");
  // A name that is not an identifier is described, never echoed.
  auto decoded = DecodeRecord(RawRecord(kCaseNumber, 1).TextField("Jane\n", "x").bytes());
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message().find("Jane"), std::string::npos);
}

TEST(RecordCodec, AValueOfTheWrongKindIsCorruption) {
  ExpectRefused(RawRecord(kCaseNumber, 1).Text("reference").U8(4).I64(7).bytes(),
                StatusCode::kCorruption,
                "case.reference is a text field; the value given is integer");
}

TEST(RecordCodec, AnUnknownValueKindIsCorruption) {
  ExpectRefused(RawRecord(kCaseNumber, 1).Text("reference").U8(6).Text("x").bytes(),
                StatusCode::kCorruption, "value kind 6");
}

TEST(RecordCodec, AYesNoByteOtherThanZeroOrOneIsCorruption) {
  ExpectRefused(RawRecord(static_cast<uint16_t>(RecordType::kReportDraft), 1)
                    .Text("anonymised")
                    .U8(3)
                    .U8(2)
                    .bytes(),
                StatusCode::kCorruption, "yes/no byte 2");
}

TEST(RecordCodec, ADateThatIsNotARealDayIsCorruption) {
  Bytes bytes = RawRecord(kCaseNumber, 1).Text("incident_date").U8(1).bytes();
  AppendU32(bytes, 2025);
  bytes.push_back(2);
  bytes.push_back(29);
  ExpectRefused(bytes, StatusCode::kCorruption, "case.incident_date");
}

TEST(RecordCodec, HugeDeclaredLengthsAreRefusedBeforeAllocating) {
  // Under AddressSanitizer an allocation of this size would abort the test.
  Bytes huge_name = RawRecord(kCaseNumber, 1).bytes();
  AppendU32(huge_name, 0xffffffff);
  ExpectRefused(huge_name, StatusCode::kTruncated, "needs 4294967295 more bytes");
  Bytes huge_value = RawRecord(kCaseNumber, 1).Text("reference").U8(0).bytes();
  AppendU32(huge_value, 0xfffffff0);
  huge_value.push_back('x');
  ExpectRefused(huge_value, StatusCode::kTruncated, "needs 4294967280 more bytes and 1 remain");
  ExpectRefused(RawRecord(kCaseNumber, 0xffffffff).bytes(), StatusCode::kCorruption,
                "declare 4294967295 fields; a case has 12");
}

// Expects DecodeFieldValue to refuse `bytes` with `code` and a message containing `fragment`.
void ExpectValueRefused(const Bytes& bytes, StatusCode code, const std::string& fragment) {
  auto decoded = DecodeFieldValue(bytes);
  ASSERT_FALSE(decoded.ok()) << "accepted; expected a message with: " << fragment;
  EXPECT_EQ(decoded.status().code(), code) << decoded.status().ToString();
  EXPECT_NE(decoded.status().message().find(fragment), std::string::npos)
      << decoded.status().message();
}

// One value of every alternative, including extremes.
std::vector<FieldValue> EveryKindOfValue() {
  Id128 id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(0xa0 + i);
  return {FieldValue(std::string()),
          FieldValue(std::string("\0bin\xff\n", 6)),
          FieldValue(std::string(70'000, 't')),
          FieldValue(Date{2024, 2, 29}),
          FieldValue(Date{9999, 12, 31}),
          FieldValue(DateTime{-62'135'596'800'000'000}),
          FieldValue(DateTime{1'772'357'400'250'000}),
          FieldValue(true),
          FieldValue(false),
          FieldValue(int64_t{INT64_MIN}),
          FieldValue(int64_t{42}),
          FieldValue(id)};
}

TEST(FieldValueCodec, EveryKindOfValueRoundTrips) {
  for (const FieldValue& value : EveryKindOfValue()) {
    const Bytes bytes = EncodeFieldValue(value);
    auto decoded = DecodeFieldValue(bytes);
    ASSERT_TRUE(decoded.ok()) << ValueKindName(value) << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, value) << ValueKindName(value);
    EXPECT_EQ(EncodeFieldValue(*decoded), bytes);
  }
}

TEST(FieldValueCodec, ALoneValueHasTheLayoutItHasInsideARecord) {
  Record draft(RecordType::kReportDraft);
  ASSERT_TRUE(draft.Set("version", int64_t{2}).ok());
  const Bytes value = EncodeFieldValue(int64_t{2});
  EXPECT_EQ(value, (Bytes{4, 2, 0, 0, 0, 0, 0, 0, 0}));
  const Bytes record = EncodeRecord(draft);
  ASSERT_GE(record.size(), value.size());
  EXPECT_TRUE(std::equal(value.begin(), value.end(), record.end() - value.size()));
  EXPECT_EQ(EncodeFieldValue(std::string("ab")), (Bytes{0, 2, 0, 0, 0, 'a', 'b'}));
}

TEST(FieldValueCodec, EveryStrictPrefixIsTruncated) {
  for (const FieldValue& value : EveryKindOfValue()) {
    const Bytes bytes = EncodeFieldValue(value);
    for (size_t size = 0; size < bytes.size(); size += (size < 64 ? 1 : 997)) {
      auto decoded = DecodeFieldValue(ByteView(bytes).first(size));
      ASSERT_FALSE(decoded.ok()) << "prefix of " << size << " bytes was accepted";
      EXPECT_EQ(decoded.status().code(), StatusCode::kTruncated)
          << size << ": " << decoded.status().ToString();
    }
  }
}

TEST(FieldValueCodec, TrailingBytesAreCorruption) {
  Bytes bytes = EncodeFieldValue(int64_t{7});
  bytes.push_back(0);
  ExpectValueRefused(bytes, StatusCode::kCorruption, "go on for 1 bytes after the value ends");
}

TEST(FieldValueCodec, ValuesNoRecordCanHoldAreCorruption) {
  ExpectValueRefused(Bytes{6, 0}, StatusCode::kCorruption, "value kind 6");
  ExpectValueRefused(Bytes{3, 2}, StatusCode::kCorruption, "yes/no byte 2");
  Bytes bad_date = {1};
  AppendU32(bad_date, 2025);
  bad_date.push_back(2);
  bad_date.push_back(29);
  ExpectValueRefused(bad_date, StatusCode::kCorruption, "not a real day");
  // The message does not show the value.
  EXPECT_EQ(DecodeFieldValue(bad_date).status().message().find("2025"), std::string::npos);
  Bytes far_future = {2};
  AppendU64(far_future, static_cast<uint64_t>(INT64_MAX));
  ExpectValueRefused(far_future, StatusCode::kCorruption, "date-time outside");
  Bytes huge_text = {0};
  AppendU32(huge_text, static_cast<uint32_t>(kMaxTextBytes + 1));
  huge_text.resize(huge_text.size() + kMaxTextBytes + 1, 'x');
  ExpectValueRefused(huge_text, StatusCode::kCorruption, "more than any text may hold");
}

TEST(FieldValueCodec, HugeDeclaredLengthsAreRefusedBeforeAllocating) {
  Bytes bytes = {0};
  AppendU32(bytes, 0xffffffff);
  bytes.push_back('x');
  ExpectValueRefused(bytes, StatusCode::kTruncated, "needs 4294967295 more bytes and 1 remain");
}

}  // namespace
}  // namespace casevault::schema
