// motcua-paygate: the VNPAY merchant — payment page, confirm, IPN, resend, merchant web API (see vnpay.h).
#include "standins/paygate/vnpay.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "domain/format.h"
#include "domain/payments/vnpay.h"
#include "standins/paygate/html.h"
#include "standins/paygate/http.h"
#include "standins/paygate/sandbox.h"

namespace motcua::standins::paygate::vnpay_sandbox {

namespace vnpay = motcua::payments::vnpay;
using nlohmann::json;

namespace {

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

std::string sign(const std::string& data) { return hmac_hex(EVP_sha512(), opt.secret, data); }

bool vnp_signature_ok(const std::string& got, const std::string& data) { return signature_ok(EVP_sha512(), opt.secret, got, data); }

// The query string of signed params: the signed data, then the signature.
std::string signed_query(const vnpay::Params& p) {
  auto it = p.find("vnp_SecureHash");
  return vnpay::hash_data(p) + "&vnp_SecureHash=" + (it == p.end() ? "" : it->second);
}

std::string param(const vnpay::Params& p, const char* k) {
  auto it = p.find(k);
  return it == p.end() ? "" : it->second;
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
  Outgoing r;
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
  if (!vnp_signature_ok(param(p, "vnp_SecureHash"), vnpay::hash_data(p)))
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

}  // namespace

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
    return error_page(c, 400, kVnpay, "Không thể thực hiện thanh toán", problems);
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
  respond_html(c, 200, kVnpay, "Thanh toán đơn hàng", body);
}

// ---------------------------------------------------------------- confirm, resend

void confirm(Conn& c, const std::string& body) {
  auto f = parse_form(body);
  const std::string action = f["action"], m = mode();
  const int64_t now = now_ms();
  if (action != "pay" && action != "cancel") return error_page(c, 400, kVnpay, "Yêu cầu không hợp lệ", {"Hãy chọn Thanh toán hoặc Hủy giao dịch."});
  const std::string bank = known_bank(f["bank"]) ? f["bank"] : "NCB";
  vnpay::Params result;
  std::string ref, return_url;
  {
    std::lock_guard lk(mu);
    auto tk = tokens.find(f["token"]);
    if (tk == tokens.end()) {
      log_event({{"event", "confirm"}, {"ok", false}, {"error", "unknown or used token"}});
      return error_page(c, 400, kVnpay, "Phiên thanh toán không hợp lệ",
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
    t.transaction_no = next_transaction_no();
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
    return error_page(c, 504, kVnpay, "Cổng thanh toán không phản hồi",
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

namespace {

std::string field(const json& j, const char* k) {
  auto it = j.find(k);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

}  // namespace

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
  if (!vnp_signature_ok(field(req, "vnp_SecureHash"), is_refund ? vnpay::refund_data(req) : vnpay::querydr_data(req))) return done("97", "Invalid Checksum");
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
    const std::string no = next_transaction_no();
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

json stats() {
  std::lock_guard lk(mu);
  long pending = 0, paid = 0, cancelled = 0, failed = 0;
  for (const auto& [ref, t] : txns) {
    if (t.state == "pending") ++pending;
    else if (t.state == "paid") ++paid;
    else if (t.state == "cancelled") ++cancelled;
    else ++failed;
  }
  return {{"transactions", txns.size()}, {"pending", pending}, {"paid", paid}, {"cancelled", cancelled}, {"failed", failed},
          {"ipn_sent", ipn_sent}, {"ipn_failed", ipn_failed}, {"ipn_replies", ipn_replies}, {"refunds", refunds}};
}

}  // namespace motcua::standins::paygate::vnpay_sandbox
