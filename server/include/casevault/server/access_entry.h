// AccessEntry: one line of the server's access log, and its canonical encoding.
//
// An entry says who (user and device) did what (action) to which object of which case and
// compartment, when, whether the policy allowed it and why. It holds ids, names of actions,
// the result and the reason only, never record content. The encoding is the leaf data of the
// access log's Merkle tree, so it is canonical: one entry has exactly one encoding, and the
// decoder accepts nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"
#include "casevault/base/result.h"

namespace casevault::server {

struct AccessEntry {
  // When the server appended it, in microseconds since the Unix epoch.
  int64_t time_micros = 0;
  Id128 user_id;
  Id128 device_id;
  Id128 case_id;
  // "shared", "agency:<id>", or empty for a request about the case as a whole.
  std::string compartment;
  // What was asked, e.g. "pull", "push", "get-chunk", "read-offline".
  std::string action;
  // The record, file, chunk or op concerned, as an id in text; empty when none.
  std::string object_id;
  bool allowed = false;
  // Why the policy decided so, e.g. "lead reviewer" or "not nominated for agency:police".
  std::string reason;
  // For a read made offline on a device and uploaded later: when it happened there.
  std::optional<int64_t> happened_at_micros;

  friend bool operator==(const AccessEntry&, const AccessEntry&) = default;
};

// The most bytes each text field of an entry may hold.
inline constexpr size_t kMaxAccessFieldBytes = 256;

// The canonical encoding (version 1): "CVA" | version (1) | time_micros (i64) | user id (16) |
// device id (16) | case id (16) | compartment, action, object id (each u32 length + bytes) |
// allowed (1 byte, 0 or 1) | reason (u32 length + bytes) | has happened_at (1 byte, 0 or 1) |
// happened_at_micros (i64, only when present); integers little endian. InvalidArgument, naming
// the field, when a text field is longer than kMaxAccessFieldBytes.
Result<Bytes> EncodeAccessEntry(const AccessEntry& entry);

// Reads an encoding made by EncodeAccessEntry: Truncated when the bytes end early, Corruption
// for other magic, a flag byte other than 0 or 1, a text field over kMaxAccessFieldBytes or
// bytes left over, UnsupportedVersion for another format version. Never reads out of bounds.
Result<AccessEntry> DecodeAccessEntry(ByteView bytes);

}  // namespace casevault::server
