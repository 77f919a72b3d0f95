// Officers' inboxes (/can-bo, policy dossier.work): tabs as plain links with query parameters (no
// JavaScript needed) mapped onto the service's list filter (the semantics of routes::list_filter):
//   cho-tiep-nhan  status 1                 cho-tra-ket-qua  status 9 (desk and post: results to return)
//   cua-toi        assignee = me, open      cua-don-vi       unit = my unit, open
//   sap-den-han    due_soon                 qua-han          overdue
//   tat-ca         everything in my agencies
// Every working tab shows its count (one bounded COUNT each, "1.000+" past a thousand; "Tất cả" none). A supplement supplied by the applicant
// and waiting for the desk is tagged in every list.
// plus a search box (code prefix or part of the applicant's name) and an agency filter for officers
// working at several agencies. Rows come in the service's order (online first, then due date); due-soon
// and overdue rows carry a CSS class and a text tag (not colour only). Without a tab chosen, the desk and
// post land on "Chờ tiếp nhận"; others on "Của tôi", or on "Của đơn vị" when nothing is assigned to them.
// The search box finds by code (or its prefix, any case), identification number, or part of the name.
#include "domain/format.h"
#include "http/params.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "routes/shared.h"
#include "web/work_pages.h"

namespace motcua::web::work {

using namespace routes;

using nlohmann::json;
using accounts::Role;

namespace {

struct Tab {
  const char* key;
  const char* label;
};
// A tab's badge counts at most this many ("1.000+" beyond): at a large commune's backlog an exact count of every tab
// on every view cost more than the list itself (bench/RESULTS.md, issue 14).
constexpr int kTabCountLimit = 1000;
constexpr Tab kTabs[] = {{"cho-tiep-nhan", "Chờ tiếp nhận"}, {"cho-tra-ket-qua", "Chờ trả kết quả"}, {"cua-toi", "Của tôi"},
                         {"cua-don-vi", "Của đơn vị"},     {"sap-den-han", "Sắp đến hạn"},         {"qua-han", "Quá hạn"},
                         {"tat-ca", "Tất cả"}};

// My unit within the chosen agency (or anywhere when no agency filter): the first grant with a unit.
const accounts::Grant* my_unit(const accounts::Principal& me, const services::AgencySnapshot& ag, const std::string& agency) {
  for (const auto& g : me.grants) {
    if (g.unit.empty() || g.role == Role::catalog || g.role == Role::admin) continue;
    if (agency.empty() || ag.within(agency, g.agency) || ag.within(g.agency, agency)) return &g;
  }
  return nullptr;
}

http::Response inbox_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  auto ag = ctx.agencies.snapshot();
  std::string tab = http::str_param(req, "tab", 20, "Danh sách");
  std::string q = http::str_param(req, "q", 100, "Từ khóa");
  std::string agency = http::str_param(req, "agency", 64, "Cơ quan");
  int page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  bool known = false;
  for (const auto& t : kTabs) known |= tab == t.key;

  auto agencies = work_agencies(me, *ag, {Role::desk, Role::specialist, Role::leader, Role::post, Role::supervisor});
  if (!agency.empty() && std::find(agencies.begin(), agencies.end(), agency) == agencies.end()) agency.clear();

  const accounts::Grant* ug = my_unit(me, *ag, agency);
  std::string unit = ug ? ug->unit : "";
  // The filter of a tab ("" unit for "Của đơn vị" means: no list).
  auto filter_of = [&](const std::string& t) {
    services::DossierService::ListFilter f;
    f.agency = agency;
    f.q = q;
    f.page = page;
    f.per_page = 20;
    if (t == "cho-tiep-nhan") f.status = 1;
    else if (t == "cho-tra-ket-qua") f.status = 9;
    else if (t == "cua-toi") f.assignee = me.username, f.open_only = true;
    else if (t == "cua-don-vi") f.unit = unit, f.open_only = true;
    else if (t == "sap-den-han") f.due_soon = true;
    else if (t == "qua-han") f.overdue = true;
    return f;
  };
  // Default tab: the desk's intake; for others their own list, or their unit's when their own is empty.
  if (!known) {
    if (me.has_role(Role::desk) || me.has_role(Role::post)) tab = "cho-tiep-nhan";
    else {
      auto mine = filter_of("cua-toi");
      mine.per_page = 0;
      mine.count_limit = 1;  // only whether there is any
      tab = !unit.empty() && ctx.dossiers.list(me, mine).total == 0 ? "cua-don-vi" : "cua-toi";
    }
  }
  const bool no_unit = tab == "cua-don-vi" && unit.empty();
  const auto f = filter_of(tab);

  const auto list = no_unit ? services::DossierPage{} : ctx.dossiers.list(me, f);
  json rows = json::array();
  for (const auto& it : list.items) {
    rows.push_back({{"id", it.id},
                    {"url", "/can-bo/ho-so/" + it.id},
                    {"code", opt(it.code)},
                    {"applicant_name", it.applicant_name},
                    {"procedure_name", it.procedure_name},
                    {"procedure_code", it.procedure_code},
                    {"status", it.status_code()},
                    {"status_label", services::status_label_vi(it.status)},
                    {"channel", channel_badge(it.channel)},
                    {"submitted_at", when(it.submitted_at)},
                    {"received_at", when(it.received_at)},
                    {"due_at", when(it.due_at)},
                    {"paused", it.clock.clock == dossier::Clock::paused},
                    {"timeliness", timeliness_view(it.clock.standing)},
                    {"row_cls", it.clock.overdue() ? "row-overdue" : it.clock.due_soon() ? "row-due-soon" : ""},
                    {"unit", opt(it.unit)},
                    {"unit_name", unit_name(*ag, it.handling_agency, it.unit)},
                    {"assignee", opt(it.assignee_name.empty() ? it.assignee : it.assignee_name)},
                    {"mine", !it.assignee.empty() && it.assignee == me.username},
                    {"supplied", it.status == dossier::Status::supplement_requested && it.substate == "supplement_received"}});
  }
  auto link = [&](const std::string& t) {
    std::string u = "/can-bo?tab=" + t;
    if (!agency.empty()) u += "&agency=" + http::percent_encode(agency);
    if (!q.empty()) u += "&q=" + http::percent_encode(q);
    return u;
  };
  json tabs = json::array();
  std::string tab_label;
  for (const auto& t : kTabs) {
    json entry = {{"key", t.key}, {"label", t.label}, {"url", link(t.key)}, {"current", tab == t.key}, {"count", false}};
    if (std::string(t.key) != "tat-ca" && !(std::string(t.key) == "cua-don-vi" && unit.empty())) {
      auto cf = filter_of(t.key);
      cf.per_page = 0;  // count only, and only up to kTabCountLimit (a badge, not a report): "1.000+" beyond
      cf.count_limit = kTabCountLimit;
      int n = std::string(t.key) == tab ? list.total : ctx.dossiers.list(me, cf).total;
      entry["count"] = n > kTabCountLimit ? fmt::number(kTabCountLimit) + "+" : fmt::number(n);
    }
    tabs.push_back(entry);
    if (tab == t.key) tab_label = t.label;
  }
  json agency_opts = json::array();
  for (const auto& code : agencies) agency_opts.push_back({{"value", code}, {"label", agency_name(*ag, code)}, {"selected", code == agency}});
  int total = list.total;
  json d = {{"title", "Xử lý hồ sơ"},
            {"tabs", tabs},
            {"tab", tab},
            {"tab_label", tab_label},
            {"q", q},
            {"agency_filter", agencies.size() > 1},
            {"agencies", agency_opts},
            {"rows", rows},
            {"total", total},
            {"none", rows.empty()},
            {"no_unit", no_unit},
            {"unit_name", ug && tab == "cua-don-vi" ? json(unit_name(*ag, ug->agency, ug->unit)) : json(false)},
            {"wl", work_links(me, "inbox")},
            {"pagination", web::pagination("/can-bo", {{"tab", tab}, {"agency", agency}, {"q", q}}, page, f.per_page, total)}};
  return ctx.views.page(req, 200, "work_inbox", d, "work");
}

}  // namespace

void register_inbox(http::Router& r, Context& ctx) {
  r.add("GET", "/can-bo", "dossier.work", [&ctx](http::Request& req) { return inbox_page(ctx, req); },
        {.summary = "Officers' inboxes: waiting for intake, mine, my unit's, due soon, overdue, all; search and agency filter"});
}

}  // namespace motcua::web::work
