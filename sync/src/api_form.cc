#include "casevault/sync/api_form.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace casevault::sync {
namespace {

constexpr size_t kMaxNameBytes = 64;
constexpr char kHexDigits[] = "0123456789abcdef";

bool IsValidName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameBytes &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == 0x7f || c == '%'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Unescape(std::string_view escaped, std::string_view name) {
  std::string value;
  value.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    const auto c = static_cast<unsigned char>(escaped[i]);
    if (c != '%') {
      if (NeedsEscape(c))
        return InvalidArgumentError("form value " + std::string(name) +
                                    " holds an unescaped control byte");
      value.push_back(static_cast<char>(c));
      continue;
    }
    const bool complete = i + 2 < escaped.size();
    const int high = complete ? HexValue(escaped[i + 1]) : -1;
    const int low = complete ? HexValue(escaped[i + 2]) : -1;
    if (high < 0 || low < 0) {
      return InvalidArgumentError("form value " + std::string(name) + " has a broken escape");
    }
    value.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return value;
}

}  // namespace

ApiForm& ApiForm::Set(std::string_view name, std::string_view value) {
  if (!IsValidName(name)) std::abort();
  values_.insert_or_assign(std::string(name), std::string(value));
  return *this;
}

ApiForm& ApiForm::SetHex(std::string_view name, ByteView value) { return Set(name, ToHex(value)); }

Result<std::string> ApiForm::Get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return InvalidArgumentError("the request lacks " + std::string(name));
  return it->second;
}

std::string ApiForm::GetOr(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::string(fallback) : it->second;
}

Result<Bytes> ApiForm::GetHex(std::string_view name, size_t size) const {
  CV_ASSIGN_OR_RETURN(std::string hex, Get(name));
  Bytes bytes(hex.size() / 2);
  if (hex.size() % 2 != 0 || (size != 0 && bytes.size() != size) || !ParseHex(hex, bytes)) {
    return InvalidArgumentError(std::string(name) + " is not " +
                                (size != 0 ? std::to_string(size) + " bytes of " : "") + "hex");
  }
  return bytes;
}

Result<Id128> ApiForm::GetId(std::string_view name) const {
  CV_ASSIGN_OR_RETURN(std::string hex, Get(name));
  auto id = Id128::FromHex(hex);
  if (!id.ok()) return InvalidArgumentError(std::string(name) + " is not an id (32 hex digits)");
  return id;
}

Result<int64_t> ApiForm::GetInt(std::string_view name) const {
  CV_ASSIGN_OR_RETURN(std::string text, Get(name));
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InvalidArgumentError(std::string(name) + " is not a whole number");
  }
  return value;
}

Bytes ApiForm::Encode() const {
  Bytes out;
  for (const auto& [name, value] : values_) {
    out.insert(out.end(), name.begin(), name.end());
    out.push_back('=');
    for (const char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if (NeedsEscape(byte)) {
        out.push_back('%');
        out.push_back(static_cast<uint8_t>(kHexDigits[byte >> 4]));
        out.push_back(static_cast<uint8_t>(kHexDigits[byte & 0xf]));
      } else {
        out.push_back(byte);
      }
    }
    out.push_back('\n');
  }
  return out;
}

Result<ApiForm> ApiForm::Decode(ByteView bytes) {
  if (bytes.size() > kMaxFormBytes) {
    return InvalidArgumentError("the form is larger than " + std::to_string(kMaxFormBytes) +
                                " bytes");
  }
  ApiForm form;
  std::string_view rest = AsChars(bytes);
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    if (end == std::string_view::npos) return InvalidArgumentError("the form's last line is cut");
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 1);
    const size_t equals = line.find('=');
    if (equals == std::string_view::npos || !IsValidName(line.substr(0, equals))) {
      return InvalidArgumentError("the form has a line that is not name=value");
    }
    const std::string_view name = line.substr(0, equals);
    if (form.values_.contains(name)) {
      return InvalidArgumentError("the form gives " + std::string(name) + " twice");
    }
    CV_ASSIGN_OR_RETURN(std::string value, Unescape(line.substr(equals + 1), name));
    form.values_.emplace(std::string(name), std::move(value));
  }
  return form;
}

}  // namespace casevault::sync
