// The officers' workspace (/can-bo, issue "Dossier lifecycle"): a commune desk officer, a specialist and
// a leader do their whole day here without the API. This file: helpers shared by the workspace pages,
// the route registration and the desk ledger page (Sổ theo dõi hồ sơ, Mẫu 05 / 07 by era, policy ledger.read).
// The inboxes are in work_inbox_pages.cpp, one dossier with its action forms in work_dossier_pages.cpp,
// desk / postal intake in work_intake_pages.cpp. Every rule is the dossier service's; pages only map
// forms to its calls and its DomainErrors back to the forms (Vietnamese message, HTTP status kept).
#include "web/work_pages.h"

#include <algorithm>

#include "http/params.h"
#include "domain/dossier/clock.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/format.h"
#include "domain/text.h"
#include "http/multipart.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;
using accounts::Role;

namespace work {

Posted read_post(const http::Request& req) {
  Posted p;
  std::string ct = req.header("Content-Type").value_or("");
  std::string lower = ct;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.rfind("multipart/form-data", 0) != 0) {
    p.fields = http::parse_urlencoded(req.body);
    return p;
  }
  for (const auto& part : http::parse_multipart(req, 64)) {
    if (part.is_file()) {
      if (!part.filename->empty() && !part.body.empty()) p.files.push_back({part.name, *part.filename, part.body});
    } else {
      p.fields.emplace_back(part.name, std::string(part.body));
    }
  }
  return p;
}

std::string get(const Form& f, const std::string& k) {
  for (const auto& [a, b] : f)
    if (a == k) return text::trim(text::nfc(b));
  return "";
}

bool has(const Form& f, const std::string& k) {
  return std::any_of(f.begin(), f.end(), [&](const auto& kv) { return kv.first == k; });
}

int status_of(const DomainError& e) { return http_status(e.kind()); }

json opt(const std::string& s) { return s.empty() ? json(false) : json(s); }

std::string day(int64_t ms) { return ms ? fmt::date(ms) : ""; }

std::string when(int64_t ms) { return ms ? fmt::datetime(ms) : ""; }

json channel_badge(dossier::Channel channel) {
  if (channel == dossier::Channel::online) return {{"label", "Trực tuyến"}, {"cls", "tag-part"}, {"key", "online"}};
  if (channel == dossier::Channel::post) return {{"label", "Bưu chính"}, {"cls", "tag-plain"}, {"key", "post"}};
  return {{"label", "Trực tiếp"}, {"cls", "tag-plain"}, {"key", "desk"}};
}

// The tag of a clock standing (domain/dossier/clock.h; text, not colour only).
json timeliness_view(dossier::Standing s) {
  using dossier::Standing;
  if (s == Standing::none) return false;
  std::string cls = s == Standing::overdue || s == Standing::late ? "tag-bad"
                    : s == Standing::due_soon                      ? "tag-warn"
                    : s == Standing::paused                        ? "tag-plain"
                                                                   : "tag-full";
  return {{"label", std::string(dossier::label_vi(s))}, {"cls", cls}, {"key", std::string(dossier::key(s))}};
}

std::string agency_name(const services::AgencySnapshot& ag, const std::string& code) {
  const auto* a = ag.find(code);
  return a ? a->name : code;
}

std::string unit_name(const services::AgencySnapshot& ag, const std::string& agency, const std::string& unit) {
  if (const auto* a = ag.find(agency))
    for (const auto& u : a->units)
      if (u.code == unit) return u.name;
  return unit;
}

std::vector<std::string> work_agencies(const accounts::Principal& who, const services::AgencySnapshot& ag, std::initializer_list<Role> roles) {
  std::vector<std::string> out;
  for (const auto& a : ag.agencies) {
    bool in = false;
    for (const auto& g : who.grants)
      if (std::find(roles.begin(), roles.end(), g.role) != roles.end() && ag.within(a.code, g.agency)) in = true;
    if (in) out.push_back(a.code);
  }
  return out;
}

std::vector<StaffMember> processing_staff(Context& ctx, const std::string& competent) { return ctx.dossiers.processing_officers(competent); }

std::string day_text(const std::string& iso) {
  auto ms = fmt::parse_iso_date(iso);
  return ms ? fmt::date(*ms) : iso;
}

json work_links(const accounts::Principal& who, const std::string& current) {
  return {{"intake", who.has_role(Role::desk) || who.has_role(Role::post)},
          {"ledger", who.has_role(Role::desk) || who.has_role(Role::leader) || who.has_role(Role::supervisor)},
          {"report", who.has_role(Role::desk) || who.has_role(Role::specialist) || who.has_role(Role::leader) || who.has_role(Role::supervisor)},
          {"reconcile", who.has_role(Role::desk) || who.has_role(Role::leader) || who.has_role(Role::supervisor)},
          {"post", who.has_role(Role::post) || who.has_role(Role::desk) || who.has_role(Role::supervisor)},
          {"cur_" + current, true}};
}

}  // namespace work

namespace {

using namespace work;

// Sổ theo dõi hồ sơ (Mẫu 05 in 2018, 07 in 2025) of a receiving agency for a date range (default: this month).

http::Response ledger_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  auto ag = ctx.agencies.snapshot();
  auto agencies = work_agencies(me, *ag, {Role::desk, Role::leader, Role::supervisor});
  std::string agency = http::str_param(req, "agency", 64, "Cơ quan");
  std::string from = http::str_param(req, "from", 10, "Từ ngày"), to = http::str_param(req, "to", 10, "Đến ngày");
  if (agency.empty()) {
    for (const auto& g : me.grants)  // the agency where I sit at the desk first, else where I lead
      if ((g.role == Role::desk || g.role == Role::leader) && agency.empty()) agency = g.agency;
    if (agency.empty() && !agencies.empty()) agency = agencies.front();
  }
  std::string today = fmt::iso_date(fmt::now_ms());
  if (from.empty()) from = today.substr(0, 8) + "01";
  if (to.empty()) to = today;
  json options = json::array();
  for (const auto& code : agencies) {
    const auto* a = ag->find(code);
    options.push_back({{"value", code}, {"label", (a ? a->name : code) + " (" + code + ")"}, {"selected", code == agency}});
  }
  json d = {{"title", "Sổ theo dõi hồ sơ"}, {"agencies", options}, {"agency", agency}, {"agency_name", agency_name(*ag, agency)},
            {"from", from}, {"to", to}, {"from_display", day_text(from)}, {"to_display", day_text(to)}, {"wl", work_links(me, "ledger")}};
  int status = 200;
  try {
    const auto l = ctx.dossiers.ledger(agency, from, to, me);
    json rows = json::array();
    int n = 0;
    for (const auto& line : l.lines) {
      const auto& r = line.row;
      ++n;  // the book's number (số thứ tự), as on Mẫu 01; the position only for an unnumbered row
      rows.push_back({{"n", r.number ? r.number : n}, {"code", r.code}, {"procedure_name", r.procedure_name}, {"applicant_name", r.applicant_name},
                      {"address_phone", r.address_phone}, {"lead_agency", r.lead_agency}, {"received_at", when(r.received_ms)},
                      {"appointment", when(r.appointment_ms)}, {"transferred_at", when(r.transferred_ms)},
                      {"result_received_at", when(r.result_received_ms)}, {"returned_at", when(r.returned_ms)},
                      {"returned_to", r.returned_to}, {"note", r.note}});
    }
    d["rows"] = rows;
    d["total"] = n;
    d["none"] = rows.empty();
    d["shown"] = true;
    d["pdf_url"] = "/api/v1/ledger?agency=" + http::percent_encode(agency) + "&from=" + http::percent_encode(from) + "&to=" + http::percent_encode(to) +
                   "&format=pdf";
  } catch (const DomainError& e) {
    status = status_of(e);
    d["error"] = e.what();
  }
  d["ledger_form_number"] =
      documents::form_name(documents::FormKind::ledger, ctx.site.forms_era).number;
  return ctx.views.page(req, status, "work_ledger", d, "work");
}

}  // namespace

void register_work_pages(http::Router& r, Context& ctx) {
  work::register_inbox(r, ctx);
  work::register_dossier(r, ctx);
  work::register_intake(r, ctx);
  r.add("GET", "/can-bo/so-theo-doi", "ledger.read", [&ctx](http::Request& req) { return ledger_page(ctx, req); },
        {.summary = "Sổ theo dõi hồ sơ (Mẫu 05) of a receiving agency for a date range, with the PDF link"});
}

}  // namespace motcua::web
