// Fresh random identifiers.
#pragma once

#include "casevault/base/id.h"

namespace casevault::crypto {

// A new uniformly random 128-bit id (collisions are negligible: 2^-64 after 2^32 ids).
Id128 NewRandomId();

}  // namespace casevault::crypto
