#include "sodium_init.h"

#include <sodium.h>

#include <cstdlib>

namespace casevault::crypto {

void EnsureSodiumInitialized() {
  static const bool initialized = [] {
    if (sodium_init() < 0) std::abort();
    return true;
  }();
  (void)initialized;
}

}  // namespace casevault::crypto
