// The VNPAY connector (services/payments): merchant configuration per agency, the signed payment URL, the
// check of what the gateway sends back (IPN, return URL), and the merchant web API's query (querydr) and refund
// calls over libcurl. The pure protocol parts are domain/payments/vnpay.h; this file adds HMAC-SHA512 (OpenSSL)
// and I/O.
//
// Contract
// - Merchants: a deployment default and per-agency overrides; for_agency(lineage) gives the merchant of the
//   nearest agency in the lineage (the agency itself first) that has one, else the default; by_tmn(code) the
//   merchant with that terminal code (IPN and return URL name it). A merchant is usable only with pay_url,
//   tmn_code and secret. The secret is never logged or returned by any API (describe() masks it).
// - sign(secret, data): lower-case hex HMAC-SHA512. verify(m, params): vnp_SecureHash present and equal
//   (case-insensitively, in constant time) to sign(m.secret, hash_data(params)).
// - payment_url(m, p): m.pay_url + "?" + hash_data(p) + "&vnp_SecureHash=" + sign(...).
// - query / refund: POST JSON to m.api_url (10 s timeout); the answer's vnp_SecureHash is checked; any transport
//   failure, HTTP error or bad signature is a GatewayError (transient: try again later) — never a decision.
#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/payments/vnpay.h"

namespace motcua::services::gateway {

struct Merchant {
  std::string pay_url;   // e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
  std::string api_url;   // e.g. https://sandbox.vnpayment.vn/merchant_webapi/api/transaction
  std::string tmn_code;  // vnp_TmnCode
  std::string secret;    // vnp_HashSecret
  bool usable() const { return !pay_url.empty() && !tmn_code.empty() && !secret.empty(); }
};

class Merchants {
 public:
  void set_default(Merchant m) { default_ = std::move(m); }
  void set(const std::string& agency, Merchant m) { per_agency_[agency] = std::move(m); }
  const Merchant* for_agency(const std::vector<std::string>& lineage) const;  // agency first, then its parents
  const Merchant* by_tmn(const std::string& tmn_code) const;
  bool any() const;
  nlohmann::json describe() const;  // {agency|"*": {tmn_code, pay_url, api_url}} — never the secret

 private:
  Merchant default_;
  std::map<std::string, Merchant> per_agency_;
};

struct GatewayError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string sign(const std::string& secret, const std::string& data);
bool verify(const Merchant& m, const ::motcua::payments::vnpay::Params& p);
std::string payment_url(const Merchant& m, const ::motcua::payments::vnpay::Params& p);

struct QueryResult {
  std::string response_code;       // "00" found, "91" not found …
  std::string transaction_status;  // "00" paid, "01" not completed, "02" failed …
  std::string transaction_type;    // "01" payment, "02"/"03" refunded
  int64_t amount = 0;              // đồng
  std::string transaction_no, bank_code, pay_date;
};
// vnp_TransactionDate is the payment's vnp_CreateDate (yyyyMMddHHmmss).
QueryResult query(const Merchant& m, const std::string& txn_ref, const std::string& transaction_date, int64_t now_ms);

struct RefundResult {
  std::string response_code;  // "00" accepted, "94" duplicate request, "91"/"95" refused
  std::string message;
};
RefundResult refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool full, const std::string& transaction_no,
                    const std::string& transaction_date, const std::string& create_by, int64_t now_ms);

}  // namespace motcua::services::gateway
