#include "server/group_commit_testing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace casevault::server::testing {
namespace {

// Returns once `ready` holds, checking every millisecond.
void AwaitTrue(const std::function<bool()>& ready) {
  while (!ready()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace

void RunAsOneGroup(GroupCommit& commits, const std::vector<std::function<void()>>& callers) {
  std::atomic<bool> holding = false;
  std::thread holder([&] {
    const Status held = commits.Run([&](const ServerConnection::Session&) {
      holding = true;
      AwaitTrue([&] { return commits.waiting() == callers.size(); });
      return Status::Ok();
    });
    EXPECT_TRUE(held.ok()) << held.ToString();
  });
  AwaitTrue([&] { return holding.load(); });
  std::vector<std::thread> threads;
  for (size_t i = 0; i < callers.size(); ++i) {
    // The callers before it wait in line; the holder waits for this one and any after it.
    AwaitTrue([&] { return commits.waiting() == i; });
    threads.emplace_back(callers[i]);
  }
  holder.join();
  for (std::thread& thread : threads) thread.join();
}

}  // namespace casevault::server::testing
