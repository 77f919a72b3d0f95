// The VNPAY connector (see vnpay_gateway.h).
#include "services/payments/vnpay_gateway.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "services/notify/http_post.h"

namespace motcua::services::gateway {

namespace vnpay = ::motcua::payments::vnpay;
using nlohmann::json;

const Merchant* Merchants::for_agency(const std::vector<std::string>& lineage) const {
  for (const auto& a : lineage) {
    auto it = per_agency_.find(a);
    if (it != per_agency_.end() && it->second.usable()) return &it->second;
  }
  return default_.usable() ? &default_ : nullptr;
}

const Merchant* Merchants::by_tmn(const std::string& tmn) const {
  if (tmn.empty()) return nullptr;
  for (const auto& [a, m] : per_agency_)
    if (m.tmn_code == tmn && m.usable()) return &m;
  return default_.usable() && default_.tmn_code == tmn ? &default_ : nullptr;
}

bool Merchants::any() const {
  if (default_.usable()) return true;
  for (const auto& [a, m] : per_agency_)
    if (m.usable()) return true;
  return false;
}

json Merchants::describe() const {
  json out = json::object();
  auto d = [](const Merchant& m) { return json{{"tmn_code", m.tmn_code}, {"pay_url", m.pay_url}, {"api_url", m.api_url}}; };
  if (default_.usable()) out["*"] = d(default_);
  for (const auto& [a, m] : per_agency_) out[a] = d(m);
  return out;
}

std::string sign(const std::string& secret, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha512(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA512 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool same(const std::string& a, const std::string& b) { return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0; }

std::string request_id() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) s += hex[c >> 4], s += hex[c & 15];
  return s;
}

std::string field(const json& j, const char* k) {
  if (!j.contains(k)) return "";
  if (j[k].is_string()) return j[k].get<std::string>();
  if (j[k].is_number_integer()) return std::to_string(j[k].get<int64_t>());
  return "";
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
  if (!same(lower(field(j, "vnp_SecureHash")), sign(m.secret, response_data(j)))) throw GatewayError("Chữ ký trong trả lời của cổng thanh toán không đúng.");
  return j;
}
}  // namespace

bool verify(const Merchant& m, const vnpay::Params& p) {
  auto it = p.find("vnp_SecureHash");
  if (it == p.end()) return false;
  return same(lower(it->second), sign(m.secret, vnpay::hash_data(p)));
}

std::string payment_url(const Merchant& m, const vnpay::Params& p) {
  std::string data = vnpay::hash_data(p);
  return m.pay_url + "?" + data + "&vnp_SecureHash=" + sign(m.secret, data);
}

QueryResult query(const Merchant& m, const std::string& txn_ref, const std::string& transaction_date, int64_t now_ms) {
  json q = {{"vnp_RequestId", request_id()}, {"vnp_Version", "2.1.0"}, {"vnp_Command", "querydr"}, {"vnp_TmnCode", m.tmn_code},
            {"vnp_TxnRef", txn_ref}, {"vnp_OrderInfo", "Truy van giao dich " + txn_ref}, {"vnp_TransactionDate", transaction_date},
            {"vnp_CreateDate", vnpay::format_time(now_ms)}, {"vnp_IpAddr", "127.0.0.1"}};
  q["vnp_SecureHash"] = sign(m.secret, vnpay::querydr_data(q));
  json j = post(m, q, vnpay::query_response_data);
  QueryResult r;
  r.response_code = field(j, "vnp_ResponseCode");
  r.transaction_status = field(j, "vnp_TransactionStatus");
  r.transaction_type = field(j, "vnp_TransactionType");
  std::string amt = field(j, "vnp_Amount");
  r.amount = amt.empty() || amt.find_first_not_of("0123456789") != std::string::npos || amt.size() > 17 ? 0 : std::stoll(amt) / 100;
  r.transaction_no = field(j, "vnp_TransactionNo");
  r.bank_code = field(j, "vnp_BankCode");
  r.pay_date = field(j, "vnp_PayDate");
  return r;
}

RefundResult refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool full, const std::string& transaction_no,
                    const std::string& transaction_date, const std::string& create_by, int64_t now_ms) {
  json q = {{"vnp_RequestId", request_id()}, {"vnp_Version", "2.1.0"}, {"vnp_Command", "refund"}, {"vnp_TmnCode", m.tmn_code},
            {"vnp_TransactionType", full ? "02" : "03"}, {"vnp_TxnRef", txn_ref}, {"vnp_Amount", std::to_string(amount * 100)},
            {"vnp_TransactionNo", transaction_no}, {"vnp_TransactionDate", transaction_date}, {"vnp_CreateBy", create_by},
            {"vnp_CreateDate", vnpay::format_time(now_ms)}, {"vnp_IpAddr", "127.0.0.1"}, {"vnp_OrderInfo", "Hoan phi giao dich " + txn_ref}};
  q["vnp_SecureHash"] = sign(m.secret, vnpay::refund_data(q));
  json j = post(m, q, vnpay::refund_response_data);
  return {field(j, "vnp_ResponseCode"), field(j, "vnp_Message")};
}

}  // namespace motcua::services::gateway
