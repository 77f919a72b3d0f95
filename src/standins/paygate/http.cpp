// motcua-paygate: forms, JSON answers, redirects and the outgoing HTTP/1.1 client (see http.h).
#include "standins/paygate/http.h"

#include <netdb.h>
#include <sys/time.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace motcua::standins::paygate {

using nlohmann::json;

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One request (method, target, headers and body already formatted after the request line's target).
Outgoing http_call(const std::string& method, const std::string& url, const std::string& extra_headers, const std::string& body, int timeout_s) {
  Outgoing r;
  auto fail = [&r](std::string why) {
    r.error = std::move(why);
    return r;
  };
  if (url.rfind("http://", 0) != 0) return fail("only http:// IPN URLs are supported");
  std::string rest = url.substr(7);
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash), target = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = authority, port = "80";
  if (auto colon = authority.rfind(':'); colon != std::string::npos) host = authority.substr(0, colon), port = authority.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return fail("cannot resolve " + host);
  int fd = -1, connect_errno = 0;
  for (addrinfo* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{};
    tv.tv_sec = timeout_s;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    connect_errno = errno;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  if (fd < 0) return fail("cannot connect to " + authority + ": " + std::strerror(connect_errno));
  const std::string req = method + " " + target + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: motcua-paygate\r\nAccept: application/json\r\n" +
                          extra_headers + "Connection: close\r\n\r\n" + body;
  size_t off = 0;
  while (off < req.size()) {
    ssize_t w = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  std::string raw;
  char buf[8192];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
    if (raw.size() > (1u << 20)) break;
  }
  ::close(fd);
  const size_t head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/", 0) != 0 || head_end == std::string::npos) return fail(raw.empty() ? "no answer" : "not an HTTP answer");
  const size_t sp = raw.find(' ');
  r.status = std::atoi(raw.c_str() + sp + 1);
  std::string head = raw.substr(0, head_end);
  for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string answer = raw.substr(head_end + 4);
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    std::string out;
    size_t pos = 0;
    for (;;) {
      size_t eol = answer.find("\r\n", pos);
      if (eol == std::string::npos) break;
      size_t len = std::strtoul(answer.substr(pos, eol - pos).c_str(), nullptr, 16);
      if (len == 0 || eol + 2 + len > answer.size()) break;
      out += answer.substr(eol + 2, len);
      pos = eol + 2 + len + 2;
    }
    answer = out;
  } else if (auto cl = head.find("\r\ncontent-length:"); cl != std::string::npos) {
    size_t len = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
    if (len < answer.size()) answer.resize(len);
  }
  r.body = answer;
  return r;
}

}  // namespace

std::map<std::string, std::string> parse_form(const std::string& body) {
  auto decode = [](const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') out += ' ';
      else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0)
        out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])), i += 2;
      else out += s[i];
    }
    return out;
  };
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    std::string kv = body.substr(start, end - start);
    start = end + 1;
    auto eq = kv.find('=');
    if (eq == std::string::npos) out.emplace(decode(kv), "");
    else out.emplace(decode(kv.substr(0, eq)), decode(kv.substr(eq + 1)));
  }
  return out;
}

void respond_json(Conn& c, int status, const json& body) {
  respond(c, status, "application/json; charset=utf-8", body.dump(-1, ' ', false, json::error_handler_t::replace));
}

void redirect(Conn& c, const std::string& location) {
  c.write("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nCache-Control: no-store\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

Outgoing http_get(const std::string& url, int timeout_s) { return http_call("GET", url, "", "", timeout_s); }

Outgoing http_post_json(const std::string& url, const std::string& json_body, int timeout_s) {
  return http_call("POST", url, "Content-Type: application/json; charset=utf-8\r\nContent-Length: " + std::to_string(json_body.size()) + "\r\n", json_body,
                   timeout_s);
}

}  // namespace motcua::standins::paygate
