#include "casevault/sync/local_writer.h"

#include <algorithm>

#include "casevault/crypto/random_id.h"
#include "casevault/schema/record_spec.h"

namespace casevault::sync {

LocalWriter::LocalWriter(OpStore& store, CompartmentKeys& keys, HybridClock& clock,
                         const crypto::DeviceIdentity& device)
    : store_(store), keys_(keys), clock_(clock), device_(device) {}

Result<RecordState> LocalWriter::State(const CompartmentRef& where, const Id128& record_id) {
  CV_ASSIGN_OR_RETURN(std::vector<StoredOp> stored, store_.OpsOfRecord(where, record_id));
  std::vector<MergeInput> inputs;
  inputs.reserve(stored.size());
  for (const StoredOp& op : stored) {
    inputs.push_back({&op.op, op.position ? std::optional<int64_t>(op.position->hub_time_micros)
                                          : std::nullopt});
  }
  return MergeRecord(record_id, inputs);
}

Result<RecordState> LocalWriter::ExistingState(const CompartmentRef& where,
                                               const Id128& record_id) {
  CV_ASSIGN_OR_RETURN(RecordState state, State(where, record_id));
  if (!state.type) {
    return FailedPreconditionError("record " + record_id.ToHex() + " is not known here");
  }
  if (state.deleted) return FailedPreconditionError("record " + record_id.ToHex() + " is deleted");
  return state;
}

Result<RecordState> LocalWriter::ChangeableState(const CompartmentRef& where,
                                                 const Id128& record_id) {
  CV_ASSIGN_OR_RETURN(RecordState state, ExistingState(where, record_id));
  if (schema::SpecOf(*state.type).append_only && state.created_by != device_.device_id()) {
    return PermissionDeniedError(
        "record " + record_id.ToHex() + " is a " +
        std::string(schema::RecordTypeName(*state.type)) +
        ", which only the device that added it may change or delete; add a new one instead");
  }
  return state;
}

Status LocalWriter::Write(const CompartmentRef& where, Operation op) {
  CV_ASSIGN_OR_RETURN(uint32_t epoch, keys_.LatestEpoch(where));
  CV_ASSIGN_OR_RETURN(const crypto::SecretKey* key, keys_.Key(where, epoch));
  op.op_id = crypto::NewRandomId();
  op.author_device = device_.device_id();
  op.stamp = clock_.Now();
  SignedOp signed_op = SealAndSign(op, where, epoch, *key, device_.signing_keys());
  CV_ASSIGN_OR_RETURN(bool added, store_.Add(where, StoredOp{std::move(signed_op), op, {}}));
  if (!added) return InternalError("a fresh operation id collided with a stored one");
  return Status::Ok();
}

Result<Id128> LocalWriter::Create(const CompartmentRef& where, const schema::Record& record,
                                  std::optional<FileManifest> file) {
  Operation op;
  op.kind = OpKind::kCreate;
  op.record_id = crypto::NewRandomId();
  op.record_type = record.type();
  op.file = std::move(file);
  for (const auto& [name, value] : record.fields()) op.writes.push_back({name, value, {}});
  const Id128 id = op.record_id;
  CV_RETURN_IF_ERROR(Write(where, std::move(op)));
  return id;
}

Status LocalWriter::Update(const CompartmentRef& where, const Id128& record_id,
                           const schema::Record& edited) {
  CV_ASSIGN_OR_RETURN(RecordState state, ChangeableState(where, record_id));
  if (edited.type() != *state.type) {
    return FailedPreconditionError("record " + record_id.ToHex() + " is a " +
                                   std::string(schema::RecordTypeName(*state.type)) + ", not a " +
                                   std::string(schema::RecordTypeName(edited.type())));
  }
  Operation op;
  op.kind = OpKind::kSetFields;
  op.record_id = record_id;
  for (const auto& [name, value] : edited.fields()) {
    auto current = state.fields.find(name);
    if (current != state.fields.end() && current->second.value == value) continue;
    op.writes.push_back(
        {name, value,
         current == state.fields.end() ? std::vector<HlcStamp>{} : current->second.Bases()});
  }
  for (const auto& [name, field] : state.fields) {
    if (field.value && edited.Get(name) == nullptr) {
      op.writes.push_back({name, std::nullopt, field.Bases()});
    }
  }
  if (op.writes.empty()) return Status::Ok();
  return Write(where, std::move(op));
}

Status LocalWriter::Resolve(const CompartmentRef& where, const Id128& record_id,
                            const std::string& field,
                            const std::optional<schema::FieldValue>& value) {
  CV_ASSIGN_OR_RETURN(RecordState state, ExistingState(where, record_id));
  auto current = state.fields.find(field);
  if (current == state.fields.end()) {
    return FailedPreconditionError("record " + record_id.ToHex() + " has no field " + field);
  }
  Operation op;
  op.kind = OpKind::kResolve;
  op.record_id = record_id;
  op.writes.push_back({field, value, current->second.Bases()});
  return Write(where, std::move(op));
}

Status LocalWriter::Delete(const CompartmentRef& where, const Id128& record_id) {
  CV_ASSIGN_OR_RETURN(RecordState state, ChangeableState(where, record_id));
  Operation op;
  op.kind = OpKind::kDelete;
  op.record_id = record_id;
  op.covers = state.CurrentStamps();
  return Write(where, std::move(op));
}

Status LocalWriter::Restore(const CompartmentRef& where, const Id128& record_id) {
  CV_ASSIGN_OR_RETURN(RecordState state, State(where, record_id));
  if (!state.delete_conflict && !state.deleted) {
    return FailedPreconditionError("record " + record_id.ToHex() + " is not deleted");
  }
  CV_ASSIGN_OR_RETURN(std::vector<StoredOp> stored, store_.OpsOfRecord(where, record_id));
  Operation op;
  op.kind = OpKind::kResolve;
  op.record_id = record_id;
  op.restore = true;
  for (const StoredOp& existing : stored) {
    if (existing.op.kind == OpKind::kDelete) op.covers.push_back(existing.op.stamp);
  }
  std::sort(op.covers.begin(), op.covers.end());
  return Write(where, std::move(op));
}

Status LocalWriter::AttachFile(const CompartmentRef& where, const Id128& record_id,
                               const FileManifest& manifest) {
  CV_RETURN_IF_ERROR(ExistingState(where, record_id).status());
  Operation op;
  op.kind = OpKind::kAttachFile;
  op.record_id = record_id;
  op.file = manifest;
  return Write(where, std::move(op));
}

}  // namespace casevault::sync
