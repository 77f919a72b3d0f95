// HTTP/1.1 server on Boost.Beast/Asio. The only file that includes Beast is server.cpp.
//
// Contract:
//  - I/O threads accept and parse; handlers run on a separate worker pool (database work never blocks
//    the I/O threads) unless their route is marked inline_io.
//  - Limits: header size (431), body size per route or default (413, checked against Content-Length
//    before reading), read timeout (connection closed), idle keep-alive timeout, max connections
//    (503 + close beyond it). A target that parse_target refuses (invalid UTF-8, control characters, NUL)
//    or a header value with control characters → 400.
//  - Nothing escapes a connection's handlers: any exception is logged and that connection closed.
//  - Accept errors for lack of descriptors (EMFILE/ENFILE) back the accept loop off (50 → 500 ms);
//    accept errors are logged at most once per 10 s with a count.
//  - Every response goes through http::finalize (security headers, gzip) and is logged as one JSON line
//    (request id, method, path without query, status, duration); metrics are recorded per route.
//  - A response with `events` (http::EventStream, GET, 200) becomes a server-sent event stream: headers without a
//    length, then what the stream's poll() returns (polled on a worker, written on the connection's strand), a
//    comment every 15 s of silence, closed at the stream's end, its max_seconds, a write error or shutdown.
//  - run() blocks until stop() or SIGINT/SIGTERM: then the listener closes, idle connections close,
//    in-flight requests finish (up to shutdown_grace_s) and run() returns.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/router.h"

namespace motcua::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = any free port (see port())
  int io_threads = 1;
  int workers = 4;
  size_t header_limit = 16 * 1024;
  size_t body_limit = 1024 * 1024;
  int read_timeout_s = 30;
  int idle_timeout_s = 75;
  int max_connections = 4096;
  int shutdown_grace_s = 10;
  bool handle_signals = true;
};

// Raises the soft RLIMIT_NOFILE to the hard limit. Values are -1 when unlimited.
struct FdLimit {
  long before = 0, soft = 0, hard = 0;
};
FdLimit raise_open_file_limit();

class Server {
 public:
  Server(ServerConfig cfg, const Router& router, Metrics& metrics);
  ~Server();
  // Binds the listening socket (throws with a readable message if the port is taken).
  void listen();
  uint16_t port() const;
  void run();
  void stop();

 public:
  struct Impl;  // defined in server.cpp

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace motcua::http
