// motcua-paygate, the PayGov merchant (the national payment platform of the national public-service portal, the
// protocol of domain/payments/paygov.h): it checks what services/payments/paygov_gateway.cpp sends, shows the
// platform's page where the citizen chooses a provider, notifies the merchant (POST JSON to ipnUrl), redirects the
// browser to redirectUrl, answers query and refund, and misbehaves on demand (sandbox.h's mode(), the same words
// as VNPAY's). Enabled by --paygov-partner-code, --paygov-access-key and --paygov-secret (or --paygov-secret-file).
//
// Signatures: lower-case hex HMAC-SHA256(secret, paygov::signed_data(fields, kind)), any letter case accepted,
// compared in constant time. Bodies are JSON objects read with paygov::from_json (anything it refuses is a bad
// request) and written with paygov::to_json. API answers are HTTP 200 with a signed message whatever the
// resultCode; mode api-down → every /paygov/api/* path answers 503 {"error"}.
//
// - POST /paygov/api/payments/create (kCreate → kCreated): 20 when the body is refused by from_json; 97 bad
//   signature; 11 "Truy cập bị từ chối" when partnerCode / accessKey differ; 20 with a Vietnamese message naming
//   each bad field: amount not a positive integer, orderId empty or > 64 bytes, redirectUrl / ipnUrl not
//   http(s) (or holding spaces / control characters), expireAt not yyyyMMddHHmmss GMT+7 or not in the future;
//   41 "Mã đơn hàng đã tồn tại" when the orderId was confirmed already or is pending with another amount.
//   Otherwise 0 "Thành công" with payUrl http://<host>:<port>/paygov/pay?token=<32 hex> (the address the request
//   came in on); the order is pending (queried: 1000). The same orderId and amount again while pending → the same
//   payUrl (the order's other fields take the newest values). Errors carry payUrl "".
// - GET /paygov/pay?token=T: the payment page (title "Nền tảng thanh toán – Cổng Dịch vụ công quốc gia (thử
//   nghiệm)", lang="vi", usable at 390 px): partner code, orderId, orderInfo, extraData (the dossier code), amount
//   ("16.000 đ"), expiry; a radio group (fieldset + legend) of providers VNPTPAY, ATM-VCB, ATM-BIDV, VIETTELMONEY
//   (the first checked) and a form POST /paygov/confirm with hidden `token` and buttons name="action" "pay"
//   (Thanh toán) / "cancel" (Hủy giao dịch). Unknown token → 404 page; a token already confirmed → 400 page.
// - POST /paygov/confirm (form: token, action, provider; an unknown provider counts as VNPTPAY): once per token
//   (unknown / second time → 400 page). resultCode 1006 cancel, else 1005 when expireAt has passed, else 1001 in
//   mode fail, else 0. transId from the shared counter (sandbox.h). The notify fields (partnerCode, orderId,
//   requestId (new random), amount, transId, resultCode, message = paygov::result_text, payType = provider,
//   responseTime, extraData, signature) are POSTed as JSON to ipnUrl (http:// only, 10 s timeout); the merchant's
//   reply {"resultCode","message"} is logged; the browser then gets 302 Location: <redirectUrl>?<the same fields,
//   values vnpay::url_encode'd, in name order, signature last>.
// - Modes: ok; fail (pay → 1001); timeout (no notify, the browser gets 504 "Nền tảng thanh toán không phản hồi",
//   the result is kept: query reports it and resend delivers it); late:<ms> (redirect at once, notify <ms> later,
//   ≤ 10 min); duplicate (notify twice); forged (the notify's signature is wrong; the redirect and a later resend
//   are right); amount (notify and redirect carry amount + 10000000, correctly signed, and so does a resend; query
//   reports the true amount); api-down (above). Unknown words behave as "ok".
// - POST /paygov/resend?order_id=REF: the order's last notify again (correctly signed, as sent at confirm) →
//   200 {"resultCode","message"} as the merchant replied; 404 unknown or never confirmed; 502 {"error","status"}
//   when the merchant could not be reached or did not answer JSON with a resultCode.
// - POST /paygov/api/payments/query (kQuery → kQueried): 99 unreadable body, 97, 11, 42 unknown orderId; else the
//   order's resultCode (1000 pending — 1005 once its expireAt has passed —, 0, 1001, 1005, 1006), amount (true
//   amount), transId, payType, refundedAmount (sum refunded), message = result_text. transId / payType are "" and
//   amounts 0 when there is nothing to report.
// - POST /paygov/api/payments/refund (kRefund → kRefunded): 99 unreadable body, 97, 11; 7 when this requestId was
//   accepted before (the answer as it was: its amount and refund transId, with resultCode 7); 42 unknown orderId;
//   95 when the order is not paid, transId is not the payment's or the amount is not 0 < amount ≤ what is left;
//   else 0 with a new transId (the shared counter) and the refund recorded.
// - stats(): {transactions, pending, paid, cancelled, failed (1001 and 1005), ipn_sent, ipn_failed, ipn_replies:
//   {"<resultCode>": n}, refunds} (GET /stats's "paygov" object).
// - Log lines {at, event: "paygov.create" | "paygov.page" | "paygov.confirm" | "paygov.ipn" | "paygov.query" |
//   "paygov.refund", order_id, …}: result_code, request_id, amount; trans_id (confirm and accepted refunds: the
//   counter continues from it after a restart); an ipn line has why (confirm, duplicate, late, resend), forged, the
//   HTTP status and the merchant's reply. Never the secret nor the access key.
// - Restart: orders live in memory only. State under this file's mutex, never held while calling the merchant.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "standins/listen.h"

namespace motcua::standins::paygate::paygov_sandbox {

// self: "<host>:<port>" the request came in on (the payUrl's authority).
void create(Conn& c, const std::string& body, const std::string& self);
void query(Conn& c, const std::string& body);
void refund(Conn& c, const std::string& body);
void pay_page(Conn& c, const std::string& query);
void confirm(Conn& c, const std::string& body);
void resend(Conn& c, const std::string& query);
nlohmann::json stats();

}  // namespace motcua::standins::paygate::paygov_sandbox
