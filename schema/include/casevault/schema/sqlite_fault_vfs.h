// SqliteFaultVfs: an SQLite VFS for crash tests, in step with a FaultInjectionEnv.
//
// It forwards to SQLite's default VFS, but asks the FaultInjectionEnv before every write, sync,
// truncate and delete, so a test that crashes "at mutation n" crashes SQLite and the Env files
// at one shared point. It also keeps the bytes each unsynced write overwrote, so that after a
// simulated crash DropUnsyncedWrites() puts every database, WAL and journal file back to what
// it held at its last sync, as a power cut would. For tests only.
#pragma once

#include <memory>
#include <string>

#include "casevault/base/fault_injection_env.h"
#include "casevault/base/result.h"

namespace casevault::schema {

class SqliteFaultVfs {
 public:
  // Registers a VFS called `name` (not the default) that consults `env`, which must outlive it.
  static Result<std::unique_ptr<SqliteFaultVfs>> Register(const std::string& name,
                                                          FaultInjectionEnv& env);
  SqliteFaultVfs(const SqliteFaultVfs&) = delete;
  SqliteFaultVfs& operator=(const SqliteFaultVfs&) = delete;
  // Unregisters the VFS; every connection using it must be closed first.
  ~SqliteFaultVfs();

  // The name to pass to SqliteDatabase::Open.
  const std::string& name() const;

  // Restores every file written through this VFS to its content at its last sync (or at open).
  // Call after closing the connections that crashed.
  Status DropUnsyncedWrites();

  struct State;

 private:
  explicit SqliteFaultVfs(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace casevault::schema
