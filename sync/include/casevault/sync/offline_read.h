// OfflineRead: a read made on a device without a connection, as reported to the server later.
//
// A device records each read of a case's records or files it makes offline and, at its next
// sync, uploads them signed with its own key; the server appends each to the access log with
// both times (when it happened on the device, when it arrived), so the log shows who saw what
// even when nobody was online to see it happen.
#pragma once

#include <cstdint>
#include <string>

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"

namespace casevault::sync {

struct OfflineRead {
  Id128 case_id;
  std::string compartment;
  // What was done, e.g. "read-record", "export-file".
  std::string action;
  // The record or file read, as an id in text.
  std::string object_id;
  // When it happened on the device, in microseconds since the Unix epoch.
  int64_t happened_at_micros = 0;

  friend bool operator==(const OfflineRead&, const OfflineRead&) = default;
};

// The bytes the device signs: "casevault.offline-read.v1" | device id (16) | case id (16) |
// compartment, action, object id (each u32 length + bytes) | happened at (u64), little endian.
Bytes OfflineReadSigningInput(const OfflineRead& read, const Id128& device_id);

}  // namespace casevault::sync
