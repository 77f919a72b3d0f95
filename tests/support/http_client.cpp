#include "support/http_client.h"
#include "support/openapi_check.h"
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <strings.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#ifndef MOTCUA_BIN
#define MOTCUA_BIN "motcua"
#endif

namespace motcua::testing {

namespace {
int connect_to(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{30, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}
}  // namespace

std::string raw_request(uint16_t port, const std::string& bytes) {
  int fd = connect_to(port);
  if (fd < 0) throw std::runtime_error("connect failed");
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

HttpResult http_request(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\n";
  bool has_ct = false;
  for (const auto& [k, v] : headers) {
    req += k + ": " + v + "\r\n";
    if (strcasecmp(k.c_str(), "Content-Length") == 0) has_ct = true;
  }
  if (!has_ct && (!body.empty() || method == "POST" || method == "PUT")) req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  std::string raw = raw_request(port, req);
  HttpResult r;
  size_t hdr_end = raw.find("\r\n\r\n");
  if (hdr_end == std::string::npos) throw std::runtime_error("bad response: " + raw.substr(0, 200));
  std::string head = raw.substr(0, hdr_end);
  r.status = std::atoi(head.substr(9, 3).c_str());
  size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos < head.size()) {
    size_t next = head.find("\r\n", pos + 2);
    std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      auto& slot = r.headers[line.substr(0, colon)];
      slot = slot.empty() ? v : slot + ", " + v;
    }
    pos = next;
  }
  r.body = raw.substr(hdr_end + 4);
  if (r.header("Transfer-Encoding") == "chunked") {
    std::string out, &in = r.body;
    size_t p = 0;
    while (p < in.size()) {
      size_t le = in.find("\r\n", p);
      size_t n = std::strtoul(in.substr(p, le - p).c_str(), nullptr, 16);
      if (n == 0) break;
      out += in.substr(le + 2, n);
      p = le + 2 + n + 2;
    }
    r.body = out;
  }
  // Every API response the tests see conforms to docs/api/openapi.yaml (support/openapi_check.h).
  if (target.rfind("/api/v1/", 0) == 0 && r.header("Content-Encoding").empty() && method != "HEAD")
    for (const auto& problem : check_response(method, target, r.status, r.header("Content-Type"), r.body)) ADD_FAILURE() << "OpenAPI: " << problem;
  return r;
}

std::string make_temp_dir(const std::string& prefix) {
  std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  return buf.data();
}

ServerProcess::ServerProcess(std::vector<std::string> extra, std::vector<std::string> env, ProcessOptions opts) {
  dir_ = make_temp_dir("motcua-api-");
  std::string port_file = dir_ + "/port";
  std::vector<std::string> args = {MOTCUA_BIN, "serve", "--data", dir_, "--port", "0", "--port-file", port_file,
                                   "--web-root", MOTCUA_SOURCE_DIR, "--log-level", "warn"};
  for (auto& a : extra) args.push_back(a);
  env.insert(env.begin(), "MOTCUA_FAST_HASH=1");  // tests: Argon2id at minimal cost
  // Messages are delivered by the outbox job: look often so tests see them within a fraction of a second.
  env.insert(env.begin(), {"MOTCUA_JOB_TICK_MS=100", "MOTCUA_NOTIFY_PERIOD_MS=100", "MOTCUA_NATIONAL_PERIOD_MS=100"});
  pid_ = fork();
  if (pid_ == 0) {
    // A test that dies (an ASan abort, a timeout) takes its server with it: an orphan holding the test's
    // output pipe would keep ctest waiting until its timeout.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (opts.open_files > 0) {
      rlimit rl{static_cast<rlim_t>(opts.open_files), static_cast<rlim_t>(opts.open_files)};
      if (setrlimit(RLIMIT_NOFILE, &rl) != 0) _exit(126);
    }
    if (opts.capture_stderr) {
      int fd = ::open((dir_ + "/stderr.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0 || dup2(fd, 2) < 0) _exit(126);
    }
    for (auto& e : env) putenv(const_cast<char*>(strdup(e.c_str())));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 600; ++i) {
    std::ifstream in(port_file);
    int p = 0;
    if (in >> p && p > 0) {
      port_ = static_cast<uint16_t>(p);
      return;
    }
    int st;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("motcua serve exited during start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("motcua serve did not start within 30 s");
}

std::string ServerProcess::login(const std::string& username, const std::string& password) {
  token_.clear();
  auto r = post_json("/api/v1/auth/login", {{"username", username}, {"password", password}});
  if (r.status != 200) throw std::runtime_error("login " + username + " failed: " + r.body);
  token_ = r.json()["token"];
  return token_;
}

bool ServerProcess::running() {
  if (pid_ <= 0) return false;
  int st = 0;
  if (waitpid(pid_, &st, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::string ServerProcess::log() const {
  std::ifstream in(dir_ + "/stderr.log", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 400; ++i) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace motcua::testing
