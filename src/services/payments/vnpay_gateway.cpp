// The VNPAY connector (see vnpay_gateway.h).
#include "services/payments/vnpay_gateway.h"

#include "domain/payments/vnpay.h"
#include "services/notify/http_post.h"

namespace motcua::services::gateway {

namespace vnpay = ::motcua::payments::vnpay;
using nlohmann::json;

namespace {

std::string param(const Params& p, const char* k) {
  auto it = p.find(k);
  return it == p.end() ? "" : it->second;
}

std::string field(const json& j, const char* k) {
  if (!j.contains(k)) return "";
  if (j[k].is_string()) return j[k].get<std::string>();
  if (j[k].is_number_integer()) return std::to_string(j[k].get<int64_t>());
  return "";
}

// vnp_Amount (amount × 100) in đồng; -1 when it is not a whole number of đồng.
int64_t amount_of(const std::string& s) {
  if (s.empty() || s.size() > 17 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
  int64_t v = std::stoll(s);
  return v % 100 == 0 ? v / 100 : -1;
}

json post(const Merchant& m, const json& body, std::string (*response_data)(const json&)) {
  if (m.api_url.empty()) throw GatewayError("Chưa cấu hình địa chỉ API truy vấn của cổng thanh toán.");
  notify::HttpReply r;
  try {
    r = notify::http_post(m.api_url, {}, body.dump(), "application/json", 10, "cổng thanh toán VNPAY");
  } catch (const std::exception& e) {
    throw GatewayError(e.what());
  }
  if (r.status != 200) throw GatewayError("Cổng thanh toán trả lời mã HTTP " + std::to_string(r.status) + ".");
  json j = json::parse(r.body, nullptr, false);
  if (!j.is_object()) throw GatewayError("Cổng thanh toán trả lời không phải JSON.");
  if (!same_hex(field(j, "vnp_SecureHash"), hmac_sha512_hex(m.secret, response_data(j))))
    throw GatewayError("Chữ ký trong trả lời của cổng thanh toán không đúng.");
  return j;
}

}  // namespace

std::string VnpayGateway::merchant_code(const Params& p) const { return param(p, "vnp_TmnCode"); }

std::string VnpayGateway::start(const Merchant& m, const StartRequest& r) const {
  vnpay::Params p = {{"vnp_Version", "2.1.0"},
                     {"vnp_Command", "pay"},
                     {"vnp_TmnCode", m.code},
                     {"vnp_Amount", std::to_string(r.amount * 100)},
                     {"vnp_CurrCode", "VND"},
                     {"vnp_TxnRef", r.txn_ref},
                     {"vnp_OrderInfo", r.order_info},
                     {"vnp_OrderType", "other"},
                     {"vnp_Locale", "vn"},
                     {"vnp_ReturnUrl", r.return_url},
                     {"vnp_IpAddr", r.ip.empty() ? "127.0.0.1" : r.ip},
                     {"vnp_CreateDate", vnpay::format_time(r.created_at)},
                     {"vnp_ExpireDate", vnpay::format_time(r.expire_at)}};
  std::string data = vnpay::hash_data(p);
  return m.pay_url + "?" + data + "&vnp_SecureHash=" + hmac_sha512_hex(m.secret, data);
}

Notice VnpayGateway::read(const Merchant& m, const Params& p) const {
  Notice n;
  auto it = p.find("vnp_SecureHash");
  n.authentic = it != p.end() && same_hex(it->second, hmac_sha512_hex(m.secret, vnpay::hash_data(p)));
  n.txn_ref = param(p, "vnp_TxnRef");
  n.txn_no = param(p, "vnp_TransactionNo");
  n.bank = param(p, "vnp_BankCode");
  n.code = param(p, "vnp_ResponseCode");
  n.amount = amount_of(param(p, "vnp_Amount"));
  n.outcome = n.code == "00" && param(p, "vnp_TransactionStatus") == "00" ? Outcome::paid : Outcome::failed;
  n.text = vnpay::response_text(n.code);
  return n;
}

QueryResult VnpayGateway::query(const Merchant& m, const std::string& txn_ref, int64_t created_at, int64_t now) const {
  json q = {{"vnp_RequestId", random_request_id()}, {"vnp_Version", "2.1.0"}, {"vnp_Command", "querydr"}, {"vnp_TmnCode", m.code},
            {"vnp_TxnRef", txn_ref}, {"vnp_OrderInfo", "Truy van giao dich " + txn_ref}, {"vnp_TransactionDate", vnpay::format_time(created_at)},
            {"vnp_CreateDate", vnpay::format_time(now)}, {"vnp_IpAddr", "127.0.0.1"}};
  q["vnp_SecureHash"] = hmac_sha512_hex(m.secret, vnpay::querydr_data(q));
  json j = post(m, q, vnpay::query_response_data);
  QueryResult r;
  r.code = field(j, "vnp_ResponseCode");
  r.found = r.code == "00";
  const std::string status = field(j, "vnp_TransactionStatus");
  r.outcome = !r.found ? Outcome::failed : status == "00" ? Outcome::paid : status == "01" ? Outcome::pending : Outcome::failed;
  std::string amt = field(j, "vnp_Amount");
  r.amount = amt.empty() || amt.find_first_not_of("0123456789") != std::string::npos || amt.size() > 17 ? 0 : std::stoll(amt) / 100;
  const std::string type = field(j, "vnp_TransactionType");
  r.refunded = type == "02" ? r.amount : type == "03" ? -1 : 0;
  r.txn_no = field(j, "vnp_TransactionNo");
  r.bank = field(j, "vnp_BankCode");
  return r;
}

RefundResult VnpayGateway::refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool full, const std::string& txn_no, int64_t created_at,
                                  int64_t now) const {
  json q = {{"vnp_RequestId", random_request_id()}, {"vnp_Version", "2.1.0"}, {"vnp_Command", "refund"}, {"vnp_TmnCode", m.code},
            {"vnp_TransactionType", full ? "02" : "03"}, {"vnp_TxnRef", txn_ref}, {"vnp_Amount", std::to_string(amount * 100)},
            {"vnp_TransactionNo", txn_no}, {"vnp_TransactionDate", vnpay::format_time(created_at)}, {"vnp_CreateBy", "system"},
            {"vnp_CreateDate", vnpay::format_time(now)}, {"vnp_IpAddr", "127.0.0.1"}, {"vnp_OrderInfo", "Hoan phi giao dich " + txn_ref}};
  q["vnp_SecureHash"] = hmac_sha512_hex(m.secret, vnpay::refund_data(q));
  json j = post(m, q, vnpay::refund_response_data);
  RefundResult r;
  r.code = field(j, "vnp_ResponseCode");
  r.done = r.code == "00" || r.code == "94";
  r.message = r.done ? field(j, "vnp_Message") : vnpay::response_text(r.code);
  return r;
}

}  // namespace motcua::services::gateway
