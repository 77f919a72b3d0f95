// Stand-ins for tests and the demo (not part of the server): a listening TCP socket on loopback and a
// thread per connection, plus line I/O on a socket. Header-only; POSIX.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace motcua::standins {

// Reads from a socket with a small buffer: lines (CRLF or LF, terminator removed) and exact byte counts.
class Conn {
 public:
  explicit Conn(int fd) : fd_(fd) {}
  ~Conn() { ::close(fd_); }
  // False at end of stream or when the line exceeds max bytes.
  bool line(std::string& out, size_t max = 64 * 1024) {
    out.clear();
    for (;;) {
      auto nl = buf_.find('\n');
      if (nl != std::string::npos) {
        out = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        if (!out.empty() && out.back() == '\r') out.pop_back();
        return true;
      }
      if (buf_.size() > max || !fill()) return false;
    }
  }
  bool bytes(std::string& out, size_t n) {
    while (buf_.size() < n)
      if (!fill()) return false;
    out = buf_.substr(0, n);
    buf_.erase(0, n);
    return true;
  }
  void write(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t w = ::send(fd_, s.data() + off, s.size() - off, MSG_NOSIGNAL);
      if (w <= 0) return;
      off += static_cast<size_t>(w);
    }
  }

 private:
  bool fill() {
    char tmp[8192];
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }
  int fd_;
  std::string buf_;
};

// Listens on host:port (0 = any free port), writes the bound port to port_file (atomically) when given,
// and runs serve(fd) on a new detached thread for every connection. Never returns.
[[noreturn]] inline void serve_forever(const std::string& host, int port, const std::string& port_file, const std::function<void(int)>& serve) {
  ::signal(SIGPIPE, SIG_IGN);
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1) throw std::runtime_error("bad host " + host);
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(s, 128) != 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno));
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  int bound = ntohs(a.sin_port);
  if (!port_file.empty()) {
    std::ofstream(port_file + ".tmp") << bound << "\n";
    std::filesystem::rename(port_file + ".tmp", port_file);
  }
  std::fprintf(stderr, "listening on %s:%d\n", host.c_str(), bound);
  for (;;) {
    int c = ::accept(s, nullptr, nullptr);
    if (c < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE) continue;
      throw std::runtime_error(std::string("accept: ") + std::strerror(errno));
    }
    std::thread([serve, c] { serve(c); }).detach();
  }
}

}  // namespace motcua::standins
