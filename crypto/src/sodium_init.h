// Private to crypto/: makes sure libsodium is initialised before any primitive is used.
#pragma once

namespace casevault::crypto {

// Initialises libsodium once per process (thread-safe); aborts if the library cannot start,
// since no cryptography can then be trusted.
void EnsureSodiumInitialized();

}  // namespace casevault::crypto
