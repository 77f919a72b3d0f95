// Public transparency pages (công khai; services/reports/public_kpis.h), no sign-in:
//  - /cong-khai — every agency of the deployment, nested as the tree, each a link to its page.
//  - /cong-khai/{code} — the agency's last 12 months (its subtree): online ratio, on-time rate, satisfaction and the
//    average processing time as figures; the monthly trend as two server-drawn SVG charts (web/svg_chart.h) with the
//    same numbers in a table beside them; one row per procedure; links to the CSV and JSON of
//    /api/v1/public/agencies/{code}/kpis; the agencies directly below it. Aggregates only, never a person.
// An unknown agency → the 404 page.
#include "domain/format.h"
#include "domain/reports/handling.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/svg_chart.h"
#include "web/views.h"


namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

std::string days_vi(std::optional<double> d) { return d ? reports::decimal_vi(d, 1) + " ngày" : reports::decimal_vi(d, 1); }

http::Response index_page(Context& ctx, http::Request& req) {
  auto ag = ctx.reports.agencies();
  json items = json::array();
  for (const auto& a : ag->agencies) {
    int depth = 0;
    for (const services::Agency* p = ag->find(a.parent_code); p && depth < 8; p = ag->find(p->parent_code)) ++depth;
    items.push_back({{"code", a.code}, {"name", a.name}, {"depth", depth}, {"indent", depth > 0}, {"level", std::to_string(std::min(depth, 3))}});
  }
  return ctx.views.page(req, 200, "public_agencies", {{"title", "Công khai kết quả giải quyết hồ sơ"}, {"agencies", items}}, "public");
}

http::Response agency_page(Context& ctx, http::Request& req) {
  const std::string code = req.params.at("code");
  std::shared_ptr<const services::PublicKpis> k;
  try {
    k = ctx.kpis.of(code, fmt::now_ms());
  } catch (const DomainError& e) {
    return ctx.views.error_page(req, http_status(e.kind()), e.what());
  }
  auto c = [](int64_t v) { return reports::count_vi(v); };
  std::vector<std::string> labels;
  ChartSeries on_time{"Đúng hạn, trước hạn", "#15803d", {}}, late{"Quá hạn", "#b91c1c", {}};
  ChartSeries online{"Tỷ lệ trực tuyến", "#1d4ed8", {}}, timely{"Tỷ lệ đúng hạn", "#15803d", {}};
  json months = json::array();
  for (const auto& m : k->months) {
    labels.push_back(m.label);
    on_time.values.push_back(static_cast<double>(m.counts.early + m.counts.on_time));
    late.values.push_back(static_cast<double>(m.counts.late));
    online.values.push_back(m.online_ratio);
    timely.values.push_back(m.on_time_rate);
    months.push_back({{"label", m.label}, {"received", c(m.counts.received())}, {"online", c(m.counts.online)}, {"resolved", c(m.counts.resolved())},
                      {"on_time", c(m.counts.early + m.counts.on_time)}, {"late", c(m.counts.late)}, {"in_progress", c(m.counts.in_progress())},
                      {"online_ratio", reports::ratio_vi(m.online_ratio)}, {"on_time_rate", reports::ratio_vi(m.on_time_rate)}});
  }
  json procedures = json::array();
  for (const auto& p : k->procedures)
    procedures.push_back({{"code", p.code}, {"name", p.name}, {"received", c(p.received)}, {"online", c(p.online)}, {"resolved", c(p.resolved)},
                          {"on_time", c(p.on_time)}, {"late", c(p.late)}, {"online_ratio", reports::ratio_vi(p.online_ratio)},
                          {"on_time_rate", reports::ratio_vi(p.on_time_rate)}, {"avg_days", days_vi(p.avg_days)}});
  auto ag = ctx.reports.agencies();
  json children = json::array(), crumbs = json::array();
  if (const services::Agency* a = ag->find(code)) {
    for (const auto& ch : a->children)
      if (const services::Agency* x = ag->find(ch)) children.push_back({{"code", x->code}, {"name", x->name}});
    std::vector<const services::Agency*> up;
    for (const services::Agency* p = ag->find(a->parent_code); p && up.size() < 8; p = ag->find(p->parent_code)) up.push_back(p);
    for (auto it = up.rbegin(); it != up.rend(); ++it) crumbs.push_back({{"code", (*it)->code}, {"name", (*it)->name}});
  }
  const auto& t = k->total;
  const std::string period = "từ " + fmt::date(*fmt::parse_iso_date(k->from)) + " đến " + fmt::date(*fmt::parse_iso_date(k->to));
  json d = {{"title", "Kết quả giải quyết hồ sơ – " + k->agency_name},
            {"agency", k->agency},
            {"agency_name", k->agency_name},
            {"period", period},
            {"as_of", fmt::datetime(k->as_of_ms)},
            {"received", c(t.received())},
            {"resolved", c(t.resolved())},
            {"in_progress", c(t.in_progress())},
            {"online_ratio", reports::ratio_vi(k->online_ratio)},
            {"on_time_rate", reports::ratio_vi(k->on_time_rate)},
            {"satisfaction", reports::ratio_vi(k->satisfaction)},
            {"rated", c(k->rated)},
            {"avg_days", days_vi(k->avg_days)},
            {"chart_resolved", stacked_bars("bieu-do-giai-quyet", "Số hồ sơ đã giải quyết theo tháng, " + k->agency_name, labels, {on_time, late})},
            {"chart_rates", percent_lines("bieu-do-ty-le", "Tỷ lệ trực tuyến và tỷ lệ đúng hạn theo tháng, " + k->agency_name, labels, {online, timely})},
            {"months", months},
            {"procedures", procedures},
            {"no_procedures", procedures.empty()},
            {"children", children},
            {"has_children", !children.empty()},
            {"crumbs", crumbs},
            {"json_url", "/api/v1/public/agencies/" + http::percent_encode(code) + "/kpis"},
            {"csv_months_url", "/api/v1/public/agencies/" + http::percent_encode(code) + "/kpis?format=csv"},
            {"csv_procedures_url", "/api/v1/public/agencies/" + http::percent_encode(code) + "/kpis?format=csv&table=procedures"}};
  auto res = ctx.views.page(req, 200, "public_kpis", d, "public");
  return res;
}

}  // namespace

void register_public_kpi_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/cong-khai", "public", [&ctx](http::Request& req) { return index_page(ctx, req); },
        {.summary = "Public KPI pages: the agencies of the deployment"});
  r.add("GET", "/cong-khai/{code}", "public", [&ctx](http::Request& req) { return agency_page(ctx, req); },
        {.summary = "Public KPIs of an agency: figures, monthly SVG charts with tables, procedures (no sign-in)"});
}

}  // namespace motcua::web
