// Desk intake (/can-bo/tiep-nhan, policy dossier.work; role desk, or post for postal arrivals): the
// officer chooses the procedure and looks the applicant up by CCCD (a citizen account prefills name,
// phone and email — R12; otherwise the page says so and links to the desk's account creation page),
// ticks the components received with their copy types and optional scans, picks the handling agency
// when the procedure receives regardless of boundary (R16) and the delivery, then either accepts at
// once ("Tiếp nhận" → status 2, redirect to the dossier page where Mẫu 01 is printed) or saves it
// unaccepted. It calls DossierService::submit, which routes staff to intake. Works without JavaScript:
// choosing the procedure is a GET form; errors re-render the form with the values typed (scans already
// uploaded are kept as hidden file ids).
#include <map>

#include "http/params.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/dossier/status.h"
#include "domain/format.h"
#include "domain/text.h"
#include "web/work_pages.h"

namespace motcua::web::work {

using namespace routes;

using nlohmann::json;
using accounts::Role;

namespace {

const std::string kPath = "/can-bo/tiep-nhan";

struct State {
  std::string procedure, agency, cccd;
  Form values;  // POSTed values (empty on GET)
  bool posted = false;
  std::map<std::string, std::string> errors;  // field key (without "applicant.") → message
  std::string message;
  std::map<std::string, std::pair<std::string, std::string>> scans;  // component → (file id, file name)
  int status = 200;
  std::string natdb_error;  // the national population database's lookup failed (services/natdb)
};

void put(Form& f, const std::string& k, const std::string& v) {
  for (auto& [name, value] : f)
    if (name == k) {
      value = v;
      return;
    }
  f.emplace_back(k, v);
}

const services::ProcVersion* current_version(const services::CatalogSnapshot& snap, const std::string& code, int64_t now) {
  const auto* e = snap.find(code);
  if (!e || e->state != catalog::ProcState::active) return nullptr;
  return e->current(now);
}

std::string root_of(const services::AgencySnapshot& ag, std::string code) {
  for (const auto* a = ag.find(code); a && !a->parent_code.empty(); a = ag.find(a->parent_code)) code = a->parent_code;
  return code;
}

// R12: the citizen / organisation account with this identification number, if any.
std::optional<json> applicant_account(Context& ctx, const std::string& idn) { return ctx.dossiers.applicant_account(idn); }

http::Response render(Context& ctx, http::Request& req, State& s) {
  const auto& me = principal(req);
  bool desk = me.has_role(Role::desk);
  auto ag = ctx.agencies.snapshot();
  auto snap = ctx.catalog.snapshot();
  int64_t now = fmt::now_ms();
  std::vector<std::string> mine;
  for (const auto& g : me.grants)
    if ((g.role == Role::desk || g.role == Role::post) && std::find(mine.begin(), mine.end(), g.agency) == mine.end()) mine.push_back(g.agency);
  if (s.agency.empty() || std::find(mine.begin(), mine.end(), s.agency) == mine.end()) s.agency = mine.empty() ? "" : mine.front();
  const auto* recv = ag->find(s.agency);
  auto val = [&](const std::string& k, const std::string& def = "") { return s.posted ? get(s.values, k) : def; };

  json procs = json::array(), d_matches = json::array();
  for (const auto& e : snap->entries) {
    const auto* v = current_version(*snap, e.code, now);
    if (!v) continue;
    bool any = (*v->doc).value("receive_any_boundary", false);
    if (recv && !(v->levels & services::level_bit(recv->level)) && !any) continue;
    procs.push_back({{"value", e.code}, {"label", e.code + " – " + (*v->doc).value("name", std::string())}, {"selected", e.code == s.procedure}});
  }
  json agencies = json::array();
  for (const auto& code : mine) agencies.push_back({{"value", code}, {"label", agency_name(*ag, code)}, {"selected", code == s.agency}});
  // The picker is a text box with suggestions (a commune has 100+ procedures): what was typed is matched to a
  // code, to "code – name", or to the one procedure whose folded name contains every word typed; several
  // matches are offered as links, none is an error.
  std::string typed = s.procedure;
  if (!s.posted && !typed.empty() && !snap->find(typed)) {
    std::string code = typed.substr(0, typed.find(" – "));
    if (snap->find(code)) {
      s.procedure = code;
    } else {
      const auto words = text::tokens(typed);
      json hits = json::array();
      for (const auto& p : procs) {
        std::string hay = " " + text::fold(p["label"].get<std::string>()) + " ";
        bool all = !words.empty();
        for (const auto& w : words) all = all && hay.find(" " + w) != std::string::npos;
        if (all) hits.push_back(p);
      }
      if (hits.size() == 1) {
        s.procedure = hits[0]["value"].get<std::string>();
      } else {
        s.procedure.clear();
        s.status = hits.empty() ? 422 : 200;
        if (hits.empty()) s.message = "Không tìm thấy thủ tục nào khớp với \"" + typed + "\"; hãy gõ mã hoặc vài chữ trong tên thủ tục.";
        json links = json::array();
        for (const auto& h : hits)
          links.push_back({{"label", h["label"]},
                           {"url", kPath + "?thu_tuc=" + http::percent_encode(h["value"].get<std::string>()) + "&co_quan=" + http::percent_encode(s.agency) +
                                       (s.cccd.empty() ? "" : "&cccd=" + http::percent_encode(s.cccd))}});
        d_matches = links;
      }
    }
  }
  for (auto& p : procs) p["selected"] = p["value"] == s.procedure;

  json d = {{"title", "Tiếp nhận hồ sơ tại quầy"}, {"procedures", procs}, {"agencies", agencies}, {"many_agencies", mine.size() > 1},
            {"agency", s.agency}, {"agency_name", agency_name(*ag, s.agency)}, {"cccd", s.cccd}, {"desk", desk},
            {"typed", s.procedure.empty() ? typed : s.procedure + " – " + (snap->find(s.procedure) && current_version(*snap, s.procedure, now)
                                                                                ? (*current_version(*snap, s.procedure, now)->doc).value("name", std::string())
                                                                                : std::string())},
            {"matches", d_matches}, {"has_matches", !d_matches.empty()}, {"match_count", d_matches.size()},
            {"error", opt(s.message)}, {"chosen", false}, {"wl", work_links(me, "intake")}};
  json e = json::object();
  for (const auto& [k, m] : s.errors) e[k] = m;
  d["e"] = e;
  // Every problem at once, each linked to its control (the page's script focuses the summary).
  static const std::map<std::string, std::pair<std::string, std::string>> where = {
      {"name", {"name", "Họ tên người nộp"}}, {"id_number", {"id_number", "Số định danh"}}, {"type", {"applicant_type", "Đối tượng"}},
      {"applicant", {"address", "Thông tin liên hệ"}}, {"delivery", {"delivery", "Hình thức nhận kết quả"}},
      {"handling_agency_code", {"handling_agency_code", "Cơ quan giải quyết"}}, {"channel", {"intake-form", "Kênh tiếp nhận"}}};
  json links = json::array();
  if (const auto* v = s.procedure.empty() ? nullptr : current_version(*snap, s.procedure, now))
    for (const auto& c : (*v->doc)["components"])  // the missing papers by name, in the procedure's order
      if (auto it = s.errors.find("documents." + c.value("code", std::string())); it != s.errors.end())
        links.push_back({{"href", "comp_" + c.value("code", std::string())}, {"text", it->second}});
  for (const auto& [k, m] : s.errors)
    if (auto w = where.find(k); w != where.end()) links.insert(links.begin(), json{{"href", w->second.first}, {"text", w->second.second + ": " + m}});
  d["error_links"] = links;
  d["has_error_links"] = !links.empty();

  // Applicant lookup (GET ?cccd=…): prefill from the account.
  std::string idn = s.posted ? val("id_number") : s.cccd;
  json v = {{"name", val("name")}, {"id_number", idn}, {"phone", val("phone")}, {"email", val("email")}, {"address", val("address")}};
  if (!s.cccd.empty() || (s.posted && !idn.empty())) {
    if (auto acc = applicant_account(ctx, idn)) {
      d["account"] = *acc;
      if (!s.posted) {
        v["name"] = (*acc)["name"];
        v["phone"] = (*acc)["phone"];
        v["email"] = (*acc)["email"];
      }
    } else {
      d["no_account"] = {{"id_number", idn}, {"create_url", desk ? json("/mot-cua/tao-tai-khoan") : json(false)}};
    }
  }
  d["v"] = v;

  const auto* ver = s.procedure.empty() ? nullptr : current_version(*snap, s.procedure, now);
  if (!s.procedure.empty() && !ver && s.message.empty()) {
    d["error"] = "Thủ tục \"" + s.procedure + "\" không tồn tại hoặc hiện không nhận hồ sơ.";
    s.status = 422;
  }
  if (ver) {
    const json& doc = *ver->doc;
    d["chosen"] = true;
    d["procedure"] = {{"code", s.procedure}, {"name", doc.value("name", std::string())}, {"version", ver->version_no}};
    json comps = json::array();
    for (const auto& c : doc["components"]) {
      std::string code = c.value("code", std::string());
      int orig = c.value("original", 0), cert = c.value("certified", 0), photo = c.value("photo", 0);
      std::string def = orig > 0 ? "original" : cert > 0 ? "certified" : "photo";
      std::string copy = s.posted ? get(s.values, "copy_" + code) : def;
      json copies = json::array();
      for (auto [cv, cl] : {std::pair{"original", "Bản chính"}, std::pair{"certified", "Bản sao chứng thực"}, std::pair{"photo", "Bản chụp"}})
        copies.push_back({{"value", cv}, {"label", cl}, {"selected", copy == cv}});
      std::string counts;
      if (orig) counts += std::to_string(orig) + " bản chính";
      if (cert) counts += (counts.empty() ? "" : ", ") + std::to_string(cert) + " bản sao";
      if (photo) counts += (counts.empty() ? "" : ", ") + std::to_string(photo) + " bản chụp";
      json scan = false;
      if (s.scans.count(code)) scan = {{"id", s.scans[code].first}, {"name", s.scans[code].second}};
      auto err = s.errors.find("documents." + code);
      // Papers of this type already in the looked-up applicant's data store (R26): the desk picks one instead of a scan.
      json reuse = json::array();
      if (c.contains("doc_type") && c["doc_type"].is_string())
        for (const auto& it : ctx.store.reusable_for(idn, c["doc_type"].get<std::string>(), now))
          reuse.push_back({{"value", it.id},
                           {"label", it.doc_type_name + " " + it.code + " — " + it.issuer_name + ", " + fmt::date(it.issued_at)},
                           {"selected", s.posted && get(s.values, "reuse_" + code) == it.id}});
      comps.push_back({{"code", code}, {"name", c.value("name", std::string())}, {"mandatory", c.value("mandatory", false)},
                       {"reuse", reuse}, {"has_reuse", !reuse.empty()},
                       {"counts", opt(counts)}, {"checked", s.posted && get(s.values, "comp_" + code) == "1"}, {"copies", copies}, {"scan", scan},
                       {"err", err == s.errors.end() ? json(false) : json(err->second)}});
    }
    d["components"] = comps;
    std::string type = val("applicant_type", "1");
    json types = json::array();
    for (auto t : dossier::all_applicant_types()) {
      std::string tv = std::to_string(dossier::code(t));
      types.push_back({{"value", tv}, {"label", std::string(dossier::label_vi(t))}, {"selected", tv == type}});
    }
    d["types"] = types;
    std::string channel = desk ? val("channel", "1") : "3";
    d["channels"] = json::array();
    if (desk) d["channels"].push_back({{"value", "1"}, {"label", "Trực tiếp tại quầy"}, {"checked", channel != "3"}});
    d["channels"].push_back({{"value", "3"}, {"label", "Qua bưu chính công ích"}, {"checked", channel == "3"}});
    std::string delivery = val("delivery", "desk");
    json deliveries = json::array({{{"value", "desk"}, {"label", "Tại Bộ phận Một cửa"}, {"selected", delivery == "desk"}},
                                   {{"value", "post"}, {"label", "Qua dịch vụ bưu chính công ích"}, {"selected", delivery == "post"}}});
    if (doc.value("online_level", std::string()) == "toan_trinh")
      deliveries.push_back({{"value", "online"}, {"label", "Trực tuyến"}, {"selected", delivery == "online"}});
    d["deliveries"] = deliveries;
    // The walk-in applicant looked up in the population database by the ID number typed (desk only; audited with
    // the purpose). What came back fills the name and address; the lookup travels with the form.
    if (desk && ctx.natdb.enabled()) {
      std::string lookup = val("natdb_lookup");
      d["natdb"] = {{"purpose", val("natdb_purpose", "Tiếp nhận hồ sơ \"" + doc.value("name", std::string()) + "\" tại quầy")},
                    {"id", lookup.empty() ? json(false) : json(lookup)},
                    {"error", s.natdb_error.empty() ? json(false) : json(s.natdb_error)}};
    }
    if (doc.value("receive_any_boundary", false)) {  // R16
      std::string handling = val("handling_agency_code", recv && (ver->levels & services::level_bit(recv->level)) ? s.agency : "");
      std::string root = root_of(*ag, s.agency);
      json hs = json::array();
      for (const auto& a : ag->agencies)
        if (ag->within(a.code, root) && (ver->levels & services::level_bit(a.level)))
          hs.push_back({{"value", a.code}, {"label", a.name}, {"selected", a.code == handling}});
      d["has_handling"] = !hs.empty();
      d["handling"] = hs;
    }
  }
  return ctx.views.page(req, s.status, "work_intake", d, "work");
}

bool may_intake(const accounts::Principal& me) { return me.has_role(Role::desk) || me.has_role(Role::post); }

http::Response intake_get(Context& ctx, http::Request& req) {
  if (!may_intake(principal(req))) return ctx.views.error_page(req, 403, "Chỉ Bộ phận Một cửa (hoặc bưu chính) tiếp nhận hồ sơ tại quầy.");
  State s;
  s.procedure = http::str_param(req, "thu_tuc", 64, "Thủ tục");
  s.agency = http::str_param(req, "co_quan", 64, "Cơ quan");
  s.cccd = http::str_param(req, "cccd", 20, "Số định danh");
  return render(ctx, req, s);
}

http::Response intake_post(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  if (!may_intake(me)) return ctx.views.error_page(req, 403, "Chỉ Bộ phận Một cửa (hoặc bưu chính) tiếp nhận hồ sơ tại quầy.");
  Posted p = read_post(req);
  if (!web::csrf_ok(req, p.fields)) return ctx.views.error_page(req, 403, kCsrf);
  State s;
  s.posted = true;
  s.values = p.fields;
  s.procedure = get(p.fields, "procedure_code");
  s.agency = get(p.fields, "agency_code");
  auto snap = ctx.catalog.snapshot();
  int64_t now = fmt::now_ms();
  const auto* ver = current_version(*snap, s.procedure, now);
  if (get(p.fields, "_natdb") == "1") {  // not an intake: look the applicant up, show the form again
    try {
      auto l = ctx.natdb.lookup(natdb::Source::population, get(p.fields, "id_number"), get(p.fields, "natdb_purpose"), s.procedure, me, req.remote);
      put(s.values, "name", l.facts.full_name);
      if (!l.facts.residence.empty()) put(s.values, "address", l.facts.residence);
      put(s.values, "natdb_lookup", l.id);
    } catch (const DomainError& e) {
      s.natdb_error = e.what();
      put(s.values, "natdb_lookup", "");
    }
    return render(ctx, req, s);
  }
  try {
    if (!ver)
      throw DomainError(ErrorKind::invalid, "procedure_unavailable", "Thủ tục \"" + s.procedure + "\" không tồn tại hoặc hiện không nhận hồ sơ.",
                        {{"procedure_code", "Chọn thủ tục."}});
    // Scans kept from an earlier attempt, then new ones (saved as this officer).
    for (const auto& c : (*ver->doc)["components"]) {
      std::string code = c.value("code", std::string());
      if (std::string id = get(p.fields, "scan_id_" + code); !id.empty()) s.scans[code] = {id, get(p.fields, "scan_name_" + code)};
    }
    for (const auto& f : p.files)
      if (f.name.rfind("scan_", 0) == 0) {
        auto saved = ctx.files.save(f.data, f.filename, me.user_id, now);
        s.scans[f.name.substr(5)] = {saved.id, f.filename};
      }
    json docs = json::array();
    for (const auto& c : (*ver->doc)["components"]) {
      std::string code = c.value("code", std::string());
      if (get(p.fields, "comp_" + code) != "1") continue;
      json doc = {{"component_code", code}, {"copy_type", get(p.fields, "copy_" + code)}};
      if (std::string item = get(p.fields, "reuse_" + code); !item.empty() && !s.scans.count(code))
        doc = {{"component_code", code}, {"reuse", item}};  // from the applicant's data store (R26)
      else if (s.scans.count(code))
        doc["file_id"] = s.scans[code].first;
      docs.push_back(doc);
    }
    int type = 1;
    try {
      type = std::stoi(get(p.fields, "applicant_type"));
    } catch (const std::exception&) {
    }
    json in = {{"procedure_code", s.procedure},
               {"agency_code", s.agency},
               {"channel", get(p.fields, "channel") == "3" || !me.has_role(Role::desk) ? 3 : 1},
               {"applicant",
                {{"name", get(p.fields, "name")}, {"id_number", get(p.fields, "id_number")}, {"phone", get(p.fields, "phone")},
                 {"email", get(p.fields, "email")}, {"address", get(p.fields, "address")}, {"type", type}}},
               {"documents", docs},
               {"delivery", get(p.fields, "delivery")},
               {"accept", get(p.fields, "decision") == "accept" && me.has_role(Role::desk)}};
    if (std::string h = get(p.fields, "handling_agency_code"); !h.empty()) in["handling_agency_code"] = h;
    if (std::string l = get(p.fields, "natdb_lookup"); !l.empty()) in["national_lookup"] = l;
    const auto out = ctx.dossiers.submit(in, me, req.remote);
    return http::Response::redirect("/can-bo/ho-so/" + out.id + "?ok=" + (out.status == dossier::Status::accepted ? "intake-accepted" : "intake-saved"));
  } catch (const DomainError& e) {
    s.status = status_of(e);
    s.message = e.what();
    for (const auto& fe : e.fields()) {
      std::string k = fe.field;
      if (k.rfind("applicant.", 0) == 0) k = k.substr(10);
      if (k.rfind("documents[", 0) == 0) k = "documents";
      s.errors[k] = fe.message;
    }
    return render(ctx, req, s);
  }
}

}  // namespace

void register_intake(http::Router& r, Context& ctx) {
  r.add("GET", kPath, "dossier.work", [&ctx](http::Request& req) { return intake_get(ctx, req); },
        {.summary = "Desk intake form: procedure, applicant lookup by CCCD (R12), components with copy types and scans, R16 handling agency"});
  r.add("POST", kPath, "dossier.work", [&ctx](http::Request& req) { return intake_post(ctx, req); },
        {.body_limit = 40 * 1024 * 1024, .summary = "Record a walk-in (channel 1) or postal (channel 3) dossier; accept at once or save unaccepted"});
}

}  // namespace motcua::web::work
