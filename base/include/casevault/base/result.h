// Result<T>: a value of type T or the Status explaining why there is none.
#pragma once

#include <cstdlib>
#include <optional>
#include <type_traits>
#include <utility>

#include "casevault/base/status.h"

namespace casevault {

// Holds either a T (ok() is true) or a non-OK Status. Reading the value of a failed Result is a
// programming error and aborts the process; check ok() first or use CV_ASSIGN_OR_RETURN.
template <typename T>
class [[nodiscard]] Result {
 public:
  // A successful result holding `value`.
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  // A failed result; `status` must not be OK (an OK status here becomes kInternal).
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status(StatusCode::kInternal, "Result built from an OK status");
  }

  // True when a value is present.
  bool ok() const { return value_.has_value(); }
  // OK when a value is present, else the failure.
  const Status& status() const { return status_; }

  // The value; aborts if !ok().
  T& value() & {
    CheckOk();
    return *value_;
  }
  const T& value() const& {
    CheckOk();
    return *value_;
  }
  T&& value() && {
    CheckOk();
    return std::move(*value_);
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void CheckOk() const {
    if (!value_.has_value()) std::abort();
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace casevault

#define CV_CONCAT_INNER_(a, b) a##b
#define CV_CONCAT_(a, b) CV_CONCAT_INNER_(a, b)

// Evaluates `expr` (a Result<T>); on failure returns its Status from the enclosing function,
// otherwise moves the value into `lhs` (a declaration such as `auto x` or an existing variable).
#define CV_ASSIGN_OR_RETURN(lhs, expr) \
  CV_ASSIGN_OR_RETURN_IMPL_(CV_CONCAT_(cv_result_, __LINE__), lhs, expr)
#define CV_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
