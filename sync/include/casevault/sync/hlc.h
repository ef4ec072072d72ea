// Hybrid logical clock stamps: totally ordered, close to wall-clock time, and tolerant of
// devices whose clocks are wrong.
//
// A stamp is (physical microseconds, logical counter, device id); stamps compare in that order,
// so two devices never produce equal stamps. HybridClock issues strictly increasing stamps and
// moves forward past stamps it observes from others, except that it never moves its physical
// part more than `max_skew` beyond its own clock: a peer whose clock runs a day fast cannot drag
// every other device a day into the future. Stamps order concurrent values for display; they
// are never used to decide what an operation saw (operations name their bases explicitly).
#pragma once

#include <compare>
#include <cstdint>

#include "casevault/base/env.h"
#include "casevault/base/id.h"

namespace casevault::sync {

struct HlcStamp {
  int64_t physical_micros = 0;
  uint32_t logical = 0;
  Id128 device;

  friend auto operator<=>(const HlcStamp&, const HlcStamp&) = default;
};

class HybridClock {
 public:
  // The default bound on how far a peer's stamp may pull this clock ahead of its own time.
  static constexpr int64_t kDefaultMaxSkewMicros = int64_t{5} * 60 * 1'000'000;

  // A clock for `device` reading time from `env` (which must outlive it), starting after `last`
  // (the newest stamp this device issued or observed before a restart).
  HybridClock(Env& env, const Id128& device, const HlcStamp& last = {},
              int64_t max_skew_micros = kDefaultMaxSkewMicros);

  // A new stamp, greater than every stamp issued or observed so far.
  HlcStamp Now();
  // Takes `remote` into account so later stamps order after it; a remote physical time beyond
  // this device's clock plus max_skew is taken as clock plus max_skew.
  void Observe(const HlcStamp& remote);
  // The device's own clock now, in microseconds since the epoch: a reading, not a stamp.
  int64_t WallMicros() const { return env_.NowMicros(); }
  // The newest stamp issued or observed (to persist across restarts).
  const HlcStamp& last() const { return last_; }

 private:
  Env& env_;
  HlcStamp last_;
  int64_t max_skew_micros_;
};

}  // namespace casevault::sync
