// motcua-bcci — a stand-in for the post operator (BCCI / VNPost; tests and the demo): its order API, which motcua's
// outbox channel "post" calls (services/post/post_channel.h), and a courier that reports each order's progress back
// to motcua's webhook, signed as motcua verifies (services/post/post_service.h).
//
//   motcua-bcci --log FILE.jsonl (--token T | --token-file F) [--host 127.0.0.1] [--port 0] [--port-file FILE]
//               [--control-file FILE] [(--callback URL | --callback-file F) (--secret S | --secret-file F)
//               [--step-seconds N]]
//
// Order API
// - POST /orders with `Authorization: Bearer <token>` (else 401 {"error": "unauthorized"}), `Idempotency-Key: <key>`
//   and the order JSON {tracking_no (UPU S10 with its check digit), kind delivery|pickup, sender {agency_code, name},
//   receiver {name, address, phone (digits, may be empty)}, time_window?, dossier_code?, cod (integer ≥ 0),
//   created_at (ISO 8601)}. A bad body or a missing Idempotency-Key → 422 {"error": "invalid_order", "message" (in
//   Vietnamese), "fields": {field: message}}.
// - Duplicates, by tracking number (the rule): the same tracking number with the SAME Idempotency-Key is a replay of
//   the request that created the order (the sender crashed before recording the answer) → 200 with the original
//   {order_id, tracking_no, status: "accepted", replayed: true}; nothing new is recorded, the courier is not
//   started again. With ANOTHER (or no earlier) key → 409 {"error": "order_exists", order_id, message}: the order
//   exists; motcua's channel counts that as delivered too (tracking numbers are motcua's).
// - A new order → 201 {order_id, tracking_no, status: "accepted"}, logged as {type: "order", order_id, tracking_no,
//   kind, idempotency_key, order} before the answer, then handed to the courier (courier.cpp: steps, event ids,
//   signature, retries).
// - GET /orders (no token: a stand-in on loopback) → {orders: [{order_id, tracking_no, kind, idempotency_key,
//   received_at, state (the last one motcua acknowledged), replays, order, events: [courier attempts]}] oldest first,
//   counts: {accepted, replayed, conflicts, refused, down}}. GET /health → {"status": "ok"}. Anything else → 404.
// - --control-file, its first word read at every request: "fail" → POST /orders answered 503 (the operator is down;
//   nothing recorded; the courier of orders already accepted carries on); "fail-delivery" → deliveries reaching
//   their last step end in failed with the reason "Không liên lạc được người nhận"; anything else → normal.
// - Restart: orders and the courier's acknowledged steps are read back from --log; the courier resumes the orders it
//   had not finished (those it gave up on stay as they are).
// - Token and secret (--token-file / --secret-file: the file's first line, kept off the command line) are never
//   printed or logged. One request per connection, bodies up to 64 KiB (413 beyond), a thread per connection.
#include <openssl/crypto.h>

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "standins/bcci/bcci.h"
#include "standins/listen.h"

namespace bcci = motcua::standins::bcci;
using bcci::opt;
using motcua::standins::Conn;
using nlohmann::json;

namespace {

void respond_json(Conn& c, int status, const json& body) {
  motcua::standins::respond(c, status, "application/json; charset=utf-8", body.dump(-1, ' ', false, json::error_handler_t::replace));
}

bool authorized(const std::string& header) {
  const std::string want = "Bearer " + opt.token;
  return header.size() == want.size() && CRYPTO_memcmp(header.data(), want.data(), want.size()) == 0;
}

void create_order(Conn& c, const motcua::standins::HttpRequest& req) {
  if (bcci::mode() == "fail") {
    bcci::count_refused(true);
    return respond_json(c, 503, {{"error", "unavailable"}, {"message", "Hệ thống bưu điện đang bảo trì, vui lòng thử lại sau."}});
  }
  if (!authorized(req.header("authorization"))) {
    bcci::count_refused(false);
    return respond_json(c, 401, {{"error", "unauthorized"}, {"message", "Sai hoặc thiếu mã truy cập (Bearer)."}});
  }
  const json body = json::parse(req.body, nullptr, false);
  json errs = bcci::validate(body);
  const std::string key = req.header("idempotency-key");
  if (key.empty() || key.size() > 200) errs["Idempotency-Key"] = "Thiếu khóa chống gửi trùng (Idempotency-Key).";
  if (!errs.empty()) {
    bcci::count_refused(false);
    return respond_json(c, 422, {{"error", "invalid_order"}, {"message", "Đơn hàng không hợp lệ: " + errs.begin().value().get<std::string>()}, {"fields", errs}});
  }
  auto d = bcci::accept(body, key);
  respond_json(c, d.status, d.answer);
  if (d.created) bcci::start_courier(d.order);
}

void session(int fd) {
  Conn c(fd);
  motcua::standins::HttpRequest req;
  bool too_large = false;
  if (!motcua::standins::read_request(c, req, 64 * 1024, too_large))
    return too_large ? respond_json(c, 413, {{"error", "too_large"}, {"message", "Đơn hàng quá lớn (tối đa 64 KiB)."}}) : void();
  const std::string path = req.path.substr(0, req.path.find('?'));
  try {
    if (req.method == "POST" && path == "/orders") return create_order(c, req);
    if (req.method == "GET" && path == "/orders") return respond_json(c, 200, bcci::list());
    if (req.method == "GET" && path == "/health") return respond_json(c, 200, {{"status", "ok"}});
    respond_json(c, 404, {{"error", "not_found"}});
  } catch (const std::exception& e) {
    std::cerr << "motcua-bcci: " << e.what() << "\n";
    respond_json(c, 500, {{"error", "internal"}});
  }
}

std::string first_line(const std::string& path, const std::string& option) {
  std::ifstream in(path);
  std::string s;
  if (!in || !std::getline(in, s)) throw std::runtime_error("cannot read " + option + " " + path);
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
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
      else if (a == "--control-file") opt.control_file = next();
      else if (a == "--token") opt.token = next();
      else if (a == "--token-file") opt.token = first_line(next(), a);
      else if (a == "--callback") opt.callback = next();
      else if (a == "--callback-file") opt.callback_file = next();
      else if (a == "--secret") opt.secret = next();
      else if (a == "--secret-file") opt.secret = first_line(next(), a);
      else if (a == "--step-seconds") opt.step_seconds = std::stod(next());
      else throw std::runtime_error("unknown option " + a);
    }
    if (opt.log.empty() || opt.token.empty()) throw std::runtime_error("--log FILE and --token T (or --token-file F) are required");
    if ((!opt.callback.empty() || !opt.callback_file.empty()) != !opt.secret.empty())
      throw std::runtime_error("the courier needs both a callback (--callback URL or --callback-file F) and --secret S (or --secret-file F)");
    if (!opt.callback.empty() && opt.callback.rfind("http://", 0) != 0) throw std::runtime_error("--callback must be an http:// URL");
    if (opt.step_seconds < 0 || opt.step_seconds > 3600) throw std::runtime_error("--step-seconds must be between 0 and 3600");
    for (const auto& o : bcci::load()) bcci::start_courier(o);
    motcua::standins::serve_forever(opt.host, opt.port, opt.port_file, session);
  } catch (const std::exception& e) {
    std::cerr << "motcua-bcci: " << e.what() << "\n";
    return 1;
  }
}
