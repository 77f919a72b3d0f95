// Fees and payments (services/payments/payment_service.h; contract in docs/api/openapi.yaml):
//   GET  /api/v1/dossiers/{id}/fees → {items:[{id,code,name,kind,amount,quantity,total,collect,payable,paid,waived,
//        exempt_reason,waived_reason,refunded}], due, paid, refunded, waived, outstanding, payable, upfront_outstanding,
//        may_pay_online, online_gateways:["vnpay"|"paygov"…], may_collect, payments:[…], receipts:[{number,kind,amount,method,issued_at,url,pdf}], refunds:[…]}
//        (whoever may read the dossier; 404 otherwise)
//   POST /api/v1/dossiers/{id}/payments {"gateway":"vnpay"|"paygov"} → 201 {payment_url, amount, txn_ref} (the dossier's owner);
//        {"gateway":"cash"|"transfer"} → 201 {amount, txn_ref} (the receiving agency's desk: collected at the counter)
//   POST /api/v1/dossiers/{id}/payments/check → {applied} (asks the gateway about pending payments now)
//   POST /api/v1/dossiers/{id}/fees/{fee}/waive {"reason"} → the fees (desk of the receiving agency; audited)
//   POST /api/v1/dossiers/{id}/refunds/{refund}/paid → the fees (desk: a cash refund paid out at the counter)
//   GET  /api/v1/payments/vnpay/ipn?vnp_… → {"RspCode","Message"} (VNPAY's server-to-server notification; public)
//   POST /api/v1/payments/paygov/ipn {partnerCode, orderId, …, signature} → {"resultCode","message"} (the national
//        payment platform's notification; public; domain/payments/paygov.h)
//   GET  /api/v1/receipts?q=<dossier code | ID number> → {items:[…]} (staff, within their agencies)
//   GET  /api/v1/receipts/{token} → the receipt (public verification: the QR on the PDF)
//   GET  /api/v1/payments/reconciliation?agency=&day=YYYY-MM-DD[&format=xlsx] → {day, agency, matched, missing_in_ledger,
//        missing_at_gateway, amount_mismatch, unreachable, refund_matched, refund_missing_at_gateway, refund_missing_in_ledger,
//        refund_pending, totals:{gateway, ledger, difference, payments:{gateway, ledger}, refunds:{gateway, ledger}}}
//        (net = payments − refunds; policy payment.reconcile)
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"
#include "routes/shared.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json receipt_json(const services::ReceiptInfo& r, const std::string& base) {
  return {{"number", r.number}, {"kind", r.kind}, {"amount", r.amount}, {"method", r.method}, {"issued_at", fmt::iso_datetime(r.issued_at)},
          {"payer_name", r.payer_name}, {"dossier_code", r.dossier_code}, {"agency", r.agency_code}, {"agency_name", r.agency_name},
          {"items", r.items}, {"url", base + "/bien-lai/" + r.token}, {"pdf", base + "/bien-lai/" + r.token + "/pdf"}};
}

json fees_json(const services::FeesView& v, const std::string& base) {
  json items = json::array();
  for (const auto& f : v.items)
    items.push_back({{"id", f.id}, {"code", f.code}, {"name", f.name}, {"kind", f.kind}, {"amount", f.amount}, {"quantity", f.quantity}, {"total", f.total},
                     {"collect", f.collect}, {"payable", f.payable}, {"paid", f.paid}, {"waived", f.waived}, {"exempt_reason", f.exempt_reason},
                     {"waived_reason", f.waived_reason}, {"refunded", f.refunded}});
  json pays = json::array();
  for (const auto& p : v.payments)
    pays.push_back({{"txn_ref", p.txn_ref}, {"method", p.method}, {"state", p.state}, {"amount", p.amount}, {"created_at", fmt::iso_datetime(p.created_at)},
                    {"paid_at", p.paid_at ? json(fmt::iso_datetime(p.paid_at)) : json()}, {"refunded", p.refunded}});
  json receipts = json::array();
  for (const auto& r : v.receipts) receipts.push_back(receipt_json(r, base));
  json refunds = json::array();
  for (const auto& r : v.refunds)
    refunds.push_back({{"id", r.id}, {"amount", r.amount}, {"state", r.state}, {"reason", r.reason}, {"method", r.method},
                       {"created_at", fmt::iso_datetime(r.created_at)}, {"done_at", r.done_at ? json(fmt::iso_datetime(r.done_at)) : json()}});
  return {{"items", items},
          {"due", v.balance.due()},
          {"paid", v.balance.payments},
          {"refunded", v.balance.refunds},
          {"waived", v.balance.waived},
          {"outstanding", v.balance.outstanding()},
          {"payable", v.payable},
          {"upfront_outstanding", v.upfront_outstanding},
          {"may_pay_online", v.may_pay_online},
          {"online_gateways", v.online_gateways},
          {"may_collect", v.may_collect},
          {"payments", pays},
          {"receipts", receipts},
          {"refunds", refunds}};
}

int64_t id_param(const http::Request& req, const char* name) {
  const std::string& s = req.params.at(name);
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    throw DomainError(ErrorKind::not_found, "not_found", "Không tìm thấy.");
  return std::stoll(s);
}

std::string raw_query(const http::Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? "" : req.target.substr(q + 1);
}

}  // namespace

void register_payments_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/dossiers/{id}/fees", "signed_in",
        [&ctx](http::Request& req) { return ok(fees_json(ctx.payments.fees(req.params.at("id"), principal(req)), public_base(ctx, req))); },
        {.summary = "What the dossier owes, what was paid, waived and refunded, its receipts"});
  r.add("POST", "/api/v1/dossiers/{id}/payments", "signed_in",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          std::string gateway = b.is_object() && b.contains("gateway") && b["gateway"].is_string() ? b["gateway"].get<std::string>() : "";
          auto s = ctx.payments.start(req.params.at("id"), gateway, principal(req), req.remote, public_base(ctx, req));
          json out = {{"amount", s.amount}, {"txn_ref", s.txn_ref}};
          if (!s.payment_url.empty()) out["payment_url"] = s.payment_url;
          return ok(out, 201);
        },
        {.body_limit = 4096, .summary = "Start an online payment (owner, gateway vnpay or paygov) or record a payment at the desk (cash, transfer)"});
  r.add("POST", "/api/v1/dossiers/{id}/payments/check", "signed_in",
        [&ctx](http::Request& req) { return ok({{"applied", ctx.payments.check_pending(req.params.at("id"), principal(req))}}); },
        {.body_limit = 4096, .summary = "Ask the gateway about the dossier's pending payments now"});
  r.add("POST", "/api/v1/dossiers/{id}/fees/{fee}/waive", "staff",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          std::string reason = b.is_object() && b.contains("reason") && b["reason"].is_string() ? b["reason"].get<std::string>() : "";
          ctx.payments.waive(req.params.at("id"), id_param(req, "fee"), reason, principal(req), req.remote);
          return ok(fees_json(ctx.payments.fees(req.params.at("id"), principal(req)), public_base(ctx, req)));
        },
        {.body_limit = 8192, .summary = "Waive a fee line (desk of the receiving agency, with a reason)"});
  r.add("POST", "/api/v1/dossiers/{id}/refunds/{refund}/paid", "staff",
        [&ctx](http::Request& req) {
          ctx.payments.refund_at_desk(req.params.at("id"), id_param(req, "refund"), principal(req), req.remote);
          return ok(fees_json(ctx.payments.fees(req.params.at("id"), principal(req)), public_base(ctx, req)));
        },
        {.body_limit = 4096, .summary = "A cash refund paid out at the desk"});
  r.add("GET", "/api/v1/payments/vnpay/ipn", "public",
        [&ctx](http::Request& req) {
          auto reply = ctx.payments.ipn(raw_query(req), req.remote);
          return ok({{"RspCode", reply.code}, {"Message", reply.message}});
        },
        {.summary = "VNPAY IPN (server to server): signature, order, amount and state checks; answers the protocol's RspCode"});
  r.add("POST", "/api/v1/payments/paygov/ipn", "public",
        [&ctx](http::Request& req) { return ok(ctx.payments.paygov_ipn(req.body, req.remote)); },
        {.body_limit = 16384,
         .summary = "The national payment platform's notification (server to server, JSON): the same checks; answers {resultCode, message}"});
  r.add("GET", "/api/v1/receipts", "staff",
        [&ctx](http::Request& req) {
          json items = json::array();
          for (const auto& x : ctx.payments.search_receipts(str_param(req, "q", 64, "Mã hồ sơ hoặc số định danh"), principal(req)))
            items.push_back(receipt_json(x, public_base(ctx, req)));
          return ok({{"items", items}});
        },
        {.summary = "Receipts by dossier code or the payer's identification number (staff, within their agencies)"});
  r.add("GET", "/api/v1/receipts/{token}", "public",
        [&ctx](http::Request& req) {
          auto x = ctx.payments.receipt_by_token(req.params.at("token"));
          if (!x) throw DomainError(ErrorKind::not_found, "receipt_not_found", "Không tìm thấy biên lai.");
          return ok(receipt_json(*x, public_base(ctx, req)));
        },
        {.summary = "Verify a receipt (the link in its QR code)"});
  r.add("GET", "/api/v1/payments/reconciliation", "payment.reconcile",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), day = str_param(req, "day", 10, "Ngày"), format = str_param(req, "format", 8, "Định dạng");
          if (day.empty()) day = fmt::iso_date(fmt::now_ms());
          if (agency.empty()) {
            const auto& p = principal(req);
            if (!p.grants.empty()) agency = p.grants.front().agency;
          }
          if (format == "xlsx") {
            http::Response res;
            res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            res.body = ctx.payments.reconciliation_xlsx(day, agency, principal(req));
            res.set("Content-Disposition", "attachment; filename=\"doi-soat-thanh-toan-" + day + ".xlsx\"");
            res.set("Cache-Control", "private, no-store");
            return res;
          }
          return ok(ctx.payments.reconciliation(day, agency, principal(req)));
        },
        {.summary = "Online payments of a day and agency against the fee ledger (matched, missing on either side, amount mismatch)"});
}

}  // namespace motcua::api
