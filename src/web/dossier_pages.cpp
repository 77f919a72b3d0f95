// Online submission (channel 2) as server-rendered pages: /thu-tuc/{code}/nop-truc-tuyen shows the
// procedure's e-form, the receiving agency, one file input per component of the current version and the
// result delivery choice; one multipart POST (CSRF checked) saves the files through FileStore (content
// checked) and calls DossierService::submit (which checks everything again). Errors re-render the page
// with the values typed and the files already uploaded (hidden ids). "Lưu nháp" saves a draft
// (submit:false); a draft is reopened with ?nhap={id} and, since the service cannot update a draft, is
// submitted as a new dossier and then discarded. Anonymous visitors and staff can only check the e-form
// (with a sign-in prompt). The confirmation page /ho-so-cua-toi/{id}/da-nop is the submission receipt.
#include <map>
#include <set>

#include "http/params.h"
#include "domain/catalog/prefill.h"
#include "domain/dossier/collection.h"
#include "domain/natdb/national_record.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/catalog/form_schema.h"
#include "domain/catalog/procedure.h"
#include "domain/format.h"
#include "domain/place_match.h"
#include "domain/text.h"
#include "web/dossier_pages.h"
#include "web/procedure_view.h"

#include <spdlog/spdlog.h>

namespace motcua::web {

using nlohmann::json;

const char* const kCsrfMessage = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string day_or_empty(int64_t ms) { return ms ? fmt::date(ms) : ""; }
std::string when_or_empty(int64_t ms) { return ms ? fmt::datetime(ms) : ""; }

std::string delivery_label(const std::string& d) {
  return d == "post" ? "Qua dịch vụ bưu chính công ích" : d == "online" ? "Trực tuyến" : "Tại Bộ phận Một cửa";
}

std::string status_tag(std::optional<dossier::Status> s) {
  switch (s ? dossier::code(*s) : 0) {
    case 0: return "tag-plain";
    case 5: case 6: case 7: return "tag-warn";
    case 3: case 8: return "tag-bad";
    case 9: case 10: return "tag-full";
    default: return "tag-part";
  }
}

std::string PostedForm::get(const std::string& name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return text::trim(text::nfc(v));
  return "";
}

const http::MultipartPart* PostedForm::file(const std::string& name) const {
  for (const auto& p : files)
    if (p.name == name && p.filename && !p.filename->empty()) return &p;
  return nullptr;
}

void take_component_upload(routes::Context& ctx, const PostedForm& pf, const accounts::Principal& who, const std::string& code, int64_t now,
                           std::map<std::string, std::pair<std::string, std::string>>& uploaded, std::map<std::string, std::string>& errors) {
  if (std::string id = pf.get("_uploaded_" + code); !id.empty()) {
    try {
      uploaded[code] = {id, ctx.files.get(id, who).meta.original_name};
    } catch (const DomainError&) {
      errors[code] = "Tệp đã tải lên trước đó không còn; vui lòng chọn lại tệp.";
    }
  }
  if (const auto* part = pf.file("_file_" + code)) {
    try {
      auto f = ctx.files.save(part->body, *part->filename, who.user_id, now);
      uploaded[code] = {f.id, *part->filename};
      errors.erase(code);
    } catch (const DomainError& err) {
      errors[code] = std::string(err.what()) + " (tệp \"" + *part->filename + "\")";
    }
  }
}

json collection_view(routes::Context& ctx, const json* doc, dossier::Channel channel, const std::string& delivery,
                     const std::vector<std::string>& attached, const std::string& agency_code) {
  auto c = dossier::collection(doc ? *doc : json(nullptr), channel, delivery, attached);
  if (c.download) return {{"download", true}, {"bring", json::array()}, {"originals", json::array()}};
  auto ag = ctx.agencies.snapshot();
  const auto* a = ag->find(agency_code);
  std::string where = a ? "Bộ phận Một cửa – " + a->name + (a->address.empty() ? "" : ", " + a->address) : "Bộ phận Một cửa";
  return {{"download", false},
          {"at_desk", c.at_desk},
          {"by_post", c.by_post},
          {"where", where},
          {"originals", c.originals},
          {"has_originals", !c.originals.empty()},
          {"bring", c.also}};
}

PostedForm read_post(const http::Request& req, size_t max_parts) {
  PostedForm out;
  std::string ct = req.header("Content-Type").value_or("");
  if (ct.rfind("multipart/", 0) == 0) {
    for (auto& p : http::parse_multipart(req, max_parts)) {
      if (p.is_file()) out.files.push_back(p);
      else out.fields.emplace_back(p.name, std::string(p.body));
    }
  } else {
    out.fields = http::parse_urlencoded(req.body);
  }
  return out;
}

}  // namespace motcua::web

namespace motcua::web {

using namespace routes;

using nlohmann::json;
using accounts::Kind;

namespace {

constexpr const char* kDeliveryField = "hinh_thuc_nhan_ket_qua";  // e-forms that ask for the delivery themselves

bool is_applicant(const accounts::Principal& p) { return p.kind == Kind::citizen || p.kind == Kind::organisation; }

int status_of(const DomainError& e) { return http_status(e.kind()); }

const services::ProcEntry& submittable(const services::CatalogSnapshot& s, const std::string& code, int64_t now, const services::ProcVersion*& v) {
  const auto* e = s.find(code);
  if (!e || !e->latest_published())
    throw DomainError(ErrorKind::not_found, "procedure_not_found", "Không tìm thấy thủ tục hành chính có mã \"" + code + "\".");
  v = e->current(now);
  if (!v || e->state != catalog::ProcState::active)
    throw DomainError(ErrorKind::conflict, "procedure_unavailable", "Thủ tục này hiện không nhận hồ sơ (" + std::string(catalog::label_vi(e->state)) + ").");
  return *e;
}

bool schema_has(const json& schema, const std::string& name) {
  for (const auto& f : schema["fields"])
    if (f.value("name", std::string()) == name) return true;
  return false;
}

std::string delivery_of_form_value(const json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : "";
  return s == "truc_tiep" ? "desk" : s == "buu_chinh" ? "post" : s == "truc_tuyen" ? "online" : "";
}

// Why this principal cannot submit this procedure online ("" = they can).
std::string online_block(const json& doc, const accounts::Principal& who) {
  if (doc["online_level"] == "thong_tin")
    return "Thủ tục này chỉ cung cấp thông tin trực tuyến; hồ sơ được nộp trực tiếp tại Bộ phận Một cửa hoặc qua bưu chính.";
  if (!doc["provided_elsewhere"].is_null()) return "Thủ tục này được thực hiện trực tuyến tại cổng của cơ quan cung cấp.";
  if (is_applicant(who)) {
    std::string key = who.kind == Kind::organisation ? "2" : "1";
    if (doc["channel_policy"].contains(key)) {
      bool ok = false;
      for (const auto& ch : doc["channel_policy"][key]) ok |= ch == "truc_tuyen";
      if (!ok) return "Đối tượng của bạn không được nộp thủ tục này trực tuyến; vui lòng nộp trực tiếp hoặc qua bưu chính.";
    }
  }
  return "";
}

// Agencies whose level implements the procedure, labelled with their parents ("… (huyện Như Thanh, tỉnh Thanh Hóa)").
std::vector<std::pair<std::string, std::string>> eligible_agencies(Context& ctx, const services::ProcVersion& v) {
  std::vector<std::pair<std::string, std::string>> out;
  auto ag = ctx.agencies.snapshot();
  auto short_of = [](std::string n) {
    for (const char* p : {"Ủy ban nhân dân "})
      if (n.rfind(p, 0) == 0) n = n.substr(std::string(p).size());
    return n;
  };
  for (const auto& a : ag->agencies) {
    if (!(v.levels & services::level_bit(a.level))) continue;
    std::string where;
    for (const auto* p = ag->find(a.parent_code); p; p = ag->find(p->parent_code)) where += (where.empty() ? "" : ", ") + short_of(p->name);
    out.emplace_back(a.code, a.name + (where.empty() ? "" : " (" + where + ")"));
  }
  return out;
}

// The eligible agency the applicant's residence (the e-form's field prefilled from "residence") names, or "".
std::string agency_from_residence(Context& ctx, const json& schema, const json& values, const std::vector<std::pair<std::string, std::string>>& eligible) {
  std::string address;
  for (const auto& f : schema["fields"])
    if (f.is_object() && f.value("prefill", std::string()) == "residence" && values.contains(f.value("name", std::string())) &&
        values[f.value("name", std::string())].is_string())
      address = values[f.value("name", std::string())].get<std::string>();
  if (address.empty()) return "";
  auto ag = ctx.agencies.snapshot();
  std::vector<place::Candidate> candidates;
  for (const auto& [code, label] : eligible) {
    place::Candidate c{code, {}};
    for (const auto* a = ag->find(code); a && c.names.size() < 8; a = ag->find(a->parent_code)) c.names.push_back(a->name);
    candidates.push_back(std::move(c));
  }
  return place::agency_for_address(address, candidates);
}

// What the submission page shows and keeps between attempts.
struct Submission {
  json values = json::object();  // e-form values
  json errors = json::object();  // e-form field → message
  std::string agency, delivery, draft_id;
  std::map<std::string, std::pair<std::string, std::string>> uploaded;  // component → (file id, name)
  std::map<std::string, std::string> reused;                            // component → data-store item id (R13)
  std::map<std::string, std::string> comp_errors;
  std::string agency_error, delivery_error, general_error;
  std::string summary_title;  // the error summary's heading when the problems are listed below it
  std::string agency_fallback;  // a fresh form's receiving agency when the residence names none
  bool checked = false;  // check-only mode: the e-form was checked
  std::string natdb_id, natdb_error;  // a lookup in a national database (services/natdb) and why it failed
};

// The national database an applicant may ask about themselves: population for a citizen, business
// registration for an organisation (domain/natdb/national_record.h).
natdb::Source natdb_source_of(const accounts::Principal& who) {
  return who.kind == Kind::organisation ? natdb::Source::business : natdb::Source::population;
}

bool has_prefill_fields(const json& schema) {
  if (!schema.is_object() || !schema.contains("fields")) return false;
  for (const auto& f : schema["fields"])
    if (f.is_object() && f.contains("prefill")) return true;
  return false;
}

// "_action=natdb": looks the applicant up and puts what came back into the form (the applicant may still edit).
void natdb_lookup(Context& ctx, const http::Request& req, const json& schema, const std::string& code, Submission& s) {
  const auto& who = principal(req);
  auto facts = ctx.accounts.account_facts(who.user_id);
  auto source = natdb_source_of(who);
  try {
    auto l = ctx.natdb.lookup(source, source == natdb::Source::business ? facts.tax_code : facts.id_number, "", code, who, req.remote);
    s.natdb_id = l.id;
    const auto filled = catalog::prefill(schema, l.facts);  // kept alive for the loop (not a temporary's member)
    for (const auto& [k, x] : filled.values.items()) s.values[k] = x;
  } catch (const DomainError& err) {
    s.natdb_error = err.what();
  }
}

json form_values(const json& schema, const web::PostedForm& pf) {
  json values = json::object();
  for (const auto& f : schema["fields"]) {
    std::string name = f.value("name", std::string());
    bool present = false;
    std::string v;
    for (const auto& [k, x] : pf.fields)
      if (k == name) present = true, v = x;
    if (f.value("type", std::string()) == "checkbox") values[name] = present && !v.empty();
    else if (present) values[name] = v;
  }
  return values;
}

http::Response render(Context& ctx, http::Request& req, const services::ProcEntry& e, const services::ProcVersion& v, const Submission& s,
                      int status) {
  const auto& who = principal(req);
  const json& doc = *v.doc;
  int64_t now = fmt::now_ms();
  json d = web::procedure_view(ctx.catalog, e, v, now);
  std::string block = online_block(doc, who);
  bool apply = is_applicant(who) && block.empty();
  d["title"] = (apply ? "Nộp hồ sơ trực tuyến: " : "Tờ khai trực tuyến: ") + doc["name"].get<std::string>();
  d["apply"] = apply;
  d["check_only"] = !apply;
  d["anonymous"] = !who.signed_in();
  d["staff_user"] = who.kind == Kind::staff;
  d["block_reason"] = block.empty() ? json(false) : json(block);
  d["login_url"] = "/dang-nhap?next=" + http::percent_encode("/thu-tuc/" + e.code + "/nop-truc-tuyen");
  d["register_url"] = "/dang-ky?next=" + http::percent_encode("/thu-tuc/" + e.code + "/nop-truc-tuyen");
  d["checked"] = s.checked;
  d["valid"] = s.checked && s.errors.empty();
  d["error_count"] = s.errors.size();
  // A signed-in applicant's own facts fill the fields that describe them (R26); a fresh form starts with them.
  json prefilled = json::object();
  bool verified = false;
  json values = s.values;
  if (apply) {
    auto facts = ctx.accounts.account_facts(who.user_id);
    auto p = catalog::prefill(doc["form_schema"], facts);
    prefilled = p.values;
    verified = facts.verified;
    if (values.empty() && !s.checked)
      for (auto& [k, x] : p.values.items()) values[k] = x;
    d["prefill_any"] = !p.fields.empty();
  }
  json national = json::object();
  std::string national_label;
  if (apply && ctx.natdb.enabled() && has_prefill_fields(doc["form_schema"])) {
    auto source = natdb_source_of(who);
    national_label = std::string(catalog::source_label(natdb::fact_source(source)));
    d["natdb_source"] = national_label;
    if (auto l = ctx.natdb.find(s.natdb_id, who)) {
      national = catalog::prefill(doc["form_schema"], l->facts).values;
      d["natdb_id"] = l->id;
      d["natdb_done"] = true;
    } else {
      d["natdb_offer"] = true;
    }
  }
  d["natdb_error"] = s.natdb_error.empty() ? json(false) : json(s.natdb_error);
  d["fields"] = web::form_fields(doc["form_schema"], values, s.errors, prefilled, verified, national, national_label);
  d["draft_id"] = s.draft_id.empty() ? json(false) : json(s.draft_id);  // mustache: "" would count as true
  d["general_error"] = s.general_error.empty() ? json(false) : json(s.general_error);
  // The error summary at the top: one link per problem, in the order of the page, to the control to fix
  // (the page's script moves the focus to the summary).
  json links = json::array();
  for (const auto& f : d["fields"])
    if (f.contains("error")) links.push_back({{"href", f["focus_id"]}, {"text", f["label"].get<std::string>() + ": " + f["error"].get<std::string>()}});
  if (apply) {
    if (!s.agency_error.empty()) links.push_back({{"href", "agency"}, {"text", "Cơ quan tiếp nhận: " + s.agency_error}});
    for (const auto& c : doc["components"]) {
      auto er = s.comp_errors.find(c.value("code", std::string()));
      if (er != s.comp_errors.end()) links.push_back({{"href", "comp_" + er->first + "_file"}, {"text", c.value("name", std::string()) + ": " + er->second}});
    }
    if (!s.delivery_error.empty()) links.push_back({{"href", "delivery_desk"}, {"text", "Hình thức nhận kết quả: " + s.delivery_error}});
  }
  d["error_links"] = links;
  d["has_error_links"] = !links.empty();
  d["has_error_summary"] = !links.empty() || !s.general_error.empty();
  d["error_summary_title"] = !s.summary_title.empty() ? s.summary_title
                             : links.empty()          ? std::string("Chưa thực hiện được")
                             : apply                  ? "Hồ sơ chưa được nộp: còn " + std::to_string(links.size()) + " chỗ cần sửa"
                                                      : "Tờ khai còn " + std::to_string(links.size()) + " lỗi";
  if (apply) {
    // The receiving agency: as chosen; on a fresh form, the one the residence names (preselected, the applicant may
    // change it), else the fallback (last used, or the only one). Only agencies that handle the procedure are listed.
    const auto eligible = eligible_agencies(ctx, v);
    std::string agency = s.agency;
    bool from_residence = false;
    if (agency.empty() && s.agency_error.empty()) {
      agency = agency_from_residence(ctx, doc["form_schema"], values, eligible);
      from_residence = !agency.empty();
      if (agency.empty()) agency = s.agency_fallback;
    }
    d["agency_from_residence"] = from_residence;
    // Grouped by province (the root of the agency tree), in the tree's order.
    auto ag = ctx.agencies.snapshot();
    json groups = json::array();
    std::map<std::string, size_t> group_of;
    for (const auto& [code, label] : eligible) {
      std::string root = code;
      for (const auto* a = ag->find(code); a && !a->parent_code.empty(); a = ag->find(a->parent_code)) root = a->parent_code;
      auto [it, fresh] = group_of.emplace(root, groups.size());
      if (fresh) {
        const auto* r = ag->find(root);
        groups.push_back({{"name", r ? r->name : root}, {"agencies", json::array()}});
      }
      groups[it->second]["agencies"].push_back({{"value", code}, {"label", label}, {"selected", code == agency}});
    }
    d["agency_groups"] = groups;
    d["agency_error"] = s.agency_error.empty() ? json(false) : json(s.agency_error);
    bool from_form = schema_has(doc["form_schema"], kDeliveryField);
    d["delivery_in_form"] = from_form;
    json deliveries = json::array();
    std::vector<std::pair<std::string, std::string>> opts = {{"desk", "Nhận trực tiếp tại Bộ phận Một cửa"}, {"post", "Nhận qua dịch vụ bưu chính công ích"}};
    if (doc["online_level"] == "toan_trinh") opts.emplace_back("online", "Nhận bản điện tử trên Cổng Dịch vụ công (tải về tại trang hồ sơ)");
    for (const auto& [val, label] : opts)
      deliveries.push_back({{"value", val}, {"label", label}, {"checked", val == (s.delivery.empty() ? "desk" : s.delivery)}, {"id", "delivery_" + val}});
    d["deliveries"] = deliveries;
    d["delivery_error"] = s.delivery_error.empty() ? json(false) : json(s.delivery_error);
    json comps = json::array(), covered = json::array();
    for (const auto& c : doc["components"]) {
      std::string code = c.value("code", std::string());
      if (c.value("template_form", false)) {
        covered.push_back(c.value("name", std::string()));
        continue;
      }
      auto up = s.uploaded.find(code);
      auto er = s.comp_errors.find(code);
      std::string copies;
      for (auto [key, label] : {std::pair{"original", "bản chính"}, std::pair{"certified", "bản sao chứng thực"}, std::pair{"photo", "bản chụp"}})
        if (c.value(key, 0) > 0) copies += (copies.empty() ? "" : ", ") + std::string(label);
      // Items of the applicant's data store of this component's document type may be picked instead (R13, R26).
      json reuse = json::array();
      const std::string doc_type = c.contains("doc_type") && c["doc_type"].is_string() ? c["doc_type"].get<std::string>() : "";
      auto chosen = s.reused.find(code);
      for (const auto& it : ctx.store.reusable(who.user_id, doc_type, now))
        reuse.push_back({{"value", it.id},
                         {"label", it.doc_type_name + " " + it.code + " — " + it.issuer_name + " cấp ngày " + fmt::date(it.issued_at)},
                         {"selected", chosen != s.reused.end() && chosen->second == it.id}});
      comps.push_back({{"code", code},
                       {"has_reuse", !reuse.empty()},
                       {"reuse", reuse},
                       {"reuse_input", "_reuse_" + code},
                       {"comp_name", c.value("name", std::string())},
                       {"comp_mandatory", c.value("mandatory", true)},
                       {"copies", copies.empty() ? json(false) : json(copies)},
                       {"input", "_file_" + code},
                       {"hidden", "_uploaded_" + code},
                       {"dom_id", "comp_" + code},
                       {"uploaded", up != s.uploaded.end()},
                       {"file_id", up != s.uploaded.end() ? up->second.first : ""},
                       {"file_name", up != s.uploaded.end() ? up->second.second : ""},
                       {"comp_error", er != s.comp_errors.end() ? json(er->second) : json(false)}});
    }
    d["comps"] = comps;
    d["has_comps"] = !comps.empty();
    d["covered"] = covered;
    d["has_covered"] = !covered.empty();
    d["max_mb"] = std::to_string(ctx.files.max_bytes() / (1024 * 1024));
  }
  http::Response cookies;
  d["csrf"] = web::csrf_token(req, cookies);
  http::Response out = ctx.views.page(req, status, "eform", d, "catalog");
  for (const auto& h : cookies.headers) out.headers.push_back(h);
  return out;
}

// Reopening a draft (?nhap={id}): its values, agency, delivery and attached files.
void load_draft(Context& ctx, const http::Request& req, const json& doc, const std::string& id, Submission& s) {
  const auto dr = ctx.dossiers.view(id, principal(req));  // 404 unless it is mine
  if (dr.status) throw DomainError(ErrorKind::conflict, "not_a_draft", "Hồ sơ này đã được nộp; xem tại trang Hồ sơ của tôi.");
  s.draft_id = dr.id;
  if (dr.form.is_object()) s.values = dr.form;
  s.agency = dr.agency;
  s.delivery = dr.delivery;
  std::set<std::string> comps;
  for (const auto& c : doc["components"]) comps.insert(c.value("code", std::string()));
  for (const auto& x : dr.documents)
    if (comps.count(x.component_code)) s.uploaded[x.component_code] = {x.file_id, x.name};
}

http::Response submission_page(Context& ctx, http::Request& req) {
  auto snap = ctx.catalog.snapshot();
  int64_t now = fmt::now_ms();
  const services::ProcVersion* vp = nullptr;
  const auto& e = submittable(*snap, req.params.at("code"), now, vp);
  const auto& v = *vp;
  const json& doc = *v.doc;
  const json& schema = doc["form_schema"];
  const auto& who = principal(req);
  bool apply = is_applicant(who) && online_block(doc, who).empty();
  Submission s;
  if (req.method == "GET") {
    std::string draft = http::str_param(req, "nhap", 64, "Bản nháp");
    if (apply && !draft.empty()) {
      load_draft(ctx, req, doc, draft, s);
    } else if (apply) {
      // Default receiving agency when the residence typed in the form names none (render()): where I
      // submitted last, if it handles this procedure; or the only one.
      auto eligible = eligible_agencies(ctx, v);
      if (eligible.size() == 1) s.agency_fallback = eligible[0].first;
      services::DossierService::ListFilter f;
      std::string agency;
      int64_t last = 0;
      for (const auto& x : ctx.dossiers.list(who, f).items)
        if (x.submitted_at > last) {
          last = x.submitted_at;
          agency = x.agency;
        }
      for (const auto& [code, label] : eligible)
        if (code == agency) s.agency_fallback = code;
    }
    return render(ctx, req, e, v, s, 200);
  }
  web::PostedForm pf = web::read_post(req);
  if (!web::csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, web::kCsrfMessage);
  s.values = form_values(schema, pf);
  int year = std::stoi(fmt::iso_date(now).substr(0, 4));
  for (const auto& fe : catalog::validate_values(schema, s.values, year)) s.errors[fe.field] = fe.message;
  if (!apply) {  // anonymous visitors, staff: check the e-form only
    s.checked = true;
    return render(ctx, req, e, v, s, s.errors.empty() ? 200 : 422);
  }
  bool submit = pf.get("_action") != "draft";
  s.agency = pf.get("_agency");
  s.delivery = pf.get("_delivery");
  s.draft_id = pf.get("_draft");
  s.natdb_id = pf.get("_natdb");
  // Files: keep what was uploaded before (hidden ids, checked to be mine), then save new choices.
  std::vector<std::string> mandatory;
  for (const auto& c : doc["components"]) {
    if (c.value("template_form", false)) continue;
    std::string code = c.value("code", std::string());
    if (c.value("mandatory", true)) mandatory.push_back(code);
    take_component_upload(ctx, pf, who, code, now, s.uploaded, s.comp_errors);
    // Picked from the data store (checked again by the service): an upload of the same component wins.
    if (std::string item = pf.get("_reuse_" + code); !item.empty() && !s.uploaded.count(code)) s.reused[code] = item;
  }
  if (pf.get("_action") == "natdb") {  // not a submission: fill the form from the national database, show it again
    s.errors = json::object();
    s.comp_errors.clear();
    natdb_lookup(ctx, req, schema, e.code, s);
    return render(ctx, req, e, v, s, 200);
  }
  // The same checks the service makes, all at once, so that every problem is shown in one round.
  auto eligible = eligible_agencies(ctx, v);
  bool agency_ok = false;
  for (const auto& [code, label] : eligible) agency_ok |= code == s.agency;
  if (s.agency.empty()) s.agency_error = "Chọn nơi nộp hồ sơ.";
  else if (!agency_ok) s.agency_error = "Cơ quan này không giải quyết thủ tục này; vui lòng chọn lại.";
  if (schema_has(schema, kDeliveryField)) {
    s.delivery = delivery_of_form_value(s.values.value(kDeliveryField, json("")));
  } else if (s.delivery != "desk" && s.delivery != "post" && !(s.delivery == "online" && doc["online_level"] == "toan_trinh")) {
    s.delivery_error = "Chọn hình thức nhận kết quả.";
  }
  if (submit)
    for (const auto& code : mandatory)
      if (!s.uploaded.count(code) && !s.reused.count(code) && !s.comp_errors.count(code))
        s.comp_errors[code] = "Thành phần bắt buộc: vui lòng đính kèm tệp.";
  size_t problems = s.errors.size() + s.comp_errors.size() + !s.agency_error.empty() + !s.delivery_error.empty();
  if (problems) {
    s.summary_title = std::string(submit ? "Hồ sơ chưa được nộp" : "Bản nháp chưa được lưu") + ": còn " + std::to_string(problems) + " chỗ cần sửa";
    return render(ctx, req, e, v, s, 422);
  }
  json docs = json::array();
  for (const auto& [code, f] : s.uploaded) docs.push_back({{"component_code", code}, {"file_id", f.first}});
  for (const auto& [code, item] : s.reused) docs.push_back({{"component_code", code}, {"reuse", item}});
  json in = {{"procedure_code", e.code}, {"agency_code", s.agency}, {"form", s.values}, {"documents", docs},
             {"delivery", s.delivery.empty() ? "desk" : s.delivery}, {"submit", submit}};
  if (!s.natdb_id.empty()) in["national_lookup"] = s.natdb_id;
  std::string id;
  try {
    id = ctx.dossiers.submit(in, who, req.remote).id;
  } catch (const DomainError& err) {
    for (const auto& fe : err.fields()) {
      if (fe.field.rfind("form.", 0) == 0) s.errors[fe.field.substr(5)] = fe.message;
      else if (fe.field.rfind("documents.", 0) == 0) s.comp_errors[fe.field.substr(10)] = fe.message;
      else if (fe.field == "agency_code") s.agency_error = fe.message;
      else if (fe.field == "delivery" && schema_has(schema, kDeliveryField)) s.errors[kDeliveryField] = fe.message;
      else if (fe.field == "delivery") s.delivery_error = fe.message;
    }
    s.general_error = std::string(submit ? "Hồ sơ chưa được nộp: " : "Bản nháp chưa được lưu: ") + err.what();
    return render(ctx, req, e, v, s, status_of(err));
  }
  // A reopened draft was submitted (or saved again) as a new dossier: the old draft goes away.
  if (!s.draft_id.empty()) {
    try {
      ctx.dossiers.discard_draft(s.draft_id, who, req.remote);
    } catch (const DomainError& err) {
      spdlog::warn(R"("event":"discard_draft_failed","draft":"{}","error":"{}")", s.draft_id, err.code());
    }
  }
  return http::Response::redirect(submit ? "/ho-so-cua-toi/" + id + "/da-nop" : "/ho-so-cua-toi/" + id + "?ok=draft");
}

http::Response confirmation_page(Context& ctx, http::Request& req) {
  const auto dr = ctx.dossiers.view(req.params.at("id"), principal(req));
  const std::string& id = dr.id;
  if (!dr.status) return http::Response::redirect("/ho-so-cua-toi/" + id + "?ok=draft");
  auto ag = ctx.agencies.snapshot();
  const auto* a = ag->find(dr.agency);
  auto snap = ctx.catalog.snapshot();
  const auto* e = snap->find(dr.procedure_code);
  const auto* v = e ? e->version(dr.procedure_version) : nullptr;
  std::map<std::string, std::string> names;
  std::string time;
  if (v) {
    for (const auto& c : (*v->doc)["components"]) names[c.value("code", std::string())] = c.value("name", std::string());
    time = web::processing_time_text((*v->doc)["processing_time"]);
  }
  json docs = json::array();
  for (const auto& x : dr.documents)
    docs.push_back({{"comp_name", names.count(x.component_code) ? names[x.component_code] : x.component_code}, {"file_name", x.name}});
  const std::string& del = dr.delivery;
  json d = {{"title", "Đã nộp hồ sơ"},
            {"id", id},
            {"reference", dr.code.empty() ? dr.id : dr.code},
            {"has_code", !dr.code.empty()},
            {"procedure", {{"code", dr.procedure_code}, {"name", dr.procedure_name}, {"version", dr.procedure_version}}},
            {"agency_name", a ? a->name : dr.agency},
            {"agency_phone", a && !a->phone.empty() ? json(a->phone) : json(false)},
            {"submitted", web::when_or_empty(dr.submitted_at)},
            {"status_label", services::status_label_vi(dr.status)},
            {"status_tag", web::status_tag(dr.status)},
            {"docs", docs},
            {"has_docs", !docs.empty()},
            {"delivery", web::delivery_label(del) + (del == "online" ? " (tải về tại trang hồ sơ)" : "")},
            {"time", time.empty() ? json(false) : json(time)}};
  // What it costs and where to pay (services/payments): an upfront fee is the next step before the desk accepts.
  auto fees = ctx.payments.fees(id, principal(req));
  if (fees.upfront_outstanding > 0) {
    d["upfront"] = fmt::money(fees.upfront_outstanding);
    d["may_pay_online"] = fees.may_pay_online;
  } else if (fees.balance.due() > 0) {
    d["fee_later"] = fmt::money(fees.balance.due());
  }
  std::vector<std::string> attached;
  for (const auto& x : dr.documents) attached.push_back(x.component_code);
  d["collect"] = web::collection_view(ctx, v ? v->doc.get() : nullptr, dr.channel, del, attached, dr.agency);
  return ctx.views.page(req, 200, "dossier_submitted", d, "mine");
}

}  // namespace

void register_dossier_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/thu-tuc/{code}/nop-truc-tuyen", "public", [&ctx](http::Request& req) { return submission_page(ctx, req); },
        {.summary = "Online submission: e-form, receiving agency, files per component, delivery (signed-in applicants; others check the e-form)"});
  r.add("POST", "/thu-tuc/{code}/nop-truc-tuyen", "public", [&ctx](http::Request& req) { return submission_page(ctx, req); },
        {.body_limit = 25 * 1024 * 1024, .summary = "Submit online or save a draft (multipart with files, CSRF); anonymous/staff: check the e-form"});
  r.add("GET", "/ho-so-cua-toi/{id}/da-nop", "citizen", [&ctx](http::Request& req) { return confirmation_page(ctx, req); },
        {.summary = "Submission receipt of my dossier"});
  register_my_dossier_pages(r, ctx);
}

}  // namespace motcua::web
