// JsonWriter: builds the one-line JSON documents `casevault --json` prints.
//
// Values are appended in order; the writer places the commas and colons. Strings are escaped
// so that any bytes give valid JSON: quotes, backslashes and control characters are escaped,
// valid UTF-8 passes through unchanged and each byte of an invalid sequence becomes U+FFFD.
// Calls must nest properly (a Key before each value in an object); misuse is a programming
// error the output shows, not a failure.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace casevault::client::cli {

class JsonWriter {
 public:
  // Open and close an object ({...}) or an array ([...]); each returns *this for chaining.
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The name of the next value in the current object.
  JsonWriter& Key(std::string_view name);
  // Append one value: an escaped string, a number, true or false, null.
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  // Shorthands for Key(name) followed by the value.
  JsonWriter& Field(std::string_view name, std::string_view value);
  JsonWriter& Field(std::string_view name, const char* value);
  template <std::integral Number>
  requires(!std::same_as<Number, bool>) JsonWriter& Field(std::string_view name, Number value) {
    return Key(name).Int(static_cast<int64_t>(value));
  }
  JsonWriter& Field(std::string_view name, bool value);
  // A string array.
  JsonWriter& Field(std::string_view name, const std::vector<std::string>& values);

  // The document so far.
  const std::string& text() const { return text_; }

 private:
  // Writes the comma a value needs when it is not the first in its container.
  void BeforeValue();

  std::string text_;
  // One entry per open container: whether it already holds a value.
  std::vector<bool> has_value_;
  bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included (escaped as JsonWriter escapes strings).
std::string JsonQuote(std::string_view text);

}  // namespace casevault::client::cli
