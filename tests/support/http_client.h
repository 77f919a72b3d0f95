// Test support: a minimal blocking HTTP/1.1 client (one request per connection, no Beast) and a
// ServerProcess that starts the real `motcua serve` binary on a free port against a fresh data
// directory, waits until it listens, and stops it with SIGTERM on destruction.
#pragma once
#include <nlohmann/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "http/message.h"

namespace motcua::testing {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string, http::CaseLess> headers;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  // The error details as one string (for "message contains" checks).
  std::string dump_details() const {
    auto j = nlohmann::json::parse(body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].dump() : body;
  }
  std::string header(const std::string& n) const {
    auto it = headers.find(n);
    return it == headers.end() ? "" : it->second;
  }
};

HttpResult http_request(uint16_t port, const std::string& method, const std::string& target, const std::string& body = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {});
// Sends raw bytes and returns the raw response (for malformed-request tests).
std::string raw_request(uint16_t port, const std::string& bytes);

// How the server process is started (robustness tests).
struct ProcessOptions {
  long open_files = 0;          // > 0: soft and hard RLIMIT_NOFILE of the child (like `ulimit -n`)
  bool capture_stderr = false;  // the log goes to <data_dir>/stderr.log instead of the test's stderr
};

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args = {}, std::vector<std::string> env = {}, ProcessOptions opts = {});
  ~ServerProcess();
  // True while the process has not exited.
  bool running();
  // The captured log (ProcessOptions::capture_stderr).
  std::string log() const;
  uint16_t port() const { return port_; }
  const std::string& data_dir() const { return dir_; }
  // Sends SIGTERM and returns the exit status (or -1 on timeout).
  int stop();
  // kill -9: the process dies at once, in the middle of whatever it was doing (crash tests).
  void kill_hard();
  // Signs in through POST /api/v1/auth/login; later requests carry the bearer token. Returns the token.
  std::string login(const std::string& username, const std::string& password = "demo1234");
  void logout_local() { token_.clear(); }
  std::string bearer() const { return "Bearer " + token_; }
  HttpResult get(const std::string& target, std::vector<std::pair<std::string, std::string>> h = {}) const {
    if (!token_.empty()) h.emplace_back("Authorization", "Bearer " + token_);
    return http_request(port_, "GET", target, "", h);
  }
  HttpResult post_json(const std::string& target, const nlohmann::json& body, const std::string& method = "POST") const {
    std::vector<std::pair<std::string, std::string>> h = {{"Content-Type", "application/json"}};
    if (!token_.empty()) h.emplace_back("Authorization", "Bearer " + token_);
    return http_request(port_, method, target, body.dump(), h);
  }

 private:
  int pid_ = -1;
  uint16_t port_ = 0;
  std::string dir_;
  std::string token_;
};

std::string make_temp_dir(const std::string& prefix);

}  // namespace motcua::testing
