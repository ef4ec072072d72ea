#include "casevault/server/sqlite_server_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "casevault/crypto/random_id.h"
#include "casevault/schema/sqlite_database.h"
#include "server_store_contract.h"
#include "testing/file_scan.h"
#include "testing/temp_dir.h"

namespace casevault::server {
namespace {

using testing::AgreementStoreContract;
using testing::CaseStoreContract;
using testing::ClosureStoreContract;
using testing::DraftViewStoreContract;
using testing::GrantStoreContract;
using testing::IdentityStoreContract;
using testing::KeyStoreContract;
using testing::ServerHubStoreContract;
using testing::ServerStoreMaker;
using testing::ServerStoreName;

std::vector<ServerStoreMaker> SqliteMakers() {
  return {ServerStoreMaker{
      .name = "Sqlite", .make = [](const std::string& dir) -> Result<std::unique_ptr<ServerStore>> {
        CV_ASSIGN_OR_RETURN(auto store, SqliteServerStore::Open(Env::Default(), dir));
        return std::unique_ptr<ServerStore>(std::move(store));
      }}};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, IdentityStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, CaseStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, GrantStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, AgreementStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, KeyStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, ClosureStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, DraftViewStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);
INSTANTIATE_TEST_SUITE_P(Sqlite, ServerHubStoreContract, ::testing::ValuesIn(SqliteMakers()),
                         ServerStoreName);

// A server.db as the builds before the store interfaces wrote it, filled with SQL of theirs.
TEST(SqliteServerStore, ADataDirectoryWrittenBeforeTheStoresOpensAsItWas) {
  casevault::testing::TempDir dir;
  const Id128 user = crypto::NewRandomId();
  const Id128 device = crypto::NewRandomId();
  const Id128 case_id = crypto::NewRandomId();
  {
    Result<std::unique_ptr<ServerDatabase>> database =
        ServerDatabase::Open(Env::Default(), dir.path());
    ASSERT_TRUE(database.ok()) << database.status().ToString();
    const ServerDatabase::Session session = (*database)->Lock();
    const std::string u = "x'" + user.ToHex() + "'";
    const std::string d = "x'" + device.ToHex() + "'";
    const std::string c = "x'" + case_id.ToHex() + "'";
    const std::string key = "x'" + std::string(64, 'a') + "'";
    const std::string sql =
        "INSERT INTO users(user_id, name, organisation, business_unit, created_at) VALUES(" + u +
        ", 'Lead', 'LSCP', 1, 1);"
        "INSERT INTO devices(device_id, user_id, signing_key, box_key, enrolled_at, revoked_at) "
        "VALUES(" +
        d + ", " + u + ", " + key + ", " + key +
        ", 1, 5);"
        "INSERT INTO cases(case_id, state, opened_by, opened_at, state_changed_at) VALUES(" +
        c + ", 'cspr', " + u +
        ", 1, 1);"
        "INSERT INTO case_roles(case_id, user_id, role, agency, expires_at, assigned_by, "
        "assigned_at) VALUES(" +
        c + ", " + u + ", 'safeguarding_lead', 'police', NULL, " + u +
        ", 1);"
        "INSERT INTO grants(case_id, compartment, user_id, writable, expires_at, granted_by, "
        "granted_at) VALUES(" +
        c + ", 'agency:health', " + u + ", 1, 900, " + u +
        ", 1);"
        "INSERT INTO agreements(case_id, user_id, kind, recorded_at) VALUES(" +
        c + ", " + u +
        ", 'confidentiality', 1);"
        "INSERT INTO wrapped_keys(case_id, compartment, epoch, device_id, wrapped_key, "
        "uploaded_by, uploaded_at) VALUES(" +
        c + ", 'shared', 4, " + d + ", x'0102', " + d +
        ", 1);"
        "INSERT INTO chunk_owners(case_id, hash) VALUES(" +
        c + ", " + key +
        ");"
        "INSERT INTO closed_cases(case_id, closed_at, closed_by) VALUES(" +
        d + ", 1, " + u + ");";
    ASSERT_TRUE(session.db().Execute(sql).ok());
  }
  Result<std::unique_ptr<SqliteServerStore>> opened =
      SqliteServerStore::Open(Env::Default(), dir.path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  ServerStore& store = **opened;

  Result<User> lead = store.identities().GetUser(user);
  ASSERT_TRUE(lead.ok()) << lead.status().ToString();
  EXPECT_EQ(lead->name, "Lead");
  EXPECT_TRUE(lead->business_unit);
  Result<Device> laptop = store.identities().GetDevice(device);
  ASSERT_TRUE(laptop.ok()) << laptop.status().ToString();
  EXPECT_TRUE(laptop->revoked);
  EXPECT_EQ(laptop->signing_key.bytes[0], 0xaa);

  EXPECT_EQ(*store.cases().StateOf(case_id), sync::CaseState::kCspr);
  Result<std::vector<RoleAssignment>> roles = store.cases().RolesOf(case_id, user, 2);
  ASSERT_TRUE(roles.ok() && roles->size() == 1u);
  EXPECT_EQ((*roles)[0].role, sync::CaseRole::kSafeguardingLead);
  EXPECT_EQ((*roles)[0].agency, "police");

  Result<std::optional<GrantRecord>> grant =
      store.grants().GrantOf(user, {case_id, "agency:health"});
  ASSERT_TRUE(grant.ok() && grant->has_value());
  EXPECT_EQ((*grant)->access, Access::kWrite);
  EXPECT_EQ((*grant)->expires_micros, 900);
  EXPECT_EQ(*store.agreements().Recorded(user, case_id),
            std::vector<Agreement>{Agreement::kConfidentiality});

  EXPECT_EQ(*store.keys().NewestEpoch({case_id, "shared"}), 4u);
  EXPECT_EQ(store.keys().ForDevice({case_id, "shared"}, device)->at(0).wrapped, (Bytes{1, 2}));
  EXPECT_EQ(store.closures().ChunksOnlyOf(case_id)->size(), 1u);
  EXPECT_TRUE(*store.closures().IsClosed(device));
}

// Distinctive bytes that appear nowhere in a store unless stored: `label` and a fresh random id.
Bytes Distinctive(const std::string& label) {
  const std::string text = label + " " + crypto::NewRandomId().ToHex();
  return Bytes(text.begin(), text.end());
}

// A SqliteServerStore kept open, as in a running server, whose files a test scans for bytes
// the store deleted.
class SqliteDeletionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<SqliteServerStore>> opened =
        SqliteServerStore::Open(Env::Default(), dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = *std::move(opened);
  }

  // Whether any file of the store (server.db, its write-ahead log) holds `bytes`.
  bool Stored(const Bytes& bytes) {
    return casevault::testing::AnyFileContains(dir_.path(), bytes);
  }

  casevault::testing::TempDir dir_;
  std::unique_ptr<SqliteServerStore> store_;
};

// Withdrawn, purged and closed drafts leave no sealed byte or wrapped key in server.db or its
// write-ahead log: what the store deletes is overwritten, not just unlinked, and no earlier copy
// stays in the log. The store stays open, as in a running server.
TEST_F(SqliteDeletionTest, ADeletedDraftViewLeavesNoSealedByteOrKeyInTheDatabaseFiles) {
  DraftViewStore& views = store_->draft_views();
  const Id128 case_id = crypto::NewRandomId();
  const Id128 device = crypto::NewRandomId();
  auto view = [&](int64_t created) {
    return DraftViewInfo{.view_id = crypto::NewRandomId(),
                         .case_id = case_id,
                         .viewer = crypto::NewRandomId(),
                         .shared_by = crypto::NewRandomId(),
                         .shared_by_device = crypto::NewRandomId(),
                         .created_micros = created,
                         .expires_micros = created + 1'000};
  };
  const DraftViewInfo withdrawn = view(1);
  const DraftViewInfo purged = view(2);
  const DraftViewInfo kept = view(3);
  const Bytes withdrawn_sealed = Distinctive("withdrawn sealed draft");
  const Bytes withdrawn_key = Distinctive("withdrawn wrapped key");
  const Bytes purged_sealed = Distinctive("purged sealed draft");
  const Bytes purged_key = Distinctive("purged wrapped key");
  const Bytes kept_sealed = Distinctive("kept sealed draft");
  ASSERT_TRUE(
      views.Add(withdrawn, withdrawn_sealed, std::vector{ViewerDeviceKey{device, withdrawn_key}})
          .ok());
  ASSERT_TRUE(
      views.Add(purged, purged_sealed, std::vector{ViewerDeviceKey{device, purged_key}}).ok());
  ASSERT_TRUE(Stored(withdrawn_sealed)) << "the scan finds stored bytes";

  ASSERT_TRUE(views.Delete(withdrawn.view_id).ok());
  EXPECT_FALSE(Stored(withdrawn_sealed));
  EXPECT_FALSE(Stored(withdrawn_key));

  ASSERT_TRUE(Stored(purged_sealed)) << "the other view is still stored";
  ASSERT_TRUE(views.DeleteCase(case_id).ok());
  EXPECT_FALSE(Stored(purged_sealed));
  EXPECT_FALSE(Stored(purged_key));

  // A view added after the deletions is stored as usual.
  ASSERT_TRUE(views.Add(kept, kept_sealed, std::vector{ViewerDeviceKey{device, kept_sealed}}).ok());
  EXPECT_TRUE(Stored(kept_sealed));
}

// Compartment keys destroyed by a purge or a close (crypto-shredding) leave no wrapped copy in
// server.db or its write-ahead log. The store stays open, as in a running server.
TEST_F(SqliteDeletionTest, DestroyedCompartmentKeysLeaveNoWrappedCopyInTheDatabaseFiles) {
  KeyStore& keys = store_->keys();
  const Id128 case_id = crypto::NewRandomId();
  const Id128 device = crypto::NewRandomId();
  const sync::CompartmentRef drafts{case_id, "drafts"};
  const sync::CompartmentRef shared{case_id, "shared"};
  const Bytes drafts_key = Distinctive("wrapped key of the drafts");
  const Bytes shared_key = Distinctive("wrapped key of shared");
  ASSERT_TRUE(*keys.AddIfNewestEpochIs(drafts, 0, std::vector{WrappedKey{1, device, drafts_key}},
                                       device, 1));
  ASSERT_TRUE(*keys.AddIfNewestEpochIs(shared, 0, std::vector{WrappedKey{1, device, shared_key}},
                                       device, 1));
  ASSERT_TRUE(Stored(drafts_key)) << "the scan finds stored bytes";

  ASSERT_TRUE(keys.DeleteCompartment(drafts).ok());
  EXPECT_FALSE(Stored(drafts_key));
  EXPECT_TRUE(Stored(shared_key));
  ASSERT_TRUE(keys.DeleteCase(case_id).ok());
  EXPECT_FALSE(Stored(shared_key));
}

// Op logs destroyed by a purge or a close leave no sealed operation in server.db or its
// write-ahead log. The store stays open, as in a running server.
TEST_F(SqliteDeletionTest, DestroyedOpLogsLeaveNoSealedOperationInTheDatabaseFiles) {
  ServerHubStore& hub = store_->hub();
  const Id128 case_id = crypto::NewRandomId();
  auto op_sealing = [](const Bytes& envelope) {
    sync::SignedOp op;
    op.op_id = crypto::NewRandomId();
    op.author_device = crypto::NewRandomId();
    op.epoch = 1;
    op.envelope = envelope;
    return std::vector{op};
  };
  const Bytes draft_op = Distinctive("sealed operation of a draft");
  const Bytes shared_op = Distinctive("sealed operation of shared");
  ASSERT_TRUE(hub.AppendBatch({case_id, "drafts"}, op_sealing(draft_op), 1).ok());
  ASSERT_TRUE(hub.AppendBatch({case_id, "shared"}, op_sealing(shared_op), 1).ok());
  ASSERT_TRUE(Stored(draft_op)) << "the scan finds stored bytes";

  ASSERT_TRUE(hub.DeleteCompartment({case_id, "drafts"}).ok());
  EXPECT_FALSE(Stored(draft_op));
  EXPECT_TRUE(Stored(shared_op));
  ASSERT_TRUE(hub.DeleteCase(case_id).ok());
  EXPECT_FALSE(Stored(shared_op));
}

}  // namespace
}  // namespace casevault::server
