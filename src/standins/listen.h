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
#include <map>
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

// One HTTP/1.1 request: method, path (with the query), lower-case header names, a Content-Length body (no chunked
// bodies). read_request returns false when the connection ends before a whole request; `too_large` is set (and
// false returned) when the body would exceed max_body or its length is not a number.
struct HttpRequest {
  std::string method, path, body;
  std::map<std::string, std::string> headers;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

inline bool read_request(Conn& c, HttpRequest& r, size_t max_body, bool& too_large) {
  too_large = false;
  std::string line;
  if (!c.line(line, 8192)) return false;
  auto sp = line.find(' ');
  if (sp == std::string::npos) return false;
  r.method = line.substr(0, sp);
  r.path = line.substr(sp + 1);
  r.path = r.path.substr(0, r.path.find(' '));
  while (c.line(line, 8192) && !line.empty()) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string k = line.substr(0, colon), v = line.substr(colon + 1);
    for (auto& ch : k) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    r.headers[k] = v;
  }
  size_t len = 0;
  const std::string cl = r.header("content-length");
  if (!cl.empty()) {
    if (cl.find_first_not_of("0123456789") != std::string::npos || cl.size() > 12) return too_large = true, false;
    len = std::stoul(cl);
  }
  if (len > max_body) return too_large = true, false;
  return c.bytes(r.body, len);
}

// Writes a whole response and asks the client to close.
inline void respond(Conn& c, int status, const std::string& content_type, const std::string& body) {
  c.write("HTTP/1.1 " + std::to_string(status) + (status < 400 ? " OK" : " Error") + "\r\nContent-Type: " + content_type +
          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
}

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
