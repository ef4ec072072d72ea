// The merge: the state of a record as a function of the set of its operations.
//
// Per field, every write is a version; a version named as a base by another write of that field
// is superseded; the versions nobody built on are current. One current version is the field's
// value. Several are concurrent: the highest-ranked is shown and the field is in conflict, unless
// they all hold the same value, or the field is long text and a three-way merge against the
// versions' nearest common ancestor applies all of them cleanly. A resolution is simply a write
// whose bases are all the competing versions. A delete covers the versions its author saw; it
// removes the record only when every current version is covered, otherwise the record stays with a
// delete conflict until someone restores it or deletes again. Ranks order concurrent versions: the
// HLC stamp, with the physical time capped at the hub's arrival time plus the allowed skew once the
// hub has the op, so a device whose clock runs fast does not win every conflict.
//
// The result depends only on the set of operations: order and duplicates do not matter.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/schema/record.h"
#include "casevault/sync/hlc.h"
#include "casevault/sync/operation.h"

namespace casevault::sync {

// An operation as the merge sees it, with the hub's arrival time once the hub has it.
struct MergeInput {
  const Operation* op = nullptr;
  std::optional<int64_t> hub_time_micros;
};

// One version of a field: the value written (nullopt when cleared) by the op with `stamp`.
struct FieldVersion {
  HlcStamp stamp;
  std::optional<schema::FieldValue> value;

  friend bool operator==(const FieldVersion&, const FieldVersion&) = default;
};

// A field after merging.
struct FieldState {
  // What is shown: the single current value, the clean three-way merge of concurrent texts, or
  // (in conflict) the highest-ranked current value.
  std::optional<schema::FieldValue> value;
  // Every current version, highest-ranked first. A new write of the field names all of their
  // stamps as its bases.
  std::vector<FieldVersion> versions;
  // True when the current versions disagree and were not merged automatically.
  bool conflict = false;

  // The stamps of the current versions: the bases for the next write of this field.
  std::vector<HlcStamp> Bases() const;

  friend bool operator==(const FieldState&, const FieldState&) = default;
};

// A delete that did not see every current version.
struct DeleteConflict {
  // The deletes in force.
  std::vector<HlcStamp> deletes;
  // The current versions those deletes did not see.
  std::vector<HlcStamp> unseen_versions;

  friend bool operator==(const DeleteConflict&, const DeleteConflict&) = default;
};

struct RecordState {
  Id128 record_id;
  // The record's type and the device that created it, from its create operation (unknown until
  // that arrives).
  std::optional<schema::RecordType> type;
  std::optional<Id128> created_by;
  std::map<std::string, FieldState, std::less<>> fields;
  // True when a delete in force covers every current version.
  bool deleted = false;
  std::optional<DeleteConflict> delete_conflict;
  // The content manifest of a secured file, from its highest-ranked attach operation (a create
  // carrying a manifest counts as one), and that
  // operation's stamp (a version a delete must have seen, like a field's).
  std::optional<FileManifest> file;
  std::optional<HlcStamp> file_stamp;

  // True when some field or the record itself is in conflict.
  bool HasConflicts() const;
  // The stamps of every current version of every field and of the attach in force: what a
  // delete must cover.
  std::vector<HlcStamp> CurrentStamps() const;
  // The shown values as a schema record. FailedPrecondition when the type is not known yet;
  // InvalidArgument when an operation wrote a field the type does not have.
  Result<schema::Record> ToRecord() const;

  friend bool operator==(const RecordState&, const RecordState&) = default;
};

// Merges every known operation of record `record_id` (ops of other records are ignored).
RecordState MergeRecord(const Id128& record_id, std::span<const MergeInput> ops);

// The canonical bytes of `state`, for comparing what replicas show (hash them to compare many
// records at once). Every part of the state is written in a fixed order, each variable-length
// part counted or length-prefixed, so equal states give equal bytes and different states give
// different bytes, and concatenated encodings stay unambiguous. Not a storage format: nothing
// decodes it, and the layout may change between builds.
Bytes EncodeRecordState(const RecordState& state);

}  // namespace casevault::sync
