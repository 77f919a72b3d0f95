// /bao-cao — the periodic handling report for officers, leaders and supervisors (policy report.read;
// services/reports/report_service.h). A GET form (agency among those the reader may report on, from / to dates,
// grouping; default: the reader's first agency, this month, by agency) and the table: two header rows with
// scoped headers, numbers written the Vietnamese way (1.234; 12,50 %), a ratio under its target marked
// "Chưa đạt chỉ tiêu" in text (not colour alone), "Không có" when nothing was received; links to the XLSX and the
// PDF of the same report. Bad input or an agency outside the reader's grants: the form again with the Vietnamese message.
#include "domain/format.h"
#include "domain/reports/handling.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/views.h"
#include "web/work_pages.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

json row_view(const services::HandlingRow& r, int n) {
  const auto& k = r.counts;
  auto c = [](int64_t v) { return reports::count_vi(v); };
  return {{"n", n ? json(n) : json("")},
          {"label", r.label},
          {"key", r.key},
          {"received_total", c(k.received_total())},
          {"online", c(k.online)},
          {"direct", c(k.direct)},
          {"postal", c(k.postal)},
          {"carried_over", c(k.carried_over)},
          {"resolved_total", c(k.resolved())},
          {"early", c(k.early)},
          {"on_time", c(k.on_time)},
          {"late", c(k.late)},
          {"in_progress_total", c(k.in_progress())},
          {"within_due", c(k.within_due)},
          {"overdue", c(k.overdue)},
          {"refused", c(k.refused)},
          {"stopped", c(k.stopped)},
          {"withdrawn", c(k.withdrawn)},
          {"ratio", reports::ratio_vi(r.online_ratio)},
          {"target", r.target ? json(reports::ratio_vi(r.target)) : json(false)},
          {"below", r.below_target}};
}

http::Response report_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  auto ag = ctx.reports.agencies();
  auto agencies = ctx.reports.reportable_agencies(*ag, me);
  std::string agency = http::str_param(req, "agency", 64, "Cơ quan"), group = http::str_param(req, "group", 16, "Nhóm theo");
  std::string from = http::str_param(req, "from", 10, "Từ ngày"), to = http::str_param(req, "to", 10, "Đến ngày");
  if (agency.empty() && !agencies.empty()) agency = agencies.front()->code;
  std::string today = fmt::iso_date(fmt::now_ms());
  if (from.empty()) from = today.substr(0, 8) + "01";
  if (to.empty()) to = today;
  if (group.empty()) group = "agency";
  json options = json::array();
  for (const auto* a : agencies) options.push_back({{"value", a->code}, {"label", a->name + " (" + a->code + ")"}, {"selected", a->code == agency}});
  json groups = json::array();
  for (auto g : {services::ReportGroup::agency, services::ReportGroup::unit, services::ReportGroup::field, services::ReportGroup::procedure})
    groups.push_back({{"value", services::to_string(g)}, {"label", services::label_vi(g)}, {"selected", group == services::to_string(g)}});
  json d = {{"title", "Báo cáo tình hình giải quyết hồ sơ"}, {"agencies", options}, {"groups", groups}, {"from", from}, {"to", to},
            {"wl", work::work_links(me, "report")}};
  int status = 200;
  try {
    if (agencies.empty()) throw DomainError(ErrorKind::forbidden, "forbidden", "Bạn không có quyền xem báo cáo của cơ quan nào.");
    auto rep = ctx.reports.handling(agency, from, to, group, me, fmt::now_ms());
    json rows = json::array();
    int n = 0;
    for (const auto& r : rep.rows) rows.push_back(row_view(r, ++n));
    d["shown"] = true;
    d["rows"] = rows;
    d["none"] = rows.empty();
    d["total"] = row_view(rep.total, 0);
    d["group_label"] = services::label_vi(rep.group);
    d["agency_name"] = rep.agency_name;
    d["period"] = "từ " + work::day_text(from) + " đến " + work::day_text(to);
    d["as_of"] = fmt::datetime(rep.as_of_ms);
    const std::string api_url = "/api/v1/reports/handling?agency=" + http::percent_encode(agency) + "&from=" + http::percent_encode(from) +
                                "&to=" + http::percent_encode(to) + "&group=" + http::percent_encode(group);
    d["xlsx_url"] = api_url + "&format=xlsx";
    d["pdf_url"] = api_url + "&format=pdf";
  } catch (const DomainError& e) {
    status = work::status_of(e);
    d["error"] = e.what();
  }
  return ctx.views.page(req, status, "report", d, "work");
}

}  // namespace

void register_report_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/bao-cao", "report.read", [&ctx](http::Request& req) { return report_page(ctx, req); },
        {.summary = "Báo cáo tình hình giải quyết hồ sơ: filter form and table, XLSX and PDF links"});
}

}  // namespace motcua::web
