// "Hồ sơ của tôi" for citizens and organisations: /ho-so-cua-toi (my dossiers, paginated, status
// badges, overdue flag) and /ho-so-cua-toi/{id} (status, timeline from the history without staff
// names, appointment, documents I sent, requests addressed to me, the slips addressed to me as PDF
// links, the result when returned online, and the forms of the actions the service offers me now:
// supply while a supplement is requested, withdraw, delete a draft). Every POST checks the CSRF token;
// the dossier service checks ownership (404 for anyone else's dossier) and the state machine again.
#include <map>

#include "http/params.h"
#include "app/app.h"
#include "app/auth.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "domain/format.h"
#include "domain/text.h"
#include "web/dossier_pages.h"

namespace motcua::app {

using nlohmann::json;

namespace {

int status_of(const DomainError& e) { return http_status(e.kind()); }

json opt(const std::string& s) { return s.empty() ? json(false) : json(s); }

bool has_action(const json& dr, const char* a) {
  for (const auto& x : dr["actions"])
    if (x == a) return true;
  return false;
}

std::string size_text(int64_t n) {
  if (n >= 1024 * 1024) return std::to_string(n / (1024 * 1024)) + "," + std::to_string(n % (1024 * 1024) * 10 / (1024 * 1024)) + " MB";
  return std::to_string(std::max<int64_t>(1, (n + 1023) / 1024)) + " KB";
}

http::Response list_page(Context& ctx, http::Request& req) {
  services::DossierService::ListFilter f;
  f.page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  f.status = http::int_param(req, "trang_thai", -1, 0, 10, "Trạng thái");
  f.per_page = 20;
  json list = ctx.dossiers.list(principal(req), f);
  json rows = json::array();
  for (const auto& x : list["items"]) {
    int st = x["status"].get<int>();
    std::string t = x["timeliness"];
    rows.push_back({{"id", x["id"]},
                    {"code", x["code"].is_string() ? x["code"] : json(false)},
                    {"procedure", x["procedure_name"]},
                    {"status_label", x["status_label"]},
                    {"status_tag", web::status_tag(st)},
                    {"draft", st == 0},
                    {"submitted", opt(web::iso_to_date(x["submitted_at"]))},
                    {"due", opt(web::iso_to_date(x["due_at"]))},
                    {"overdue", t == "overdue"},
                    {"due_soon", t == "due_soon"},
                    {"paused", x["clock_paused"]},
                    {"needs_me", st == 5 || st == 6}});
  }
  json statuses = json::array();
  statuses.push_back({{"value", "0"}, {"label", "Bản nháp"}, {"selected", f.status == 0}});
  for (auto s : dossier::all_statuses())
    statuses.push_back({{"value", std::to_string(dossier::code(s))}, {"label", std::string(dossier::label_vi(s))}, {"selected", f.status == dossier::code(s)}});
  int total = list["total"].get<int>();
  json d = {{"title", "Hồ sơ của tôi"},
            {"rows", rows},
            {"none", rows.empty()},
            {"total", total},
            {"statuses", statuses},
            {"filtered", f.status >= 0},
            {"pagination", web::pagination("/ho-so-cua-toi", {{"trang_thai", f.status >= 0 ? std::to_string(f.status) : ""}}, f.page, 20, total)}};
  if (req.query_param("ok").value_or("") == "discarded") d["notice"] = "Đã xóa bản nháp.";
  return ctx.views.page(req, 200, "my_dossiers", d, "mine");
}

// What the forms on the dossier page keep after a refused attempt.
struct Forms {
  std::map<std::string, std::string> comp_errors;
  std::map<std::string, std::pair<std::string, std::string>> uploaded;  // component → (file id, name)
  std::string note, supply_error, reason, withdraw_error;
};

http::Response dossier_page(Context& ctx, http::Request& req, const Forms& fm = {}, int status = 200) {
  const auto& who = principal(req);
  json dr = ctx.dossiers.get(req.params.at("id"), who);  // 404 unless it is mine
  std::string id = dr["id"].get<std::string>();
  int st = dr["status"].get<int>();
  auto ag = ctx.agencies.snapshot();
  auto agency_name = [&](const json& code) {
    const auto* a = ag->find(code.get<std::string>());
    return a ? a->name : code.get<std::string>();
  };
  auto snap = ctx.catalog.snapshot();
  const auto* e = snap->find(dr["procedure"]["code"].get<std::string>());
  const auto* v = e ? e->version(dr["procedure"]["version"].get<int>()) : nullptr;
  json components = v ? (*v->doc)["components"] : json::array();
  std::map<std::string, std::string> names;
  for (const auto& c : components) names[c.value("code", std::string())] = c.value("name", std::string());
  auto comp_name = [&](const json& code) {
    std::string c = code.get<std::string>();
    return names.count(c) ? names[c] : c;
  };
  const std::string base = "/api/v1/dossiers/" + id;

  json timeline = json::array();
  for (const auto& h : dr["history"]) {
    std::string role = h.value("role", std::string());
    auto actor = dossier::parse_actor(role);
    std::string by = role == "applicant" ? "Bạn" : actor ? std::string(dossier::label_vi(*actor)) : "";
    timeline.push_back({{"label", h["action_label"]}, {"when", web::iso_to_datetime(h["at"])}, {"by", opt(by)}, {"note", opt(h.value("note", std::string()))},
                        {"last", false}});
  }
  if (!timeline.empty()) timeline.back()["last"] = true;
  json docs = json::array();
  for (const auto& x : dr["documents"]) {
    std::string src = x["source"];
    if (x["file_id"].get<std::string>().empty()) continue;  // ticked at the desk without a scan
    docs.push_back({{"comp_name", comp_name(x["component_code"])},
                    {"file_name", x["name"]},
                    {"size", size_text(x["size"].get<int64_t>())},
                    {"source", src == "supplement" ? "Bổ sung" : src == "desk" ? "Bộ phận Một cửa quét" : "Nộp kèm hồ sơ"},
                    {"url", base + "/documents/" + x["file_id"].get<std::string>()}});
  }
  json requests = json::array();
  bool has_02 = false, has_04 = false;
  for (const auto& r : dr["requests"]) {
    std::string k = r["kind"];
    if (k == "consult") continue;
    bool open = r["closed_at"].is_null();  // between agencies, not addressed to the applicant
    has_02 |= k == "completion" || k == "supplement";
    has_04 |= k == "apology";
    std::string label = k == "completion"   ? "Yêu cầu hoàn thiện hồ sơ"
                        : k == "supplement" ? "Yêu cầu bổ sung hồ sơ"
                        : k == "payment"    ? "Thông báo nghĩa vụ tài chính"
                                            : "Thư xin lỗi và hẹn lại ngày trả kết quả";
    json items = json::array();
    if (r["items"].is_array())
      for (const auto& it : r["items"]) items.push_back(it);
    requests.push_back({{"kind", k},
                        {"kind_label", label},
                        {"is_payment", k == "payment"},
                        {"is_apology", k == "apology"},
                        {"reason", opt(r.value("reason", std::string()))},
                        {"items", items},
                        {"has_items", !items.empty()},
                        {"at", web::iso_to_datetime(r["at"])},
                        {"deadline", opt(web::iso_to_date(r["deadline"]))},
                        {"amount", k == "payment" ? json(fmt::money(r["amount"].get<int64_t>())) : json(false)},
                        {"waiting", open && k != "apology"},
                        {"state", k == "apology" ? json(false) : json(k == "payment" ? (open ? "Chưa nộp" : "Đã nộp") : (open ? "Đang chờ bạn" : "Đã xử lý"))},
                        {"state_tag", open ? "tag-warn" : "tag-plain"},
                        {"answer", opt(r.value("answer", std::string()))}});
  }
  json slips = json::array();
  // Names and numbers of the configured era (TT 01/2018 or TT 03/2025), as printed on the slips.
  const auto era = documents::parse_forms_era(ctx.cfg.forms_era).value_or(documents::FormsEra::tt03_2025);
  auto slip = [&](documents::FormKind k, const std::string& form) {
    auto n = documents::form_name(k, era);
    slips.push_back({{"label", n.name + (n.number.empty() ? "" : " (Mẫu " + n.number + ")")}, {"url", base + "/forms/" + form + ".pdf"}, {"form", form}});
  };
  if (dr["received_at"].is_string() && st != 3) slip(documents::FormKind::receipt, "01");
  if (has_02) slip(documents::FormKind::supplement, "02");
  if (st == 3) slip(documents::FormKind::refusal, "03");
  if (has_04) slip(documents::FormKind::apology, "04");
  if (st == 8) slip(documents::FormKind::stop, "stop");

  bool can_supply = st == 5 && has_action(dr, "supply");
  json supply_comps = json::array();
  if (can_supply)
    for (const auto& c : components) {
      std::string code = c.value("code", std::string());
      auto up = fm.uploaded.find(code);
      auto er = fm.comp_errors.find(code);
      supply_comps.push_back({{"code", code}, {"comp_name", c.value("name", std::string())}, {"input", "_file_" + code}, {"hidden", "_uploaded_" + code},
                              {"dom_id", "sup_" + code}, {"uploaded", up != fm.uploaded.end()},
                              {"file_id", up != fm.uploaded.end() ? up->second.first : ""}, {"file_name", up != fm.uploaded.end() ? up->second.second : ""},
                              {"comp_error", er != fm.comp_errors.end() ? json(er->second) : json(false)}});
    }
  std::string t = dr["timeliness"], del = dr["delivery"];
  bool paused = dr["clock_paused"].get<bool>();
  json d = {{"title", "Hồ sơ " + (dr["code"].is_string() ? dr["code"].get<std::string>() : dr["procedure"]["name"].get<std::string>())},
            {"id", id},
            {"code", dr["code"].is_string() ? dr["code"] : json(false)},
            {"status_label", dr["status_label"]},
            {"status_tag", web::status_tag(st)},
            {"is_draft", st == 0},
            {"continue_url", "/thu-tuc/" + dr["procedure"]["code"].get<std::string>() + "/nop-truc-tuyen?nhap=" + id},
            {"procedure", dr["procedure"]},
            {"agency_name", agency_name(dr["agency"])},
            {"handling_name", dr["handling_agency"] != dr["agency"] ? json(agency_name(dr["handling_agency"])) : json(false)},
            {"channel", dr["channel"] == 1 ? "Trực tiếp" : dr["channel"] == 3 ? "Bưu chính công ích" : "Trực tuyến"},
            {"delivery", del == "post" ? "Qua dịch vụ bưu chính công ích" : del == "online" ? "Trực tuyến" : "Tại Bộ phận Một cửa"},
            {"submitted", opt(web::iso_to_datetime(dr["submitted_at"]))},
            {"received", opt(web::iso_to_datetime(dr["received_at"]))},
            {"due", opt(web::iso_to_datetime(dr["due_at"]))},
            {"original_due", opt(web::iso_to_datetime(dr["original_due_at"]))},
            {"finished", opt(web::iso_to_datetime(dr["finished_at"]))},
            {"returned", opt(web::iso_to_datetime(dr["returned_at"]))},
            {"paused", paused},
            {"paused_payment", paused && st == 6},
            {"overdue", t == "overdue"},
            {"due_soon", t == "due_soon"},
            {"result_timeliness", t == "early" || t == "on_time" || t == "late" ? dr["timeliness_label"] : json(false)},
            {"timeline", timeline},
            {"docs", docs},
            {"has_docs", !docs.empty()},
            {"requests", requests},
            {"has_requests", !requests.empty()},
            {"slips", slips},
            {"has_slips", !slips.empty()},
            {"result_url", dr.contains("result_file") ? json(base + "/documents/" + dr["result_file"].get<std::string>()) : json(false)},
            {"can_supply", can_supply},
            {"supply_comps", supply_comps},
            {"supply_note", fm.note},
            {"supply_error", opt(fm.supply_error)},
            {"supplied_waiting", st == 5 && dr["substate"] == "supplement_received"},
            {"can_withdraw", has_action(dr, "withdraw")},
            {"withdraw_reason", fm.reason},
            {"withdraw_error", opt(fm.withdraw_error)},
            {"max_mb", std::to_string(ctx.files.max_bytes() / (1024 * 1024))}};
  std::string ok = req.query_param("ok").value_or("");
  if (ok == "draft") d["notice"] = "Đã lưu bản nháp. Bạn có thể tiếp tục hoàn thiện và nộp hồ sơ sau.";
  if (ok == "supplied") d["notice"] = "Đã gửi hồ sơ bổ sung. Bộ phận Một cửa sẽ kiểm tra và tiếp tục giải quyết hồ sơ.";
  if (ok == "withdrawn") d["notice"] = "Đã gửi đề nghị rút hồ sơ. Cơ quan giải quyết sẽ xác nhận việc dừng xử lý.";
  return ctx.views.page(req, status, "my_dossier", d, "mine");
}

http::Response supply(Context& ctx, http::Request& req) {
  web::PostedForm pf = web::read_post(req);
  if (!web::csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, web::kCsrfMessage);
  const auto& who = principal(req);
  json dr = ctx.dossiers.get(req.params.at("id"), who);  // 404 unless it is mine
  auto snap = ctx.catalog.snapshot();
  const auto* e = snap->find(dr["procedure"]["code"].get<std::string>());
  const auto* v = e ? e->version(dr["procedure"]["version"].get<int>()) : nullptr;
  Forms fm;
  fm.note = pf.get("note");
  int64_t now = fmt::now_ms();
  if (v)
    for (const auto& c : (*v->doc)["components"]) {
      std::string code = c.value("code", std::string());
      web::take_component_upload(ctx, pf, who, code, now, fm.uploaded, fm.comp_errors);
    }
  if (text::length(fm.note) > 2000) fm.supply_error = "Nội dung bổ sung tối đa 2000 ký tự.";
  else if (!fm.comp_errors.empty()) fm.supply_error = "Chưa gửi được: có tệp không hợp lệ (xem bên dưới).";
  else if (fm.uploaded.empty() && fm.note.empty()) fm.supply_error = "Hãy đính kèm ít nhất một tệp hoặc ghi nội dung bổ sung.";
  if (!fm.supply_error.empty()) return dossier_page(ctx, req, fm, 422);
  json docs = json::array();
  for (const auto& [code, f] : fm.uploaded) docs.push_back({{"component_code", code}, {"file_id", f.first}});
  json body = {{"note", fm.note}};
  if (!docs.empty()) body["documents"] = docs;
  try {
    ctx.dossiers.act(dr["id"].get<std::string>(), "supply", body, who, req.remote);
  } catch (const DomainError& err) {
    fm.supply_error = err.what();
    return dossier_page(ctx, req, fm, status_of(err));
  }
  return http::Response::redirect("/ho-so-cua-toi/" + dr["id"].get<std::string>() + "?ok=supplied");
}

http::Response withdraw(Context& ctx, http::Request& req) {
  web::PostedForm pf = web::read_post(req, 16);
  if (!web::csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, web::kCsrfMessage);
  const auto& who = principal(req);
  json dr = ctx.dossiers.get(req.params.at("id"), who);  // 404 unless it is mine
  Forms fm;
  fm.reason = pf.get("reason");
  if (pf.get("confirm").empty()) {
    fm.withdraw_error = "Hãy đánh dấu ô xác nhận nếu bạn chắc chắn muốn rút hồ sơ.";
    return dossier_page(ctx, req, fm, 422);
  }
  try {
    ctx.dossiers.act(dr["id"].get<std::string>(), "withdraw", {{"reason", fm.reason}}, who, req.remote);
  } catch (const DomainError& err) {
    fm.withdraw_error = err.what();
    return dossier_page(ctx, req, fm, status_of(err));
  }
  return http::Response::redirect("/ho-so-cua-toi/" + dr["id"].get<std::string>() + "?ok=withdrawn");
}

http::Response discard(Context& ctx, http::Request& req) {
  web::PostedForm pf = web::read_post(req, 16);
  if (!web::csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, web::kCsrfMessage);
  ctx.dossiers.discard_draft(req.params.at("id"), principal(req), req.remote);
  return http::Response::redirect("/ho-so-cua-toi?ok=discarded");
}

}  // namespace

void register_my_dossier_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/ho-so-cua-toi", "citizen", [&ctx](http::Request& req) { return list_page(ctx, req); },
        {.summary = "My dossiers (citizen/organisation), newest activity first, paginated"});
  r.add("GET", "/ho-so-cua-toi/{id}", "citizen", [&ctx](http::Request& req) { return dossier_page(ctx, req); },
        {.summary = "One of my dossiers: status, timeline, requests, slips, documents, actions (404 for anyone else's)"});
  r.add("POST", "/ho-so-cua-toi/{id}/bo-sung", "citizen", [&ctx](http::Request& req) { return supply(ctx, req); },
        {.body_limit = 25 * 1024 * 1024, .summary = "Supply documents and a note while a supplement is requested (multipart, CSRF)"});
  r.add("POST", "/ho-so-cua-toi/{id}/rut", "citizen", [&ctx](http::Request& req) { return withdraw(ctx, req); },
        {.body_limit = 16 * 1024, .summary = "Ask to withdraw my dossier (confirmation, optional reason; CSRF)"});
  r.add("POST", "/ho-so-cua-toi/{id}/xoa-nhap", "citizen", [&ctx](http::Request& req) { return discard(ctx, req); },
        {.body_limit = 4096, .summary = "Delete my draft (CSRF)"});
}

}  // namespace motcua::app
