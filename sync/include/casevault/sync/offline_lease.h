// The offline lease: how many days a case stays open on a device without a full sync. The
// case's business unit sets it on the server (from kMinLeaseDays to kMaxLeaseDays); each device
// learns it at its next sync and applies kDefaultLeaseDays until then.
#pragma once

namespace casevault::sync {

inline constexpr int kDefaultLeaseDays = 14;
inline constexpr int kMinLeaseDays = 1;
inline constexpr int kMaxLeaseDays = 90;

// What to say of a lease outside the bounds.
inline constexpr const char* kLeaseBoundsMessage = "the offline lease is from 1 to 90 days";

// True when `days` is a lease the server accepts and a device applies.
constexpr bool ValidLeaseDays(long long days) {
  return days >= kMinLeaseDays && days <= kMaxLeaseDays;
}

}  // namespace casevault::sync
