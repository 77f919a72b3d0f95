// motcua-paygate — a sandbox stand-in for the VNPAY payment gateway (pay API 2.1.0 and the merchant web API;
// tests and the demo). It checks what services/payments/vnpay_gateway.h sends, shows a payment page, answers like
// VNPAY (IPN to the merchant, browser redirect to vnp_ReturnUrl, querydr, refund) and can misbehave on demand.
//
//   motcua-paygate --log FILE.jsonl [--host 127.0.0.1] [--port 0] [--port-file FILE] [--control-file FILE]
//                  --tmn-code CODE (--secret SECRET | --secret-file FILE) (--ipn-url URL | --ipn-url-file FILE)
//
// Signatures are lower-case hex HMAC-SHA512 with the secret (upper case accepted) over vnpay::hash_data of the
// params (URLs) or the '|'-joined data of vnpay::querydr_data / refund_data / query_response_data /
// refund_response_data (merchant web API). The secret (--secret-file: its first line) is never printed or logged.
// --ipn-url-file: the IPN URL is the file's first line, read at every IPN (a test writes it once the merchant's port
// is known; while the file is missing an IPN fails like an unreachable merchant).
//
// - GET /paymentv2/vpcpay.html?<vnp_* params>&vnp_SecureHash=<hex>: the params must parse (vnpay::parse_query) and
//   carry a valid signature, vnp_Version "2.1.0", vnp_Command "pay", vnp_TmnCode == --tmn-code, vnp_Amount a
//   positive integer multiple of 100 (đồng × 100), vnp_CurrCode "VND", a non-empty vnp_TxnRef, an http(s)
//   vnp_ReturnUrl, valid vnp_CreateDate / vnp_ExpireDate (yyyyMMddHHmmss, GMT+7) with the expiry not passed; a
//   vnp_TxnRef already confirmed (or pending with another amount) is refused. Any problem → 400, a Vietnamese HTML
//   page naming each problem ("Sai chữ ký", …). Otherwise the transaction is remembered as pending (querydr: "01")
//   and the payment page (HTML, lang="vi", usable at 390 px) shows merchant code, order info, amount ("8.000 đ"),
//   a bank select (NCB by default, or vnp_BankCode when it is one of the list) and a form POST /paymentv2/confirm
//   with a random hidden `token` and two buttons name="action": "pay" (Thanh toán) and "cancel" (Hủy giao dịch).
// - POST /paymentv2/confirm (form: token, action, bank): a token is confirmed once (unknown / second time → 400
//   page). The result params are vnp_Amount, vnp_BankCode, vnp_BankTranNo (paid only), vnp_CardType "ATM",
//   vnp_OrderInfo, vnp_PayDate (now), vnp_ResponseCode ("00" paid, "24" cancelled, "51" mode fail, "11" when
//   vnp_ExpireDate has passed meanwhile), vnp_TmnCode, vnp_TransactionNo (a counter, continued from the log after
//   a restart), vnp_TransactionStatus ("00" paid, else "02"), vnp_TxnRef and vnp_SecureHash. The IPN is sent as
//   `GET <ipn-url>?<params>` (HTTP/1.1 over TCP, http:// only, 10 s timeout), the merchant's reply JSON
//   {"RspCode","Message"} is logged, then the browser gets `302 Location: <vnp_ReturnUrl>?<params>`.
// - Modes: the first word of --control-file, read at every request; no file (or empty) = "ok".
//     ok         as above
//     fail       pay → vnp_ResponseCode "51" (not enough balance), status "02"
//     timeout    no IPN; the browser gets 504 "Cổng thanh toán không phản hồi"; the result is kept (pay = paid at
//                the gateway, "00") so POST /paymentv2/resend delivers its IPN later and querydr reports it
//     late:<ms>  the browser is redirected at once, the IPN is sent <ms> ms later (background thread, ≤ 10 min)
//     duplicate  the IPN is sent twice, one after the other
//     forged     the IPN carries a wrong vnp_SecureHash (the browser's params and a later resend are right)
//     amount     IPN and return params carry vnp_Amount + 10000000, correctly signed (resend repeats them;
//                querydr reports the true amount)
//     api-down   the merchant web API answers 503
//   Unknown words behave as "ok".
// - POST /paymentv2/resend?txn_ref=REF → sends the transaction's last result params again as IPN (correctly
//   signed) and answers 200 {"RspCode","Message"} as the merchant replied; 404 unknown or never confirmed,
//   502 {"error"} when the merchant could not be reached or did not answer JSON.
// - POST /merchant_webapi/api/transaction (JSON): vnp_SecureHash checked over querydr_data / refund_data → "97";
//   vnp_TmnCode ≠ --tmn-code → "02"; another vnp_Command → "03". Answers are HTTP 200 JSON signed over
//   query_response_data / refund_response_data, with a random hex vnp_ResponseId.
//     querydr: "91" unknown vnp_TxnRef; else "00" with vnp_TransactionStatus "00" paid, "01" page opened but not
//       confirmed, "02" cancelled / failed; vnp_TransactionType "01" payment, "02" fully refunded, "03" partly
//       refunded; vnp_Amount (the amount of the payment page, × 100), vnp_PayDate, vnp_TransactionNo, vnp_BankCode.
//       vnp_TransactionDate is not enforced (logged as transaction_date_ok).
//     refund: vnp_TransactionType "02" (amount must equal what is left) or "03" (0 < amount ≤ what is left), amount
//       × 100; "94" repeated vnp_RequestId, "91" unknown vnp_TxnRef, "95" not paid or amount too large, "03" bad
//       type or amount; "00" records the refund (new vnp_TransactionNo, vnp_TransactionStatus "00").
// - GET /favicon.ico → 204 (browsers ask for it).
// - GET /stats → {transactions, pending, paid, cancelled, failed, ipn_sent, ipn_failed, ipn_replies: {RspCode: n},
//   refunds}; GET /health → 200.
// - Log: one JSON line per event {at, event: "page" | "confirm" | "ipn" | "querydr" | "refund", txn_ref, …}; an
//   "ipn" line holds the params' vnp_ResponseCode, why it was sent (confirm, duplicate, late, resend), whether it
//   was forged, the HTTP status and the merchant's reply. Never the secret.
// - Restart: transactions and refunds live in memory only (a restart forgets them: querydr → "91"); only the
//   vnp_TransactionNo counter continues from the log's confirm/refund lines so numbers stay unique.
// - One thread per connection, shared state under one mutex (never held while calling the merchant); request
//   bodies up to 64 KiB (413 beyond); one request per connection.
#include <netdb.h>
#include <sys/time.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "domain/format.h"
#include "domain/payments/vnpay.h"
#include "standins/listen.h"

namespace fs = std::filesystem;
namespace vnpay = motcua::payments::vnpay;
using motcua::standins::Conn;
using nlohmann::json;

namespace {

struct Options {
  std::string host = "127.0.0.1", log, port_file, control_file, tmn_code, secret, ipn_url, ipn_url_file;
  int port = 0;
};
Options opt;

constexpr size_t kMaxBody = 64 * 1024;
constexpr int64_t kAmountSkew = 10'000'000;  // mode "amount"

struct Txn {
  std::string txn_ref, order_info, return_url, create_date, expire_date, bank_hint;
  int64_t amount = 0;             // vnp_Amount of the payment page (đồng × 100)
  std::string state = "pending";  // pending | paid | cancelled | failed
  std::string token;              // the open payment page's token ("" once confirmed)
  std::string transaction_no, bank_code, pay_date;
  int64_t refunded = 0;           // × 100
  vnpay::Params result;           // the last result params, signed
};

std::mutex mu;  // everything below
std::map<std::string, Txn> txns;                 // by vnp_TxnRef
std::map<std::string, std::string> tokens;       // open page token → vnp_TxnRef
std::set<std::string> refund_request_ids;
std::map<std::string, long> ipn_replies;
long ipn_sent = 0, ipn_failed = 0, refunds = 0;
int64_t transaction_counter = 14'000'000;
std::mutex log_mu;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void log_event(json rec) {
  rec["at"] = now_ms();
  std::lock_guard lk(log_mu);
  std::ofstream(opt.log, std::ios::app) << rec.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

std::string hex(const unsigned char* b, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) out += digits[b[i] >> 4], out += digits[b[i] & 15];
  return out;
}

std::string random_hex(size_t bytes) {
  unsigned char b[32];
  if (bytes > sizeof b || RAND_bytes(b, static_cast<int>(bytes)) != 1) throw std::runtime_error("RAND_bytes failed");
  return hex(b, bytes);
}

std::string sign(const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha512(), opt.secret.data(), static_cast<int>(opt.secret.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
            &len))
    throw std::runtime_error("HMAC-SHA512 failed");
  return hex(mac, len);
}

bool signature_ok(std::string got, const std::string& data) {
  for (auto& ch : got) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string want = sign(data);
  return got.size() == want.size() && CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
}

// The query string of signed params: the signed data, then the signature.
std::string signed_query(const vnpay::Params& p) {
  auto it = p.find("vnp_SecureHash");
  return vnpay::hash_data(p) + "&vnp_SecureHash=" + (it == p.end() ? "" : it->second);
}

std::string param(const vnpay::Params& p, const char* k) {
  auto it = p.find(k);
  return it == p.end() ? "" : it->second;
}

// A run of 1–15 ASCII digits as a number, else -1.
int64_t digits_value(const std::string& s) {
  if (s.empty() || s.size() > 15 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(s);
}

std::string mode() {
  if (opt.control_file.empty() || !fs::exists(opt.control_file)) return "ok";
  std::ifstream in(opt.control_file);
  std::string w;
  in >> w;
  return w.empty() ? "ok" : w;
}

// ---------------------------------------------------------------- HTTP bits

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded (also a query string), lenient: a malformed escape is kept as is.
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
  motcua::standins::respond(c, status, "application/json; charset=utf-8", body.dump(-1, ' ', false, json::error_handler_t::replace));
}

void redirect(Conn& c, const std::string& location) {
  c.write("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nCache-Control: no-store\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

struct Reply {
  int status = 0;
  std::string body, error;  // error: transport problem (no HTTP answer)
};

// A GET over plain HTTP/1.1 (http://host[:port]/path?query), Connection: close, `timeout_s` per socket operation.
Reply http_get(const std::string& url, int timeout_s = 10) {
  Reply r;
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
  const std::string req = "GET " + target + " HTTP/1.1\r\nHost: " + authority + "\r\nUser-Agent: motcua-paygate\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
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
  std::string body = raw.substr(head_end + 4);
  if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
    std::string out;
    size_t pos = 0;
    for (;;) {
      size_t eol = body.find("\r\n", pos);
      if (eol == std::string::npos) break;
      size_t len = std::strtoul(body.substr(pos, eol - pos).c_str(), nullptr, 16);
      if (len == 0 || eol + 2 + len > body.size()) break;
      out += body.substr(eol + 2, len);
      pos = eol + 2 + len + 2;
    }
    body = out;
  } else if (auto cl = head.find("\r\ncontent-length:"); cl != std::string::npos) {
    size_t len = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
    if (len < body.size()) body.resize(len);
  }
  r.body = body;
  return r;
}

// ---------------------------------------------------------------- IPN

// --ipn-url, or the first line of --ipn-url-file read now ("" while it does not exist).
std::string ipn_url() {
  if (opt.ipn_url_file.empty()) return opt.ipn_url;
  std::ifstream in(opt.ipn_url_file);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

struct IpnOutcome {
  bool ok = false;  // the merchant answered JSON with an RspCode
  int status = 0;
  std::string rsp_code, message, error;
};

IpnOutcome send_ipn(const std::string& txn_ref, vnpay::Params p, const std::string& why, bool forged) {
  if (forged) {
    std::string& h = p["vnp_SecureHash"];
    h = sign(vnpay::hash_data(p) + "|forged");
  }
  const std::string target = ipn_url();
  Reply r;
  if (target.empty()) r.error = "no IPN URL yet (--ipn-url-file " + opt.ipn_url_file + " missing or empty)";
  else r = http_get(target + (target.find('?') == std::string::npos ? "?" : "&") + signed_query(p));
  IpnOutcome o;
  o.status = r.status;
  json rec = {{"event", "ipn"}, {"txn_ref", txn_ref}, {"why", why}, {"forged", forged}, {"response_code", param(p, "vnp_ResponseCode")},
              {"amount", param(p, "vnp_Amount")}, {"status", r.status}};
  if (!r.error.empty()) {
    o.error = r.error;
    rec["error"] = r.error;
  } else {
    json reply = json::parse(r.body, nullptr, false);
    if (reply.is_object() && reply.contains("RspCode")) {
      o.ok = true;
      o.rsp_code = reply["RspCode"].is_string() ? reply["RspCode"].get<std::string>() : reply["RspCode"].dump();
      o.message = reply.value("Message", std::string());
      rec["reply"] = reply;
    } else {
      o.error = "the merchant's answer is not JSON {RspCode, Message}";
      rec["error"] = o.error;
      rec["body"] = r.body.substr(0, 2000);
    }
  }
  {
    std::lock_guard lk(mu);
    ++ipn_sent;
    if (o.ok) ++ipn_replies[o.rsp_code];
    else ++ipn_failed;
  }
  log_event(rec);
  return o;
}

// ---------------------------------------------------------------- HTML

std::string esc(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

// Colours (WCAG AA): text #1a1a1a on #fff (17:1), primary #00529b with white (7.8:1), danger #a4001d on white
// (8.1:1), notes #474d55 (8.5:1), control borders #5f6670 (5.8:1), focus ring #1a1a1a.
const char* kStyle = R"(<style>
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1a1a1a;background:#f2f4f7}
header{background:#00529b;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:600}
main{max-width:32rem;margin:1rem auto;padding:1rem;background:#fff;border:1px solid #c4c9d0;border-radius:.5rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}
dl{margin:0 0 1rem}
dt{font-weight:600;margin-top:.5rem}
dd{margin:0;overflow-wrap:anywhere}
.amount{font-size:1.5rem;font-weight:700}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
select{width:100%;min-height:2.75rem;font:inherit;padding:.5rem;border:1px solid #5f6670;border-radius:.375rem;background:#fff;color:#1a1a1a}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
button{flex:1 1 10rem;min-height:2.75rem;font:inherit;font-weight:600;border-radius:.375rem;padding:.5rem 1rem;cursor:pointer}
.pay{background:#00529b;color:#fff;border:2px solid #00529b}
.cancel{background:#fff;color:#a4001d;border:2px solid #a4001d}
button:focus-visible,select:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.note{color:#474d55;font-size:.9375rem}
.problems li{margin:.25rem 0}
</style>)";

std::string page(const std::string& title, const std::string& body) {
  return "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         esc(title) + " — Cổng thanh toán VNPAY (thử nghiệm)</title>" + kStyle +
         "</head><body><header><p>Cổng thanh toán VNPAY — môi trường thử nghiệm</p></header><main>" + body + "</main></body></html>\n";
}

void respond_html(Conn& c, int status, const std::string& title, const std::string& body) {
  motcua::standins::respond(c, status, "text/html; charset=utf-8", page(title, body));
}

void error_page(Conn& c, int status, const std::string& title, const std::vector<std::string>& problems) {
  std::string body = "<h1>" + esc(title) + "</h1><ul class=\"problems\">";
  for (const auto& p : problems) body += "<li>" + esc(p) + "</li>";
  body += "</ul><p class=\"note\">Vui lòng quay lại trang của đơn vị bán hàng và thực hiện lại giao dịch.</p>";
  respond_html(c, status, title, body);
}

struct Bank {
  const char* code;
  const char* name;
};
constexpr Bank kBanks[] = {{"NCB", "Ngân hàng Quốc Dân (NCB)"},      {"VIETCOMBANK", "Vietcombank"}, {"VIETINBANK", "VietinBank"},
                           {"BIDV", "BIDV"},                         {"AGRIBANK", "Agribank"},       {"TECHCOMBANK", "Techcombank"},
                           {"MBBANK", "MB Bank"},                    {"VNPAYQR", "Quét mã VNPAY-QR"}};

bool known_bank(const std::string& code) {
  for (const auto& b : kBanks)
    if (code == b.code) return true;
  return false;
}

// ---------------------------------------------------------------- pay page

std::vector<std::string> pay_problems(const vnpay::Params& p, int64_t now) {
  std::vector<std::string> out;
  if (!signature_ok(param(p, "vnp_SecureHash"), vnpay::hash_data(p)))
    return {"Sai chữ ký (vnp_SecureHash): dữ liệu thanh toán không đúng với chữ ký của đơn vị bán hàng."};
  if (param(p, "vnp_Version") != "2.1.0") out.push_back("Sai phiên bản (vnp_Version phải là 2.1.0).");
  if (param(p, "vnp_Command") != "pay") out.push_back("Sai lệnh (vnp_Command phải là pay).");
  if (param(p, "vnp_TmnCode") != opt.tmn_code) out.push_back("Sai mã website (vnp_TmnCode) của đơn vị bán hàng.");
  const int64_t amount = digits_value(param(p, "vnp_Amount"));
  if (amount <= 0 || amount % 100 != 0) out.push_back("Số tiền không hợp lệ (vnp_Amount phải là số nguyên dương, bằng số tiền × 100).");
  if (param(p, "vnp_CurrCode") != "VND") out.push_back("Sai loại tiền tệ (vnp_CurrCode phải là VND).");
  if (param(p, "vnp_TxnRef").empty()) out.push_back("Thiếu mã giao dịch (vnp_TxnRef).");
  const std::string ret = param(p, "vnp_ReturnUrl");
  if (!((ret.rfind("http://", 0) == 0 && ret.size() > 7) || (ret.rfind("https://", 0) == 0 && ret.size() > 8)))
    out.push_back("Địa chỉ trả kết quả không hợp lệ (vnp_ReturnUrl phải là địa chỉ http hoặc https).");
  if (vnpay::parse_time(param(p, "vnp_CreateDate")) == 0) out.push_back("Thời gian tạo giao dịch không hợp lệ (vnp_CreateDate).");
  const int64_t expire = vnpay::parse_time(param(p, "vnp_ExpireDate"));
  if (expire == 0) out.push_back("Thời gian hết hạn không hợp lệ (vnp_ExpireDate).");
  else if (expire < now) out.push_back("Giao dịch đã hết hạn thanh toán (vnp_ExpireDate đã qua).");
  return out;
}

void pay_page(Conn& c, const std::string& query) {
  const int64_t now = now_ms();
  auto p = vnpay::parse_query(query);
  std::vector<std::string> problems =
      p ? pay_problems(*p, now) : std::vector<std::string>{"Tham số không hợp lệ: không đọc được dữ liệu thanh toán (mã hóa sai, tham số lặp lại hoặc không phải UTF-8)."};
  const std::string ref = p ? param(*p, "vnp_TxnRef") : "";
  std::string token;
  if (problems.empty()) {
    std::lock_guard lk(mu);
    auto it = txns.find(ref);
    const int64_t amount = digits_value(param(*p, "vnp_Amount"));
    if (it != txns.end() && it->second.state != "pending") problems.push_back("Giao dịch đã tồn tại (vnp_TxnRef " + ref + " đã được xử lý).");
    else if (it != txns.end() && it->second.amount != amount) problems.push_back("Giao dịch đã tồn tại (vnp_TxnRef " + ref + " với số tiền khác).");
    else {
      Txn& t = txns[ref];
      if (!t.token.empty()) tokens.erase(t.token);  // the page was opened again: the newest page counts
      t.txn_ref = ref;
      t.amount = amount;
      t.order_info = param(*p, "vnp_OrderInfo");
      t.return_url = param(*p, "vnp_ReturnUrl");
      t.create_date = param(*p, "vnp_CreateDate");
      t.expire_date = param(*p, "vnp_ExpireDate");
      t.bank_hint = param(*p, "vnp_BankCode");
      t.token = token = random_hex(16);
      tokens[token] = ref;
    }
  }
  if (!problems.empty()) {
    log_event({{"event", "page"}, {"ok", false}, {"txn_ref", ref}, {"problems", problems}});
    return error_page(c, 400, "Không thể thực hiện thanh toán", problems);
  }
  const int64_t amount = digits_value(param(*p, "vnp_Amount"));
  log_event({{"event", "page"}, {"ok", true}, {"txn_ref", ref}, {"amount", amount}, {"order_info", param(*p, "vnp_OrderInfo")},
             {"create_date", param(*p, "vnp_CreateDate")}, {"expire_date", param(*p, "vnp_ExpireDate")}, {"return_url", param(*p, "vnp_ReturnUrl")}});
  const std::string hint = known_bank(param(*p, "vnp_BankCode")) ? param(*p, "vnp_BankCode") : "NCB";
  std::string options;
  for (const auto& b : kBanks)
    options += std::string("<option value=\"") + b.code + "\"" + (hint == b.code ? " selected" : "") + ">" + esc(b.name) + "</option>";
  const std::string body =
      "<h1>Thanh toán đơn hàng</h1>"
      "<dl><dt>Đơn vị bán hàng (mã website)</dt><dd>" +
      esc(opt.tmn_code) + "</dd><dt>Mã giao dịch</dt><dd>" + esc(ref) + "</dd><dt>Nội dung thanh toán</dt><dd>" + esc(param(*p, "vnp_OrderInfo")) +
      "</dd><dt>Số tiền</dt><dd class=\"amount\">" + esc(motcua::fmt::money(amount / 100)) + "</dd><dt>Hết hạn thanh toán</dt><dd>" +
      esc(motcua::fmt::datetime(vnpay::parse_time(param(*p, "vnp_ExpireDate")))) +
      "</dd></dl>"
      "<form method=\"post\" action=\"/paymentv2/confirm\">"
      "<input type=\"hidden\" name=\"token\" value=\"" +
      token +
      "\">"
      "<label for=\"bank\">Ngân hàng thanh toán</label>"
      "<select id=\"bank\" name=\"bank\">" +
      options +
      "</select>"
      "<p class=\"note\">Môi trường thử nghiệm: không có tiền thật được chuyển.</p>"
      "<div class=\"actions\"><button type=\"submit\" class=\"pay\" name=\"action\" value=\"pay\">Thanh toán</button>"
      "<button type=\"submit\" class=\"cancel\" name=\"action\" value=\"cancel\">Hủy giao dịch</button></div>"
      "</form>";
  respond_html(c, 200, "Thanh toán đơn hàng", body);
}

// ---------------------------------------------------------------- confirm, resend

void confirm(Conn& c, const std::string& body) {
  auto f = parse_form(body);
  const std::string action = f["action"], m = mode();
  const int64_t now = now_ms();
  if (action != "pay" && action != "cancel") return error_page(c, 400, "Yêu cầu không hợp lệ", {"Hãy chọn Thanh toán hoặc Hủy giao dịch."});
  const std::string bank = known_bank(f["bank"]) ? f["bank"] : "NCB";
  vnpay::Params result;
  std::string ref, return_url;
  {
    std::lock_guard lk(mu);
    auto tk = tokens.find(f["token"]);
    if (tk == tokens.end()) {
      log_event({{"event", "confirm"}, {"ok", false}, {"error", "unknown or used token"}});
      return error_page(c, 400, "Phiên thanh toán không hợp lệ",
                        {"Phiên thanh toán không tồn tại hoặc đã được xử lý: mỗi trang thanh toán chỉ được xác nhận một lần."});
    }
    Txn& t = txns.at(tk->second);
    tokens.erase(tk);
    t.token.clear();
    ref = t.txn_ref;
    return_url = t.return_url;
    std::string code = "00";
    if (action == "cancel") code = "24";
    else if (vnpay::parse_time(t.expire_date) < now) code = "11";
    else if (m == "fail") code = "51";
    const bool paid = code == "00";
    t.state = paid ? "paid" : action == "cancel" ? "cancelled" : "failed";
    t.transaction_no = std::to_string(++transaction_counter);
    t.bank_code = bank;
    t.pay_date = vnpay::format_time(now);
    result = {{"vnp_Amount", std::to_string(t.amount + (m == "amount" ? kAmountSkew : 0))},
              {"vnp_BankCode", bank},
              {"vnp_CardType", "ATM"},
              {"vnp_OrderInfo", t.order_info},
              {"vnp_PayDate", t.pay_date},
              {"vnp_ResponseCode", code},
              {"vnp_TmnCode", opt.tmn_code},
              {"vnp_TransactionNo", t.transaction_no},
              {"vnp_TransactionStatus", paid ? "00" : "02"},
              {"vnp_TxnRef", t.txn_ref}};
    if (paid) result["vnp_BankTranNo"] = "VNP" + t.transaction_no;
    result["vnp_SecureHash"] = sign(vnpay::hash_data(result));
    t.result = result;
  }
  log_event({{"event", "confirm"}, {"ok", true}, {"txn_ref", ref}, {"action", action}, {"mode", m}, {"response_code", result["vnp_ResponseCode"]},
             {"transaction_no", result["vnp_TransactionNo"]}, {"amount", result["vnp_Amount"]}, {"bank_code", bank}});
  if (m == "timeout")
    return error_page(c, 504, "Cổng thanh toán không phản hồi",
                      {"Cổng thanh toán không nhận được phản hồi từ ngân hàng. Kết quả giao dịch sẽ được đơn vị bán hàng cập nhật sau; "
                       "vui lòng không thanh toán lại ngay."});
  if (m.rfind("late:", 0) == 0) {
    int64_t delay = digits_value(m.substr(5));
    delay = delay < 0 ? 0 : std::min<int64_t>(delay, 600'000);
    std::thread([ref, result, delay] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      send_ipn(ref, result, "late", false);
    }).detach();
  } else {
    send_ipn(ref, result, "confirm", m == "forged");
    if (m == "duplicate") send_ipn(ref, result, "duplicate", false);
  }
  redirect(c, return_url + (return_url.find('?') == std::string::npos ? "?" : "&") + signed_query(result));
}

void resend(Conn& c, const std::string& query) {
  const std::string ref = parse_form(query)["txn_ref"];
  vnpay::Params result;
  {
    std::lock_guard lk(mu);
    auto it = txns.find(ref);
    if (it != txns.end()) result = it->second.result;
  }
  if (result.empty()) return respond_json(c, 404, {{"RspCode", nullptr}, {"Message", "Không có giao dịch đã xác nhận với vnp_TxnRef này."}});
  IpnOutcome o = send_ipn(ref, result, "resend", false);
  if (!o.ok) return respond_json(c, 502, {{"error", o.error}, {"status", o.status}});
  respond_json(c, 200, {{"RspCode", o.rsp_code}, {"Message", o.message}});
}

// ---------------------------------------------------------------- merchant web API

std::string field(const json& j, const char* k) {
  auto it = j.find(k);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

void merchant_api(Conn& c, const std::string& body) {
  if (mode() == "api-down") return respond_json(c, 503, {{"error", "service unavailable"}});
  json req = json::parse(body, nullptr, false);
  if (!req.is_object()) req = json::object();
  const std::string cmd = field(req, "vnp_Command");
  const bool is_refund = cmd == "refund";
  json out = {{"vnp_ResponseId", random_hex(16)}, {"vnp_Command", cmd}, {"vnp_TmnCode", opt.tmn_code}, {"vnp_TxnRef", field(req, "vnp_TxnRef")}};
  auto answer = [&](const std::string& code, const std::string& message) {
    out["vnp_ResponseCode"] = code;
    out["vnp_Message"] = message;
    out["vnp_SecureHash"] = sign(is_refund ? vnpay::refund_response_data(out) : vnpay::query_response_data(out));
    respond_json(c, 200, out);
  };
  json rec = {{"event", is_refund ? "refund" : "querydr"}, {"txn_ref", field(req, "vnp_TxnRef")}, {"request_id", field(req, "vnp_RequestId")}};
  auto done = [&](const std::string& code, const std::string& message) {
    rec["response_code"] = code;
    log_event(rec);
    answer(code, message);
  };
  if (cmd != "querydr" && !is_refund) return done("03", "Invalid command");
  if (!signature_ok(field(req, "vnp_SecureHash"), is_refund ? vnpay::refund_data(req) : vnpay::querydr_data(req))) return done("97", "Invalid Checksum");
  if (field(req, "vnp_TmnCode") != opt.tmn_code) return done("02", "Invalid TmnCode");
  // The decision under the lock; the answer is written after it is released.
  using Outcome = std::pair<const char*, const char*>;
  auto decide = [&]() -> Outcome {
    const std::string ref = field(req, "vnp_TxnRef");
    std::lock_guard lk(mu);
    if (!is_refund) {
      auto it = txns.find(ref);
      if (it == txns.end()) return {"91", "Transaction not found"};
      const Txn& t = it->second;
      rec["transaction_date_ok"] = field(req, "vnp_TransactionDate") == t.create_date;
      out["vnp_Amount"] = std::to_string(t.amount);
      out["vnp_OrderInfo"] = t.order_info;
      out["vnp_BankCode"] = t.bank_code;
      out["vnp_PayDate"] = t.pay_date;
      out["vnp_TransactionNo"] = t.transaction_no;
      out["vnp_TransactionType"] = t.refunded == 0 ? "01" : t.refunded >= t.amount ? "02" : "03";
      out["vnp_TransactionStatus"] = t.state == "paid" ? "00" : t.state == "pending" ? "01" : "02";
      rec["transaction_status"] = out["vnp_TransactionStatus"];
      return {"00", "QueryDR Success"};
    }
    const std::string type = field(req, "vnp_TransactionType"), request_id = field(req, "vnp_RequestId");
    const int64_t amount = digits_value(field(req, "vnp_Amount"));
    rec["amount"] = amount;
    rec["transaction_type"] = type;
    rec["create_by"] = field(req, "vnp_CreateBy");
    out["vnp_TransactionType"] = type;
    if (!request_id.empty() && !refund_request_ids.insert(request_id).second) return {"94", "Duplicate request"};
    auto it = txns.find(ref);
    if (it == txns.end()) return {"91", "Transaction not found"};
    Txn& t = it->second;
    out["vnp_BankCode"] = t.bank_code;
    out["vnp_OrderInfo"] = field(req, "vnp_OrderInfo");
    if ((type != "02" && type != "03") || amount <= 0) return {"03", "Invalid data format"};
    const int64_t left = t.amount - t.refunded;
    if (t.state != "paid") return {"95", "Transaction is not successful, refund refused"};
    if (amount > left || (type == "02" && amount != left)) return {"95", "Refund amount is invalid"};
    t.refunded += amount;
    ++refunds;
    const std::string no = std::to_string(++transaction_counter);
    out["vnp_Amount"] = std::to_string(amount);
    out["vnp_PayDate"] = vnpay::format_time(now_ms());
    out["vnp_TransactionNo"] = no;
    out["vnp_TransactionStatus"] = "00";
    rec["transaction_no"] = no;
    rec["refunded"] = t.refunded;
    return {"00", "Refund success"};
  };
  const Outcome o = decide();
  done(o.first, o.second);
}

// ---------------------------------------------------------------- sessions

void session(int fd) {
  Conn c(fd);
  motcua::standins::HttpRequest req;
  bool too_large = false;
  if (!motcua::standins::read_request(c, req, kMaxBody, too_large))
    return too_large ? respond_json(c, 413, {{"error", "request body too large (64 KiB at most)"}}) : void();
  const size_t q = req.path.find('?');
  const std::string path = req.path.substr(0, q), query = q == std::string::npos ? "" : req.path.substr(q + 1);
  try {
    if (req.method == "GET" && path == "/health") return respond_json(c, 200, {{"status", "ok"}});
    if (req.method == "GET" && path == "/favicon.ico") return motcua::standins::respond(c, 204, "image/x-icon", "");  // browsers ask for it
    if (req.method == "GET" && path == "/stats") {
      std::lock_guard lk(mu);
      long pending = 0, paid = 0, cancelled = 0, failed = 0;
      for (const auto& [ref, t] : txns) {
        if (t.state == "pending") ++pending;
        else if (t.state == "paid") ++paid;
        else if (t.state == "cancelled") ++cancelled;
        else ++failed;
      }
      return respond_json(c, 200, {{"transactions", txns.size()}, {"pending", pending}, {"paid", paid}, {"cancelled", cancelled}, {"failed", failed},
                                   {"ipn_sent", ipn_sent}, {"ipn_failed", ipn_failed}, {"ipn_replies", ipn_replies}, {"refunds", refunds}});
    }
    if (req.method == "GET" && path == "/paymentv2/vpcpay.html") return pay_page(c, query);
    if (req.method == "POST" && path == "/paymentv2/confirm") return confirm(c, req.body);
    if (req.method == "POST" && path == "/paymentv2/resend") return resend(c, query);
    if (req.method == "POST" && path == "/merchant_webapi/api/transaction") return merchant_api(c, req.body);
    respond_json(c, 404, {{"error", "not found"}});
  } catch (const std::exception& e) {
    std::cerr << "motcua-paygate: " << e.what() << "\n";
    respond_json(c, 500, {{"error", "internal error"}});
  }
}

// The vnp_TransactionNo counter continues after the largest number in the log.
void load_counter() {
  std::ifstream in(opt.log);
  std::string line;
  while (std::getline(in, line)) {
    auto j = json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    if (!j.contains("transaction_no") || !j["transaction_no"].is_string()) continue;
    const int64_t n = digits_value(j["transaction_no"].get<std::string>());
    if (n > transaction_counter) transaction_counter = n;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string secret_file;
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
      else throw std::runtime_error("unknown option " + a);
    }
    if (!secret_file.empty()) {
      std::ifstream in(secret_file);
      if (!in || !std::getline(in, opt.secret)) throw std::runtime_error("cannot read --secret-file " + secret_file);
      if (!opt.secret.empty() && opt.secret.back() == '\r') opt.secret.pop_back();
    }
    if (opt.log.empty() || opt.tmn_code.empty() || opt.secret.empty() || (opt.ipn_url.empty() == opt.ipn_url_file.empty()))
      throw std::runtime_error("--log FILE, --tmn-code CODE, --secret SECRET (or --secret-file FILE) and one of --ipn-url URL / --ipn-url-file FILE "
                               "are required");
    if (!opt.ipn_url.empty() && opt.ipn_url.rfind("http://", 0) != 0) throw std::runtime_error("--ipn-url must be an http:// URL");
    load_counter();
    motcua::standins::serve_forever(opt.host, opt.port, opt.port_file, session);
  } catch (const std::exception& e) {
    std::cerr << "motcua-paygate: " << e.what() << "\n";
    return 1;
  }
}
