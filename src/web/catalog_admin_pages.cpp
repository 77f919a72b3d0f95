// Catalog administration pages (policy catalog.admin) for the officer in charge of administrative
// procedures (cán bộ đầu mối kiểm soát TTHC): the list of all procedures, create, manage (versions, change
// history, lifecycle actions) and edit the draft. Plain HTML forms that work without JavaScript:
// POST → 303 → GET with ?ok=<what happened>. Every POST checks the CSRF token (403 otherwise) and changes
// nothing when it fails: the form comes back with the errors (422 invalid, 409 conflict).
#include <algorithm>
#include <charconv>
#include <set>

#include "http/params.h"
#include "web/pages.h"
#include "domain/format.h"
#include "domain/text.h"
#include "web/national_import_pages.h"
#include "web/procedure_form.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;
using web::FormPairs;

namespace {

const std::string kBase = "/quan-tri/thu-tuc";
const char* const kCsrfMessage = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

// An admin page: admin menu shown, CSRF token for the forms (cookie set when missing).
http::Response admin_page(Context& ctx, const http::Request& req, int status, const std::string& tpl, json d) {
  http::Response cookies;
  d["csrf"] = web::csrf_token(req, cookies);
  d["admin_nav"] = true;
  http::Response out = ctx.views.page(req, status, tpl, d, "admin");
  for (const auto& h : cookies.headers) out.headers.push_back(h);
  return out;
}

// Mustache treats "" as true: optional text is false when empty.
json opt(const std::string& s) { return s.empty() ? json(false) : json(s); }

int status_of(const DomainError& e) { return e.kind() == ErrorKind::conflict ? 409 : 422; }

std::string form_value(const FormPairs& f, const std::string& k) {
  for (const auto& [n, v] : f)
    if (n == k) return v;
  return "";
}

std::optional<int64_t> row_version_of(const FormPairs& f) {
  std::string s = form_value(f, "row_version");
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string state_class(catalog::ProcState s) {
  switch (s) {
    case catalog::ProcState::active: return "tag-full";
    case catalog::ProcState::suspended: return "tag-warn";
    case catalog::ProcState::abolished: return "";
    case catalog::ProcState::draft: return "tag-plain";
  }
  return "";
}

std::string flash(const http::Request& req) {
  static const std::map<std::string, std::string> messages = {
      {"created", "Đã tạo thủ tục ở dạng bản nháp (phiên bản 1). Kiểm tra nội dung rồi công bố."},
      {"saved", "Đã lưu bản nháp. Nội dung công khai chỉ thay đổi khi công bố."},
      {"publish", "Đã công bố phiên bản mới; thông báo đã được đăng trên trang Thông báo."},
      {"amend", "Đã tạo bản nháp sửa đổi, bổ sung. Phiên bản đang áp dụng giữ nguyên cho đến khi công bố bản nháp."},
      {"discard-draft", "Đã hủy bản nháp."},
      {"suspend", "Đã tạm ngừng áp dụng thủ tục; thông báo đã được đăng."},
      {"resume", "Đã áp dụng lại thủ tục; thông báo đã được đăng."},
      {"abolish", "Đã bãi bỏ thủ tục. Thủ tục không còn trong danh mục công khai; hồ sơ đã tiếp nhận vẫn giữ phiên bản đã áp dụng."}};
  auto ok = req.query_param("ok");
  return ok && messages.count(*ok) ? messages.at(*ok) : "";
}

const services::ProcEntry& find_entry(const services::CatalogSnapshot& s, const std::string& code) {
  const auto* e = s.find(code);
  if (!e) throw DomainError(ErrorKind::not_found, "procedure_not_found", "Không tìm thấy thủ tục hành chính có mã \"" + code + "\".");
  return *e;
}

// ---------- list ----------

http::Response list_page(Context& ctx, http::Request& req) {
  services::CatalogQuery q;
  q.admin = true;
  q.q = http::str_param(req, "q", 200, "Từ khóa tìm kiếm");
  q.page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  q.per_page = 20;
  int64_t now = fmt::now_ms();
  auto page = ctx.catalog.search(q, now);
  json rows = json::array();
  for (const auto* e : page.items) {
    const json& doc = *e->shown(now)->doc;
    const auto* pub = e->latest_published();
    const auto* cur = e->current(now);
    rows.push_back({{"code", e->code},
                    {"name", doc.value("name", std::string())},
                    {"field", doc["field"].value("name", std::string())},
                    {"state", catalog::to_string(e->state)},
                    {"state_label", catalog::label_vi(e->state)},
                    {"state_class", state_class(e->state)},
                    {"version", cur ? json(cur->version_no) : pub ? json(pub->version_no) : json(false)},
                    {"draft_version", e->draft() ? json(e->draft()->version_no) : json(false)},
                    {"url", kBase + "/" + e->code},
                    {"public_url", pub ? json("/thu-tuc/" + e->code) : json(false)}});
  }
  json d = {{"title", "Quản trị danh mục thủ tục hành chính"},
            {"q", q.q},
            {"rows", rows},
            {"total", page.total},
            {"none", page.total == 0},
            {"flash", opt(flash(req))},
            {"pagination", web::pagination(kBase, {{"q", q.q}}, q.page, q.per_page, page.total)}};
  return admin_page(ctx, req, 200, "admin_procedures", d);
}

// ---------- manage page ----------

// `form_key`/`values`: the action form to show again with its values and error after a refusal.
http::Response manage_page(Context& ctx, const http::Request& req, const std::string& code, int status, const std::string& error,
                           const std::string& form_key, const json& values) {
  auto snap = ctx.catalog.snapshot();
  const auto& e = find_entry(*snap, code);
  int64_t now = fmt::now_ms();
  const auto* shown = e.shown(now);
  const auto* draft = e.draft();
  const auto* cur = e.current(now);
  const json& doc = *shown->doc;
  auto allowed = [&](catalog::Action a) {
    try {
      catalog::check_action(a, e.state, draft != nullptr);
      return true;
    } catch (const DomainError&) {
      return false;
    }
  };
  json versions = json::array();
  for (const auto& v : e.versions) {
    json vj = ctx.catalog.version_json(e, v, now);
    std::string st = vj["status"];
    versions.push_back({{"version", v.version_no},
                        {"status", st},
                        {"status_label", vj["status_label"]},
                        {"status_class", st == "current" ? "tag-full" : st == "scheduled" ? "tag-part" : st == "draft" ? "tag-warn" : "tag-plain"},
                        {"from", opt(v.effective_from ? fmt::date(v.effective_from) : "")},
                        {"to", opt(vj["effective_to"].is_string() ? fmt::date(*fmt::parse_iso_date(vj["effective_to"].get<std::string>())) : "")},
                        {"created_by", v.created_by},
                        {"created_at", fmt::datetime(v.created_at)},
                        {"published_by", v.published_by.empty() ? json(false) : json(v.published_by)},
                        {"published_at", v.published_at ? fmt::datetime(v.published_at) : ""},
                        {"note", v.note},
                        {"url", v.state == "published" ? json("/thu-tuc/" + e.code + "/phien-ban/" + std::to_string(v.version_no))
                                                       : draft && allowed(catalog::Action::edit_draft) ? json(kBase + "/" + e.code + "/sua") : json(false)}});
  }
  json history = json::array();
  json raw = ctx.catalog.history(code);
  for (auto it = raw.rbegin(); it != raw.rend(); ++it) {
    json h = *it;
    auto from = catalog::parse_state(h.value("from", std::string()));
    auto to = catalog::parse_state(h.value("to", std::string()));
    h["from_label"] = from ? std::string(catalog::label_vi(*from)) : h.value("from", std::string());
    h["to_label"] = to ? std::string(catalog::label_vi(*to)) : h.value("to", std::string());
    h["changed"] = h["from"] != h["to"];
    h["version_text"] = opt(h["version"].is_number() ? h["version"].dump() : "");
    history.push_back(h);
  }
  json d = {{"title", "Quản lý thủ tục: " + doc.value("name", std::string())},
            {"code", e.code},
            {"name", doc.value("name", std::string())},
            {"field", doc["field"].value("name", std::string())},
            {"state", catalog::to_string(e.state)},
            {"state_label", catalog::label_vi(e.state)},
            {"state_class", state_class(e.state)},
            {"row_version", e.row_version},
            {"base", kBase + "/" + e.code},
            {"edit_url", kBase + "/" + e.code + "/sua"},
            {"public_url", e.latest_published() ? json("/thu-tuc/" + e.code) : json(false)},
            {"current_version", cur ? json(cur->version_no) : json(false)},
            {"draft_version", draft ? json(draft->version_no) : json(false)},
            {"draft_name", draft ? (*draft->doc).value("name", std::string()) : ""},
            {"draft_name_differs", draft && (*draft->doc).value("name", std::string()) != doc.value("name", std::string())},
            {"versions", versions},
            {"history", history},
            {"flash", opt(error.empty() ? flash(req) : "")},
            {"error", opt(error)}};
  static const std::pair<const char*, catalog::Action> actions[] = {
      {"can_edit", catalog::Action::edit_draft}, {"can_publish", catalog::Action::publish}, {"can_amend", catalog::Action::amend},
      {"can_discard", catalog::Action::discard_draft}, {"can_suspend", catalog::Action::suspend},
      {"can_resume", catalog::Action::resume}, {"can_abolish", catalog::Action::abolish}};
  bool any = false;
  for (const auto& [key, action] : actions) {
    d[key] = allowed(action);
    any = any || d[key].get<bool>();
  }
  d["any_action"] = any;
  if (!form_key.empty()) d[form_key] = values;
  return admin_page(ctx, req, status, "admin_procedure", d);
}

http::Response action_post(Context& ctx, http::Request& req) {
  auto form = http::parse_urlencoded(req.body);
  if (!web::csrf_ok(req, form)) return ctx.views.error_page(req, 403, kCsrfMessage);
  const std::string code = req.params.at("code"), name = req.params.at("action");
  auto action = catalog::parse_action(name);
  if (!action || *action == catalog::Action::edit_draft)
    throw DomainError(ErrorKind::not_found, "unknown_action", "Thao tác \"" + name + "\" không tồn tại.");
  find_entry(*ctx.catalog.snapshot(), code);
  auto trimmed = [&](const char* k) { return text::trim(form_value(form, k)); };
  json params = json::object();
  if (*action == catalog::Action::suspend || *action == catalog::Action::abolish) params["reason"] = trimmed("reason");
  else if (!trimmed("note").empty()) params["note"] = trimmed("note");
  if (*action == catalog::Action::publish && !trimmed("effective_from").empty()) params["effective_from"] = trimmed("effective_from");
  try {
    ctx.catalog.act(code, *action, params, ctx.actor(req), row_version_of(form));
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found) throw;
    std::string key = "form_" + name;
    std::replace(key.begin(), key.end(), '-', '_');
    json values = {{"note", form_value(form, "note")}, {"reason", form_value(form, "reason")},
                   {"effective_from", form_value(form, "effective_from")}, {"error", e.what()}};
    return manage_page(ctx, req, code, status_of(e), e.what(), key, values);
  }
  return http::Response::redirect(kBase + "/" + http::percent_encode(code) + "?ok=" + name);
}

// ---------- editor (create and edit draft) ----------

json editor_view(const FormPairs& form, const std::vector<FieldError>& errors) {
  static const std::vector<std::pair<std::string, std::string>> inputs = {
      {"code", "Mã thủ tục"}, {"name", "Tên thủ tục"}, {"field_name", "Lĩnh vực"}, {"field_code", "Mã lĩnh vực"},
      {"levels", "Cấp thực hiện"}, {"agency_kinds", "Loại cơ quan thực hiện"}, {"competent_agency", "Cơ quan thực hiện"},
      {"receiving_place", "Nơi tiếp nhận"}, {"online_level", "Mức độ dịch vụ công trực tuyến"},
      {"legacy_online_level", "Mức độ (cách gọi cũ)"}, {"target_online_ratio", "Chỉ tiêu tỷ lệ hồ sơ trực tuyến"},
      {"receive_any_boundary", "Tiếp nhận không phụ thuộc địa giới hành chính"}, {"pe_by", "Cơ quan cung cấp"},
      {"pe_url", "Đường dẫn thực hiện"}, {"pe_note", "Ghi chú cơ quan cung cấp"}, {"steps", "Trình tự thực hiện"},
      {"methods", "Cách thức thực hiện"}, {"components", "Thành phần hồ sơ"}, {"sets", "Số lượng hồ sơ"},
      {"pt_amount", "Thời hạn giải quyết"}, {"pt_unit", "Đơn vị thời hạn"}, {"pt_online_amount", "Thời hạn khi nộp trực tuyến"},
      {"applicants", "Đối tượng thực hiện"}, {"applicant_description", "Mô tả đối tượng thực hiện"},
      {"result", "Kết quả thực hiện"}, {"fees", "Phí, lệ phí"}, {"requirements", "Yêu cầu, điều kiện"},
      {"legal_basis", "Căn cứ pháp lý"}, {"internal_process", "Quy trình nội bộ"},
      {"channel_policy", "Kênh nộp hồ sơ theo đối tượng"}, {"form_schema", "Biểu mẫu điện tử"}};
  auto values_of = [&](const std::string& k) {
    std::vector<std::string> out;
    for (const auto& [n, v] : form)
      if (n == k) out.push_back(v);
    return out;
  };
  auto has = [&](const std::string& k, const std::string& v) {
    auto all = values_of(k);
    return std::find(all.begin(), all.end(), v) != all.end();
  };
  json f = json::object(), summary = json::array();
  for (const auto& [k, label] : inputs) f[k] = {{"value", form_value(form, k)}, {"errors", json::array()}, {"invalid", false}};
  for (const auto& e : errors) {
    auto it = std::find_if(inputs.begin(), inputs.end(), [&](const auto& p) { return p.first == e.field; });
    if (it != inputs.end()) {
      f[e.field]["errors"].push_back(e.message);
      f[e.field]["invalid"] = true;
    }
    summary.push_back({{"id", it == inputs.end() ? json(false) : json("p_" + e.field)},
                       {"label", it == inputs.end() ? std::string("Nội dung khác") : it->second},
                       {"message", e.message}});
  }
  json levels = json::array(), applicants = json::array(), online = json::array(), legacy = json::array(), units = json::array(),
       policy = json::array();
  for (const char* l : {"tinh", "huyen", "xa"}) levels.push_back({{"value", l}, {"label", catalog::level_label(l)}, {"checked", has("levels", l)}});
  for (int a = 1; a <= 4; ++a)
    applicants.push_back({{"value", std::to_string(a)}, {"label", catalog::applicant_label(a)}, {"checked", has("applicants", std::to_string(a))}});
  static const std::pair<const char*, const char*> online_levels[] = {
      {"thong_tin", "Cung cấp thông tin trực tuyến"}, {"mot_phan", "Một phần"}, {"toan_trinh", "Toàn trình"}};
  for (const auto& [v, label] : online_levels) online.push_back({{"value", v}, {"label", label}, {"selected", form_value(form, "online_level") == v}});
  std::string lg = form_value(form, "legacy_online_level");
  legacy.push_back({{"value", ""}, {"label", "Tự động theo mức độ ở trên"}, {"selected", lg.empty()}});
  for (const char* v : {"1", "2", "3", "4"})
    if (std::string(v) != "1" || lg == "1") legacy.push_back({{"value", v}, {"label", std::string("Mức độ ") + v}, {"selected", lg == v}});
  for (const char* u : {"working_days", "days", "hours", "same_day"})
    units.push_back({{"value", u}, {"label", catalog::time_unit_label(u)}, {"selected", form_value(form, "pt_unit") == u}});
  for (int a = 1; a <= 4; ++a) {
    std::string n = std::to_string(a);
    json chans = json::array();
    for (const char* c : {"truc_tiep", "truc_tuyen", "buu_chinh"})
      chans.push_back({{"value", c}, {"label", catalog::channel_label(c)}, {"checked", has("cp" + n, c)}});
    policy.push_back({{"n", n}, {"label", catalog::applicant_label(a)}, {"custom", !form_value(form, "cp" + n + "_custom").empty()}, {"channels", chans}});
  }
  return {{"f", f},
          {"summary", summary},
          {"has_errors", !summary.empty()},
          {"error_count", summary.size()},
          {"levels", levels},
          {"applicants", applicants},
          {"online_levels", online},
          {"legacy_levels", legacy},
          {"units", units},
          {"policy", policy},
          {"receive_any_boundary", !form_value(form, "receive_any_boundary").empty()}};
}

// Adds normalize_procedure's errors for inputs that have none yet (parse errors come first).
void check_document(const json& doc, const FormPairs& form, std::vector<FieldError>& errs) {
  try {
    catalog::normalize_procedure(doc);
  } catch (const DomainError& e) {
    std::set<std::string> have;
    for (const auto& x : errs) have.insert(x.field);
    for (const auto& m : web::map_procedure_errors(e.fields(), form))
      if (!have.count(m.field)) errs.push_back(m);
    if (e.fields().empty()) errs.push_back({"", e.what()});
  }
}

http::Response editor_page(Context& ctx, const http::Request& req, int status, const services::ProcEntry* e, const FormPairs& form,
                           const std::vector<FieldError>& errs, std::optional<int64_t> row_version, const std::string& general) {
  json d = editor_view(form, errs);
  if (e) {
    const auto* dr = e->draft();
    d["code"] = e->code;
    d["draft_version"] = dr ? dr->version_no : 0;
    d["heading"] = "Sửa bản nháp: " + (dr ? (*dr->doc).value("name", std::string()) : e->code);
    d["action"] = kBase + "/" + e->code + "/sua";
    d["cancel_url"] = kBase + "/" + e->code;
    d["row_version"] = row_version ? std::to_string(*row_version) : "";
  } else {
    d["create"] = true;
    d["heading"] = "Thêm thủ tục mới";
    d["action"] = kBase + "/moi";
    d["cancel_url"] = kBase;
  }
  d["title"] = d["heading"];
  d["general_error"] = opt(general);
  return admin_page(ctx, req, status, "admin_editor", d);
}

FormPairs submitted(const http::Request& req) {
  FormPairs out;
  for (auto& p : http::parse_urlencoded(req.body))
    if (p.first != "_csrf") out.push_back(std::move(p));
  return out;
}

http::Response create_page(Context& ctx, http::Request& req) {
  if (req.method != "POST") {
    FormPairs defaults = {{"levels", "xa"}, {"applicants", "1"}, {"pt_unit", "working_days"}, {"sets", "1"},
                          {"target_online_ratio", "0"}, {"requirements", "Không"}, {"form_schema", "{\n  \"fields\": []\n}"}};
    return editor_page(ctx, req, 200, nullptr, defaults, {}, std::nullopt, "");
  }
  if (!web::csrf_ok(req, http::parse_urlencoded(req.body))) return ctx.views.error_page(req, 403, kCsrfMessage);
  FormPairs form = submitted(req);
  std::vector<FieldError> errs;
  json doc = web::form_to_procedure(form, errs);
  check_document(doc, form, errs);
  if (!errs.empty()) return editor_page(ctx, req, 422, nullptr, form, errs, std::nullopt, "");
  try {
    ctx.catalog.create(doc, ctx.actor(req));
  } catch (const DomainError& e) {
    if (e.code() == "procedure_exists") errs.push_back({"code", e.what()});
    for (const auto& m : web::map_procedure_errors(e.fields(), form)) errs.push_back(m);
    return editor_page(ctx, req, status_of(e), nullptr, form, errs, std::nullopt, errs.empty() ? e.what() : "");
  }
  return http::Response::redirect(kBase + "/" + http::percent_encode(doc["code"].get<std::string>()) + "?ok=created");
}

http::Response edit_page(Context& ctx, http::Request& req) {
  if (req.method == "POST" && !web::csrf_ok(req, http::parse_urlencoded(req.body))) return ctx.views.error_page(req, 403, kCsrfMessage);
  const std::string code = req.params.at("code");
  auto snap = ctx.catalog.snapshot();
  const auto& e = find_entry(*snap, code);
  const auto* dr = e.draft();
  catalog::check_action(catalog::Action::edit_draft, e.state, dr != nullptr);  // 409 page when there is no draft
  if (req.method != "POST") return editor_page(ctx, req, 200, &e, web::procedure_to_form(*dr->doc), {}, e.row_version, "");
  FormPairs form;
  for (auto& p : submitted(req))
    if (p.first != "code") form.push_back(std::move(p));
  form.emplace_back("code", code);  // the code never changes
  auto rv = row_version_of(form);
  std::vector<FieldError> errs;
  // Start from the stored draft and overwrite only what the form models: other keys are kept.
  json doc = web::merge_procedure(*dr->doc, web::form_to_procedure(form, errs));
  check_document(doc, form, errs);
  if (!errs.empty()) return editor_page(ctx, req, 422, &e, form, errs, rv, "");
  try {
    ctx.catalog.update_draft(code, doc, ctx.actor(req), rv);
  } catch (const DomainError& x) {
    if (x.kind() == ErrorKind::not_found) throw;
    for (const auto& m : web::map_procedure_errors(x.fields(), form)) errs.push_back(m);
    return editor_page(ctx, req, status_of(x), &e, form, errs, rv, errs.empty() ? x.what() : "");
  }
  return http::Response::redirect(kBase + "/" + http::percent_encode(code) + "?ok=saved");
}

}  // namespace

void register_catalog_admin_pages(http::Router& r, Context& ctx) {
  // Before "{code}": the first matching route wins.
  register_national_import_pages(r, ctx);
  r.add("GET", kBase, "catalog.admin", [&ctx](http::Request& req) { return list_page(ctx, req); },
        {.summary = "Admin: all procedures incl. drafts, suspended and abolished"});
  r.add("GET", kBase + "/moi", "catalog.admin", [&ctx](http::Request& req) { return create_page(ctx, req); },
        {.summary = "Admin: new procedure form"});
  r.add("POST", kBase + "/moi", "catalog.admin", [&ctx](http::Request& req) { return create_page(ctx, req); },
        {.summary = "Admin: create a procedure (draft version 1)"});
  r.add("GET", kBase + "/{code}", "catalog.admin",
        [&ctx](http::Request& req) { return manage_page(ctx, req, req.params.at("code"), 200, "", "", json()); },
        {.summary = "Admin: manage a procedure (versions, history, actions)"});
  r.add("POST", kBase + "/{code}/thao-tac/{action}", "catalog.admin", [&ctx](http::Request& req) { return action_post(ctx, req); },
        {.summary = "Admin: lifecycle action (publish, amend, suspend, resume, abolish, discard-draft)"});
  r.add("GET", kBase + "/{code}/sua", "catalog.admin", [&ctx](http::Request& req) { return edit_page(ctx, req); },
        {.summary = "Admin: edit the draft version"});
  r.add("POST", kBase + "/{code}/sua", "catalog.admin", [&ctx](http::Request& req) { return edit_page(ctx, req); },
        {.summary = "Admin: save the draft version"});
}

}  // namespace motcua::web
