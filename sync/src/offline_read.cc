#include "casevault/sync/offline_read.h"

#include <string_view>

#include "casevault/base/byte_writer.h"

namespace casevault::sync {

Bytes OfflineReadSigningInput(const OfflineRead& read, const Id128& device_id) {
  constexpr std::string_view kPurpose = "casevault.offline-read.v1";
  Bytes input;
  input.reserve(kPurpose.size() + 2 * Id128::kSize + 3 * 4 + read.compartment.size() +
                read.action.size() + read.object_id.size() + 8);
  for (const char c : kPurpose) input.push_back(static_cast<uint8_t>(c));
  AppendId(input, device_id);
  AppendId(input, read.case_id);
  AppendLengthPrefixed(input, AsBytes(read.compartment));
  AppendLengthPrefixed(input, AsBytes(read.action));
  AppendLengthPrefixed(input, AsBytes(read.object_id));
  AppendU64(input, static_cast<uint64_t>(read.happened_at_micros));
  return input;
}

}  // namespace casevault::sync
