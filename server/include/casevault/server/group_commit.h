// GroupCommit: concurrent callers' writes share one SQLite transaction and one durable commit.
//
// A caller hands Run() a unit of work: reads and writes through the Session it is given, with
// no BEGIN or COMMIT of its own. Units arriving while a group commits wait; when it ends, one
// of them leads: it runs every waiting unit in arrival order in one transaction on the
// GroupCommit's own connection, each unit in a savepoint unless it is alone, commits once (one
// fsync under synchronous=FULL) and wakes the others. So a commit costs one fsync however many
// requests it holds, and the main connection keeps serving reads meanwhile (WAL).
//
// Writes made through the main connection (grants, enrolments, ...) take turns with groups: a
// group starts its transaction only while it holds the main connection, so it never waits for
// a write transaction open there, and a main-connection write waiting for a group's commit gets
// the database before the next group can start; otherwise back-to-back groups could starve it.
//
// Outcomes: Run returns OK only once the unit's writes are durable. A unit that fails is rolled
// back to its savepoint and fails alone; a commit that fails, or a unit failure after which
// SQLite cannot keep the transaction, fails every unit of the group and stores nothing of it.
// A lone caller leads at once, so without concurrency a unit costs about what a transaction
// of its own would.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "casevault/base/status.h"
#include "casevault/server/server_connection.h"

namespace casevault::server {

class GroupCommit {
 public:
  // A unit's work; it may run on another caller's thread while its own caller waits, and must
  // not call Run itself.
  using Work = std::function<Status(const ServerConnection::Session& session)>;

  // Commits through `connection`, which no one else uses, taking turns with the writes made
  // through `main` (the database's main connection, which must outlive it). A thread holding a
  // Session of `main` must not call Run.
  GroupCommit(ServerConnection& main, std::unique_ptr<ServerConnection> connection)
      : main_(main), connection_(std::move(connection)) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `work` in the next group and waits for its commit: OK once its writes are durable;
  // otherwise the unit's own error, or the failure of the group's transaction or commit (see
  // above), and nothing of the unit is stored.
  Status Run(const Work& work);

  // How many units wait for a group to take them.
  size_t waiting() const;

  // How many groups have committed (each one durable commit) since construction; a group whose
  // transaction or commit failed does not count. For tests and monitoring: the commits a
  // request cost are the difference across it when nothing else writes meanwhile.
  uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }

 private:
  struct Unit;

  // Runs `group` in one transaction and commits it, setting each unit's status.
  void CommitGroup(std::span<Unit* const> group);

  ServerConnection& main_;
  std::unique_ptr<ServerConnection> connection_;
  mutable std::mutex mu_;
  std::vector<Unit*> queue_;  // units not yet taken by a leader, in arrival order
  bool committing_ = false;   // a leader is running a group
  std::atomic<uint64_t> commits_{0};
};

}  // namespace casevault::server
