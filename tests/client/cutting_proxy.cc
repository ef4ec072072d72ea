#include "cutting_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace casevault::client {
namespace {

Status SocketError(const std::string& what) {
  return IoError("proxy " + what + ": " + std::strerror(errno));
}

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Sends all of `data` to `fd`; false when the connection is gone.
bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t sent = send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<size_t>(sent);
  }
  return true;
}

// A client's connection and the proxy's connection to the server for it (-1 once the server
// closed it; poll skips it then).
struct Pair {
  int client;
  int server;
};

void Close(const Pair& pair) {
  close(pair.client);
  if (pair.server >= 0) close(pair.server);
}

}  // namespace

Result<std::unique_ptr<CuttingProxy>> CuttingProxy::Start(int target_port) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) return SocketError("socket");
  sockaddr_in address = Loopback(0);
  socklen_t size = sizeof(address);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      listen(listener, 16) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    const Status error = SocketError("listen");
    close(listener);
    return error;
  }
  std::unique_ptr<CuttingProxy> proxy(
      new CuttingProxy(listener, ntohs(address.sin_port), target_port));
  if (pipe(proxy->wake_) != 0) return SocketError("pipe");
  proxy->thread_ = std::thread([raw = proxy.get()] { raw->Run(); });
  return proxy;
}

CuttingProxy::CuttingProxy(int listener, int port, int target_port)
    : listener_(listener), port_(port), target_port_(target_port) {}

CuttingProxy::~CuttingProxy() {
  if (thread_.joinable()) {
    const char stop = 0;
    if (write(wake_[1], &stop, 1) == 1) thread_.join();
  }
  for (int fd : {wake_[0], wake_[1], listener_}) {
    if (fd >= 0) close(fd);
  }
}

void CuttingProxy::CutNext(Cut where, size_t times) {
  std::lock_guard lock(mutex_);
  cut_ = where;
  cuts_left_ = times;
  pass_before_cut_ = 0;
}

void CuttingProxy::CutAfter(Cut where, size_t bytes) {
  std::lock_guard lock(mutex_);
  cut_ = where;
  cuts_left_ = 1;
  pass_before_cut_ = bytes;
}

size_t CuttingProxy::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

size_t CuttingProxy::cuts() const {
  std::lock_guard lock(mutex_);
  return cuts_;
}

std::optional<size_t> CuttingProxy::TakeCut(Cut where, size_t size) {
  std::lock_guard lock(mutex_);
  if (cuts_left_ == 0 || cut_ != where) return std::nullopt;
  if (size <= pass_before_cut_) {
    pass_before_cut_ -= size;
    return std::nullopt;
  }
  const size_t pass = pass_before_cut_;
  pass_before_cut_ = 0;
  --cuts_left_;
  ++cuts_;
  return pass;
}

void CuttingProxy::Run() {
  std::vector<Pair> pairs;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
    for (const Pair& pair : pairs) {
      fds.push_back({pair.client, POLLIN, 0});
      fds.push_back({pair.server, POLLIN, 0});
    }
    if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) break;
    std::vector<Pair> open;
    for (size_t i = 0; i < pairs.size(); ++i) {
      Pair pair = pairs[i];
      bool alive = true;
      for (const bool from_client : {true, false}) {
        if (!alive || fds[2 + 2 * i + (from_client ? 0 : 1)].revents == 0) continue;
        const ssize_t got =
            recv(from_client ? pair.client : pair.server, buffer.data(), buffer.size(), 0);
        if (got <= 0 && !from_client) {
          // The server closed: the client learns it, but what it sends meanwhile is dropped
          // without a reset, as over a network.
          shutdown(pair.client, SHUT_WR);
          close(pair.server);
          pair.server = -1;
        } else if (got <= 0) {
          alive = false;
        } else {
          const size_t size = static_cast<size_t>(got);
          const std::optional<size_t> cut =
              TakeCut(from_client ? Cut::kRequest : Cut::kReply, size);
          const size_t pass = cut.value_or(size);
          if (pass > 0 && pair.server >= 0) {
            alive = SendAll(from_client ? pair.server : pair.client, buffer.data(), pass);
          }
          if (cut) alive = false;
        }
      }
      if (alive) {
        open.push_back(pair);
      } else {
        Close(pair);
      }
    }
    pairs = std::move(open);
    if (fds[1].revents != 0) {
      const int client = accept(listener_, nullptr, nullptr);
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      const sockaddr_in target = Loopback(target_port_);
      if (client >= 0 && server >= 0 &&
          connect(server, reinterpret_cast<const sockaddr*>(&target), sizeof(target)) == 0) {
        pairs.push_back({client, server});
        std::lock_guard lock(mutex_);
        ++connections_;
      } else {
        for (int fd : {client, server}) {
          if (fd >= 0) close(fd);
        }
      }
    }
  }
  for (const Pair& pair : pairs) Close(pair);
}

}  // namespace casevault::client
