// motcua-paygate: the PayGov merchant — create, payment page, confirm, notify, resend, query, refund (see paygov.h).
#include "standins/paygate/paygov.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "domain/format.h"
#include "domain/payments/paygov.h"
#include "domain/payments/vnpay.h"
#include "standins/paygate/html.h"
#include "standins/paygate/http.h"
#include "standins/paygate/sandbox.h"

namespace motcua::standins::paygate::paygov_sandbox {

namespace paygov = motcua::payments::paygov;
namespace vnpay = motcua::payments::vnpay;
using nlohmann::json;
using paygov::Fields;
using paygov::Message;

namespace {

constexpr int64_t kAccessDenied = 11, kBadField = 20, kOrderExists = 41;

struct Order {
  std::string order_id, request_id, order_info, redirect_url, ipn_url, expire_at, extra_data;
  int64_t amount = 0;               // đồng
  std::string token, pay_url;       // the payment page (kept after confirmation: a second confirm is refused)
  int64_t result = paygov::kPending;
  std::string trans_id, pay_type;   // set at confirmation
  int64_t refunded = 0;             // đồng
  Fields notify;                    // the notify as sent at confirmation (signed; empty until then)
};

struct Refunded {
  std::string amount, trans_id;  // the accepted refund's answer
};

std::mutex mu;  // everything below
std::map<std::string, Order> orders;            // by orderId
std::map<std::string, std::string> tokens;      // page token → orderId
std::map<std::string, Refunded> refund_requests;  // accepted refunds by requestId
std::map<std::string, long> ipn_replies;
long ipn_sent = 0, ipn_failed = 0, refunds = 0;

struct Provider {
  const char* code;
  const char* name;
};
constexpr Provider kProviders[] = {{"VNPTPAY", "Ví VNPT Money (VNPT Pay)"},
                                   {"ATM-VCB", "Thẻ ATM nội địa Vietcombank"},
                                   {"ATM-BIDV", "Thẻ ATM nội địa BIDV"},
                                   {"VIETTELMONEY", "Ví Viettel Money"}};

bool known_provider(const std::string& code) {
  return std::any_of(std::begin(kProviders), std::end(kProviders), [&](const Provider& p) { return code == p.code; });
}

std::string get(const Fields& f, const char* k) {
  auto it = f.find(k);
  return it == f.end() ? "" : it->second;
}

std::string sign(const std::string& data) { return hmac_hex(EVP_sha256(), opt.paygov_secret, data); }

void sign_fields(Fields& f, Message kind) { f["signature"] = sign(paygov::signed_data(f, kind)); }

bool signed_ok(const Fields& f, Message kind) { return signature_ok(EVP_sha256(), opt.paygov_secret, get(f, "signature"), paygov::signed_data(f, kind)); }

bool access_ok(const Fields& f) { return get(f, "partnerCode") == opt.paygov_partner && get(f, "accessKey") == opt.paygov_access_key; }

// An http(s) URL with something after the scheme and no spaces or control characters (it goes into a Location).
bool web_url(const std::string& u) {
  const bool scheme = (u.rfind("http://", 0) == 0 && u.size() > 7) || (u.rfind("https://", 0) == 0 && u.size() > 8);
  return scheme && std::none_of(u.begin(), u.end(), [](char ch) { return static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f; });
}

const char* state_of(int64_t result) {
  if (result == paygov::kPending) return "pending";
  if (result == paygov::kPaid) return "paid";
  if (result == paygov::kCancelled) return "cancelled";
  return "failed";
}

// The fields as a query string: name order, values url-encoded, the signature last.
std::string query_string(const Fields& f) {
  std::string out;
  for (const auto& [k, v] : f) {
    if (k == "signature") continue;
    if (!out.empty()) out += '&';
    out += vnpay::url_encode(k) + "=" + vnpay::url_encode(v);
  }
  return out + "&signature=" + vnpay::url_encode(get(f, "signature"));
}

void respond_signed(Conn& c, Fields f, Message kind, int64_t code, const std::string& message) {
  f["resultCode"] = std::to_string(code);
  f["message"] = message;
  f["responseTime"] = std::to_string(now_ms());
  sign_fields(f, kind);
  respond_json(c, 200, paygov::to_json(f));
}

// The body as fields; nullopt when it is not a JSON object from_json accepts.
std::optional<Fields> read_body(const std::string& body) { return paygov::from_json(json::parse(body, nullptr, false)); }

constexpr const char* kUnreadable = "Dữ liệu yêu cầu không hợp lệ: phải là một đối tượng JSON với giá trị là chuỗi UTF-8 (tối đa 1.000 byte) hoặc số nguyên không âm.";

// ---------------------------------------------------------------- notify

struct Delivery {
  bool ok = false;  // the merchant answered JSON with a resultCode
  int status = 0;
  json reply;
  std::string error;
};

Delivery send_notify(const std::string& order_id, const std::string& url, Fields f, const std::string& why, bool forged) {
  if (forged) f["signature"] = sign(paygov::signed_data(f, Message::notify) + "|forged");
  const Outgoing r = http_post_json(url, paygov::to_json(f).dump(-1, ' ', false, json::error_handler_t::replace));
  Delivery d;
  d.status = r.status;
  json rec = {{"event", "paygov.ipn"}, {"order_id", order_id}, {"why", why},          {"forged", forged},
              {"result_code", get(f, "resultCode")}, {"amount", get(f, "amount")}, {"status", r.status}};
  std::string key;
  if (!r.error.empty()) {
    d.error = r.error;
  } else {
    json reply = json::parse(r.body, nullptr, false);
    if (reply.is_object() && reply.contains("resultCode")) {
      d.ok = true;
      d.reply = reply;
      key = reply["resultCode"].is_string() ? reply["resultCode"].get<std::string>() : reply["resultCode"].dump();
      rec["reply"] = reply;
    } else {
      d.error = "the merchant's answer is not JSON {resultCode, message}";
      rec["body"] = r.body.substr(0, 2000);
    }
  }
  if (!d.ok) rec["error"] = d.error;
  {
    std::lock_guard lk(mu);
    ++ipn_sent;
    if (d.ok) ++ipn_replies[key];
    else ++ipn_failed;
  }
  log_event(rec);
  return d;
}

}  // namespace

// ---------------------------------------------------------------- create

void create(Conn& c, const std::string& body, const std::string& self) {
  const auto in = read_body(body);
  const Fields req = in ? *in : Fields{};
  const std::string order_id = get(req, "orderId");
  Fields out = {{"partnerCode", opt.paygov_partner}, {"requestId", get(req, "requestId")}, {"orderId", order_id}, {"amount", get(req, "amount")},
                {"payUrl", ""}};
  json rec = {{"event", "paygov.create"}, {"order_id", order_id}, {"request_id", get(req, "requestId")}, {"amount", get(req, "amount")}};
  auto answer = [&](int64_t code, const std::string& message) {
    rec["ok"] = code == 0;
    rec["result_code"] = code;
    if (code != 0) rec["message"] = message;
    else rec["pay_url"] = out["payUrl"];
    log_event(rec);
    respond_signed(c, out, Message::created, code, message);
  };
  if (!in) return answer(kBadField, kUnreadable);
  if (!signed_ok(req, Message::create)) return answer(paygov::kBadSignature, paygov::result_text(paygov::kBadSignature));
  if (!access_ok(req)) return answer(kAccessDenied, "Truy cập bị từ chối");
  std::vector<std::string> problems;
  const int64_t amount = digits_value(get(req, "amount"));
  if (amount <= 0) problems.push_back("Số tiền không hợp lệ (amount phải là số nguyên dương, đơn vị đồng).");
  if (order_id.empty() || order_id.size() > 64) problems.push_back("Mã đơn hàng không hợp lệ (orderId không được để trống, tối đa 64 ký tự).");
  if (!web_url(get(req, "redirectUrl"))) problems.push_back("Địa chỉ trả kết quả không hợp lệ (redirectUrl phải là địa chỉ http hoặc https).");
  if (!web_url(get(req, "ipnUrl"))) problems.push_back("Địa chỉ nhận thông báo kết quả không hợp lệ (ipnUrl phải là địa chỉ http hoặc https).");
  const int64_t expire = vnpay::parse_time(get(req, "expireAt"));
  if (expire == 0) problems.push_back("Thời hạn thanh toán không hợp lệ (expireAt phải có dạng yyyyMMddHHmmss, giờ Việt Nam).");
  else if (expire <= now_ms()) problems.push_back("Thời hạn thanh toán đã qua (expireAt).");
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : " ") + p;
    rec["problems"] = problems;
    return answer(kBadField, message);
  }
  bool exists = false;
  {
    std::lock_guard lk(mu);
    auto it = orders.find(order_id);
    if (it != orders.end() && (it->second.result != paygov::kPending || it->second.amount != amount)) {
      exists = true;
    } else {
      Order& o = orders[order_id];
      if (o.token.empty()) {
        o.token = random_hex(16);
        o.pay_url = "http://" + self + "/paygov/pay?token=" + o.token;
        tokens[o.token] = order_id;
      } else {
        rec["again"] = true;  // the same order again while pending: the same page
      }
      o.order_id = order_id;
      o.amount = amount;
      o.request_id = get(req, "requestId");
      o.order_info = get(req, "orderInfo");
      o.redirect_url = get(req, "redirectUrl");
      o.ipn_url = get(req, "ipnUrl");
      o.expire_at = get(req, "expireAt");
      o.extra_data = get(req, "extraData");
      out["payUrl"] = o.pay_url;
    }
  }
  if (exists) return answer(kOrderExists, "Mã đơn hàng đã tồn tại");
  answer(paygov::kPaid, "Thành công");
}

// ---------------------------------------------------------------- payment page

void pay_page(Conn& c, const std::string& query) {
  const std::string token = parse_form(query)["token"];
  Order o;
  bool found = false;
  {
    std::lock_guard lk(mu);
    if (auto tk = tokens.find(token); tk != tokens.end()) o = orders.at(tk->second), found = true;
  }
  if (!found) {
    log_event({{"event", "paygov.page"}, {"order_id", ""}, {"ok", false}, {"error", "unknown token"}});
    return error_page(c, 404, kPaygov, "Không tìm thấy giao dịch", {"Liên kết thanh toán không tồn tại hoặc đã hết hiệu lực."});
  }
  if (o.result != paygov::kPending) {
    log_event({{"event", "paygov.page"}, {"order_id", o.order_id}, {"ok", false}, {"error", "already confirmed"}});
    return error_page(c, 400, kPaygov, "Giao dịch đã được xử lý",
                      {"Giao dịch " + o.order_id + " đã được xử lý: mỗi trang thanh toán chỉ được xác nhận một lần."});
  }
  log_event({{"event", "paygov.page"}, {"order_id", o.order_id}, {"ok", true}, {"amount", o.amount}, {"order_info", o.order_info},
             {"extra_data", o.extra_data}, {"expire_at", o.expire_at}});
  std::string choices;
  bool first = true;
  for (const auto& p : kProviders) {
    const std::string id = std::string("provider-") + p.code;
    choices += "<div class=\"choice\"><input type=\"radio\" id=\"" + id + "\" name=\"provider\" value=\"" + p.code + "\"" + (first ? " checked" : "") +
               "><label for=\"" + id + "\">" + esc(p.name) + "</label></div>";
    first = false;
  }
  std::string dossier;
  if (!o.extra_data.empty()) dossier = "<dt>Mã hồ sơ</dt><dd>" + esc(o.extra_data) + "</dd>";
  const std::string body =
      "<h1>Thanh toán trực tuyến</h1>"
      "<dl><dt>Đơn vị nhận thanh toán (mã đối tác)</dt><dd>" +
      esc(opt.paygov_partner) + "</dd><dt>Mã đơn hàng</dt><dd>" + esc(o.order_id) + "</dd><dt>Nội dung thanh toán</dt><dd>" + esc(o.order_info) +
      "</dd>" + dossier + "<dt>Số tiền</dt><dd class=\"amount\">" + esc(motcua::fmt::money(o.amount)) + "</dd><dt>Hết hạn thanh toán</dt><dd>" +
      esc(motcua::fmt::datetime(vnpay::parse_time(o.expire_at))) +
      "</dd></dl>"
      "<form method=\"post\" action=\"/paygov/confirm\">"
      "<input type=\"hidden\" name=\"token\" value=\"" +
      esc(token) +
      "\">"
      "<fieldset><legend>Chọn phương thức thanh toán</legend>" +
      choices +
      "</fieldset>"
      "<p class=\"note\">Môi trường thử nghiệm: không có tiền thật được chuyển.</p>"
      "<div class=\"actions\"><button type=\"submit\" class=\"pay\" name=\"action\" value=\"pay\">Thanh toán</button>"
      "<button type=\"submit\" class=\"cancel\" name=\"action\" value=\"cancel\">Hủy giao dịch</button></div>"
      "</form>";
  respond_html(c, 200, kPaygov, "", body);
}

// ---------------------------------------------------------------- confirm, resend

void confirm(Conn& c, const std::string& body) {
  auto f = parse_form(body);
  const std::string action = f["action"], m = mode();
  const int64_t now = now_ms();
  if (action != "pay" && action != "cancel") return error_page(c, 400, kPaygov, "Yêu cầu không hợp lệ", {"Hãy chọn Thanh toán hoặc Hủy giao dịch."});
  const std::string provider = known_provider(f["provider"]) ? f["provider"] : kProviders[0].code;
  Fields notify;
  std::string order_id, redirect_url, ipn_url;
  int64_t amount = 0;
  {
    std::lock_guard lk(mu);
    auto tk = tokens.find(f["token"]);
    if (tk == tokens.end() || orders.at(tk->second).result != paygov::kPending) {
      log_event({{"event", "paygov.confirm"}, {"order_id", tk == tokens.end() ? "" : tk->second}, {"ok", false}, {"error", "unknown or used token"}});
      return error_page(c, 400, kPaygov, "Phiên thanh toán không hợp lệ",
                        {"Phiên thanh toán không tồn tại hoặc đã được xử lý: mỗi trang thanh toán chỉ được xác nhận một lần."});
    }
    Order& o = orders.at(tk->second);
    int64_t code = paygov::kPaid;
    if (action == "cancel") code = paygov::kCancelled;
    else if (vnpay::parse_time(o.expire_at) < now) code = paygov::kExpired;
    else if (m == "fail") code = paygov::kRefused;
    o.result = code;
    o.trans_id = next_transaction_no();
    o.pay_type = provider;
    order_id = o.order_id;
    redirect_url = o.redirect_url;
    ipn_url = o.ipn_url;
    amount = o.amount + (m == "amount" ? kAmountSkew : 0);
    notify = {{"partnerCode", opt.paygov_partner},
              {"orderId", o.order_id},
              {"requestId", random_hex(16)},
              {"amount", std::to_string(amount)},
              {"transId", o.trans_id},
              {"resultCode", std::to_string(code)},
              {"message", paygov::result_text(code)},
              {"payType", provider},
              {"responseTime", std::to_string(now)},
              {"extraData", o.extra_data}};
    sign_fields(notify, Message::notify);
    o.notify = notify;
  }
  log_event({{"event", "paygov.confirm"}, {"ok", true}, {"order_id", order_id}, {"action", action}, {"mode", m}, {"result_code", notify["resultCode"]},
             {"trans_id", notify["transId"]}, {"amount", notify["amount"]}, {"pay_type", provider}});
  if (m == "timeout")
    return error_page(c, 504, kPaygov, "Nền tảng thanh toán không phản hồi",
                      {"Nền tảng thanh toán không nhận được phản hồi từ ngân hàng hoặc ví điện tử. Kết quả giao dịch sẽ được đơn vị "
                       "nhận thanh toán cập nhật sau; vui lòng không thanh toán lại ngay."});
  if (m.rfind("late:", 0) == 0) {
    int64_t delay = digits_value(m.substr(5));
    delay = delay < 0 ? 0 : std::min<int64_t>(delay, 600'000);
    std::thread([order_id, ipn_url, notify, delay] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      send_notify(order_id, ipn_url, notify, "late", false);
    }).detach();
  } else {
    send_notify(order_id, ipn_url, notify, "confirm", m == "forged");
    if (m == "duplicate") send_notify(order_id, ipn_url, notify, "duplicate", false);
  }
  redirect(c, redirect_url + (redirect_url.find('?') == std::string::npos ? "?" : "&") + query_string(notify));
}

void resend(Conn& c, const std::string& query) {
  const std::string order_id = parse_form(query)["order_id"];
  Fields notify;
  std::string ipn_url;
  {
    std::lock_guard lk(mu);
    auto it = orders.find(order_id);
    if (it != orders.end()) notify = it->second.notify, ipn_url = it->second.ipn_url;
  }
  if (notify.empty()) return respond_json(c, 404, {{"resultCode", nullptr}, {"message", "Không có giao dịch đã xác nhận với orderId này."}});
  const Delivery d = send_notify(order_id, ipn_url, notify, "resend", false);
  if (!d.ok) return respond_json(c, 502, {{"error", d.error}, {"status", d.status}});
  respond_json(c, 200, {{"resultCode", d.reply["resultCode"]}, {"message", d.reply.value("message", json())}});
}

// ---------------------------------------------------------------- merchant API: query, refund

void query(Conn& c, const std::string& body) {
  const auto in = read_body(body);
  const Fields req = in ? *in : Fields{};
  const std::string order_id = get(req, "orderId");
  Fields out = {{"partnerCode", opt.paygov_partner}, {"requestId", get(req, "requestId")}, {"orderId", order_id}, {"amount", "0"},
                {"transId", ""}, {"payType", ""}, {"refundedAmount", "0"}};
  json rec = {{"event", "paygov.query"}, {"order_id", order_id}, {"request_id", get(req, "requestId")}};
  auto answer = [&](int64_t code, const std::string& message) {
    rec["result_code"] = code;
    log_event(rec);
    respond_signed(c, out, Message::queried, code, message);
  };
  if (!in) return answer(paygov::kOtherError, kUnreadable);
  if (!signed_ok(req, Message::query)) return answer(paygov::kBadSignature, paygov::result_text(paygov::kBadSignature));
  if (!access_ok(req)) return answer(kAccessDenied, "Truy cập bị từ chối");
  int64_t code = paygov::kUnknownOrder;
  {
    std::lock_guard lk(mu);
    if (auto it = orders.find(order_id); it != orders.end()) {
      const Order& o = it->second;
      code = o.result;
      if (code == paygov::kPending && vnpay::parse_time(o.expire_at) < now_ms()) code = paygov::kExpired;
      out["amount"] = std::to_string(o.amount);
      out["transId"] = o.trans_id;
      out["payType"] = o.pay_type;
      out["refundedAmount"] = std::to_string(o.refunded);
    }
  }
  answer(code, paygov::result_text(code));
}

void refund(Conn& c, const std::string& body) {
  const auto in = read_body(body);
  const Fields req = in ? *in : Fields{};
  const std::string order_id = get(req, "orderId"), request_id = get(req, "requestId");
  Fields out = {{"partnerCode", opt.paygov_partner}, {"requestId", request_id}, {"orderId", order_id}, {"amount", get(req, "amount")}, {"transId", ""}};
  json rec = {{"event", "paygov.refund"}, {"order_id", order_id}, {"request_id", request_id}, {"amount", get(req, "amount")}};
  auto answer = [&](int64_t code, const std::string& message) {
    rec["result_code"] = code;
    log_event(rec);
    respond_signed(c, out, Message::refunded, code, message);
  };
  if (!in) return answer(paygov::kOtherError, kUnreadable);
  if (!signed_ok(req, Message::refund)) return answer(paygov::kBadSignature, paygov::result_text(paygov::kBadSignature));
  if (!access_ok(req)) return answer(kAccessDenied, "Truy cập bị từ chối");
  // The decision under the lock; the answer is written after it is released.
  auto decide = [&]() -> int64_t {
    std::lock_guard lk(mu);
    if (auto done = refund_requests.find(request_id); !request_id.empty() && done != refund_requests.end()) {
      out["amount"] = done->second.amount;
      out["transId"] = done->second.trans_id;
      rec["repeated_trans_id"] = done->second.trans_id;
      return paygov::kRepeatedRequest;
    }
    auto it = orders.find(order_id);
    if (it == orders.end()) return paygov::kUnknownOrder;
    Order& o = it->second;
    const int64_t amount = digits_value(get(req, "amount"));
    if (o.result != paygov::kPaid || get(req, "transId") != o.trans_id || amount <= 0 || amount > o.amount - o.refunded)
      return paygov::kRefundNotAllowed;
    o.refunded += amount;
    ++refunds;
    out["amount"] = std::to_string(amount);
    out["transId"] = next_transaction_no();
    if (!request_id.empty()) refund_requests[request_id] = {out["amount"], out["transId"]};
    rec["trans_id"] = out["transId"];
    rec["refunded"] = o.refunded;
    return paygov::kPaid;
  };
  const int64_t code = decide();
  answer(code, paygov::result_text(code));
}

json stats() {
  std::lock_guard lk(mu);
  std::map<std::string, long> by_state = {{"pending", 0}, {"paid", 0}, {"cancelled", 0}, {"failed", 0}};
  for (const auto& [id, o] : orders) ++by_state[state_of(o.result)];
  return {{"transactions", orders.size()}, {"pending", by_state["pending"]}, {"paid", by_state["paid"]}, {"cancelled", by_state["cancelled"]},
          {"failed", by_state["failed"]},  {"ipn_sent", ipn_sent},            {"ipn_failed", ipn_failed},  {"ipn_replies", ipn_replies},
          {"refunds", refunds}};
}

}  // namespace motcua::standins::paygate::paygov_sandbox
