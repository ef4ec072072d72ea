// Status: the outcome of an operation that can fail, carried as a value.
//
// A Status is either OK or holds a code naming the kind of failure and a message for a person
// saying what went wrong and, where possible, what to do about it. Statuses never carry secrets
// or plaintext record content; messages name files, ids and sizes only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace casevault {

// The kind of failure. Callers branch on the code; people read the message.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,       // the caller passed something malformed or out of range
  kNotFound,              // a named file, record or key does not exist
  kAlreadyExists,         // refusing to overwrite something that exists
  kPermissionDenied,      // policy or the operating system refuses the action
  kWrongPassphrase,       // a passphrase did not unlock a keystore
  kAuthenticationFailed,  // a MAC or signature did not verify: data was altered or keys differ
  kCorruption,            // stored bytes are damaged (checksum, structure)
  kTruncated,             // stored bytes end before their format says they should
  kUnsupportedVersion,    // a format version this build does not understand
  kIoError,               // the operating system failed a read, write or sync
  kNoSpace,               // the disk is full
  kResourceExhausted,     // out of memory or another bounded resource
  kFailedPrecondition,    // the system is not in a state that allows the action
  kUnavailable,           // a server or connection is down or was cut; retrying may succeed
  kRevoked,               // access was withdrawn for good (device revoked, case closed): remove
                          // the local copy
  kInternal,              // a bug or an unexpected library failure
};

// Returns a short stable name for `code`, e.g. "WrongPassphrase".
std::string_view StatusCodeName(StatusCode code);
// The code whose StatusCodeName is `name`; nullopt for any other text.
std::optional<StatusCode> StatusCodeFromName(std::string_view name);

// An OK value or a failure code with a human-readable message.
class [[nodiscard]] Status {
 public:
  // Constructs an OK status.
  Status() = default;
  // Constructs a status with `code` and `message`; `code` should not be kOk.
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  // Returns an OK status.
  static Status Ok() { return Status(); }

  // True when the operation succeeded.
  bool ok() const { return code_ == StatusCode::kOk; }
  // The failure kind, kOk on success.
  StatusCode code() const { return code_; }
  // The message for a person; empty on success.
  const std::string& message() const { return message_; }

  // Returns "OK" or "<CodeName>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>"; OK stays OK.
  Status WithContext(std::string_view context) const;

  // Marks a status as deliberately not checked.
  void IgnoreError() const {}

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Shorthands for building failures.
Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status PermissionDeniedError(std::string message);
Status WrongPassphraseError(std::string message);
Status AuthenticationFailedError(std::string message);
Status CorruptionError(std::string message);
Status TruncatedError(std::string message);
Status UnsupportedVersionError(std::string message);
Status IoError(std::string message);
Status NoSpaceError(std::string message);
Status ResourceExhaustedError(std::string message);
Status FailedPreconditionError(std::string message);
Status UnavailableError(std::string message);
Status RevokedError(std::string message);
Status InternalError(std::string message);

}  // namespace casevault

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define CV_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::casevault::Status cv_status_ = (expr); \
    if (!cv_status_.ok()) return cv_status_; \
  } while (false)
