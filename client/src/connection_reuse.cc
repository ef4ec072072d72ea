#include "connection_reuse.h"

#include <poll.h>

namespace casevault::client {

bool ServerClosedIdleConnection(const httplib::ClientImpl& client) {
  if (client.is_socket_open() == 0) return false;
  pollfd connection{.fd = client.socket(), .events = POLLIN, .revents = 0};
  return poll(&connection, 1, 0) != 0;
}

bool MayResend(httplib::Error error, Repeat repeat) {
  switch (error) {
    case httplib::Error::Connection:
    case httplib::Error::SSLConnection:
    case httplib::Error::Write:
      return true;
    case httplib::Error::Read:
      return repeat == Repeat::kSafe;
    default:
      return false;
  }
}

}  // namespace casevault::client
