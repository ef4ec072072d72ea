#include "casevault/crypto/random_id.h"

#include <sodium.h>

#include "sodium_init.h"

namespace casevault::crypto {

Id128 NewRandomId() {
  EnsureSodiumInitialized();
  Id128 id;
  randombytes_buf(id.bytes.data(), id.bytes.size());
  return id;
}

}  // namespace casevault::crypto
