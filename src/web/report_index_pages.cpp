// /bao-cao/chi-so — the evaluation of an agency subtree for a period (policy report.read; services/reports): the
// QĐ 766 index (each indicator's rate, threshold, points; "Không có" where there is no data, left out of the total),
// the 9-indicator evaluation per unit, the officers' ranking, and the demand forecast for the next 4 weeks (an SVG
// chart of the last 12 weeks and the forecast, the same numbers in a table, the error on the last 8 weeks). A GET
// form chooses the agency, the period and optionally one procedure for the forecast. Bad input or an agency outside
// the reader's grants: the form again with the Vietnamese message.
#include <cmath>
#include <cstdio>

#include "domain/calendar/date.h"
#include "domain/format.h"
#include "domain/reports/handling.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/svg_chart.h"
#include "web/views.h"
#include "web/work_pages.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

std::string points(std::optional<double> v) { return reports::decimal_vi(v, 2); }

std::string whole(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.0f", v);
  return b;
}

std::string dmy(const std::string& iso) { return iso.size() == 10 ? iso.substr(8, 2) + "/" + iso.substr(5, 2) : iso; }

json index_view(const services::Index766Report& r) {
  json rows = json::array();
  for (const auto& g : r.index.groups) {
    bool first = true;
    for (const auto& i : r.index.indicators) {
      if (i.def.group != g.id) continue;
      auto b = r.basis.find(i.def.id);
      std::string basis = b == r.basis.end() || b->second.second == 0 ? "" : reports::count_vi(b->second.first) + " / " + reports::count_vi(b->second.second);
      rows.push_back({{"group", first ? json(g.name + " (" + whole(g.max) + " điểm)") : json("")}, {"name", i.def.name}, {"rate", reports::ratio_vi(i.rate)},
                      {"basis", basis}, {"threshold", whole(i.def.threshold) + " %"}, {"max", whole(i.def.max)}, {"score", points(i.score)}, {"na", !i.score}});
      first = false;
    }
  }
  json post = json::array();
  for (const auto& [id, label] : {std::pair<const char*, const char*>{"postal_received", "Hồ sơ tiếp nhận qua bưu chính công ích"},
                                  std::pair<const char*, const char*>{"postal_result", "Kết quả trả qua bưu chính công ích"}}) {
    auto b = r.basis.find(id);
    const int64_t num = b == r.basis.end() ? 0 : b->second.first, den = b == r.basis.end() ? 0 : b->second.second;
    post.push_back({{"label", label},
                    {"rate", den > 0 ? reports::ratio_vi(static_cast<double>(num) * 100.0 / static_cast<double>(den)) + " (" + reports::count_vi(num) + " / " +
                                           reports::count_vi(den) + ")"
                                     : std::string("Chưa có dữ liệu trong kỳ")}});
  }
  return {{"rows", rows}, {"score", points(r.index.score)}, {"available", whole(r.index.available_max)}, {"index", points(r.index.index)}, {"post", post}};
}

json nine_view(const services::NineReport& r) {
  json rows = json::array();
  auto row = [](const services::NineRow& x) {
    auto grade = [&](const char* g) { return reports::count_vi(x.grades.count(g) ? x.grades.at(g) : 0); };
    return json{{"label", x.label}, {"dossiers", reports::count_vi(x.dossiers)}, {"average", points(x.average)},
                {"grade", x.average ? json(reports::grade(static_cast<int>(std::lround(*x.average)))) : json("Không có")},
                {"excellent", grade("Xuất sắc")}, {"good", grade("Tốt")}, {"fair", grade("Khá")}, {"average_grade", grade("Trung bình")}, {"weak", grade("Yếu")}};
  };
  for (const auto& x : r.rows)
    if (x.dossiers > 0) rows.push_back(row(x));
  return {{"rows", rows}, {"none", rows.empty()}, {"total", row(r.total)}};
}

json forecast_view(const services::ForecastReport& f) {
  std::vector<std::string> labels;
  ChartSeries actual{"Thực tế", "#1d4ed8", {}}, expected{"Dự báo", "#b45309", {}};
  json weeks = json::array(), back = json::array();
  for (const auto& w : f.history) {
    labels.push_back(dmy(w.from));
    actual.values.push_back(static_cast<double>(w.actual.value_or(0)));
    expected.values.push_back(std::nullopt);
  }
  for (const auto& w : f.next) {
    labels.push_back(dmy(w.from));
    actual.values.push_back(std::nullopt);
    expected.values.push_back(w.expected ? std::optional<double>(std::round(*w.expected * 10) / 10) : std::nullopt);
    weeks.push_back({{"from", fmt::date(*fmt::parse_iso_date(w.from))}, {"to", fmt::date(*fmt::parse_iso_date(w.to))}, {"expected", points(w.expected)}});
  }
  for (const auto& w : f.backtest)
    back.push_back({{"from", fmt::date(*fmt::parse_iso_date(w.from))}, {"to", fmt::date(*fmt::parse_iso_date(w.to))}, {"expected", points(w.expected)},
                    {"actual", reports::count_vi(w.actual.value_or(0))}});
  std::string title = "Số hồ sơ tiếp nhận mỗi tuần: 12 tuần qua và dự báo 4 tuần tới" + (f.procedure.empty() ? std::string() : ", " + f.procedure_name);
  return {{"enough", f.enough_history}, {"chart", f.enough_history ? json(stacked_bars("bd-du-bao", title, labels, {actual, expected})) : json("")},
          {"weeks", weeks}, {"backtest", back}, {"has_backtest", !back.empty()}, {"mae", points(f.mae)},
          {"mape", f.mape ? json(reports::ratio_vi(f.mape)) : json(false)}, {"procedure_name", f.procedure_name}};
}

http::Response index_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  auto ag = ctx.reports.agencies();
  auto agencies = ctx.reports.reportable_agencies(*ag, me);
  std::string agency = http::str_param(req, "agency", 64, "Cơ quan"), procedure = http::str_param(req, "procedure", 64, "Thủ tục");
  std::string from = http::str_param(req, "from", 10, "Từ ngày"), to = http::str_param(req, "to", 10, "Đến ngày");
  if (agency.empty() && !agencies.empty()) agency = agencies.front()->code;
  const int64_t now = fmt::now_ms();
  std::string today = fmt::iso_date(now);
  if (from.empty()) from = today.substr(0, 5) + "01-01";
  if (to.empty()) to = today;
  json options = json::array();
  for (const auto* a : agencies) options.push_back({{"value", a->code}, {"label", a->name + " (" + a->code + ")"}, {"selected", a->code == agency}});
  json d = {{"title", "Chỉ số đánh giá và dự báo"}, {"agencies", options}, {"from", from}, {"to", to}, {"procedure", procedure},
            {"wl", work::work_links(me, "index")}};
  int status = 200;
  try {
    auto idx = ctx.reports.index766(agency, from, to, ctx.store, me, now);
    d["agency_name"] = idx.agency_name;
    d["period"] = "từ " + fmt::date(*fmt::parse_iso_date(from)) + " đến " + fmt::date(*fmt::parse_iso_date(to));
    d["index"] = index_view(idx);
    d["nine"] = nine_view(ctx.reports.nine_indicators(agency, from, to, "unit", me, now));
    json officers = json::array();
    int n = 0;
    for (const auto& o : ctx.reports.officers(agency, from, to, me, now).rows)
      officers.push_back({{"n", ++n}, {"name", o.name}, {"handled", reports::count_vi(o.handled)}, {"early", reports::count_vi(o.early)},
                          {"on_time", reports::count_vi(o.on_time)}, {"late", reports::count_vi(o.late)}, {"online", reports::count_vi(o.online)},
                          {"rate", reports::ratio_vi(o.on_time_rate)}, {"no_online", o.online == 0}});
    d["officers"] = officers;
    d["no_officers"] = officers.empty();
    try {
      d["forecast"] = forecast_view(ctx.reports.forecast(agency, procedure, me, now));
    } catch (const DomainError& e) {  // a wrong procedure code: the rest of the page stands
      status = http_status(e.kind());
      d["forecast_problem"] = e.what();
    }
    // R39: the monthly online-services file of the month the period ends in, and of the month before it.
    json monthly = json::array();
    cal::Date end = *cal::parse_date(to);
    for (int back = 0; back < 2; ++back) {
      const int y = end.month - back >= 1 ? end.year : end.year - 1, m = end.month - back >= 1 ? end.month - back : end.month - back + 12;
      const std::string ym = std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
      monthly.push_back({{"label", "Tháng " + ym.substr(5, 2) + "/" + ym.substr(0, 4)},
                         {"url", "/api/v1/reports/online-services?format=xlsx&agency=" + agency + "&month=" + ym}});
    }
    d["monthly"] = monthly;
    d["shown"] = true;
  } catch (const DomainError& e) {
    status = http_status(e.kind());
    d["error"] = e.what();
  }
  return ctx.views.page(req, status, "report_index", d, "work");
}

}  // namespace

void register_report_index_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/bao-cao/chi-so", "report.read", [&ctx](http::Request& req) { return index_page(ctx, req); },
        {.summary = "QĐ 766 index, 9-indicator evaluation, officers' ranking and demand forecast of an agency subtree"});
}

}  // namespace motcua::web
