// Satisfaction ratings (services/ratings/rating_service.h, services/reports; contract in docs/api/openapi.yaml):
//   GET  /api/v1/rating-questions → {questions:[{id, indicator, text, options:[{value, label}]}], overall:[{value, label}]}
//   GET  /api/v1/dossiers/{id}/rating → Rating (the applicant, or staff who may read the dossier)
//   PUT  /api/v1/dossiers/{id}/rating {overall, answers:{q1…}, comment?} → Rating (the applicant who owns it)
//   POST /api/v1/ratings {code, rating_code, overall, answers, comment?} → Rating (no sign-in; rate-limited per
//        address and per dossier code; a wrong pair → 404 with one message)
//   GET  /api/v1/reports/satisfaction?agency=&from=&to=&group= → {rows:[…], total:{…}} (report.read)
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "domain/ratings/rating.h"
#include "http/rate_limit.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json rating_json(const services::RatingView& v) {
  json answers = json::object();
  for (const auto& [k, a] : v.given.answers) answers[k] = a;
  return {{"dossier_id", v.dossier_id}, {"dossier_code", v.dossier_code}, {"procedure_name", v.procedure_name}, {"rated", v.rated},
          {"may_rate", v.may_rate_reason.empty()}, {"reason", v.may_rate_reason.empty() ? json(nullptr) : json(v.may_rate_reason)},
          {"overall", v.rated ? json(v.given.overall) : json(nullptr)}, {"answers", answers}, {"comment", v.given.comment}, {"points", v.points},
          {"via", v.via}, {"created_at", v.created_at ? json(fmt::iso_datetime(v.created_at)) : json(nullptr)},
          {"changeable_until", v.changeable_until ? json(fmt::iso_datetime(v.changeable_until)) : json(nullptr)}};
}

services::RatingInput input_of(const json& b) {
  auto str = [&](const char* k) {
    if (!b.contains(k) || b[k].is_null()) return std::string();
    if (!b[k].is_string()) throw DomainError(ErrorKind::invalid, "invalid_rating", "Trường " + std::string(k) + " phải là văn bản.", {{k, "Không hợp lệ."}});
    return b[k].get<std::string>();
  };
  services::RatingInput in{str("overall"), str("comment"), {}};
  if (b.contains("answers")) {
    const json& a = b["answers"];
    if (!a.is_object() || a.size() > 20) throw DomainError(ErrorKind::invalid, "invalid_rating", "Các câu trả lời phải là một đối tượng.", {{"answers", "Không hợp lệ."}});
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!it.value().is_string() || it.key().size() > 20)
        throw DomainError(ErrorKind::invalid, "invalid_rating", "Mỗi câu trả lời phải là văn bản.", {{"answers", "Không hợp lệ."}});
      in.answers[it.key()] = it.value().get<std::string>();
    }
  }
  return in;
}

json rating_questions_json() {
  json qs = json::array();
  for (const auto& q : ratings::questions()) {
    json opts = json::array();
    for (const auto& o : q.options) opts.push_back({{"value", o.value}, {"label", o.label}});
    qs.push_back({{"id", q.id}, {"indicator", q.indicator}, {"text", q.text}, {"options", opts}});
  }
  json overall = json::array();
  for (const auto& o : ratings::overall()) overall.push_back({{"value", o.value}, {"label", o.label}});
  return {{"questions", qs}, {"overall", overall}};
}

json sat_row(const services::SatisfactionRow& r) {
  return {{"key", r.key}, {"label", r.label}, {"resolved", r.resolved}, {"late", r.late},
          {"ratings", {{"very_satisfied", r.very_satisfied}, {"satisfied", r.satisfied}, {"unsatisfied", r.unsatisfied}, {"total", r.rated}}},
          {"satisfaction", r.satisfaction ? json(*r.satisfaction) : json(nullptr)}, {"score", r.satisfaction ? json(r.score) : json(nullptr)}};
}

}  // namespace

void register_ratings_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/rating-questions", "public", [](http::Request&) { return ok(rating_questions_json()); },
        {.summary = "The satisfaction questionnaire (indicators 1, 2, 3, 4, 6, 7 of the 9-indicator tool, and overall)"});
  r.add("GET", "/api/v1/dossiers/{id}/rating", "signed_in",
        [&ctx](http::Request& req) { return ok(rating_json(ctx.ratings.get(req.params.at("id"), principal(req)))); },
        {.summary = "The dossier's rating and whether it may be rated now"});
  r.add("PUT", "/api/v1/dossiers/{id}/rating", "signed_in",
        [&ctx](http::Request& req) { return ok(rating_json(ctx.ratings.rate(req.params.at("id"), principal(req), input_of(json_body(req)), req.remote))); },
        {.body_limit = 8192, .summary = "Rate a returned dossier (its applicant; changeable for 7 days)"});
  r.add("POST", "/api/v1/ratings", "public",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          std::string code = b.contains("code") && b["code"].is_string() ? b["code"].get<std::string>() : "";
          std::string rc = b.contains("rating_code") && b["rating_code"].is_string() ? b["rating_code"].get<std::string>() : "";
          int64_t now = fmt::now_ms();
          if (ctx.limiter.enabled() && (!ctx.limiter.allow("rating:" + req.remote, now) || !ctx.limiter.allow("rating-code:" + code.substr(0, 40), now)))
            throw DomainError(ErrorKind::rate_limited, "rate_limited", "Bạn thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.");
          return ok(rating_json(ctx.ratings.rate_with_code(code, rc, input_of(b), req.remote)));
        },
        {.body_limit = 8192, .summary = "Rate a dossier without signing in: dossier code + the rating code printed on the receipt"});
  r.add("GET", "/api/v1/reports/satisfaction", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                      to = str_param(req, "to", 10, "Đến ngày"), group = str_param(req, "group", 16, "Nhóm theo");
          auto rep = ctx.reports.satisfaction(agency, from, to, group, principal(req), fmt::now_ms());
          json rows = json::array();
          for (const auto& x : rep.rows) rows.push_back(sat_row(x));
          return ok({{"agency", rep.agency}, {"agency_name", rep.agency_name}, {"from", rep.from}, {"to", rep.to},
                     {"group", services::to_string(rep.group)}, {"rows", rows}, {"total", sat_row(rep.total)}});
        },
        {.summary = "Satisfaction per agency, unit, field or procedure: ratings of the resolved dossiers and QĐ 766's satisfaction"});
}

}  // namespace motcua::api
