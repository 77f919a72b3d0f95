// Test support: the stand-ins of src/standins as child processes — the SMTP server writing a Maildir
// (motcua-smtp) and the HTTP gateway recording JSON lines (motcua-gateway) — on free ports in a fresh
// temp directory; stopped on destruction. Helpers read what they received.
#pragma once
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"

namespace motcua::testing {

// The complete lines of a JSON-lines file a stand-in is appending to: a last line without its newline is still being
// written and is left for the next read.
inline std::vector<nlohmann::json> read_jsonl(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && !in.eof()) out.push_back(nlohmann::json::parse(line));
  return out;
}

class StandIn {
 public:
  // args after the binary; "{dir}" in an argument is replaced by this stand-in's directory.
  StandIn(const std::string& bin, std::vector<std::string> args) : dir_(make_temp_dir("motcua-standin-")) {
    std::string port_file = dir_ + "/port";
    for (auto& a : args)
      if (auto p = a.find("{dir}"); p != std::string::npos) a.replace(p, 5, dir_);
    args.insert(args.begin(), bin);
    args.insert(args.end(), {"--port", "0", "--port-file", port_file});
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test (see ServerProcess)
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 400 && port_ == 0; ++i) {
      std::ifstream in(port_file);
      if (!(in >> port_)) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (port_ == 0) throw std::runtime_error("stand-in " + bin + " did not start");
  }
  ~StandIn() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  StandIn(const StandIn&) = delete;
  StandIn& operator=(const StandIn&) = delete;
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  int pid_ = -1;
  int port_ = 0;
};

// motcua-smtp with its Maildir at <dir>/mail and the "down" switch at <dir>/down.
struct SmtpSink {
  StandIn p;
  explicit SmtpSink(bool dedupe = true)
      : p(MOTCUA_SMTP_BIN, dedupe ? std::vector<std::string>{"--maildir", "{dir}/mail", "--down-file", "{dir}/down", "--dedupe"}
                                  : std::vector<std::string>{"--maildir", "{dir}/mail", "--down-file", "{dir}/down"}) {}
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(p.port()); }
  void down(bool is_down) const {
    if (is_down) std::ofstream(p.dir() + "/down") << "down\n";
    else std::filesystem::remove(p.dir() + "/down");
  }
  // The messages in new/, oldest first (file contents).
  std::vector<std::string> messages() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(p.dir() + "/mail/new")) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> out;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      out.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    return out;
  }
  std::vector<std::string> wait_for(size_t n, int timeout_ms = 20000) const {
    auto m = messages();
    for (int waited = 0; m.size() < n && waited < timeout_ms; waited += 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      m = messages();
    }
    return m;
  }
  size_t duplicates() const {
    std::ifstream in(p.dir() + "/mail/duplicates.log");
    size_t n = 0;
    std::string line;
    while (std::getline(in, line)) ++n;
    return n;
  }
};

// motcua-gateway recording to <dir>/requests.jsonl, failing while <dir>/fail exists.
struct GatewaySink {
  StandIn p{MOTCUA_GATEWAY_BIN, {"--log", "{dir}/requests.jsonl", "--fail-file", "{dir}/fail", "--webhook-secrets-file", "{dir}/webhook-secrets"}};
  // The secrets a webhook to <url("/webhook…")> must be signed with (one per line).
  void webhook_secrets(const std::vector<std::string>& secrets) const {
    std::ofstream out(p.dir() + "/webhook-secrets");
    for (const auto& s : secrets) out << s << "\n";
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(p.port()) + path; }
  void fail(bool failing) const {
    if (failing) std::ofstream(p.dir() + "/fail") << "503\n";
    else std::filesystem::remove(p.dir() + "/fail");
  }
  std::vector<nlohmann::json> requests() const { return read_jsonl(p.dir() + "/requests.jsonl"); }
  std::vector<nlohmann::json> wait_for(size_t n, int timeout_ms = 20000) const {
    auto r = requests();
    for (int waited = 0; r.size() < n && waited < timeout_ms; waited += 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      r = requests();
    }
    return r;
  }
};

// motcua-national (the national portal's sync endpoint) checking payloads against data/national/schema.json,
// recording what it accepted to <dir>/accepted.jsonl, controlled by <dir>/control ("down", "timeout", a status).
struct NationalPortal {
  StandIn p{MOTCUA_NATIONAL_BIN, {"--schema", std::string(MOTCUA_SOURCE_DIR) + "/data/national/schema.json", "--log", "{dir}/accepted.jsonl",
                                  "--control-file", "{dir}/control", "--client-id", "motcua-test", "--client-secret", "bi-mat-kiem-thu"}};
  std::string base() const { return "http://127.0.0.1:" + std::to_string(p.port()); }
  // The server's flags to sync with this stand-in.
  std::vector<std::string> server_args() const {
    return {"--national-url", base() + "/api", "--national-token-url", base() + "/token", "--national-client-id", "motcua-test",
            "--national-client-secret", "bi-mat-kiem-thu", "--national-backoff-ms", "200", "--national-data-url", base()};
  }
  // The population / business registration lookups it answered (services/natdb).
  std::vector<nlohmann::json> lookups() const { return read_jsonl(p.dir() + "/accepted.jsonl.lookups.jsonl"); }
  void control(const std::string& mode) const {
    if (mode.empty()) std::filesystem::remove(p.dir() + "/control");
    else std::ofstream(p.dir() + "/control") << mode << "\n";
  }
  std::vector<nlohmann::json> accepted() const { return read_jsonl(p.dir() + "/accepted.jsonl"); }
  nlohmann::json stats() const { return nlohmann::json::parse(http_request(static_cast<uint16_t>(p.port()), "GET", "/stats", "", {}).body); }
  // Waits until `n` payloads were accepted (or the timeout); returns them.
  std::vector<nlohmann::json> wait_for(size_t n, int timeout_ms = 30000) const {
    auto r = accepted();
    for (int waited = 0; r.size() < n && waited < timeout_ms; waited += 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      r = accepted();
    }
    return r;
  }
};


// motcua-paygate: the VNPAY sandbox (merchant MOTCUA01) and the national payment platform's (PayGov, partner
// MOTCUA-PG). VNPAY's IPN goes to the URL in <dir>/ipn_url, written once the server's port is known
// (set_ipn_target); PayGov notifies the ipnUrl of each payment. Modes through <dir>/control.
struct Paygate {
  static constexpr const char* kTmn = "MOTCUA01";
  static constexpr const char* kSecret = "bi-mat-vnpay-kiem-thu";
  static constexpr const char* kPaygovPartner = "MOTCUA-PG";
  static constexpr const char* kPaygovAccess = "ak-motcua-kiem-thu";
  static constexpr const char* kPaygovSecret = "bi-mat-paygov-kiem-thu";
  StandIn p{MOTCUA_PAYGATE_BIN, {"--log", "{dir}/log.jsonl", "--control-file", "{dir}/control", "--tmn-code", kTmn, "--secret", kSecret,
                                 "--ipn-url-file", "{dir}/ipn_url", "--paygov-partner-code", kPaygovPartner, "--paygov-access-key", kPaygovAccess,
                                 "--paygov-secret", kPaygovSecret}};
  std::string base() const { return "http://127.0.0.1:" + std::to_string(p.port()); }
  std::vector<std::string> server_args() const {
    return {"--vnpay-url", base() + "/paymentv2/vpcpay.html", "--vnpay-api-url", base() + "/merchant_webapi/api/transaction",
            "--vnpay-tmn-code", kTmn, "--vnpay-secret", kSecret, "--refund-period-ms", "200",
            "--paygov-api-url", base() + "/paygov/api", "--paygov-partner-code", kPaygovPartner, "--paygov-access-key", kPaygovAccess,
            "--paygov-secret", kPaygovSecret};
  }
  void set_ipn_target(uint16_t server_port) const {
    std::ofstream(p.dir() + "/ipn_url") << "http://127.0.0.1:" << server_port << "/api/v1/payments/vnpay/ipn\n";
  }
  void control(const std::string& mode) const {
    if (mode.empty()) std::filesystem::remove(p.dir() + "/control");
    else std::ofstream(p.dir() + "/control") << mode << "\n";
  }
  nlohmann::json stats() const { return nlohmann::json::parse(http_request(static_cast<uint16_t>(p.port()), "GET", "/stats", "", {}).body); }
  HttpResult resend(const std::string& txn_ref) const {
    return http_request(static_cast<uint16_t>(p.port()), "POST", "/paymentv2/resend?txn_ref=" + txn_ref, "", {});
  }
  // Opens the payment page of `payment_url` and presses a button ("pay" | "cancel"); returns the gateway's answer
  // (302 to the return URL, or an error page).
  HttpResult press(const std::string& payment_url, const std::string& action = "pay") const {
    std::string target = payment_url.substr(payment_url.find("/paymentv2/"));
    auto page = http_request(static_cast<uint16_t>(p.port()), "GET", target, "", {});
    if (page.status != 200) return page;
    auto at = page.body.find("name=\"token\" value=\"");
    if (at == std::string::npos) return page;
    at += 20;
    std::string token = page.body.substr(at, page.body.find('"', at) - at);
    return http_request(static_cast<uint16_t>(p.port()), "POST", "/paymentv2/confirm", "token=" + token + "&action=" + action + "&bank=NCB",
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  HttpResult resend_paygov(const std::string& order_id) const {
    return http_request(static_cast<uint16_t>(p.port()), "POST", "/paygov/resend?order_id=" + order_id, "", {});
  }
  // Opens PayGov's payment page `pay_url` (…/paygov/pay?token=…), chooses `provider` and presses a button ("pay" |
  // "cancel"); returns the platform's answer (302 to the redirect URL, or an error page).
  HttpResult press_paygov(const std::string& pay_url, const std::string& action = "pay", const std::string& provider = "VNPTPAY") const {
    const auto at_path = pay_url.find("/paygov/");
    if (at_path == std::string::npos) return HttpResult{};
    auto page = http_request(static_cast<uint16_t>(p.port()), "GET", pay_url.substr(at_path), "", {});
    if (page.status != 200) return page;
    auto at = page.body.find("name=\"token\" value=\"");
    if (at == std::string::npos) return page;
    at += 20;
    std::string token = page.body.substr(at, page.body.find('"', at) - at);
    return http_request(static_cast<uint16_t>(p.port()), "POST", "/paygov/confirm", "token=" + token + "&action=" + action + "&provider=" + provider,
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
};

}  // namespace motcua::testing
