// motcua-paygate — a sandbox stand-in for the payment gateways the server uses (tests and the demo): VNPAY (pay API
// 2.1.0 and the merchant web API; vnpay.h) and, as a second merchant, the national payment platform "PayGov" of the
// national public-service portal (paygov.h). Each checks what the server's gateway client sends, shows its payment
// page, answers like the real one (notification to the merchant, browser redirect, query, refund) and can misbehave
// on demand.
//
//   motcua-paygate --log FILE.jsonl [--host 127.0.0.1] [--port 0] [--port-file FILE] [--control-file FILE]
//                  --tmn-code CODE (--secret SECRET | --secret-file FILE) (--ipn-url URL | --ipn-url-file FILE)
//                  [--paygov-partner-code CODE --paygov-access-key KEY (--paygov-secret S | --paygov-secret-file F)]
//
// The secrets (--secret-file / --paygov-secret-file: the file's first line) are never printed or logged. PayGov is
// enabled when its three options are given (some of them without the others is an error); its notifications go to
// the ipnUrl of each payment, so it needs no --ipn-url.
//
// Files
//   main.cpp     options, the accept loop, routing, /stats, /health, /favicon.ico
//   sandbox.*    what both merchants share: options, mode, log, random, HMAC, the transaction counter
//   http.*       forms, JSON answers, redirects, the outgoing HTTP client (IPN GET, notify POST JSON)
//   html.*       the pages' accessible frame, one brand per merchant
//   vnpay.*      VNPAY: /paymentv2/*, /merchant_webapi/api/transaction
//   paygov.*     PayGov: /paygov/*, /paygov/api/payments/*
//
// - Modes: the first word of --control-file, read at every request; no file (or empty) = "ok". The same words for
//   both merchants: ok, fail, timeout, late:<ms>, duplicate, forged, amount, api-down (vnpay.h, paygov.h).
// - GET /favicon.ico → 204 (browsers ask for it); GET /health → 200 {"status":"ok"}.
// - GET /stats → VNPAY's counts at the top level {transactions, pending, paid, cancelled, failed, ipn_sent,
//   ipn_failed, ipn_replies: {RspCode: n}, refunds} plus "paygov": the same counts for PayGov (ipn_replies by
//   resultCode; all zero when PayGov is not enabled).
// - Any other path (or PayGov's paths while it is not enabled) → 404 {"error"}.
// - Log: one JSON line per event {at, event, …}: VNPAY's "page" | "confirm" | "ipn" | "querydr" | "refund" (txn_ref),
//   PayGov's "paygov.create" | "paygov.page" | "paygov.confirm" | "paygov.ipn" | "paygov.query" | "paygov.refund"
//   (order_id). Never a secret.
// - Restart: payments and refunds live in memory only (a restart forgets them); only the transaction counter
//   (vnp_TransactionNo, transId) continues from the log's numbers so they stay unique.
// - One thread per connection, each merchant's state under its own mutex (never held while calling the merchant);
//   request bodies up to 64 KiB (413 beyond); one request per connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "standins/listen.h"
#include "standins/paygate/http.h"
#include "standins/paygate/paygov.h"
#include "standins/paygate/sandbox.h"
#include "standins/paygate/vnpay.h"

namespace paygate = motcua::standins::paygate;
using motcua::standins::Conn;
using nlohmann::json;
using paygate::opt;
using paygate::respond_json;

namespace {

constexpr size_t kMaxBody = 64 * 1024;

// "<host>:<port>" of this end of the connection (the address the client reached us on).
std::string local_authority(int fd) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  char host[INET6_ADDRSTRLEN] = {};
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    if (a.ss_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
      return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
    }
    if (a.ss_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
      return "[" + std::string(host) + "]:" + std::to_string(ntohs(in6->sin6_port));
    }
  }
  return opt.host + ":" + std::to_string(opt.port);
}

bool route_paygov(Conn& c, int fd, const motcua::standins::HttpRequest& req, const std::string& path, const std::string& query) {
  namespace pg = paygate::paygov_sandbox;
  if (path.rfind("/paygov/", 0) != 0 || !opt.paygov_enabled()) return false;
  if (path.rfind("/paygov/api/", 0) == 0 && paygate::mode() == "api-down") return respond_json(c, 503, {{"error", "service unavailable"}}), true;
  if (req.method == "POST" && path == "/paygov/api/payments/create") return pg::create(c, req.body, local_authority(fd)), true;
  if (req.method == "POST" && path == "/paygov/api/payments/query") return pg::query(c, req.body), true;
  if (req.method == "POST" && path == "/paygov/api/payments/refund") return pg::refund(c, req.body), true;
  if (req.method == "GET" && path == "/paygov/pay") return pg::pay_page(c, query), true;
  if (req.method == "POST" && path == "/paygov/confirm") return pg::confirm(c, req.body), true;
  if (req.method == "POST" && path == "/paygov/resend") return pg::resend(c, query), true;
  return false;
}

void session(int fd) {
  Conn c(fd);
  motcua::standins::HttpRequest req;
  bool too_large = false;
  if (!motcua::standins::read_request(c, req, kMaxBody, too_large))
    return too_large ? respond_json(c, 413, {{"error", "request body too large (64 KiB at most)"}}) : void();
  const size_t q = req.path.find('?');
  const std::string path = req.path.substr(0, q), query = q == std::string::npos ? "" : req.path.substr(q + 1);
  try {
    namespace vs = paygate::vnpay_sandbox;
    if (req.method == "GET" && path == "/health") return respond_json(c, 200, {{"status", "ok"}});
    if (req.method == "GET" && path == "/favicon.ico") return motcua::standins::respond(c, 204, "image/x-icon", "");  // browsers ask for it
    if (req.method == "GET" && path == "/stats") {
      json st = vs::stats();
      st["paygov"] = paygate::paygov_sandbox::stats();
      return respond_json(c, 200, st);
    }
    if (req.method == "GET" && path == "/paymentv2/vpcpay.html") return vs::pay_page(c, query);
    if (req.method == "POST" && path == "/paymentv2/confirm") return vs::confirm(c, req.body);
    if (req.method == "POST" && path == "/paymentv2/resend") return vs::resend(c, query);
    if (req.method == "POST" && path == "/merchant_webapi/api/transaction") return vs::merchant_api(c, req.body);
    if (route_paygov(c, fd, req, path, query)) return;
    respond_json(c, 404, {{"error", "not found"}});
  } catch (const std::exception& e) {
    std::cerr << "motcua-paygate: " << e.what() << "\n";
    respond_json(c, 500, {{"error", "internal error"}});
  }
}

// The first line of a secret file (without a trailing CR).
std::string read_secret(const std::string& path, const std::string& option) {
  std::ifstream in(path);
  std::string s;
  if (!in || !std::getline(in, s)) throw std::runtime_error("cannot read " + option + " " + path);
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string secret_file, paygov_secret_file;
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::runtime_error("missing value for " + a);
        return argv[++i];
      };
      if (a == "--log") opt.log = next();
      else if (a == "--host") opt.host = next();
      else if (a == "--port") opt.port = std::stoi(next());
      else if (a == "--port-file") opt.port_file = next();
      else if (a == "--control-file") opt.control_file = next();
      else if (a == "--tmn-code") opt.tmn_code = next();
      else if (a == "--secret") opt.secret = next();
      else if (a == "--secret-file") secret_file = next();
      else if (a == "--ipn-url") opt.ipn_url = next();
      else if (a == "--ipn-url-file") opt.ipn_url_file = next();
      else if (a == "--paygov-partner-code") opt.paygov_partner = next();
      else if (a == "--paygov-access-key") opt.paygov_access_key = next();
      else if (a == "--paygov-secret") opt.paygov_secret = next();
      else if (a == "--paygov-secret-file") paygov_secret_file = next();
      else throw std::runtime_error("unknown option " + a);
    }
    if (!secret_file.empty()) opt.secret = read_secret(secret_file, "--secret-file");
    if (!paygov_secret_file.empty()) opt.paygov_secret = read_secret(paygov_secret_file, "--paygov-secret-file");
    if (opt.log.empty() || opt.tmn_code.empty() || opt.secret.empty() || (opt.ipn_url.empty() == opt.ipn_url_file.empty()))
      throw std::runtime_error("--log FILE, --tmn-code CODE, --secret SECRET (or --secret-file FILE) and one of --ipn-url URL / --ipn-url-file FILE "
                               "are required");
    if (!opt.ipn_url.empty() && opt.ipn_url.rfind("http://", 0) != 0) throw std::runtime_error("--ipn-url must be an http:// URL");
    const int paygov_given = !opt.paygov_partner.empty() + !opt.paygov_access_key.empty() + !opt.paygov_secret.empty();
    if (paygov_given != 0 && paygov_given != 3)
      throw std::runtime_error("PayGov needs all of --paygov-partner-code CODE, --paygov-access-key KEY and --paygov-secret S (or --paygov-secret-file F)");
    paygate::load_counter();
    motcua::standins::serve_forever(opt.host, opt.port, opt.port_file, session);
  } catch (const std::exception& e) {
    std::cerr << "motcua-paygate: " << e.what() << "\n";
    return 1;
  }
}
