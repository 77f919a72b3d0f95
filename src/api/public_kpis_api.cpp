// Public KPIs of an agency (services/reports/public_kpis.h; contract in docs/api/openapi.yaml):
//   GET /api/v1/public/agencies/{code}/kpis[?format=json|csv[&table=months|procedures]]
// JSON: {agency, agency_name, from, to, as_of, total:{received, online, direct, postal, resolved, on_time, late,
//   in_progress, online_ratio, on_time_rate, avg_days, satisfaction, rated}, months:[{month, received, online, direct,
//   postal, resolved, early, on_time, late, in_progress, online_ratio, on_time_rate}], procedures:[{code, name, received,
//   online, resolved, on_time, late, online_ratio, on_time_rate, avg_days}]}. Percents and days rounded to 2 decimals,
//   null for N/A. CSV: the monthly table (default) or the procedures. No sign-in; aggregates only; a short public
//   cache (Cache-Control max-age=60).
#include <cmath>

#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "http/params.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json kpis_json(const services::PublicKpis& k) {
  json months = json::array(), procedures = json::array();
  for (const auto& m : k.months) {
    const auto& c = m.counts;
    months.push_back({{"month", m.month}, {"received", c.received()}, {"online", c.online}, {"direct", c.direct}, {"postal", c.postal},
                      {"resolved", c.resolved()}, {"early", c.early}, {"on_time", c.on_time}, {"late", c.late}, {"in_progress", c.in_progress()},
                      {"online_ratio", round2(m.online_ratio)}, {"on_time_rate", round2(m.on_time_rate)}});
  }
  for (const auto& p : k.procedures)
    procedures.push_back({{"code", p.code}, {"name", p.name}, {"received", p.received}, {"online", p.online}, {"resolved", p.resolved},
                          {"on_time", p.on_time}, {"late", p.late}, {"online_ratio", round2(p.online_ratio)},
                          {"on_time_rate", round2(p.on_time_rate)}, {"avg_days", round2(p.avg_days)}});
  const auto& t = k.total;
  return {{"agency", k.agency},
          {"agency_name", k.agency_name},
          {"from", k.from},
          {"to", k.to},
          {"as_of", fmt::iso_datetime(k.as_of_ms)},
          {"total",
           {{"received", t.received()}, {"online", t.online}, {"direct", t.direct}, {"postal", t.postal}, {"resolved", t.resolved()},
            {"on_time", t.early + t.on_time}, {"late", t.late}, {"in_progress", t.in_progress()}, {"online_ratio", round2(k.online_ratio)},
            {"on_time_rate", round2(k.on_time_rate)}, {"avg_days", round2(k.avg_days)}, {"satisfaction", round2(k.satisfaction)}, {"rated", k.rated}}},
          {"months", months},
          {"procedures", procedures}};
}

}  // namespace

void register_public_kpis_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/public/agencies/{code}/kpis", "public",
        [&ctx](http::Request& req) {
          std::string format = http::str_param(req, "format", 8, "Định dạng"), table = http::str_param(req, "table", 16, "Bảng");
          if (!format.empty() && format != "json" && format != "csv")
            throw DomainError(ErrorKind::invalid, "bad_format", "Định dạng phải là json hoặc csv.", {{"format", "Không hợp lệ."}});
          if (!table.empty() && table != "months" && table != "procedures")
            throw DomainError(ErrorKind::invalid, "bad_table", "Bảng phải là months hoặc procedures.", {{"table", "Không hợp lệ."}});
          auto k = ctx.kpis.of(req.params.at("code"), fmt::now_ms());
          http::Response res;
          if (format == "csv") {
            res.content_type = "text/csv; charset=utf-8";
            res.body = table == "procedures" ? services::csv_procedures(*k) : services::csv_months(*k);
            res.set("Content-Disposition", "attachment; filename=\"chi-so-" + k->agency + "-" + (table.empty() ? "months" : table) + ".csv\"");
          } else {
            res = ok(kpis_json(*k));
          }
          res.set("Cache-Control", "public, max-age=60");
          return res;
        },
        {.summary = "Public KPIs of an agency and the agencies below it over the last 12 months (no sign-in; aggregates only); format=csv"});
}

}  // namespace motcua::api
