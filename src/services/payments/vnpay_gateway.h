// The VNPAY connector (services/payments): VNPAY's merchant protocol 2.1.0 behind the Gateway interface. The pure
// protocol parts are domain/payments/vnpay.h; this file adds HMAC-SHA512 and I/O.
//
// Contract
// - start(): the payment URL m.pay_url + "?" + hash_data(params) + "&vnp_SecureHash=" + HMAC-SHA512 hex; nothing
//   is sent (VNPAY's IPN URL is registered with the merchant, so r.ipn_url is not part of the request).
// - read(): the vnp_* params of an IPN or of the browser's return; authentic when vnp_SecureHash equals
//   HMAC-SHA512(secret, hash_data(params)) (any case, constant time). Paid when vnp_ResponseCode and
//   vnp_TransactionStatus are "00"; failed otherwise; amount = vnp_Amount ÷ 100 (-1 unless a whole đồng).
// - query() / refund(): JSON POST to m.api_url (10 s timeout), the '|'-joined checksums of querydr / refund; the
//   answer's vnp_SecureHash is checked. query: found unless "91"; paid when vnp_TransactionStatus "00";
//   vnp_TransactionType "02" = fully refunded (refunded = amount), "03" = partly (refunded = -1). refund: done
//   on "00" and on "94" (this request was already made).
#pragma once
#include "services/payments/gateway.h"

namespace motcua::services::gateway {

class VnpayGateway final : public Gateway {
 public:
  const char* name() const override { return "vnpay"; }
  const char* label() const override { return "Cổng thanh toán VNPAY"; }
  std::string merchant_code(const Params& p) const override;
  std::string start(const Merchant& m, const StartRequest& r) const override;
  Notice read(const Merchant& m, const Params& p) const override;
  QueryResult query(const Merchant& m, const std::string& txn_ref, int64_t created_at, int64_t now) const override;
  RefundResult refund(const Merchant& m, const std::string& txn_ref, int64_t amount, bool full, const std::string& txn_no, int64_t created_at,
                      int64_t now) const override;
};

}  // namespace motcua::services::gateway
