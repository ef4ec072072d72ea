// CuttingProxy: a loopback TCP proxy between an HTTPS client and casevault-server that passes
// every byte both ways (TLS and the pinned certificate stay end to end) until told to cut, so a
// test can lose a request before the server sees it, or a reply after the server acted on it,
// or cut a long transfer in its middle (after a number of bytes in one direction).
// When the server closes a connection, the proxy passes the close on but quietly drops what the
// client sends afterwards, as a distant server looks (on loopback the client's next write would
// meet the reset at once).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "casevault/base/result.h"

namespace casevault::client {

class CuttingProxy {
 public:
  // Which bytes a cut drops; the connection carrying them is then closed both ways.
  enum class Cut {
    kRequest,  // the client's next bytes: the server never sees them
    kReply,    // the server's next bytes: the client never sees them
  };

  // Listens on a free loopback port and forwards each connection to 127.0.0.1:`target_port`.
  // IoError when the socket cannot be set up.
  static Result<std::unique_ptr<CuttingProxy>> Start(int target_port);
  // Closes every connection and stops.
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  // The port clients connect to.
  int port() const { return port_; }
  // Cuts the next `times` transfers in direction `where`, each at its first bytes.
  void CutNext(Cut where, size_t times);
  // Cuts once in direction `where`, after passing the next `bytes` bytes that go that way (on
  // any connection): the connection carrying the byte after them is closed both ways.
  void CutAfter(Cut where, size_t bytes);
  // Connections accepted so far.
  size_t connections() const;
  // Cuts made so far.
  size_t cuts() const;

 private:
  CuttingProxy(int listener, int port, int target_port);
  // Accepts, forwards and cuts until the destructor wakes it.
  void Run();
  // Of `size` bytes arriving in direction `where`, how many to pass before closing their
  // connection (and counts the cut); nullopt to pass them all and keep it open.
  std::optional<size_t> TakeCut(Cut where, size_t size);

  const int listener_;
  const int port_;
  const int target_port_;
  int wake_[2] = {-1, -1};
  mutable std::mutex mutex_;
  Cut cut_ = Cut::kRequest;
  size_t cuts_left_ = 0;
  // Bytes to pass in direction cut_ before the next cut.
  size_t pass_before_cut_ = 0;
  size_t cuts_ = 0;
  size_t connections_ = 0;
  std::thread thread_;
};

}  // namespace casevault::client
