// Private to client/: how HttpsTransport recovers when its one keep-alive connection to the
// server is gone.
//
// cpp-httplib 0.11.4 reuses a kept-alive socket unless a peek at it reads end-of-file. A TLS
// server that closes an idle connection (casevault-server does after its keep-alive timeout)
// first sends a close_notify alert, so the peek reads those bytes and the client writes its
// next request into the dead connection: the request is written (or fails with Error::Write)
// and reading the reply fails with Error::Read, although the server never saw the request.
#pragma once

#include <httplib.h>

namespace casevault::client {

// Whether the server may receive a request twice without harm, so it may be sent again after
// its reply was lost: kSafe when the server keeps its effect once (pushes by op id, chunk puts
// by hash, agreements, shared key copies) or it has none (reads); the access log then shows the
// two requests, as made. kUnsafe when a repeat would fail (one-time codes and challenges, epoch
// creation) or record something twice (offline reads uploaded into the access log).
enum class Repeat { kSafe, kUnsafe };

// True when `client` holds a kept-alive connection the server has closed or is closing: an idle
// HTTP/1.1 connection has nothing to read, so anything readable (a close_notify alert, end of
// file, a reset) means it cannot carry another request. The caller drops it (stop()) so the
// request goes out on a new connection.
bool ServerClosedIdleConnection(const httplib::ClientImpl& client);

// Whether a request that failed with `error` (never an HTTP status) is sent once more, on a new
// connection: when the error proves the server did not receive the whole request (no
// connection, failed TLS handshake, request not written), or when the request was written but
// no reply came back (Read) and `repeat` is kSafe. Never after a certificate mismatch or a
// connection timeout, nor for any other error.
bool MayResend(httplib::Error error, Repeat repeat);

}  // namespace casevault::client
