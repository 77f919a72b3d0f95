// motcua-bcci: the courier — walks each accepted order through its states and reports every step to motcua's
// webhook (POST /api/v1/post/webhook), signed as motcua verifies (services/post/post_service.h):
//   X-Bcci-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, body {event_id, tracking_no, state, reason?}
//
// - Steps, one every --step-seconds: delivery picked_up → in_transit → delivered (or, while the control file says
//   "fail-delivery" when the last step comes, failed with the reason "Không liên lạc được người nhận");
//   pickup picked_up → in_transit (the post officer then receives the papers at the desk).
// - event_id = "<order id>-<state>": unique per order and state, the same for every attempt of a step.
// - Answers: 2xx → the step is done; 409 replayed_webhook → done as well (an earlier attempt got through);
//   transport errors, 429 and 5xx → the same event again (signed anew) after 0.5 s × 2^n, at most 30 s apart;
//   any other answer (401 wrong secret, 404 unknown tracking number, 409 illegal move — a post officer moved the
//   shipment by hand, 422) → the courier gives up on that order. Every attempt is a log line {type: "event", …}.
// - The callback URL is --callback, or the first line of --callback-file read at every attempt (a test writes it
//   once motcua's port is known); while it is missing the attempt counts as a transport error.
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#include <openssl/evp.h>

#include "standins/bcci/bcci.h"

namespace motcua::standins::bcci {

using nlohmann::json;

namespace {

struct Reply {
  int status = 0;
  std::string body, error;
};

// One POST over plain HTTP/1.1 (http://host[:port]/path only), Connection: close, 10 s per socket operation.
Reply post(const std::string& url, const std::string& signature, const std::string& body) {
  Reply r;
  if (url.rfind("http://", 0) != 0) return r.error = "only http:// callbacks are supported", r;
  const std::string rest = url.substr(7);
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash), target = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string host = authority, port = "80";
  if (auto colon = authority.rfind(':'); colon != std::string::npos) host = authority.substr(0, colon), port = authority.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0 || !res) return r.error = "cannot resolve " + host, r;
  int fd = -1;
  for (addrinfo* a = res; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{};
    tv.tv_sec = 10;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) ::close(fd), fd = -1;
  }
  ::freeaddrinfo(res);
  if (fd < 0) return r.error = "cannot connect to " + authority, r;
  const std::string req = "POST " + target + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: motcua-bcci\r\nContent-Type: application/json\r\n" +
                          "X-Bcci-Signature: " + signature + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  for (size_t off = 0; off < req.size();) {
    ssize_t w = ::send(fd, req.data() + off, req.size() - off, MSG_NOSIGNAL);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
  std::string raw;
  char buf[8192];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0 && raw.size() < (1u << 20);) raw.append(buf, static_cast<size_t>(n));
  ::close(fd);
  const size_t head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/", 0) != 0 || head_end == std::string::npos) return r.error = raw.empty() ? "no answer" : "not an HTTP answer", r;
  r.status = std::atoi(raw.c_str() + raw.find(' ') + 1);
  r.body = raw.substr(head_end + 4);  // motcua answers with Content-Length; only error codes are looked for in it
  return r;
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

std::string callback_url() {
  if (!opt.callback.empty()) return opt.callback;
  std::ifstream in(opt.callback_file);
  std::string url;
  std::getline(in, url);
  while (!url.empty() && (url.back() == '\r' || url.back() == ' ')) url.pop_back();
  return url;
}

// The state after `state` for an order of this kind ("" = nothing left to report).
std::string next_state(const std::string& kind, const std::string& state) {
  if (state == "accepted") return "picked_up";
  if (state == "picked_up") return "in_transit";
  if (state == "in_transit" && kind == "delivery") return mode() == "fail-delivery" ? "failed" : "delivered";
  return "";
}

void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int64_t>(s * 1000))); }

// Reports one step until motcua has it; false when the courier gives up on the order.
bool report(const Order& o, const std::string& state) {
  json body = {{"event_id", o.order_id + "-" + state}, {"tracking_no", o.tracking_no}, {"state", state}};
  if (state == "failed") body["reason"] = "Không liên lạc được người nhận";
  const std::string raw = body.dump();
  double delay = 0.5;
  for (int attempt = 1;; ++attempt) {
    const int64_t t = now_ms() / 1000;
    Reply r = post(callback_url(), "t=" + std::to_string(t) + ",v1=" + hmac_hex(opt.secret, std::to_string(t) + "." + raw), raw);
    const bool ok = r.status >= 200 && r.status < 300, replayed = r.status == 409 && r.body.find("replayed_webhook") != std::string::npos;
    const bool retry = !ok && !replayed && (r.status == 0 || r.status == 429 || r.status >= 500);
    const std::string result = ok ? "ok" : replayed ? "replayed" : retry ? "retry" : "gave_up";
    json ev = {{"event_id", body["event_id"]}, {"state", state}, {"attempt", attempt}, {"status", r.status}, {"result", result}, {"at", now_ms()}};
    if (!r.error.empty()) ev["error"] = r.error;
    else if (!ok) ev["answer"] = r.body.substr(0, 300);
    note_event(o.tracking_no, ev, ok || replayed ? state : "");
    json line = ev;
    line["type"] = "event";
    line["order_id"] = o.order_id;
    line["tracking_no"] = o.tracking_no;
    log_line(line);
    if (!retry) return result != "gave_up";
    sleep_s(delay);
    delay = std::min(delay * 2, 30.0);
  }
}

}  // namespace

void start_courier(const Order& order) {
  if (!opt.courier()) return;
  std::thread([o = order] {
    for (std::string state = next_state(o.kind, o.state); !state.empty(); state = next_state(o.kind, state)) {
      sleep_s(opt.step_seconds);
      if (!report(o, state)) return;
    }
  }).detach();
}

}  // namespace motcua::standins::bcci
