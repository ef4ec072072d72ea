// The user's own enrolled devices, as the server lists them, and revoking a lost one.
#pragma once

#include <vector>

#include "casevault/base/id.h"
#include "casevault/base/result.h"
#include "casevault/client/https_transport.h"

namespace casevault::client {

// One of the user's devices.
struct MyDevice {
  Id128 device_id;
  bool revoked = false;
};

// The devices enrolled for the user of `server`'s device, revoked ones included.
Result<std::vector<MyDevice>> ListMyDevices(HttpsTransport& server);
// Revokes `device_id`, one of the user's devices (PermissionDenied for anyone else's): the
// server refuses it from its next request and tells it to wipe its copies; the other members'
// next sync rotates the keys it held.
Status RevokeMyDevice(HttpsTransport& server, const Id128& device_id);

}  // namespace casevault::client
