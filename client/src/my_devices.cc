#include "casevault/client/my_devices.h"

namespace casevault::client {

Result<std::vector<MyDevice>> ListMyDevices(HttpsTransport& server) {
  CV_ASSIGN_OR_RETURN(sync::ApiForm reply, server.CallForm("GET", "/v1/devices", sync::ApiForm()));
  CV_ASSIGN_OR_RETURN(int64_t count, reply.GetInt("count"));
  std::vector<MyDevice> devices;
  for (int64_t i = 0; i < count; ++i) {
    CV_ASSIGN_OR_RETURN(std::string entry, reply.Get("device_" + std::to_string(i)));
    const size_t colon = entry.find(':');
    Result<Id128> id = Id128::FromHex(entry.substr(0, colon));
    if (colon == std::string::npos || !id.ok()) {
      return InvalidArgumentError("the server listed a malformed device: " + entry);
    }
    devices.push_back({*id, entry.substr(colon + 1) == "1"});
  }
  return devices;
}

Status RevokeMyDevice(HttpsTransport& server, const Id128& device_id) {
  return server
      .CallForm("POST", "/v1/devices/revoke", sync::ApiForm().Set("device", device_id.ToHex()))
      .status();
}

}  // namespace casevault::client
