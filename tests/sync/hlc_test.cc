#include "casevault/sync/hlc.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>

#include "casevault/base/fault_injection_env.h"

namespace casevault::sync {
namespace {

constexpr int64_t kMinute = int64_t{60} * 1'000'000;
constexpr int64_t kDay = 24 * 60 * kMinute;

Id128 DeviceId(uint8_t n) {
  Id128 id;
  id.bytes.fill(n);
  return id;
}

TEST(HybridClock, StampsFollowTheClockAndCarryTheDevice) {
  FaultInjectionEnv env(Env::Default());
  HybridClock clock(env, DeviceId(1));
  const int64_t before = env.NowMicros();
  const HlcStamp stamp = clock.Now();
  EXPECT_GE(stamp.physical_micros, before);
  EXPECT_LE(stamp.physical_micros, env.NowMicros());
  EXPECT_EQ(stamp.device, DeviceId(1));
  EXPECT_EQ(clock.last(), stamp);
}

TEST(HybridClock, StampsStrictlyIncreaseEvenWhenTheClockGoesBackwards) {
  FaultInjectionEnv env(Env::Default());
  HybridClock clock(env, DeviceId(1));
  HlcStamp previous = clock.Now();
  for (int64_t offset :
       {int64_t{0}, -kMinute, -kDay, int64_t{0}, int64_t{-1}, kMinute, int64_t{0}}) {
    env.SetClockOffsetMicros(offset);
    for (int i = 0; i < 1000; ++i) {
      const HlcStamp stamp = clock.Now();
      ASSERT_GT(stamp, previous) << "offset " << offset << ", stamp " << i;
      previous = stamp;
    }
  }
  // While the clock is behind, the physical part holds still and the counter moves.
  env.SetClockOffsetMicros(-kDay);
  const HlcStamp held = clock.Now();
  const HlcStamp next = clock.Now();
  EXPECT_EQ(next.physical_micros, held.physical_micros);
  EXPECT_EQ(next.logical, held.logical + 1);
}

TEST(HybridClock, AfterObservingAStampFromTheNearFutureLaterStampsFollowIt) {
  FaultInjectionEnv env(Env::Default());
  HybridClock clock(env, DeviceId(1));
  const HlcStamp remote{env.NowMicros() + kMinute, 17, DeviceId(0xff)};
  clock.Observe(remote);
  const HlcStamp stamp = clock.Now();
  EXPECT_GT(stamp, remote);
  EXPECT_EQ(stamp.physical_micros, remote.physical_micros);
  EXPECT_EQ(stamp.logical, 18u);
  EXPECT_EQ(stamp.device, DeviceId(1));
}

TEST(HybridClock, ObservingAStampEqualInTimeFromAHigherDeviceStillOrdersAfterIt) {
  FaultInjectionEnv env(Env::Default());
  HybridClock clock(env, DeviceId(1));
  const HlcStamp own = clock.Now();
  const HlcStamp remote{own.physical_micros, own.logical, DeviceId(9)};
  ASSERT_GT(remote, own);
  clock.Observe(remote);
  EXPECT_GT(clock.Now(), remote);
}

TEST(HybridClock, ObservingAnOlderStampChangesNothing) {
  FaultInjectionEnv env(Env::Default());
  HybridClock clock(env, DeviceId(1));
  const HlcStamp stamp = clock.Now();
  clock.Observe({stamp.physical_micros - kMinute, 99, DeviceId(2)});
  EXPECT_EQ(clock.last(), stamp);
}

TEST(HybridClock, AStampADayAheadDragsTheClockNoFurtherThanMaxSkew) {
  FaultInjectionEnv env(Env::Default());
  const int64_t max_skew = HybridClock::kDefaultMaxSkewMicros;
  HybridClock clock(env, DeviceId(1));
  const HlcStamp remote{env.NowMicros() + kDay, 5, DeviceId(2)};
  clock.Observe(remote);
  const HlcStamp stamp = clock.Now();
  EXPECT_LT(stamp, remote);
  EXPECT_LE(stamp.physical_micros, env.NowMicros() + max_skew);
  EXPECT_GE(stamp.physical_micros, env.NowMicros() + max_skew - kMinute);

  // A smaller bound holds too, and the stamps still only increase.
  HybridClock strict(env, DeviceId(3), {}, /*max_skew_micros=*/1000);
  const HlcStamp first = strict.Now();
  strict.Observe(remote);
  const HlcStamp second = strict.Now();
  EXPECT_GT(second, first);
  EXPECT_LE(second.physical_micros, env.NowMicros() + 1000);
}

TEST(HybridClock, TwoDevicesNeverIssueEqualStamps) {
  FaultInjectionEnv env(Env::Default());
  HybridClock a(env, DeviceId(1));
  HybridClock b(env, DeviceId(2));
  std::set<HlcStamp> seen;
  for (int i = 0; i < 2000; ++i) {
    const HlcStamp from_a = a.Now();
    const HlcStamp from_b = b.Now();
    ASSERT_TRUE(seen.insert(from_a).second) << i;
    ASSERT_TRUE(seen.insert(from_b).second) << i;
    // Exchanging stamps every few steps keeps both clocks on the same time.
    if (i % 3 == 0) b.Observe(from_a);
    if (i % 5 == 0) a.Observe(from_b);
  }
}

TEST(HybridClock, ARestartFromLastContinuesAfterIt) {
  FaultInjectionEnv env(Env::Default());
  HlcStamp persisted;
  {
    HybridClock clock(env, DeviceId(1));
    clock.Now();
    clock.Observe({env.NowMicros() + kMinute, 3, DeviceId(7)});
    persisted = clock.last();
  }
  // The clock reads an hour earlier after the restart.
  env.SetClockOffsetMicros(-60 * kMinute);
  HybridClock restarted(env, DeviceId(1), persisted);
  const HlcStamp stamp = restarted.Now();
  EXPECT_GT(stamp, persisted);
  EXPECT_EQ(stamp.physical_micros, persisted.physical_micros);
}

TEST(HybridClock, ASpentLogicalCounterMovesThePhysicalPartOn) {
  FaultInjectionEnv env(Env::Default());
  const int64_t ahead = env.NowMicros() + kDay;
  const uint32_t top = std::numeric_limits<uint32_t>::max();
  HybridClock clock(env, DeviceId(1), {ahead, top - 1, DeviceId(1)});
  const HlcStamp last_count = clock.Now();
  EXPECT_EQ(last_count.physical_micros, ahead);
  EXPECT_EQ(last_count.logical, top);
  const HlcStamp rolled = clock.Now();
  EXPECT_EQ(rolled.physical_micros, ahead + 1);
  EXPECT_EQ(rolled.logical, 0u);
  EXPECT_GT(rolled, last_count);

  // Observing a stamp with a spent counter behaves the same way.
  HybridClock observer(env, DeviceId(2));
  observer.Observe({ahead - kDay + kMinute, top, DeviceId(1)});
  const HlcStamp after = observer.Now();
  EXPECT_EQ(after.physical_micros, ahead - kDay + kMinute + 1);
  EXPECT_EQ(after.logical, 0u);
}

}  // namespace
}  // namespace casevault::sync
