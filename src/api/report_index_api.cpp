// Per-officer figures and the QĐ 766 index (services/reports/report_service.h; contract in docs/api/openapi.yaml):
//   GET /api/v1/reports/officers?agency=&from=&to=  → {agency, agency_name, from, to, rows: [{username, name, handled, early,
//       on_time, late, online, on_time_rate}]} ordered by handled, then on-time rate (the ranking)
//   GET /api/v1/reports/index766?agency=&from=&to=  → {agency, agency_name, from, to, score, available_max, index,
//       groups: [{id, name, max, available_max, score}], indicators: [{id, group, name, max, threshold, rate, score,
//       numerator, denominator}], post: {postal_received, postal_result: {numerator, denominator, rate}}}; rates and
//       scores rounded to 2 decimals, null = N/A
//   GET /api/v1/reports/online-services?agency=&month=YYYY-MM[&format=json|xlsx] → R39's monthly report on online public
//       services: {agency, agency_name, month, from, to, rows: [row], total: row}, row = {code, name, procedures,
//       full_online, partly_online, used_online, used_ratio, received, online, online_ratio, resolved, on_time,
//       on_time_rate, payments, payments_online, online_payment_ratio}; format=xlsx the same table as a workbook
//       (attachment bao-cao-dvctt-<month>.xlsx)
//   GET /api/v1/dossiers/{id}/evaluation → {evaluated, month, total, grade, indicators: [{n, name, points}],
//       agency_online_ratio, agency_late_online} — one resolved dossier's 9-indicator evaluation (anyone who may read
//       the dossier; 404 otherwise); evaluated false before the result is ready
// Policy report.read; the service checks the agency against the reader's grants (404 outside them), the period (422).
#include <cmath>

#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "domain/reports/nine_indicators.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json evaluation_json(const std::optional<services::DossierEvaluation>& e) {
  if (!e) return {{"evaluated", false}};
  json ind = json::array();
  for (int i = 0; i < 9; ++i) ind.push_back({{"n", i + 1}, {"name", reports::indicator_name(i)}, {"points", e->points.points[static_cast<size_t>(i)]}});
  return {{"evaluated", true}, {"month", e->month}, {"total", e->total}, {"grade", e->grade}, {"indicators", ind},
          {"agency_online_ratio", round2(e->agency_online_ratio)}, {"agency_late_online", e->agency_late_online}};
}

json online_row(const services::OnlineServicesRow& x) {
  return {{"code", x.code}, {"name", x.name}, {"procedures", x.procedures}, {"full_online", x.full_online}, {"partly_online", x.partly_online},
          {"used_online", x.used_online}, {"used_ratio", round2(x.used_ratio)}, {"received", x.received}, {"online", x.online},
          {"online_ratio", round2(x.online_ratio)}, {"resolved", x.resolved}, {"on_time", x.on_time}, {"on_time_rate", round2(x.on_time_rate)},
          {"payments", x.payments}, {"payments_online", x.payments_online}, {"online_payment_ratio", round2(x.online_payment_ratio)}};
}

}  // namespace

void register_report_index_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/reports/online-services", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), month = str_param(req, "month", 7, "Tháng"),
                      format = str_param(req, "format", 8, "Định dạng");
          if (!format.empty() && format != "json" && format != "xlsx")
            throw DomainError(ErrorKind::invalid, "bad_format", "Định dạng phải là json hoặc xlsx.", {{"format", "Không hợp lệ."}});
          auto rep = ctx.reports.online_services(agency, month, principal(req), fmt::now_ms());
          if (format == "xlsx") {
            http::Response res;
            res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            res.body = services::online_services_xlsx(rep);
            res.set("Content-Disposition", "attachment; filename=\"bao-cao-dvctt-" + rep.month + ".xlsx\"");
            res.set("Cache-Control", "private, no-store");
            return res;
          }
          json rows = json::array();
          for (const auto& x : rep.rows) rows.push_back(online_row(x));
          return ok({{"agency", rep.agency}, {"agency_name", rep.agency_name}, {"month", rep.month}, {"from", rep.from}, {"to", rep.to},
                     {"rows", rows}, {"total", online_row(rep.total)}});
        },
        {.summary = "R39: the monthly report on online public services of an agency subtree (JSON or XLSX)"});
  r.add("GET", "/api/v1/dossiers/{id}/evaluation", "signed_in",
        [&ctx](http::Request& req) {
          auto d = ctx.dossiers.view(req.params.at("id"), principal(req));  // 404 for a reader who may not see it
          const bool resolved = d.status == dossier::Status::resolved || d.status == dossier::Status::returned;
          return ok(evaluation_json(resolved ? ctx.reports.dossier_evaluation(d.id, d.handling_agency.empty() ? d.agency : d.handling_agency,
                                                                              d.finished_at, fmt::now_ms())
                                             : std::nullopt));
        },
        {.summary = "One resolved dossier's 9-indicator evaluation (the month of its end)"});
  r.add("GET", "/api/v1/reports/officers", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                      to = str_param(req, "to", 10, "Đến ngày");
          auto rep = ctx.reports.officers(agency, from, to, principal(req), fmt::now_ms());
          json rows = json::array();
          for (const auto& o : rep.rows)
            rows.push_back({{"username", o.username}, {"name", o.name}, {"handled", o.handled}, {"early", o.early}, {"on_time", o.on_time},
                            {"late", o.late}, {"online", o.online}, {"on_time_rate", round2(o.on_time_rate)}});
          return ok({{"agency", rep.agency}, {"agency_name", rep.agency_name}, {"from", rep.from}, {"to", rep.to}, {"rows", rows}});
        },
        {.summary = "Per officer: resolved dossiers they acted on (handled, early, on time, late, online), ranked"});
  r.add("GET", "/api/v1/reports/index766", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                      to = str_param(req, "to", 10, "Đến ngày");
          auto rep = ctx.reports.index766(agency, from, to, ctx.store, principal(req), fmt::now_ms());
          const auto& x = rep.index;
          json groups = json::array(), indicators = json::array();
          for (const auto& g : x.groups)
            groups.push_back({{"id", g.id}, {"name", g.name}, {"max", g.max}, {"available_max", g.available_max}, {"score", round2(g.score)}});
          for (const auto& i : x.indicators) {
            auto b = rep.basis.find(i.def.id);
            indicators.push_back({{"id", i.def.id}, {"group", i.def.group}, {"name", i.def.name}, {"max", i.def.max}, {"threshold", i.def.threshold},
                                  {"rate", round2(i.rate)}, {"score", round2(i.score)},
                                  {"numerator", b == rep.basis.end() ? json(nullptr) : json(b->second.first)},
                                  {"denominator", b == rep.basis.end() ? json(nullptr) : json(b->second.second)}});
          }
          json post = json::object();
          for (const char* id : {"postal_received", "postal_result"}) {
            const auto& [num, den] = rep.basis[id];
            post[id] = {{"numerator", num}, {"denominator", den},
                        {"rate", den > 0 ? round2(static_cast<double>(num) * 100.0 / static_cast<double>(den)) : json(nullptr)}};
          }
          return ok({{"agency", rep.agency}, {"agency_name", rep.agency_name}, {"from", rep.from}, {"to", rep.to}, {"score", round2(x.score)},
                     {"available_max", x.available_max}, {"index", round2(x.index)}, {"groups", groups}, {"indicators", indicators}, {"post", post}});
        },
        {.summary = "The QĐ 766 index of an agency subtree for a period: indicators, groups, total (N/A left out)"});
  r.add("GET", "/api/v1/reports/nine-indicators", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                      to = str_param(req, "to", 10, "Đến ngày"), group = str_param(req, "group", 16, "Nhóm theo");
          auto rep = ctx.reports.nine_indicators(agency, from, to, group, principal(req), fmt::now_ms());
          auto row = [](const services::NineRow& x) {
            json ind = json::array(), grades = json::object();
            for (double v : x.indicator_average) ind.push_back(x.dossiers ? json(std::round(v * 100.0) / 100.0) : json(nullptr));
            for (const char* g : {"Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"}) grades[g] = x.grades.count(g) ? x.grades.at(g) : 0;
            return json{{"key", x.key}, {"label", x.label}, {"dossiers", x.dossiers}, {"average", round2(x.average)},
                        {"grade", x.average ? json(reports::grade(static_cast<int>(std::lround(*x.average)))) : json(nullptr)},
                        {"indicators", ind}, {"grades", grades}};
          };
          json rows = json::array();
          for (const auto& x : rep.rows) rows.push_back(row(x));
          return ok({{"agency", rep.agency}, {"agency_name", rep.agency_name}, {"from", rep.from}, {"to", rep.to},
                     {"group", services::to_string(rep.group)}, {"rows", rows}, {"total", row(rep.total)}});
        },
        {.summary = "The 9-indicator evaluation of the dossiers resolved in a period, per agency or unit"});
  r.add("GET", "/api/v1/reports/forecast", "report.read",
        [&ctx](http::Request& req) {
          std::string agency = str_param(req, "agency", 64, "Cơ quan"), procedure = str_param(req, "procedure", 64, "Thủ tục");
          auto f = ctx.reports.forecast(agency, procedure, principal(req), fmt::now_ms());
          auto weeks = [](const std::vector<services::ForecastWeek>& ws) {
            json a = json::array();
            for (const auto& w : ws)
              a.push_back({{"from", w.from}, {"to", w.to}, {"expected", round2(w.expected)}, {"actual", w.actual ? json(*w.actual) : json(nullptr)}});
            return a;
          };
          return ok({{"agency", f.agency}, {"agency_name", f.agency_name}, {"procedure", f.procedure.empty() ? json(nullptr) : json(f.procedure)},
                     {"procedure_name", f.procedure.empty() ? json(nullptr) : json(f.procedure_name)}, {"enough_history", f.enough_history},
                     {"history", weeks(f.history)}, {"next", weeks(f.next)}, {"backtest", {{"weeks", weeks(f.backtest)}, {"mae", round2(f.mae)}, {"mape", round2(f.mape)}}}});
        },
        {.summary = "Demand forecast for the next 4 weeks with the error on the last 8 (agency subtree, optionally one procedure)"});
}

}  // namespace motcua::api
