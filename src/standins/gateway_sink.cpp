// motcua-gateway — an HTTP stand-in for the SMS and Zalo gateways (tests and the demo). Every POST is
// recorded as one JSON line {at, path, request_id, authorization, access_token, body} in the log file
// and answered 200 {"error":0,"message":"Success","id":…,"data":{"message_id":…}} — a shape both
// channels accept (services/notify/gateways.h).
//
//   motcua-gateway --log FILE.jsonl [--host 127.0.0.1] [--port 0] [--port-file FILE] [--fail-file FILE]
//
// - --fail-file: while that file exists every request is answered 503 and not recorded (the gateway is
//   "down"). The file's content, when it is a number 400–599, is used as the status instead.
// - --webhook-secrets-file F: one secret per line, read at every request (a test writes the secret motcua gave
//   it after creating the subscription). Requests to paths starting with /webhook are motcua's webhooks
//   (services/webhooks/webhook_channel.h) and must carry `X-Motcua-Signature: t=<unix s>,v1=<hex>[,v1=…]` where
//   one v1 is HMAC-SHA256(S, "<t>.<body>") for one of the secrets and t is within 300 s of now; otherwise they
//   are answered 401 and recorded with "verified": false (a forged or replayed webhook is refused).
// - Requests are HTTP/1.1 with Content-Length (no chunked bodies); one request per connection.
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "standins/listen.h"

namespace fs = std::filesystem;
using motcua::standins::Conn;
using nlohmann::json;

namespace {

struct Options {
  std::string host = "127.0.0.1", log, port_file, fail_file;
  std::string webhook_secrets_file;
  int port = 0;
};
Options opt;
std::mutex mu;
std::atomic<long> counter{0};

void respond(Conn& c, int status, const std::string& body) { motcua::standins::respond(c, status, "application/json", body); }

int failing_status() {
  if (opt.fail_file.empty() || !fs::exists(opt.fail_file)) return 0;
  std::ifstream in(opt.fail_file);
  int s = 0;
  return (in >> s) && s >= 400 && s <= 599 ? s : 503;
}

std::string hmac_hex(const std::string& key, const std::string& msg) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(), reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), mac,
                 sizeof mac, &len))
    return "";
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < len; ++i) out += hex[mac[i] >> 4], out += hex[mac[i] & 15];
  return out;
}

// The webhook signature check (see the header comment).
bool webhook_verified(const std::string& header, const std::string& body) {
  long long t = -1;
  std::vector<std::string> v1;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    if (part.rfind("t=", 0) == 0) t = std::atoll(part.c_str() + 2);
    if (part.rfind("v1=", 0) == 0) v1.push_back(part.substr(3));
    start = end + 1;
  }
  long long now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (t < 0 || std::llabs(now - t) > 300) return false;
  std::vector<std::string> secrets;
  {
    std::ifstream in(opt.webhook_secrets_file);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) secrets.push_back(line);
  }
  for (const auto& secret : secrets) {
    std::string want = hmac_hex(secret, std::to_string(t) + "." + body);
    for (const auto& got : v1)
      if (got.size() == want.size() && CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0) return true;
  }
  return false;
}

void session(int fd) {
  Conn c(fd);
  motcua::standins::HttpRequest req;
  bool too_large = false;
  if (!motcua::standins::read_request(c, req, 1u << 20, too_large))
    return too_large ? respond(c, 413, R"({"error":-1,"message":"too large"})") : void();
  const std::string& path = req.path;
  const std::string& body = req.body;
  auto& h = req.headers;
  if (int st = failing_status()) return respond(c, st, R"({"error":-1,"message":"gateway down"})");
  std::string id = "gw-" + std::to_string(++counter);
  json rec = {{"at", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count()},
              {"path", path},
              {"request_id", h["x-request-id"]},
              {"authorization", h["authorization"]},
              {"access_token", h["access_token"]},
              {"id", id}};
  auto parsed = json::parse(body, nullptr, false);
  rec["body"] = parsed.is_discarded() ? json(body) : parsed;
  bool webhook = path.rfind("/webhook", 0) == 0 && !opt.webhook_secrets_file.empty();
  if (webhook) {
    rec["event"] = h["x-motcua-event"];
    rec["delivery"] = h["x-motcua-delivery"];
    rec["verified"] = webhook_verified(h["x-motcua-signature"], body);
  }
  {
    std::lock_guard lk(mu);
    std::ofstream(opt.log, std::ios::app) << rec.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }
  if (webhook && !rec["verified"].get<bool>()) return respond(c, 401, R"({"error":-1,"message":"invalid signature"})");
  respond(c, 200, json{{"error", 0}, {"message", "Success"}, {"id", id}, {"data", {{"message_id", id}}}}.dump());
}

}  // namespace

int main(int argc, char** argv) {
  try {
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
      else if (a == "--fail-file") opt.fail_file = next();
      else if (a == "--webhook-secrets-file") opt.webhook_secrets_file = next();
      else throw std::runtime_error("unknown option " + a);
    }
    if (opt.log.empty()) throw std::runtime_error("--log FILE is required");
    motcua::standins::serve_forever(opt.host, opt.port, opt.port_file, session);
  } catch (const std::exception& e) {
    std::cerr << "motcua-gateway: " << e.what() << "\n";
    return 1;
  }
}
