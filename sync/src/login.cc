#include "casevault/sync/login.h"

#include <algorithm>
#include <string_view>

namespace casevault::sync {

Bytes LoginSigningInput(ByteView challenge, const Id128& device_id) {
  constexpr std::string_view kPurpose = "casevault.login.v1";
  // Written into a presized buffer: GCC 12 at -O2 misreads appends after a range construction.
  Bytes input(kPurpose.size() + Id128::kSize + challenge.size());
  auto out = std::copy(kPurpose.begin(), kPurpose.end(), input.begin());
  out = std::copy(device_id.bytes.begin(), device_id.bytes.end(), out);
  std::copy(challenge.begin(), challenge.end(), out);
  return input;
}

}  // namespace casevault::sync
