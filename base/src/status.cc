#include "casevault/base/status.h"

namespace casevault {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "InvalidArgument";
    case StatusCode::kNotFound:
      return "NotFound";
    case StatusCode::kAlreadyExists:
      return "AlreadyExists";
    case StatusCode::kPermissionDenied:
      return "PermissionDenied";
    case StatusCode::kWrongPassphrase:
      return "WrongPassphrase";
    case StatusCode::kAuthenticationFailed:
      return "AuthenticationFailed";
    case StatusCode::kCorruption:
      return "Corruption";
    case StatusCode::kTruncated:
      return "Truncated";
    case StatusCode::kUnsupportedVersion:
      return "UnsupportedVersion";
    case StatusCode::kIoError:
      return "IoError";
    case StatusCode::kNoSpace:
      return "NoSpace";
    case StatusCode::kResourceExhausted:
      return "ResourceExhausted";
    case StatusCode::kFailedPrecondition:
      return "FailedPrecondition";
    case StatusCode::kUnavailable:
      return "Unavailable";
    case StatusCode::kRevoked:
      return "Revoked";
    case StatusCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

std::optional<StatusCode> StatusCodeFromName(std::string_view name) {
  for (int value = 0; value <= static_cast<int>(StatusCode::kInternal); ++value) {
    const auto code = static_cast<StatusCode>(value);
    if (StatusCodeName(code) == name) return code;
  }
  return std::nullopt;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(StatusCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string message(context);
  message += ": ";
  message += message_;
  return Status(code_, std::move(message));
}

Status InvalidArgumentError(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
Status NotFoundError(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
Status AlreadyExistsError(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
Status PermissionDeniedError(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
Status WrongPassphraseError(std::string m) { return {StatusCode::kWrongPassphrase, std::move(m)}; }
Status AuthenticationFailedError(std::string m) {
  return {StatusCode::kAuthenticationFailed, std::move(m)};
}
Status CorruptionError(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
Status TruncatedError(std::string m) { return {StatusCode::kTruncated, std::move(m)}; }
Status UnsupportedVersionError(std::string m) {
  return {StatusCode::kUnsupportedVersion, std::move(m)};
}
Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
Status NoSpaceError(std::string m) { return {StatusCode::kNoSpace, std::move(m)}; }
Status ResourceExhaustedError(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
Status FailedPreconditionError(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
Status UnavailableError(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
Status RevokedError(std::string m) { return {StatusCode::kRevoked, std::move(m)}; }
Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

}  // namespace casevault
