// motcua-paygate, the VNPAY merchant (pay API 2.1.0 and the merchant web API): it checks what
// services/payments/vnpay_gateway.h sends, shows a payment page, answers like VNPAY (IPN to the merchant, browser
// redirect to vnp_ReturnUrl, querydr, refund) and misbehaves on demand (sandbox.h's mode()).
//
// Signatures are lower-case hex HMAC-SHA512 with --secret (upper case accepted) over vnpay::hash_data of the
// params (URLs) or the '|'-joined data of vnpay::querydr_data / refund_data / query_response_data /
// refund_response_data (merchant web API). --ipn-url-file: the IPN URL is the file's first line, read at every IPN
// (a test writes it once the merchant's port is known; while the file is missing an IPN fails like an unreachable
// merchant).
//
// - GET /paymentv2/vpcpay.html?<vnp_* params>&vnp_SecureHash=<hex> (pay_page): the params must parse
//   (vnpay::parse_query) and carry a valid signature, vnp_Version "2.1.0", vnp_Command "pay", vnp_TmnCode ==
//   --tmn-code, vnp_Amount a positive integer multiple of 100 (đồng × 100), vnp_CurrCode "VND", a non-empty
//   vnp_TxnRef, an http(s) vnp_ReturnUrl, valid vnp_CreateDate / vnp_ExpireDate (yyyyMMddHHmmss, GMT+7) with the
//   expiry not passed; a vnp_TxnRef already confirmed (or pending with another amount) is refused. Any problem →
//   400, a Vietnamese HTML page naming each problem ("Sai chữ ký", …). Otherwise the transaction is remembered as
//   pending (querydr: "01") and the payment page (HTML, lang="vi", usable at 390 px) shows merchant code, order
//   info, amount ("8.000 đ"), a bank select (NCB by default, or vnp_BankCode when it is one of the list) and a form
//   POST /paymentv2/confirm with a random hidden `token` and two buttons name="action": "pay" (Thanh toán) and
//   "cancel" (Hủy giao dịch).
// - POST /paymentv2/confirm (form: token, action, bank): a token is confirmed once (unknown / second time → 400
//   page). The result params are vnp_Amount, vnp_BankCode, vnp_BankTranNo (paid only), vnp_CardType "ATM",
//   vnp_OrderInfo, vnp_PayDate (now), vnp_ResponseCode ("00" paid, "24" cancelled, "51" mode fail, "11" when
//   vnp_ExpireDate has passed meanwhile), vnp_TmnCode, vnp_TransactionNo (the shared counter, continued from the
//   log after a restart), vnp_TransactionStatus ("00" paid, else "02"), vnp_TxnRef and vnp_SecureHash. The IPN is
//   sent as `GET <ipn-url>?<params>` (HTTP/1.1 over TCP, http:// only, 10 s timeout), the merchant's reply JSON
//   {"RspCode","Message"} is logged, then the browser gets `302 Location: <vnp_ReturnUrl>?<params>`.
// - Modes:
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
// - stats(): {transactions, pending, paid, cancelled, failed, ipn_sent, ipn_failed, ipn_replies: {RspCode: n},
//   refunds} (the top level of GET /stats).
// - Log: one JSON line per event {at, event: "page" | "confirm" | "ipn" | "querydr" | "refund", txn_ref, …}; an
//   "ipn" line holds the params' vnp_ResponseCode, why it was sent (confirm, duplicate, late, resend), whether it
//   was forged, the HTTP status and the merchant's reply. Never the secret.
// - State under this file's mutex, never held while calling the merchant.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "standins/listen.h"

namespace motcua::standins::paygate::vnpay_sandbox {

void pay_page(Conn& c, const std::string& query);
void confirm(Conn& c, const std::string& body);
void resend(Conn& c, const std::string& query);
void merchant_api(Conn& c, const std::string& body);
nlohmann::json stats();

}  // namespace motcua::standins::paygate::vnpay_sandbox
