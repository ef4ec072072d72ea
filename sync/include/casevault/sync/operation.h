// Operations: the unit of change that sync moves between replicas.
//
// Every change to a record is an Operation: create it (with its type and first field values),
// set fields, delete it, resolve a conflict, or attach a file. Each field write names the
// stamps of the values it was based on (`bases`): the values its author saw as current. A value
// named as a base by another write is superseded; values nobody built on are current, and more
// than one current value for a field is a conflict. This is what makes merging independent of
// arrival order: the state of a record is a function of the set of its operations.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/schema/field.h"
#include "casevault/schema/record_type.h"
#include "casevault/sync/hlc.h"

namespace casevault::sync {

enum class OpKind : uint8_t {
  kCreate = 1,      // a new record: its type and first field values (writes with no bases)
  kSetFields = 2,   // new values for some fields, each with the stamps it was based on
  kDelete = 3,      // delete the record; `covers` lists every current value stamp seen
  kResolve = 4,     // a person's choice between conflicting values: writes whose bases are all
                    // the competing values (or, for a delete conflict, `restore` = true)
  kAttachFile = 5,  // a secured file's content manifest (see FileManifest)
};

// One field's new value. An empty `value` clears the field.
struct FieldWrite {
  std::string field;
  std::optional<schema::FieldValue> value;
  std::vector<HlcStamp> bases;

  friend bool operator==(const FieldWrite&, const FieldWrite&) = default;
};

// What a receiver needs to fetch and open a secured file: its chunks by ciphertext hash, in
// order, and the file key sealed under the compartment key of epoch `key_epoch`
// (crypto::SealRecord with object id "file-key:<file id hex>").
struct FileManifest {
  Id128 file_id;
  uint32_t chunk_size = 0;
  uint32_t key_epoch = 0;
  uint64_t plaintext_size = 0;
  std::vector<std::array<uint8_t, 32>> chunk_hashes;
  Bytes sealed_file_key;

  friend bool operator==(const FileManifest&, const FileManifest&) = default;
};

struct Operation {
  Id128 op_id;
  Id128 record_id;
  Id128 author_device;
  HlcStamp stamp;
  OpKind kind = OpKind::kSetFields;
  // kCreate: the record's type. Ignored otherwise.
  schema::RecordType record_type = schema::RecordType::kCase;
  // kCreate, kSetFields, kResolve: the field values written.
  std::vector<FieldWrite> writes;
  // kDelete: the stamps of every value current on the author's replica when deleting.
  // kResolve of a delete conflict: the delete stamps being overruled.
  std::vector<HlcStamp> covers;
  // kResolve: true to keep a record that a concurrent delete removed.
  bool restore = false;
  // kAttachFile, or kCreate of a secured file: the file's content.
  std::optional<FileManifest> file;

  friend bool operator==(const Operation&, const Operation&) = default;
};

// The format version EncodeOperation writes and DecodeOperation reads.
inline constexpr uint8_t kOperationFormatVersion = 1;
// The longest field name an operation may carry; DecodeOperation refuses longer or empty names.
inline constexpr size_t kMaxFieldNameBytes = 128;

// The operation's canonical bytes (format version 1): deterministic, so that equal operations
// encode to equal bytes.
Bytes EncodeOperation(const Operation& op);

// Reads bytes written by EncodeOperation. UnsupportedVersion for a newer format; Corruption or
// Truncated, never a crash or an unbounded allocation, for anything malformed.
Result<Operation> DecodeOperation(ByteView bytes);

}  // namespace casevault::sync
