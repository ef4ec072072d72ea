#include "casevault/server/group_commit.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/fault_injection_env.h"
#include "casevault/schema/sqlite_fault_vfs.h"
#include "casevault/server/server_connection.h"
#include "server/group_commit_testing.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using casevault::testing::TempDir;
using testing::RunAsOneGroup;
using Session = ServerConnection::Session;

// How many rows `session` sees in the table of numbers.
int64_t CountNumbers(const Session& session) {
  auto count = session.Statement("SELECT COUNT(*) FROM numbers");
  EXPECT_TRUE(count.ok());
  EXPECT_TRUE(*(*count)->Step());
  return (*count)->ColumnInt(0);
}

// What one unit saw and got.
struct Outcome {
  int64_t before_in_transaction = -1;  // rows in its group's transaction when it ran
  int64_t before_committed = -1;       // rows the reader connection saw when it ran
  Status status;                       // what Run returned
};

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  // Closes the connections while a fault VFS is still registered.
  void TearDown() override {
    commits_.reset();
    reader_.reset();
  }

  // Opens test.db, with a table of numbers, through SQLite VFS `vfs`: reader_ reads what is
  // committed, commits_ writes.
  void Open(std::optional<std::string> vfs = {}) {
    const std::string path = dir_.File("test.db");
    Result<std::unique_ptr<ServerConnection>> reader = ServerConnection::Open(path, vfs);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    reader_ = *std::move(reader);
    const Status created =
        reader_->Lock().db().Execute("CREATE TABLE IF NOT EXISTS numbers(n INTEGER PRIMARY KEY)");
    ASSERT_TRUE(created.ok()) << created.ToString();
    Result<std::unique_ptr<ServerConnection>> writer = ServerConnection::Open(path, vfs);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    commits_ = std::make_unique<GroupCommit>(*reader_, *std::move(writer));
  }

  // A unit that inserts `n`, notes in `outcome` what it saw, then returns what `then` returns.
  GroupCommit::Work Insert(int64_t n, Outcome& outcome,
                           std::function<Status(const Session&)> then = nullptr) {
    return [this, n, &outcome, then](const Session& session) -> Status {
      outcome.before_in_transaction = CountNumbers(session);
      outcome.before_committed = CountNumbers(reader_->Lock());
      CV_ASSIGN_OR_RETURN(auto insert, session.Statement("INSERT INTO numbers(n) VALUES(?)"));
      CV_RETURN_IF_ERROR(insert->BindInt(1, n));
      CV_RETURN_IF_ERROR(insert->Run());
      return then ? then(session) : Status::Ok();
    };
  }

  // Runs `units` as one group; each unit's status lands in `outcomes` at the same place.
  void RunGroup(const std::vector<GroupCommit::Work>& units, std::vector<Outcome>& outcomes) {
    std::vector<std::function<void()>> callers;
    for (size_t i = 0; i < units.size(); ++i) {
      callers.push_back([&, i] { outcomes[i].status = commits_->Run(units[i]); });
    }
    RunAsOneGroup(*commits_, callers);
  }

  // The numbers committed, in order.
  std::vector<int64_t> Stored() {
    const Session session = reader_->Lock();
    auto select = session.Statement("SELECT n FROM numbers ORDER BY n");
    EXPECT_TRUE(select.ok());
    std::vector<int64_t> numbers;
    while (*(*select)->Step()) numbers.push_back((*select)->ColumnInt(0));
    return numbers;
  }

  TempDir dir_;
  std::unique_ptr<ServerConnection> reader_;
  std::unique_ptr<GroupCommit> commits_;
};

TEST_F(GroupCommitTest, UnitsArrivingDuringACommitShareTheNextTransactionInArrivalOrder) {
  constexpr int64_t kUnits = 6;
  std::vector<Outcome> outcomes(kUnits);
  std::vector<GroupCommit::Work> units;
  for (int64_t n = 0; n < kUnits; ++n) units.push_back(Insert(n, outcomes[n]));
  RunGroup(units, outcomes);
  for (int64_t n = 0; n < kUnits; ++n) {
    SCOPED_TRACE("unit " + std::to_string(n));
    EXPECT_TRUE(outcomes[n].status.ok()) << outcomes[n].status.ToString();
    // Each unit sees the writes of the units before it, and no unit sees anything committed.
    EXPECT_EQ(outcomes[n].before_in_transaction, n);
    EXPECT_EQ(outcomes[n].before_committed, 0);
  }
  EXPECT_EQ(Stored(), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(commits_->waiting(), 0u);
  EXPECT_EQ(commits_->commits(), 2u) << "RunGroup's holding unit, then one for all six";
}

TEST_F(GroupCommitTest, AFailingUnitIsRolledBackAloneAndTheRestOfItsGroupCommits) {
  std::vector<Outcome> outcomes(5);
  std::vector<GroupCommit::Work> units;
  for (int64_t n = 0; n < 5; ++n) {
    units.push_back(n != 2 ? Insert(n, outcomes[n]) : Insert(n, outcomes[n], [](const Session&) {
      return InvalidArgumentError("unit 2 refuses");
    }));
  }
  RunGroup(units, outcomes);
  EXPECT_EQ(outcomes[2].status, InvalidArgumentError("unit 2 refuses"));
  for (int64_t n : {0, 1, 3, 4}) {
    EXPECT_TRUE(outcomes[n].status.ok()) << n << ": " << outcomes[n].status.ToString();
  }
  EXPECT_EQ(outcomes[3].before_in_transaction, 2) << "unit 2's row was rolled back";
  EXPECT_EQ(Stored(), (std::vector<int64_t>{0, 1, 3, 4}));
}

TEST_F(GroupCommitTest, AUnitThatEndsTheTransactionFailsItsWholeGroup) {
  std::vector<Outcome> outcomes(3);
  // As SQLite itself does after some I/O errors: the transaction is gone, not only the unit's.
  const std::vector<GroupCommit::Work> units = {
      Insert(0, outcomes[0]),
      Insert(1, outcomes[1],
             [](const Session& session) {
               EXPECT_TRUE(session.db().Execute("ROLLBACK").ok());
               return IoError("unit 1 lost the transaction");
             }),
      Insert(2, outcomes[2])};
  RunGroup(units, outcomes);
  EXPECT_EQ(outcomes[1].status, IoError("unit 1 lost the transaction"));
  for (int n : {0, 2}) {
    EXPECT_EQ(outcomes[n].status.code(), StatusCode::kIoError) << n;
    EXPECT_NE(outcomes[n].status.message().find("stored none of them"), std::string::npos)
        << outcomes[n].status.ToString();
  }
  EXPECT_EQ(outcomes[2].before_in_transaction, -1) << "unit 2 never ran";
  EXPECT_TRUE(Stored().empty());
  Outcome later;
  EXPECT_TRUE(commits_->Run(Insert(7, later)).ok());
  EXPECT_EQ(Stored(), std::vector<int64_t>{7});
}

class GroupCommitFaultTest : public GroupCommitTest {
 protected:
  void SetUp() override {
    vfs_ = *schema::SqliteFaultVfs::Register("group-commit-faults", env_);
    Open(vfs_->name());
  }

  FaultInjectionEnv env_{Env::Default()};
  std::unique_ptr<schema::SqliteFaultVfs> vfs_;
};

TEST_F(GroupCommitFaultTest, AFailedCommitFailsEveryUnitOfItsGroupAndTheNextGroupCommits) {
  std::vector<Outcome> first(2);
  RunGroup({Insert(0, first[0]), Insert(1, first[1])}, first);
  std::vector<Outcome> failed(4);
  std::vector<GroupCommit::Work> units;
  for (int64_t n = 10; n < 13; ++n) units.push_back(Insert(n, failed[n - 10]));
  // The last unit fills the disk once the group's rows are written (in memory until the commit).
  units.push_back(Insert(13, failed[3], [&](const Session&) {
    env_.SetFreeSpace(0);
    return Status::Ok();
  }));
  const uint64_t commits_before = commits_->commits();
  RunGroup(units, failed);
  env_.ClearFaults();
  EXPECT_EQ(commits_->commits(), commits_before + 1) << "the holding unit's; not the failed group";
  for (const Outcome& outcome : first) EXPECT_TRUE(outcome.status.ok());
  for (const Outcome& outcome : failed) {
    EXPECT_EQ(outcome.status.code(), StatusCode::kNoSpace) << outcome.status.ToString();
    EXPECT_NE(outcome.status.message().find("the group commit of 4 writes failed"),
              std::string::npos)
        << outcome.status.ToString();
  }
  EXPECT_EQ(Stored(), (std::vector<int64_t>{0, 1}));
  std::vector<Outcome> after(2);
  RunGroup({Insert(20, after[0]), Insert(21, after[1])}, after);
  for (const Outcome& outcome : after) EXPECT_TRUE(outcome.status.ok());
  EXPECT_EQ(Stored(), (std::vector<int64_t>{0, 1, 20, 21}));
}

}  // namespace
}  // namespace casevault::server
