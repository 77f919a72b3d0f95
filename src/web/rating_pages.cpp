// Rating pages (services/ratings/rating_service.h):
//  - /danh-gia (no sign-in; the desk kiosk and the QR on the receipt, ?ma=<code>&k=<rating code> prefilled): the
//    dossier code, the 6-digit rating code and the questionnaire. Rate-limited per address and dossier code; a
//    wrong pair answers 404 with one message (nothing tells which dossiers exist); a refused form keeps its values
//    and lists the problems at the top with links.
//  - /ho-so-cua-toi/{id}/danh-gia (the applicant): the same questionnaire, prefilled with their rating; closed
//    (read-only, with the reason) once it can no longer be changed. Saving goes back to the dossier page.
// Every POST checks CSRF.
#include "domain/format.h"
#include "domain/ratings/rating.h"
#include "http/params.h"
#include "http/rate_limit.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/work_pages.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;
using work::Form;

namespace {

services::RatingInput input_of(const Form& f) {
  services::RatingInput in{work::get(f, "overall"), work::get(f, "comment"), {}};
  for (const auto& q : ratings::questions()) {
    std::string v = work::get(f, std::string(q.id));
    if (!v.empty()) in.answers[std::string(q.id)] = v;
  }
  return in;
}

// The page data: the questionnaire with `in` ticked, errors per field and the summary.
json page_data(const services::RatingInput& in, const DomainError* err) {
  json errors = json::object(), summary = json::array();
  if (err)
    for (const auto& f : err->fields()) {
      errors[f.field] = f.message;
      summary.push_back({{"field", f.field == "answers" ? std::string("q1") : f.field}, {"message", f.message}});
    }
  json qs = json::array();
  int n = 1;
  for (const auto& q : ratings::questions()) {
    std::string id(q.id);
    auto it = in.answers.find(id);
    json opts = json::array();
    for (const auto& o : q.options)
      opts.push_back({{"qid", id}, {"value", o.value}, {"label", o.label}, {"checked", it != in.answers.end() && it->second == o.value}});
    qs.push_back({{"id", id}, {"n", n++}, {"text", q.text}, {"options", opts}, {"err", errors.contains(id) ? errors[id] : json(false)}});
  }
  json overall = json::array();
  for (const auto& o : ratings::overall()) overall.push_back({{"value", o.value}, {"label", o.label}, {"checked", in.overall == o.value}});
  return {{"title", "Đánh giá mức độ hài lòng"}, {"questions", qs}, {"overall", overall}, {"comment", in.comment}, {"e", errors},
          {"error_summary", summary}, {"has_errors", err != nullptr}, {"error_message", err ? json(err->what()) : json(false)}, {"show_form", true}};
}

http::Response kiosk(Context& ctx, http::Request& req) {
  if (req.method == "GET") {
    json d = page_data({}, nullptr);
    d["by_code"] = true;
    d["action"] = "/danh-gia";
    d["code_value"] = http::str_param(req, "ma", 40, "Mã hồ sơ");
    d["rating_code"] = http::str_param(req, "k", 6, "Mã đánh giá");
    return ctx.views.page(req, 200, "rating", d, "lookup");
  }
  Form f = http::parse_urlencoded(req.body);
  if (!csrf_ok(req, f)) return ctx.views.error_page(req, 403, work::kCsrf);
  auto in = input_of(f);
  std::string code = work::get(f, "code"), rc = work::get(f, "rating_code");
  auto again = [&](int status, const DomainError& e) {
    json d = page_data(in, &e);
    d["by_code"] = true;
    d["action"] = "/danh-gia";
    d["code_value"] = code;
    d["rating_code"] = rc;
    if (e.kind() == ErrorKind::conflict) d["show_form"] = false, d["closed"] = e.what();
    return ctx.views.page(req, status, "rating", d, "lookup");
  };
  int64_t now = fmt::now_ms();
  if (ctx.limiter.enabled() && (!ctx.limiter.allow("rating:" + req.remote, now) || !ctx.limiter.allow("rating-code:" + code.substr(0, 40), now)))
    return ctx.views.error_page(req, 429, "Bạn thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.");
  try {
    auto v = ctx.ratings.rate_with_code(code, rc, in, req.remote);
    json d = {{"title", "Đánh giá mức độ hài lòng"}, {"done", v.dossier_code}, {"until", fmt::datetime(v.changeable_until)}, {"show_form", false}};
    return ctx.views.page(req, 200, "rating", d, "lookup");
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found)
      return again(404, DomainError(ErrorKind::not_found, e.code(), e.what(), {{"code", e.what()}}));
    if (e.kind() != ErrorKind::invalid && e.kind() != ErrorKind::conflict) return ctx.views.error_page(req, http_status(e.kind()), e.what());
    return again(http_status(e.kind()), e);
  }
}

http::Response mine(Context& ctx, http::Request& req) {
  const std::string& id = req.params.at("id");
  const std::string action = "/ho-so-cua-toi/" + id + "/danh-gia";
  services::RatingView v;
  try {
    v = ctx.ratings.get(id, principal(req));
  } catch (const DomainError& e) {
    return ctx.views.error_page(req, http_status(e.kind()), e.what());
  }
  auto show = [&](int status, const services::RatingInput& in, const DomainError* err) {
    json d = page_data(in, err);
    d["mine"] = true;
    d["action"] = action;
    d["procedure"] = v.procedure_name;
    d["code"] = v.dossier_code;
    if (!v.may_rate_reason.empty()) d["show_form"] = false, d["closed"] = v.may_rate_reason;
    return ctx.views.page(req, status, "rating", d, "mine");
  };
  if (req.method == "GET") return show(200, v.given, nullptr);
  Form f = http::parse_urlencoded(req.body);
  if (!csrf_ok(req, f)) return ctx.views.error_page(req, 403, work::kCsrf);
  auto in = input_of(f);
  try {
    ctx.ratings.rate(id, principal(req), in, req.remote);
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::conflict) {
      v.may_rate_reason = e.what();
      return show(409, in, nullptr);
    }
    if (e.kind() != ErrorKind::invalid) return ctx.views.error_page(req, http_status(e.kind()), e.what());
    return show(422, in, &e);
  }
  return http::Response::redirect("/ho-so-cua-toi/" + id + "?ok=rated");
}

}  // namespace

void register_rating_pages(http::Router& r, Context& ctx) {
  for (const char* m : {"GET", "POST"}) {
    r.add(m, "/danh-gia", "public", [&ctx](http::Request& req) { return kiosk(ctx, req); },
          {.body_limit = 8192, .summary = "Rate a dossier without signing in (kiosk, QR on the receipt): dossier code + rating code"});
    r.add(m, "/ho-so-cua-toi/{id}/danh-gia", "citizen", [&ctx](http::Request& req) { return mine(ctx, req); },
          {.body_limit = 8192, .summary = "The applicant rates a returned dossier (changeable for 7 days)"});
  }
}

}  // namespace motcua::web
