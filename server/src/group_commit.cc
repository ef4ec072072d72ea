#include "casevault/server/group_commit.h"

#include <condition_variable>
#include <string>
#include <string_view>
#include <utility>

namespace casevault::server {

using schema::SqliteTransaction;
using Session = ServerConnection::Session;

struct GroupCommit::Unit {
  const Work* work;
  Status status;                 // the unit's outcome, set by its group's leader
  bool done = false;             // its group has finished
  std::condition_variable wake;  // its caller waits on it, under mu_
};

namespace {

// Runs `sql`, a statement without rows, through the session's prepared statements.
Status Execute(const Session& session, std::string_view sql) {
  CV_ASSIGN_OR_RETURN(auto statement, session.Statement(sql));
  return statement->Run();
}

// Runs `work` in a savepoint, setting `status` to its outcome: its writes stay when it succeeds
// and are rolled back when it fails. Returns an error when the transaction can no longer be
// used (SQLite ended it, or the savepoint could not be set or released).
Status RunInSavepoint(const Session& session, const GroupCommit::Work& work, Status& status) {
  CV_RETURN_IF_ERROR(Execute(session, "SAVEPOINT unit"));
  status = work(session);
  if (!status.ok()) {
    const Status undone = Execute(session, "ROLLBACK TO unit");
    if (!undone.ok()) {
      return status.WithContext("a write of the group failed and ended its transaction");
    }
  }
  return Execute(session, "RELEASE unit");
}

}  // namespace

Status GroupCommit::Run(const Work& work) {
  Unit unit{.work = &work, .status = Status::Ok(), .done = false, .wake = {}};
  std::unique_lock lock(mu_);
  queue_.push_back(&unit);
  unit.wake.wait(lock, [&] { return unit.done || !committing_; });
  if (unit.done) return std::move(unit.status);
  std::vector<Unit*> group = std::exchange(queue_, {});
  committing_ = true;
  lock.unlock();
  CommitGroup(group);
  lock.lock();
  committing_ = false;
  // Wakes the group's callers, and the first of those who came meanwhile to lead the next
  // group; under mu_, since a caller's Unit goes once it returns.
  for (Unit* member : group) {
    member->done = true;
    member->wake.notify_one();
  }
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  return std::move(unit.status);
}

size_t GroupCommit::waiting() const {
  const std::lock_guard lock(mu_);
  return queue_.size();
}

void GroupCommit::CommitGroup(std::span<Unit* const> group) {
  const Session session = connection_->Lock();
  const Status committed = [&]() -> Status {
    // Begun holding the main connection, so as to take turns with its writes (see the header).
    Result<SqliteTransaction> begun = [&] {
      const Session turn = main_.Lock();
      return SqliteTransaction::Begin(session.db());
    }();
    CV_ASSIGN_OR_RETURN(SqliteTransaction transaction, std::move(begun));
    if (group.size() == 1) {
      // Alone, a unit needs no savepoint, whose journal would copy each page the unit changes:
      // its failure rolls back a transaction that holds nothing else.
      Unit& unit = *group.front();
      unit.status = (*unit.work)(session);
      CV_RETURN_IF_ERROR(unit.status);
    } else {
      for (Unit* unit : group) {
        CV_RETURN_IF_ERROR(RunInSavepoint(session, *unit->work, unit->status));
      }
    }
    return transaction.Commit();
  }();
  if (committed.ok()) {
    commits_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const Status failed =
      committed.WithContext("the group commit of " + std::to_string(group.size()) +
                            " writes failed and stored none of them");
  for (Unit* unit : group) {
    if (unit->status.ok()) unit->status = failed;
  }
}

}  // namespace casevault::server
