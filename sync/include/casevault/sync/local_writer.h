// LocalWriter: turns a person's edits into signed, sealed operations in the replica's OpStore.
//
// Each edit becomes one Operation stamped by the device's HybridClock, naming as bases the
// field versions the replica currently shows, sealed under the compartment's newest key and
// signed by the device. Operations wait in the store until SyncEngine pushes them; the record's
// state (RecordState) is always the merge of every operation stored for it, so an edit is
// visible locally at once and works offline.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casevault/crypto/device_identity.h"
#include "casevault/schema/record.h"
#include "casevault/sync/compartment_keys.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/op_store.h"
#include "casevault/sync/record_merge.h"

namespace casevault::sync {

class LocalWriter {
 public:
  // Writes into `store` as `device`; all must outlive the writer.
  LocalWriter(OpStore& store, CompartmentKeys& keys, HybridClock& clock,
              const crypto::DeviceIdentity& device);

  // The merged state of `record_id` from every stored operation (empty when none).
  Result<RecordState> State(const CompartmentRef& where, const Id128& record_id);

  // Creates a record holding `record`'s fields and, for a secured file, its content manifest
  // `file` (in the same operation, so the record never exists without its file); returns its new
  // id.
  Result<Id128> Create(const CompartmentRef& where, const schema::Record& record,
                       std::optional<FileManifest> file = std::nullopt);
  // Makes the record's fields equal to `edited`'s: writes each field whose value differs from
  // the one shown (clearing fields `edited` lacks), based on that field's current versions.
  // Nothing is written when nothing differs. FailedPrecondition for an unknown, deleted or
  // differently typed record; PermissionDenied for an append-only record (a chronology entry,
  // comment, note...) this device did not create.
  Status Update(const CompartmentRef& where, const Id128& record_id, const schema::Record& edited);
  // Settles a field in conflict to `value` (nullopt clears it), superseding every competing
  // version.
  Status Resolve(const CompartmentRef& where, const Id128& record_id, const std::string& field,
                 const std::optional<schema::FieldValue>& value);
  // Deletes the record, covering every version currently shown. Refused as Update is.
  Status Delete(const CompartmentRef& where, const Id128& record_id);
  // Keeps a record that concurrent deletes removed (overrules the deletes in force).
  Status Restore(const CompartmentRef& where, const Id128& record_id);
  // Records the content manifest of a secured file on its record.
  Status AttachFile(const CompartmentRef& where, const Id128& record_id,
                    const FileManifest& manifest);

 private:
  // Stamps, seals, signs and stores `op` (its kind and content already set) as pending.
  Status Write(const CompartmentRef& where, Operation op);
  // The state of an existing, live record, or FailedPrecondition.
  Result<RecordState> ExistingState(const CompartmentRef& where, const Id128& record_id);
  // ExistingState, or PermissionDenied for an append-only record another device created.
  Result<RecordState> ChangeableState(const CompartmentRef& where, const Id128& record_id);

  OpStore& store_;
  CompartmentKeys& keys_;
  HybridClock& clock_;
  const crypto::DeviceIdentity& device_;
};

}  // namespace casevault::sync
