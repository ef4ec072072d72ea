// ApiForm: the small text messages of the server API (enrolment, login, keys, policy).
//
// A form is a set of named values written one per line as "name=value\n", names in [a-z0-9_]
// and values any bytes, with '%', control bytes and DEL percent-escaped ("%0a") so a value
// never breaks its line (binary values travel as hex). Bulk data (operations,
// chunks) has its own binary formats (hub_messages.h). Decoding reads untrusted bytes: it
// refuses anything malformed, duplicated or over the size limits with InvalidArgument.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::sync {

// The most bytes a form may have.
inline constexpr size_t kMaxFormBytes = 64 * 1024;

class ApiForm {
 public:
  // Sets `name` to `value`; returns *this for chaining. `name` must match [a-z0-9_]{1,64} (a
  // constant of the caller's; anything else is a programming error and aborts).
  ApiForm& Set(std::string_view name, std::string_view value);
  // Sets `name` to the lowercase hex of `value`.
  ApiForm& SetHex(std::string_view name, ByteView value);

  // The value of `name`; InvalidArgument naming it when absent.
  Result<std::string> Get(std::string_view name) const;
  // The value of `name`, or `fallback` when absent.
  std::string GetOr(std::string_view name, std::string_view fallback) const;
  // The value of `name` decoded from hex; InvalidArgument when absent or not hex of `size`
  // bytes (any size when `size` is 0).
  Result<Bytes> GetHex(std::string_view name, size_t size = 0) const;
  // The value of `name` as an id (32 hex digits).
  Result<Id128> GetId(std::string_view name) const;
  // The value of `name` as a decimal integer.
  Result<int64_t> GetInt(std::string_view name) const;

  // The wire form: one "name=value\n" line per value, in name order.
  Bytes Encode() const;
  // Parses a wire form (at most kMaxFormBytes).
  static Result<ApiForm> Decode(ByteView bytes);

  friend bool operator==(const ApiForm&, const ApiForm&) = default;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace casevault::sync
