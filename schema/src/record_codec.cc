#include "casevault/schema/record_codec.h"

#include <algorithm>
#include <cereal/archives/portable_binary.hpp>
#include <exception>
#include <istream>
#include <new>
#include <ostream>
#include <streambuf>
#include <string>
#include <type_traits>
#include <utility>

#include "quote_identifier.h"

namespace casevault::schema {
namespace {

constexpr uint8_t kMagic[] = {'C', 'V', 'R'};
constexpr size_t kHeaderSize = sizeof(kMagic) + 1;
// The first payload byte: cereal's endianness flag. Version 1 is always little endian.
constexpr uint8_t kLittleEndianFlag = 1;

// The FieldValue alternative indexes, as written on disk.
enum ValueIndex : uint8_t {
  kTextIndex = 0,
  kDateIndex = 1,
  kDateTimeIndex = 2,
  kBoolIndex = 3,
  kIntegerIndex = 4,
  kRecordRefIndex = 5,
};
static_assert(std::is_same_v<std::variant_alternative_t<kTextIndex, FieldValue>, std::string>);
static_assert(std::is_same_v<std::variant_alternative_t<kDateIndex, FieldValue>, Date>);
static_assert(std::is_same_v<std::variant_alternative_t<kDateTimeIndex, FieldValue>, DateTime>);
static_assert(std::is_same_v<std::variant_alternative_t<kBoolIndex, FieldValue>, bool>);
static_assert(std::is_same_v<std::variant_alternative_t<kIntegerIndex, FieldValue>, int64_t>);
static_assert(std::is_same_v<std::variant_alternative_t<kRecordRefIndex, FieldValue>, Id128>);
static_assert(std::variant_size_v<FieldValue> == 6);

using cereal::PortableBinaryInputArchive;
using cereal::PortableBinaryOutputArchive;

// Appends whatever cereal writes to a Bytes. It never refuses bytes, so cereal's short-write
// exception cannot happen; only growing the buffer can fail, as any allocation can.
class BytesSink : public std::streambuf {
 public:
  explicit BytesSink(Bytes& out) : out_(out) {}

 protected:
  std::streamsize xsputn(const char* data, std::streamsize size) override {
    out_.insert(out_.end(), data, data + size);
    return size;
  }
  int_type overflow(int_type ch) override {
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      out_.push_back(static_cast<uint8_t>(traits_type::to_char_type(ch)));
    }
    return traits_type::not_eof(ch);
  }

 private:
  Bytes& out_;
};

// Lets cereal read the caller's bytes in place. Nothing is ever put back, so the get area,
// which std::streambuf types as writable, is only read.
class ViewSource : public std::streambuf {
 public:
  explicit ViewSource(ByteView bytes) {
    char* begin = const_cast<char*>(reinterpret_cast<const char*>(bytes.data()));
    setg(begin, begin, begin + bytes.size());
  }
  size_t remaining() const { return static_cast<size_t>(egptr() - gptr()); }
};

void SaveText(PortableBinaryOutputArchive& archive, std::string_view text) {
  archive(static_cast<uint32_t>(text.size()));
  archive(cereal::binary_data(text.data(), text.size()));
}

// Writes one value in the layout record_codec.h describes.
struct ValueSaver {
  PortableBinaryOutputArchive& archive;
  void operator()(const std::string& text) const { SaveText(archive, text); }
  void operator()(const Date& date) const { archive(date.year, date.month, date.day); }
  void operator()(const DateTime& instant) const { archive(instant.micros_since_epoch_utc); }
  void operator()(bool yes) const { archive(static_cast<uint8_t>(yes ? 1 : 0)); }
  void operator()(int64_t number) const { archive(number); }
  void operator()(const Id128& id) const {
    archive(cereal::binary_data(id.bytes.data(), id.bytes.size()));
  }
};

// Writes one value as a record holds it: alternative index, then the value.
void SaveValue(PortableBinaryOutputArchive& archive, const FieldValue& value) {
  archive(static_cast<uint8_t>(value.index()));
  std::visit(ValueSaver{archive}, value);
}

// Reads the payload through cereal, checking before every read that the bytes hold it, so that
// no length taken from the input is trusted before it is compared with what remains.
class PayloadReader {
 public:
  // `payload` must start with the endianness flag, already checked. `subject` names the bytes
  // in messages ("record bytes").
  PayloadReader(ByteView payload, std::string_view subject)
      : source_(payload),
        stream_(&source_),
        archive_(stream_, PortableBinaryInputArchive::Options::LittleEndian()),
        subject_(subject) {}

  size_t remaining() const { return source_.remaining(); }
  std::string_view subject() const { return subject_; }

  // Reads one fixed-size number.
  template <typename T>
  Status Read(T& value, std::string_view what) {
    CV_RETURN_IF_ERROR(Need(sizeof(T), what));
    archive_(value);
    return Status::Ok();
  }

  // Reads `size` raw bytes into `out`.
  Status ReadRaw(uint8_t* out, size_t size, std::string_view what) {
    CV_RETURN_IF_ERROR(Need(size, what));
    archive_(cereal::binary_data(out, size));
    return Status::Ok();
  }

  // Reads a u32 length and that many bytes; allocates only once the bytes are known present.
  Status ReadText(std::string& out, std::string_view what) {
    uint32_t size = 0;
    CV_RETURN_IF_ERROR(Read(size, what));
    CV_RETURN_IF_ERROR(Need(size, what));
    out.resize(size);
    archive_(cereal::binary_data(out.data(), out.size()));
    return Status::Ok();
  }

 private:
  Status Need(size_t size, std::string_view what) const {
    if (size <= remaining()) return Status::Ok();
    return TruncatedError(std::string(subject_) + " end inside " + std::string(what) +
                          ": it needs " + std::to_string(size) + " more bytes and " +
                          std::to_string(remaining()) + " remain");
  }

  ViewSource source_;
  std::istream stream_;
  PortableBinaryInputArchive archive_;
  std::string_view subject_;
};

Result<FieldValue> ReadValue(PayloadReader& reader, const std::string& what) {
  uint8_t index = 0;
  CV_RETURN_IF_ERROR(reader.Read(index, what));
  switch (index) {
    case kTextIndex: {
      std::string text;
      CV_RETURN_IF_ERROR(reader.ReadText(text, what));
      return FieldValue(std::move(text));
    }
    case kDateIndex: {
      Date date;
      CV_RETURN_IF_ERROR(reader.Read(date.year, what));
      CV_RETURN_IF_ERROR(reader.Read(date.month, what));
      CV_RETURN_IF_ERROR(reader.Read(date.day, what));
      return FieldValue(date);
    }
    case kDateTimeIndex: {
      DateTime instant;
      CV_RETURN_IF_ERROR(reader.Read(instant.micros_since_epoch_utc, what));
      return FieldValue(instant);
    }
    case kBoolIndex: {
      uint8_t yes = 0;
      CV_RETURN_IF_ERROR(reader.Read(yes, what));
      if (yes > 1) {
        return CorruptionError(std::string(reader.subject()) + " hold yes/no byte " +
                               std::to_string(yes) + " in " + what + "; only 0 and 1 are allowed");
      }
      return FieldValue(yes == 1);
    }
    case kIntegerIndex: {
      int64_t number = 0;
      CV_RETURN_IF_ERROR(reader.Read(number, what));
      return FieldValue(number);
    }
    case kRecordRefIndex: {
      Id128 id;
      CV_RETURN_IF_ERROR(reader.ReadRaw(id.bytes.data(), id.bytes.size(), what));
      return FieldValue(id);
    }
  }
  return CorruptionError(std::string(reader.subject()) + " give " + what + " value kind " +
                         std::to_string(index) + "; format version 1 has kinds 0 to 5");
}

// Checks magic, version and endianness flag: the bytes before cereal's reading begins.
Status CheckHeader(ByteView bytes) {
  const size_t magic_present = std::min(bytes.size(), sizeof(kMagic));
  if (!std::equal(bytes.begin(), bytes.begin() + magic_present, kMagic)) {
    return CorruptionError("not an encoded CaseVault record: it does not start with \"CVR\"");
  }
  if (bytes.size() < kHeaderSize) {
    return TruncatedError("encoded record has " + std::to_string(bytes.size()) +
                          " bytes, fewer than its 4-byte header");
  }
  if (bytes[3] < kOldestRecordFormatVersion || bytes[3] > kRecordFormatVersion) {
    std::string message = "record format version ";
    message += std::to_string(bytes[3]);
    message += "; this build reads ";
    message += std::to_string(kOldestRecordFormatVersion);
    message += " to ";
    message += std::to_string(kRecordFormatVersion);
    message += " (a newer CaseVault may have written it: update to read it)";
    return UnsupportedVersionError(std::move(message));
  }
  if (bytes.size() == kHeaderSize) return TruncatedError("record bytes end after the header");
  if (bytes[kHeaderSize] != kLittleEndianFlag) {
    return CorruptionError("record bytes have endianness flag " +
                           std::to_string(bytes[kHeaderSize]) + "; format version 1 has 1");
  }
  return Status::Ok();
}

Result<Record> DecodePayload(ByteView payload, uint8_t version) {
  PayloadReader reader(payload, "record bytes");
  uint16_t type_number = 0;
  CV_RETURN_IF_ERROR(reader.Read(type_number, "the record type"));
  if (!RecordTypeFromNumber(type_number).ok()) {
    return CorruptionError("record bytes name record type " + std::to_string(type_number) +
                           ", which format version 1 does not have");
  }
  Record record(static_cast<RecordType>(type_number));
  const RecordSpec& spec = record.spec();
  uint32_t count = 0;
  CV_RETURN_IF_ERROR(reader.Read(count, "the field count"));
  if (count > spec.fields.size()) {
    return CorruptionError("record bytes declare " + std::to_string(count) + " fields; a " +
                           std::string(spec.name) + " has " + std::to_string(spec.fields.size()));
  }
  std::string previous;
  for (uint32_t i = 0; i < count; ++i) {
    std::string name;
    CV_RETURN_IF_ERROR(reader.ReadText(name, "the name of field " + std::to_string(i + 1)));
    if (i > 0 && name <= previous) {
      return CorruptionError("record bytes list field " + QuoteIdentifier(name) +
                             " out of order or twice");
    }
    const FieldSpec* field = FindField(spec, name);
    if (field == nullptr) {
      return CorruptionError("record bytes hold field " + QuoteIdentifier(name) + ", which a " +
                             std::string(spec.name) + " does not have");
    }
    if (field->since_format > version) {
      return CorruptionError("record bytes of format version " + std::to_string(version) +
                             " hold field " + QuoteIdentifier(name) + ", added in version " +
                             std::to_string(field->since_format));
    }
    CV_ASSIGN_OR_RETURN(FieldValue value, ReadValue(reader, "field " + QuoteIdentifier(name)));
    const Status set = record.Set(name, std::move(value));
    if (!set.ok()) return CorruptionError("record bytes: " + set.message());
    previous = std::move(name);
  }
  if (reader.remaining() != 0) {
    return CorruptionError("record bytes go on for " + std::to_string(reader.remaining()) +
                           " bytes after the record ends");
  }
  return record;
}

// Refuses the values no record can hold; inside a record, Record::Set makes the same checks.
// The messages do not show the value: it is record content.
Status CheckLoneValue(const FieldValue& value) {
  if (const auto* date = std::get_if<Date>(&value); date != nullptr && !date->IsValid()) {
    return CorruptionError("field value bytes hold a date that is not a real day of years 1-9999");
  }
  if (const auto* instant = std::get_if<DateTime>(&value);
      instant != nullptr && !instant->IsValid()) {
    return CorruptionError("field value bytes hold a date-time outside the years 1 to 9999");
  }
  if (const auto* text = std::get_if<std::string>(&value);
      text != nullptr && text->size() > kMaxTextBytes) {
    return CorruptionError("field value bytes hold a text of " + std::to_string(text->size()) +
                           " bytes, more than any text may hold (" + std::to_string(kMaxTextBytes) +
                           ")");
  }
  return Status::Ok();
}

Result<FieldValue> DecodeValuePayload(ByteView payload) {
  PayloadReader reader(payload, "field value bytes");
  CV_ASSIGN_OR_RETURN(FieldValue value, ReadValue(reader, "the field"));
  CV_RETURN_IF_ERROR(CheckLoneValue(value));
  if (reader.remaining() != 0) {
    return CorruptionError("field value bytes go on for " + std::to_string(reader.remaining()) +
                           " bytes after the value ends");
  }
  return value;
}

// Runs `decode`, turning any exception into a Status. Every read is checked first, so cereal
// should never throw; but nothing may escape a decoder.
template <typename Decode>
auto WithoutExceptions(std::string_view what, size_t size, const Decode& decode)
    -> decltype(decode()) {
  try {
    return decode();
  } catch (const std::bad_alloc&) {
    return ResourceExhaustedError("out of memory while decoding " + std::string(what) + " of " +
                                  std::to_string(size) + " bytes");
  } catch (const std::exception& e) {
    return CorruptionError(std::string(what) + " could not be read: " + e.what());
  }
}

}  // namespace

uint8_t RecordFormatVersionOf(const Record& record) {
  uint8_t version = kOldestRecordFormatVersion;
  for (const auto& [name, value] : record.fields()) {
    version = std::max(version, FindField(record.spec(), name)->since_format);
  }
  return version;
}

Bytes EncodeRecord(const Record& record) {
  Bytes out(std::begin(kMagic), std::end(kMagic));
  out.push_back(RecordFormatVersionOf(record));
  BytesSink sink(out);
  std::ostream stream(&sink);
  {
    PortableBinaryOutputArchive archive(stream,
                                        PortableBinaryOutputArchive::Options::LittleEndian());
    archive(static_cast<uint16_t>(record.type()));
    archive(static_cast<uint32_t>(record.fields().size()));
    for (const auto& [name, value] : record.fields()) {
      SaveText(archive, name);
      SaveValue(archive, value);
    }
  }
  return out;
}

Result<Record> DecodeRecord(ByteView bytes) {
  CV_RETURN_IF_ERROR(CheckHeader(bytes));
  return WithoutExceptions("a record", bytes.size(),
                           [&] { return DecodePayload(bytes.subspan(kHeaderSize), bytes[3]); });
}

Bytes EncodeFieldValue(const FieldValue& value) {
  Bytes out;
  BytesSink sink(out);
  std::ostream stream(&sink);
  {
    PortableBinaryOutputArchive archive(stream,
                                        PortableBinaryOutputArchive::Options::LittleEndian());
    SaveValue(archive, value);
  }
  // The archive begins with its endianness flag, which a lone value does not carry.
  out.erase(out.begin());
  return out;
}

Result<FieldValue> DecodeFieldValue(ByteView bytes) {
  return WithoutExceptions("a field value", bytes.size(), [&]() -> Result<FieldValue> {
    // cereal's archive begins by reading the endianness flag, which a lone value does not
    // carry: supply it.
    Bytes payload;
    payload.reserve(bytes.size() + 1);
    payload.push_back(kLittleEndianFlag);
    payload.insert(payload.end(), bytes.begin(), bytes.end());
    return DecodeValuePayload(payload);
  });
}

}  // namespace casevault::schema
