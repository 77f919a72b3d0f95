// Fees and payments on the pages (services/payments): the fees section of a dossier page (applicant and
// officers), paying online (redirect to the gateway) and the page the gateway sends the browser back to, the
// desk's collection / waiver / refund forms, the public receipt verification page and PDF, and the daily
// reconciliation for officers. Every form carries the CSRF token; every decision is the service's.
#include "domain/format.h"
#include "domain/payments/amount_words.h"
#include "http/params.h"
#include "routes/auth.h"
#include "routes/shared.h"
#include "web/dossier_pages.h"
#include "web/pages.h"
#include "web/views.h"
#include "web/work_pages.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

// The pay buttons of the fee panel and the name of each gateway on the page before leaving for it.
std::string gateway_label(const std::string& g) {
  return g == "paygov" ? "Nền tảng thanh toán của Cổng Dịch vụ công quốc gia" : "cổng thanh toán VNPAY";
}
json gateway_buttons(const std::vector<std::string>& gateways) {
  json out = json::array();
  for (const auto& g : gateways)
    out.push_back({{"name", g}, {"button", g == "paygov" ? "Thanh toán qua Cổng Dịch vụ công quốc gia" : "Thanh toán trực tuyến (VNPAY)"}});
  return out;
}

std::string state_label(const std::string& s) {
  if (s == "paid") return "Đã thanh toán";
  if (s == "pending") return "Đang chờ xác nhận";
  if (s == "failed") return "Không thành công";
  if (s == "flagged") return "Sai lệch, đang kiểm tra";
  return s;
}

std::string refund_label(const std::string& s) {
  if (s == "pending") return "Đang hoàn qua cổng thanh toán";
  if (s == "desk") return "Chờ nhận lại tại Bộ phận Một cửa";
  if (s == "done") return "Đã hoàn trả";
  if (s == "failed") return "Hoàn qua cổng không thành công, Bộ phận Một cửa sẽ liên hệ";
  return s;
}

}  // namespace

json fees_section(Context& ctx, const http::Request& req, const std::string& dossier_id, bool staff) {
  auto v = ctx.payments.fees(dossier_id, principal(req));
  if (v.items.empty() && v.payments.empty()) return json(false);
  json items = json::array();
  for (const auto& f : v.items) {
    std::string state = f.exempt_reason.empty() ? "" : "Miễn: " + f.exempt_reason;
    if (f.waived) state = "Đã miễn, giảm" + (f.waived_reason.empty() ? std::string() : ": " + f.waived_reason);
    else if (f.refunded > 0) state = "Đã/đang hoàn trả";
    else if (f.paid) state = "Đã nộp";
    else if (f.total > 0 && f.payable) state = "Chưa nộp";
    else if (f.total > 0) state = f.collect == "notice" ? "Nộp khi có thông báo" : "Chưa nộp";
    items.push_back({{"id", f.id},
                     {"name", f.name},
                     {"quantity", f.quantity},
                     {"amount", fmt::money(f.amount)},
                     {"total", fmt::money(f.total)},
                     {"state", state},
                     {"upfront", f.collect == "upfront" && f.total > 0},
                     {"may_waive", staff && v.may_collect && f.payable && !f.paid && !f.waived && f.total > 0}});
  }
  json receipts = json::array();
  for (const auto& r : v.receipts)
    receipts.push_back({{"number", r.number}, {"refund", r.kind == "refund"}, {"amount", fmt::money(r.amount)}, {"when", fmt::datetime(r.issued_at)},
                        {"method", payments::method_label(r.method)}, {"url", "/bien-lai/" + r.token}, {"pdf", "/bien-lai/" + r.token + "/pdf"}});
  json pays = json::array();
  bool pending = false;
  for (const auto& p : v.payments) {
    pending |= p.state == "pending" && payments::online_method(p.method);
    pays.push_back({{"ref", p.txn_ref}, {"method", payments::method_label(p.method)}, {"amount", fmt::money(p.amount)}, {"state", state_label(p.state)},
                    {"when", fmt::datetime(p.created_at)}});
  }
  json refunds = json::array();
  for (const auto& r : v.refunds)
    refunds.push_back({{"id", r.id}, {"amount", fmt::money(r.amount)}, {"state", refund_label(r.state)}, {"may_pay_out", staff && r.state == "desk"}});
  return {{"items", items},
          {"due", fmt::money(v.balance.due())},
          {"paid", fmt::money(v.balance.paid())},
          {"payable", v.payable > 0 ? json(fmt::money(v.payable)) : json(false)},
          {"payable_words", v.payable > 0 ? json(payments::amount_in_words(v.payable)) : json(false)},
          {"upfront", v.upfront_outstanding > 0},
          {"may_pay_online", v.may_pay_online},
          {"online_gateways", gateway_buttons(v.online_gateways)},
          {"may_collect", staff && v.may_collect},
          {"pending", pending},
          {"receipts", receipts},
          {"has_receipts", !receipts.empty()},
          {"payments", pays},
          {"has_payments", staff && !pays.empty()},
          {"refunds", refunds},
          {"has_refunds", !refunds.empty()},
          {"id", dossier_id},
          {"staff", staff}};
}

namespace {

http::Response pay_online(Context& ctx, http::Request& req) {
  PostedForm pf = read_post(req, 8);
  if (!csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, kCsrfMessage);
  const std::string id = req.params.at("id");
  try {
    const std::string gateway = pf.get("gateway").empty() ? "vnpay" : pf.get("gateway");
    auto s = ctx.payments.start(id, gateway, principal(req), req.remote, public_base(ctx, req));
    // A page with a link rather than a redirect: the site's CSP keeps form-action 'self', and the citizen sees the
    // amount before leaving for the gateway.
    const auto dv = ctx.dossiers.view(id, principal(req));
    json d = {{"title", "Thanh toán trực tuyến"}, {"id", dv.id}, {"code", dv.code}, {"amount", fmt::money(s.amount)},
              {"words", payments::amount_in_words(s.amount)}, {"payment_url", s.payment_url},
              {"gateway_label", gateway_label(gateway)}};
    return ctx.views.page(req, 200, "payment_go", d, "mine");
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found) throw;
    return ctx.views.error_page(req, http_status(e.kind()), e.what());
  }
}

http::Response check(Context& ctx, http::Request& req) {
  PostedForm pf = read_post(req, 8);
  if (!csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, kCsrfMessage);
  const std::string id = req.params.at("id");
  int n = ctx.payments.check_pending(id, principal(req));
  const bool staff = principal(req).kind == accounts::Kind::staff;
  return http::Response::redirect((staff ? "/can-bo/ho-so/" : "/ho-so-cua-toi/") + id + (n ? "?ok=paid" : "?ok=checked") + "#fees");
}

http::Response return_page(Context& ctx, http::Request& req, const std::string& gateway) {
  auto q = req.target.find('?');
  auto out = ctx.payments.on_return(gateway, q == std::string::npos ? "" : req.target.substr(q + 1));
  json d = {{"title", "Kết quả thanh toán"},
            {"state", out.state},
            {"paid", out.state == "paid"},
            {"bad", out.state == "failed" || out.state == "invalid" || out.state == "flagged"},
            {"message", out.message},
            {"code", out.dossier_code},
            {"amount", out.amount ? json(fmt::money(out.amount)) : json(false)},
            {"txn_ref", out.txn_ref},
            {"dossier_url", out.dossier_id.empty() ? json(false) : json("/ho-so-cua-toi/" + out.dossier_id + "#fees")}};
  return ctx.views.page(req, out.state == "invalid" ? 400 : 200, "payment_result", d, "mine");
}

http::Response receipt_page(Context& ctx, http::Request& req) {
  auto r = ctx.payments.receipt_by_token(req.params.at("token"));
  if (!r) throw DomainError(ErrorKind::not_found, "receipt_not_found", "Không tìm thấy biên lai. Hãy kiểm tra lại đường dẫn hoặc mã QR.");
  json items = json::array();
  if (r->items.is_array())
    for (const auto& x : r->items)
      items.push_back({{"name", x.value("name", "")}, {"quantity", x.value("quantity", int64_t{1})}, {"total", fmt::money(x.value("total", int64_t{0}))}});
  json d = {{"title", "Biên lai " + r->number},
            {"number", r->number},
            {"refund", r->kind == "refund"},
            {"agency", r->agency_name},
            {"payer", services::DossierService::mask_name(r->payer_name)},
            {"code", r->dossier_code},
            {"procedure", r->procedure_name},
            {"amount", fmt::money(r->amount)},
            {"words", payments::amount_in_words(r->amount)},
            {"method", payments::method_label(r->method)},
            {"when", fmt::datetime(r->issued_at)},
            {"items", items},
            {"pdf", "/bien-lai/" + r->token + "/pdf"}};
  return ctx.views.page(req, 200, "receipt", d, "");
}

http::Response receipt_pdf(Context& ctx, http::Request& req) {
  const std::string token = req.params.at("token");
  return pdf_response(ctx.payments.receipt_pdf(token, public_base(ctx, req)), "bien-lai-" + token.substr(0, 8) + ".pdf");
}

// The desk's forms: collect (cash / transfer), waive a line, pay out a cash refund.
http::Response desk_post(Context& ctx, http::Request& req) {
  PostedForm pf = read_post(req, 16);
  if (!csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, kCsrfMessage);
  const std::string id = req.params.at("id"), what = req.params.at("what");
  const auto& me = principal(req);
  auto num = [](const std::string& s) -> int64_t {
    return !s.empty() && s.size() < 18 && s.find_first_not_of("0123456789") == std::string::npos ? std::stoll(s) : 0;
  };
  std::string ok;
  try {
    if (what == "thu") {
      std::string method = pf.get("method");
      ctx.payments.start(id, method.empty() ? "cash" : method, me, req.remote);
      ok = "collected";
    } else if (what == "mien") {
      ctx.payments.waive(id, num(pf.get("fee")), pf.get("reason"), me, req.remote);
      ok = "waived";
    } else if (what == "hoan") {
      ctx.payments.refund_at_desk(id, num(pf.get("refund")), me, req.remote);
      ok = "refunded";
    } else {
      throw DomainError(ErrorKind::not_found, "not_found", "Không tìm thấy.");
    }
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found) throw;
    return ctx.views.error_page(req, http_status(e.kind()), e.what());
  }
  return http::Response::redirect("/can-bo/ho-so/" + id + "?ok=" + ok + "#fees");
}

http::Response reconcile_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  std::string day = req.query_param("day").value_or(""), agency = req.query_param("agency").value_or("");
  if (day.empty()) day = fmt::iso_date(fmt::now_ms());
  if (agency.empty() && !me.grants.empty()) agency = me.grants.front().agency;
  json d = {{"title", "Đối soát thanh toán trực tuyến"}, {"day", day}, {"agency", agency}, {"wl", work::work_links(me, "reconcile")}};
  // Receipts by dossier code or the payer's identification number (within the officer's agencies).
  const std::string q = http::str_param(req, "q", 64, "Mã hồ sơ hoặc số định danh");
  d["q"] = q;
  if (!q.empty()) {
    json found = json::array();
    for (const auto& r : ctx.payments.search_receipts(q, me))
      found.push_back({{"number", r.number}, {"refund", r.kind == "refund"}, {"amount", fmt::money(r.amount)}, {"code", r.dossier_code},
                       {"payer", r.payer_name}, {"when", fmt::datetime(r.issued_at)}, {"url", "/bien-lai/" + r.token},
                       {"pdf", "/bien-lai/" + r.token + "/pdf"}});
    d["searched"] = true;
    d["found"] = found;
    d["has_found"] = !found.empty();
  }
  try {
    json rep = ctx.payments.reconciliation(day, agency, me);
    auto rows = [&](const char* key, const char* label) {
      json out = json::array();
      for (const auto& x : rep[key])
        out.push_back({{"label", label}, {"txn_ref", x.value("txn_ref", "")}, {"dossier", x.value("dossier", "")},
                       {"amount", fmt::money(x.value("amount", int64_t{0}))}, {"ledger", fmt::money(x.value("ledger_amount", int64_t{0}))},
                       {"gateway", fmt::money(x.value("gateway_amount", int64_t{0}))},
                       {"note", x.contains("recovered") && x["recovered"].get<bool>() ? "Đã ghi nhận bổ sung theo cổng thanh toán" : x.value("error", "")}});
      return out;
    };
    json all = json::array();
    for (auto [k, l] : {std::pair{"matched", "Khớp"}, {"missing_in_ledger", "Có ở cổng, thiếu trong sổ thu"}, {"missing_at_gateway", "Có trong sổ thu, không có ở cổng"},
                        {"amount_mismatch", "Sai lệch số tiền"}, {"unreachable", "Chưa đối soát được"}})
      for (auto& x : rows(k, l)) all.push_back(std::move(x));
    d["rows"] = all;
    d["has_rows"] = !all.empty();
    d["counts"] = {{"matched", rep["matched"].size()}, {"missing_in_ledger", rep["missing_in_ledger"].size()},
                   {"missing_at_gateway", rep["missing_at_gateway"].size()}, {"amount_mismatch", rep["amount_mismatch"].size()}};
    d["gateway_total"] = fmt::money(rep["totals"].value("gateway", int64_t{0}));
    d["ledger_total"] = fmt::money(rep["totals"].value("ledger", int64_t{0}));
    d["difference"] = fmt::money(rep["totals"].value("difference", int64_t{0}));
    d["balanced"] = rep["totals"].value("difference", int64_t{0}) == 0;
    d["xlsx"] = "/api/v1/payments/reconciliation?format=xlsx&day=" + day + "&agency=" + agency;
  } catch (const DomainError& e) {
    d["error"] = e.what();
    return ctx.views.page(req, http_status(e.kind()), "payment_reconcile", d, "work");
  }
  return ctx.views.page(req, 200, "payment_reconcile", d, "work");
}

}  // namespace

void register_payment_pages(http::Router& r, Context& ctx) {
  r.add("POST", "/ho-so-cua-toi/{id}/thanh-toan", "citizen", [&ctx](http::Request& req) { return pay_online(ctx, req); },
        {.body_limit = 4096, .summary = "Pay the dossier's payable fees online: a page with the amount and the link to the gateway (CSRF)"});
  r.add("POST", "/ho-so/{id}/kiem-tra-thanh-toan", "signed_in", [&ctx](http::Request& req) { return check(ctx, req); },
        {.body_limit = 4096, .summary = "Ask the gateway about pending payments now (CSRF)"});
  r.add("GET", "/thanh-toan/vnpay/ket-qua", "public", [&ctx](http::Request& req) { return return_page(ctx, req, "vnpay"); },
        {.summary = "Where VNPAY sends the browser back: the outcome, confirmed with the gateway (never trusted alone)"});
  r.add("GET", "/thanh-toan/paygov/ket-qua", "public", [&ctx](http::Request& req) { return return_page(ctx, req, "paygov"); },
        {.summary = "Where the national payment platform sends the browser back: the outcome, confirmed with the platform (never trusted alone)"});
  r.add("GET", "/bien-lai/{token}", "public", [&ctx](http::Request& req) { return receipt_page(ctx, req); },
        {.summary = "Public verification of an electronic receipt (the QR code's link); the payer's name masked"});
  r.add("GET", "/bien-lai/{token}/pdf", "public", [&ctx](http::Request& req) { return receipt_pdf(ctx, req); },
        {.summary = "The electronic receipt as PDF"});
  r.add("POST", "/can-bo/phi/{id}/{what}", "staff", [&ctx](http::Request& req) { return desk_post(ctx, req); },
        {.body_limit = 8192, .summary = "Desk: collect fees (thu), waive a line (mien), pay out a cash refund (hoan) (CSRF)"});
  r.add("GET", "/can-bo/doi-soat-thanh-toan", "payment.reconcile", [&ctx](http::Request& req) { return reconcile_page(ctx, req); },
        {.summary = "Daily reconciliation of online payments against the fee ledger, with the XLSX export"});
}

}  // namespace motcua::web
