// The national payment platform connector (see paygov_gateway.h).
#include "services/payments/paygov_gateway.h"

#include <algorithm>

#include "domain/payments/paygov.h"
#include "domain/payments/vnpay.h"
#include "services/notify/http_post.h"

namespace motcua::services::gateway {

namespace paygov = ::motcua::payments::paygov;
using nlohmann::json;

namespace {

std::string param(const Params& p, const char* k) {
  auto it = p.find(k);
  return it == p.end() ? "" : it->second;
}

int64_t number(const std::string& s) {
  if (s.empty() || s.size() > 17 || s.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(s);
}

// Signs `f` as message `kind`, posts it to <api_url><path>, and returns the answer's fields once its signature
// (as message `answer`) is right.
paygov::Fields call(const Merchant& m, const char* path, paygov::Fields f, paygov::Message kind, paygov::Message answer) {
  f["partnerCode"] = m.code;
  f["accessKey"] = m.access_key;
  f["requestId"] = random_request_id();
  f["signature"] = hmac_sha256_hex(m.secret, paygov::signed_data(f, kind));
  notify::HttpReply r;
  try {
    r = notify::http_post(m.api_url + path, {}, paygov::to_json(f).dump(), "application/json", 10, "nền tảng thanh toán Cổng DVC quốc gia");
  } catch (const std::exception& e) {
    throw GatewayError(e.what());
  }
  if (r.status != 200) throw GatewayError("Nền tảng thanh toán trả lời mã HTTP " + std::to_string(r.status) + ".");
  auto a = paygov::from_json(json::parse(r.body, nullptr, false));
  if (!a) throw GatewayError("Nền tảng thanh toán trả lời không đúng định dạng.");
  if (!same_hex(param(*a, "signature"), hmac_sha256_hex(m.secret, paygov::signed_data(*a, answer))))
    throw GatewayError("Chữ ký trong trả lời của nền tảng thanh toán không đúng.");
  return *a;
}

}  // namespace

std::string PaygovGateway::merchant_code(const Params& p) const { return param(p, "partnerCode"); }

std::string PaygovGateway::start(const Merchant& m, const StartRequest& r) const {
  paygov::Fields f = {{"orderId", r.txn_ref},
                      {"amount", std::to_string(r.amount)},
                      {"orderInfo", r.order_info},
                      {"redirectUrl", r.return_url},
                      {"ipnUrl", r.ipn_url},
                      {"expireAt", ::motcua::payments::vnpay::format_time(r.expire_at)},
                      {"extraData", r.dossier_code}};
  auto a = call(m, "/payments/create", std::move(f), paygov::Message::create, paygov::Message::created);
  const int64_t code = number(param(a, "resultCode"));
  if (code != paygov::kPaid || param(a, "payUrl").empty())
    throw GatewayError("Nền tảng thanh toán không tạo được giao dịch: " +
                       (param(a, "message").empty() ? paygov::result_text(code) : param(a, "message")) + ".");
  if (param(a, "orderId") != r.txn_ref || number(param(a, "amount")) != r.amount) throw GatewayError("Nền tảng thanh toán trả lời cho giao dịch khác.");
  return param(a, "payUrl");
}

Notice PaygovGateway::read(const Merchant& m, const Params& p) const {
  Notice n;
  n.authentic = param(p, "partnerCode") == m.code && same_hex(param(p, "signature"), hmac_sha256_hex(m.secret, paygov::signed_data(p, paygov::Message::notify)));
  n.txn_ref = param(p, "orderId");
  n.txn_no = param(p, "transId");
  n.bank = param(p, "payType");
  n.code = param(p, "resultCode");
  n.amount = number(param(p, "amount"));
  const int64_t code = number(n.code);
  n.outcome = code == paygov::kPaid ? Outcome::paid : code == paygov::kPending ? Outcome::pending : Outcome::failed;
  n.text = paygov::result_text(code);
  return n;
}

QueryResult PaygovGateway::query(const Merchant& m, const std::string& txn_ref, int64_t, int64_t) const {
  auto a = call(m, "/payments/query", {{"orderId", txn_ref}}, paygov::Message::query, paygov::Message::queried);
  QueryResult r;
  const int64_t code = number(param(a, "resultCode"));
  r.code = param(a, "resultCode");
  r.found = code != paygov::kUnknownOrder && code != paygov::kBadSignature && code != paygov::kOtherError && code >= 0;
  if (!r.found && code != paygov::kUnknownOrder) throw GatewayError("Nền tảng thanh toán từ chối truy vấn: " + paygov::result_text(code) + ".");
  r.outcome = code == paygov::kPaid ? Outcome::paid : code == paygov::kPending ? Outcome::pending : Outcome::failed;
  r.amount = std::max<int64_t>(0, number(param(a, "amount")));
  r.refunded = std::max<int64_t>(0, number(param(a, "refundedAmount")));
  r.txn_no = param(a, "transId");
  r.bank = param(a, "payType");
  return r;
}

RefundResult PaygovGateway::refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool, const std::string& txn_no, int64_t,
                                   int64_t) const {
  auto a = call(m, "/payments/refund",
                {{"orderId", txn_ref}, {"amount", std::to_string(amount)}, {"transId", txn_no}, {"description", "Hoan phi, le phi giao dich " + txn_ref}},
                paygov::Message::refund, paygov::Message::refunded);
  RefundResult r;
  r.code = param(a, "resultCode");
  const int64_t code = number(r.code);
  r.done = code == paygov::kPaid || code == paygov::kRepeatedRequest;
  r.message = param(a, "message").empty() ? paygov::result_text(code) : param(a, "message");
  return r;
}

}  // namespace motcua::services::gateway
