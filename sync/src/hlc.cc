#include "casevault/sync/hlc.h"

#include <algorithm>
#include <limits>

namespace casevault::sync {
namespace {

// The stamp just after (physical, logical) on the same device. When the logical counter is
// spent, the physical part moves on one microsecond instead.
HlcStamp Successor(const HlcStamp& stamp) {
  HlcStamp next = stamp;
  if (next.logical == std::numeric_limits<uint32_t>::max()) {
    ++next.physical_micros;
    next.logical = 0;
  } else {
    ++next.logical;
  }
  return next;
}

}  // namespace

// last_ always carries this device's id: what it keeps of an observed stamp is the time, and
// ordering after that time is what makes the next stamp follow the observed one whatever its
// device.
HybridClock::HybridClock(Env& env, const Id128& device, const HlcStamp& last,
                         int64_t max_skew_micros)
    : env_(env), last_(last), max_skew_micros_(max_skew_micros) {
  last_.device = device;
}

HlcStamp HybridClock::Now() {
  const int64_t now = env_.NowMicros();
  if (now > last_.physical_micros) {
    last_.physical_micros = now;
    last_.logical = 0;
  } else {
    last_ = Successor(last_);
  }
  return last_;
}

void HybridClock::Observe(const HlcStamp& remote) {
  const int64_t limit = env_.NowMicros() + max_skew_micros_;
  HlcStamp seen{remote.physical_micros, remote.logical, last_.device};
  if (seen.physical_micros > limit) seen = {limit, 0, last_.device};
  last_ = std::max(last_, seen);
}

}  // namespace casevault::sync
