// The supervisor's live dashboard (services/reports/dashboard.h; policy report.read):
//  - /giam-sat/bang-dieu-khien?agency= — a choice among the agencies the reader may report on, then the live part
//    (templates/_dashboard_live.mustache): today's intake by channel, resolved, in progress, due soon and overdue,
//    waiting by status, in progress per unit (SVG charts with the numbers in tables), today's ratings and the
//    latest ones. Readable on a projector (large figures; the charts scale).
//  - /giam-sat/bang-dieu-khien/su-kien?agency= — server-sent events (http::EventStream): an event "snapshot"
//    {html, as_of} at once and then whenever the dashboard's change token moves (polled every second; at most one
//    computation per change for all viewers); static/js/app.js swaps the live part and says when it was updated.
// An agency outside the reader's grants → 404. Without JavaScript the page still shows the numbers (reload).
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

const char* status_label(int s) {
  switch (s) {
    case 1: return "Chờ tiếp nhận";
    case 2: return "Đang xử lý";
    case 4: return "Chờ bổ sung (cơ quan yêu cầu)";
    case 5: return "Chờ người nộp bổ sung";
    case 6: return "Chờ nộp phí, lệ phí";
    case 7: return "Đề nghị rút hồ sơ";
  }
  return "";
}

// The live part's data (also what the events carry, rendered).
json live_data(const services::Dashboard& d) {
  auto c = [](int64_t v) { return reports::count_vi(v); };
  const auto& t = d.today;
  json units = json::array(), waiting = json::array(), recent = json::array();
  std::vector<std::string> unit_labels;
  ChartSeries within{"Trong hạn", "#15803d", {}}, overdue{"Quá hạn", "#b91c1c", {}};
  for (const auto& u : d.units) {
    units.push_back({{"label", u.label}, {"within_due", c(u.within_due)}, {"overdue", c(u.overdue)}, {"total", c(u.within_due + u.overdue)}});
    unit_labels.push_back(u.label);
    within.values.push_back(static_cast<double>(u.within_due));
    overdue.values.push_back(static_cast<double>(u.overdue));
  }
  for (const auto& [s, n] : d.waiting) waiting.push_back({{"status", s}, {"label", status_label(s)}, {"count", c(n)}});
  for (const auto& r : d.recent) recent.push_back({{"at", fmt::datetime(r.at)}, {"procedure", r.procedure}, {"overall", r.overall_label}});
  auto rated = [&](const char* k) { return d.rated_today.count(k) ? d.rated_today.at(k) : 0; };
  ChartSeries channels{"Hồ sơ tiếp nhận", "#1d4ed8", {static_cast<double>(t.online), static_cast<double>(t.direct), static_cast<double>(t.postal)}};
  return {{"as_of", fmt::datetime(d.as_of_ms)},
          {"received", c(t.received())},
          {"online", c(t.online)},
          {"direct", c(t.direct)},
          {"postal", c(t.postal)},
          {"resolved", c(t.resolved())},
          {"in_progress", c(t.in_progress())},
          {"overdue", c(t.overdue)},
          {"due_soon", c(d.due_soon)},
          {"waiting_desk", c(d.waiting.count(1) ? d.waiting.at(1) : 0)},
          {"waiting", waiting},
          {"units", units},
          {"no_units", units.empty()},
          {"chart_channels", stacked_bars("bd-kenh", "Hồ sơ tiếp nhận hôm nay theo kênh", {"Trực tuyến", "Trực tiếp", "Bưu chính"}, {channels})},
          {"chart_units", units.empty() ? json(false) : json(stacked_bars("bd-don-vi", "Hồ sơ đang giải quyết theo đơn vị", unit_labels, {within, overdue}))},
          {"rated_very", c(rated("very_satisfied"))},
          {"rated_ok", c(rated("satisfied"))},
          {"rated_bad", c(rated("unsatisfied"))},
          {"recent", recent},
          {"no_recent", recent.empty()}};
}

// The stream of one viewer: the snapshot at once, then at every change of the token.
struct DashboardEvents : http::EventStream {
  Context& ctx;
  std::string agency, last;
  DashboardEvents(Context& c, std::string a) : ctx(c), agency(std::move(a)) { poll_ms = 1000; max_seconds = 600; }
  std::optional<std::string> poll() override {
    try {
      int64_t now = fmt::now_ms();
      std::string token = ctx.dashboard.change_token(now);
      if (token == last) return std::string();
      last = token;
      auto d = ctx.dashboard.of(agency, now);
      json ev = {{"html", ctx.views.render("_dashboard_live", live_data(*d))}, {"as_of", fmt::datetime(d->as_of_ms)}};
      return "event: snapshot\ndata: " + ev.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
    } catch (...) {
      return std::nullopt;  // the browser reconnects
    }
  }
};

http::Response dashboard_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  auto ag = ctx.reports.agencies();
  auto agencies = ctx.reports.reportable_agencies(*ag, me);
  std::string agency = http::str_param(req, "agency", 64, "Cơ quan");
  if (agency.empty() && !agencies.empty()) agency = agencies.front()->code;
  if (!ctx.reports.may_read(*ag, agency, me)) return ctx.views.error_page(req, 404, "Không tìm thấy cơ quan \"" + agency + "\" trong phạm vi của bạn.");
  json options = json::array();
  for (const auto* a : agencies) options.push_back({{"value", a->code}, {"label", a->name + " (" + a->code + ")"}, {"selected", a->code == agency}});
  auto d = ctx.dashboard.of(agency, fmt::now_ms());
  json data = {{"title", "Bảng điều khiển giám sát"},
               {"agencies", options},
               {"agency_name", d->agency_name},
               {"stream", "/giam-sat/bang-dieu-khien/su-kien?agency=" + http::percent_encode(agency)},
               {"live", ctx.views.render("_dashboard_live", live_data(*d))}};
  return ctx.views.page(req, 200, "dashboard", data, "dashboard");
}

http::Response dashboard_events(Context& ctx, http::Request& req) {
  const std::string agency = http::str_param(req, "agency", 64, "Cơ quan");
  if (!ctx.reports.may_read(*ctx.reports.agencies(), agency, principal(req)))
    return http::Response::text(404, "Không tìm thấy cơ quan trong phạm vi của bạn.");
  http::Response res;
  res.events = std::make_shared<DashboardEvents>(ctx, agency);
  return res;
}

}  // namespace

void register_dashboard_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/giam-sat/bang-dieu-khien", "report.read", [&ctx](http::Request& req) { return dashboard_page(ctx, req); },
        {.summary = "The supervisor's live dashboard of an agency subtree"});
  r.add("GET", "/giam-sat/bang-dieu-khien/su-kien", "report.read", [&ctx](http::Request& req) { return dashboard_events(ctx, req); },
        {.summary = "The live dashboard's server-sent events (text/event-stream): a snapshot at once and at every change"});
}

}  // namespace motcua::web
