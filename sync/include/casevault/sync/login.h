// Login: what a device signs to prove to the server that it holds its enrolled key.
#pragma once

#include "casevault/base/bytes.h"
#include "casevault/base/id.h"

namespace casevault::sync {

// The bytes a device signs to log in: "casevault.login.v1" | device id (16) | the server's
// challenge. Naming the purpose keeps the signature useless as anything but this login.
Bytes LoginSigningInput(ByteView challenge, const Id128& device_id);

}  // namespace casevault::sync
