// SqliteServerStore: the ServerStore in one SQLite database and a chunk directory.
//
// Everything but the chunks is in <data_dir>/server.db (ServerDatabase, with its numbered
// migrations, so a data directory written by an earlier build opens as it was); chunks are
// files in <data_dir>/chunks. Every store works through the one ServerDatabase. The access log
// lives in the same database and is handed out here too, until it has a store interface of its
// own.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "casevault/base/env.h"
#include "casevault/base/result.h"
#include "casevault/server/access_log.h"
#include "casevault/server/server_database.h"
#include "casevault/server/server_store.h"
#include "casevault/server/sqlite_agreement_store.h"
#include "casevault/server/sqlite_case_store.h"
#include "casevault/server/sqlite_closure_store.h"
#include "casevault/server/sqlite_draft_view_store.h"
#include "casevault/server/sqlite_grant_store.h"
#include "casevault/server/sqlite_hub_store.h"
#include "casevault/server/sqlite_identity_store.h"
#include "casevault/server/sqlite_key_store.h"

namespace casevault::server {

class SqliteServerStore final : public ServerStore {
 public:
  // Opens (creating what is missing) the stores in `data_dir`, server.db through SQLite VFS
  // `sqlite_vfs` (the default when nullopt), chunk files through `env`, which must outlive the
  // store. ServerDatabase::Open's errors.
  static Result<std::unique_ptr<SqliteServerStore>> Open(
      Env& env, const std::string& data_dir, std::optional<std::string> sqlite_vfs = {});

  IdentityStore& identities() override { return identities_; }
  CaseStore& cases() override { return cases_; }
  GrantStore& grants() override { return grants_; }
  AgreementStore& agreements() override { return agreements_; }
  KeyStore& keys() override { return keys_; }
  ClosureStore& closures() override { return closures_; }
  DraftViewStore& draft_views() override { return draft_views_; }
  ServerHubStore& hub() override { return *hub_; }
  // The access log, in server.db.
  AccessLog& access_log() { return access_log_; }
  // server.db itself, which every store above works through.
  ServerDatabase& database() { return *database_; }

 private:
  SqliteServerStore(std::unique_ptr<ServerDatabase> database, std::unique_ptr<SqliteHubStore> hub)
      : database_(std::move(database)),
        hub_(std::move(hub)),
        identities_(*database_),
        cases_(*database_),
        grants_(*database_),
        agreements_(*database_),
        keys_(*database_),
        closures_(*database_),
        draft_views_(*database_),
        access_log_(*database_) {}

  // Declared first, so it is closed after every store working on it.
  std::unique_ptr<ServerDatabase> database_;
  std::unique_ptr<SqliteHubStore> hub_;
  SqliteIdentityStore identities_;
  SqliteCaseStore cases_;
  SqliteGrantStore grants_;
  SqliteAgreementStore agreements_;
  SqliteKeyStore keys_;
  SqliteClosureStore closures_;
  SqliteDraftViewStore draft_views_;
  AccessLog access_log_;
};

}  // namespace casevault::server
