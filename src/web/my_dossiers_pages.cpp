// "Hồ sơ của tôi" for citizens and organisations: /ho-so-cua-toi (my dossiers, paginated, status
// badges, overdue flag) and /ho-so-cua-toi/{id} (status, timeline from the history without staff
// names, appointment, documents I sent, requests addressed to me, the slips addressed to me as PDF
// links, the result when returned online, and the forms of the actions the service offers me now:
// supply while a supplement is requested, withdraw, delete a draft). Every POST checks the CSRF token;
// the dossier service checks ownership (404 for anyone else's dossier) and the state machine again.
#include <map>

#include "http/params.h"
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "domain/format.h"
#include "domain/text.h"
#include "web/dossier_pages.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;

namespace {

int status_of(const DomainError& e) { return http_status(e.kind()); }

json opt(const std::string& s) { return s.empty() ? json(false) : json(s); }

std::string size_text(int64_t n) {
  if (n >= 1024 * 1024) return std::to_string(n / (1024 * 1024)) + "," + std::to_string(n % (1024 * 1024) * 10 / (1024 * 1024)) + " MB";
  return std::to_string(std::max<int64_t>(1, (n + 1023) / 1024)) + " KB";
}

http::Response list_page(Context& ctx, http::Request& req) {
  services::DossierService::ListFilter f;
  f.page = http::int_param(req, "page", 1, 1, 100000, "Số trang");
  f.status = http::int_param(req, "trang_thai", -1, 0, 10, "Trạng thái");
  f.per_page = 20;
  const auto list = ctx.dossiers.list(principal(req), f);
  json rows = json::array();
  for (const auto& x : list.items) {
    using dossier::Status;
    rows.push_back({{"id", x.id},
                    {"code", opt(x.code)},
                    {"procedure", x.procedure_name},
                    {"status_label", services::status_label_vi(x.status)},
                    {"status_tag", web::status_tag(x.status)},
                    {"draft", !x.status},
                    {"submitted", opt(web::day_or_empty(x.submitted_at))},
                    {"due", opt(web::day_or_empty(x.due_at))},
                    {"overdue", x.clock.overdue()},
                    {"due_soon", x.clock.due_soon()},
                    {"paused", x.clock.clock == dossier::Clock::paused},
                    {"needs_me", x.status == Status::supplement_requested || x.status == Status::payment_requested}});
  }
  json statuses = json::array();
  statuses.push_back({{"value", "0"}, {"label", "Bản nháp"}, {"selected", f.status == 0}});
  for (auto s : dossier::all_statuses())
    statuses.push_back({{"value", std::to_string(dossier::code(s))}, {"label", std::string(dossier::label_vi(s))}, {"selected", f.status == dossier::code(s)}});
  int total = list.total;
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
  const auto dr = ctx.dossiers.view(req.params.at("id"), who);  // 404 unless it is mine
  const std::string& id = dr.id;
  using dossier::Status;
  auto ag = ctx.agencies.snapshot();
  auto agency_name = [&](const std::string& code) {
    const auto* a = ag->find(code);
    return a ? a->name : code;
  };
  auto snap = ctx.catalog.snapshot();
  const auto* e = snap->find(dr.procedure_code);
  const auto* v = e ? e->version(dr.procedure_version) : nullptr;
  json components = v ? (*v->doc)["components"] : json::array();
  std::map<std::string, std::string> names;
  for (const auto& c : components) names[c.value("code", std::string())] = c.value("name", std::string());
  auto comp_name = [&](const std::string& c) { return names.count(c) ? names[c] : c; };
  const std::string base = "/api/v1/dossiers/" + id;

  json timeline = json::array();
  for (const auto& h : dr.history) {
    auto actor = dossier::parse_actor(h.role);
    std::string by = h.role == "applicant" ? "Bạn" : actor ? std::string(dossier::label_vi(*actor)) : "";
    timeline.push_back({{"label", h.action_label}, {"when", web::when_or_empty(h.at)}, {"by", opt(by)}, {"note", opt(h.note)}, {"last", false}});
  }
  if (!timeline.empty()) timeline.back()["last"] = true;
  json docs = json::array();
  for (const auto& x : dr.documents) {
    const std::string& src = x.source;
    if (x.file_id.empty()) continue;  // ticked at the desk without a scan
    docs.push_back({{"comp_name", comp_name(x.component_code)},
                    {"file_name", x.name},
                    {"size", size_text(x.size)},
                    {"source", src == "supplement" ? "Bổ sung" : src == "desk" ? "Bộ phận Một cửa quét" : "Nộp kèm hồ sơ"},
                    {"url", base + "/documents/" + x.file_id}});
  }
  json requests = json::array();
  for (const auto& r : dr.requests) {
    const std::string& k = r.kind;
    // A supplement the applicant has sent waits for the desk, not for them: no longer "Đang chờ bạn".
    const bool sent = k == "supplement" && dr.substate == "supplement_received";
    bool open = r.open() && !sent;
    std::string label = k == "completion"   ? "Yêu cầu hoàn thiện hồ sơ"
                        : k == "supplement" ? "Yêu cầu bổ sung hồ sơ"
                        : k == "payment"    ? "Thông báo nghĩa vụ tài chính"
                                            : "Thư xin lỗi và hẹn lại ngày trả kết quả";
    json items = r.items;
    requests.push_back({{"kind", k},
                        {"kind_label", label},
                        {"is_payment", k == "payment"},
                        {"is_apology", k == "apology"},
                        {"reason", opt(r.reason)},
                        {"items", items},
                        {"has_items", !items.empty()},
                        {"at", web::when_or_empty(r.at)},
                        {"deadline", opt(web::day_or_empty(r.deadline))},
                        {"amount", k == "payment" ? json(fmt::money(r.amount)) : json(false)},
                        {"waiting", open && k != "apology"},
                        {"state", k == "apology" ? json(false)
                                  : sent         ? json("Đã gửi bổ sung, chờ kiểm tra")
                                                 : json(k == "payment" ? (open ? "Chưa nộp" : "Đã nộp") : (open ? "Đang chờ bạn" : "Đã xử lý"))},
                        {"state_tag", open ? "tag-warn" : "tag-plain"},
                        {"answer", opt(r.answer)}});
  }
  json slips = json::array();
  // Names and numbers of the configured era (TT 01/2018 or TT 03/2025), as printed on the slips.
  const auto era = ctx.site.forms_era;
  for (auto k : dr.slips) {  // the slips the service says exist for me (domain/dossier/slips.h)
    auto n = documents::form_name(documents::form_kind(k), era);
    std::string form(dossier::key(k));
    slips.push_back({{"label", n.name + (n.number.empty() ? "" : " (Mẫu " + n.number + ")")}, {"url", base + "/forms/" + form + ".pdf"}, {"form", form}});
  }

  bool can_supply = dr.status == Status::supplement_requested && dr.may(dossier::Action::supply);
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
  const std::string& del = dr.delivery;
  const auto standing = dr.clock.standing;
  bool paused = dr.clock.clock == dossier::Clock::paused;
  json d = {{"title", "Hồ sơ " + (dr.code.empty() ? dr.procedure_name : dr.code)},
            {"id", id},
            {"code", opt(dr.code)},
            {"status_label", services::status_label_vi(dr.status)},
            {"status_tag", web::status_tag(dr.status)},
            {"is_draft", !dr.status},
            {"continue_url", "/thu-tuc/" + dr.procedure_code + "/nop-truc-tuyen?nhap=" + id},
            {"procedure", {{"code", dr.procedure_code}, {"name", dr.procedure_name}, {"version", dr.procedure_version}}},
            {"agency_name", agency_name(dr.agency)},
            {"handling_name", dr.handling_agency != dr.agency ? json(agency_name(dr.handling_agency)) : json(false)},
            {"channel", std::string(dossier::label_vi(dr.channel))},
            {"delivery", web::delivery_label(del)},
            {"submitted", opt(web::when_or_empty(dr.submitted_at))},
            {"received", opt(web::when_or_empty(dr.received_at))},
            {"due", opt(web::when_or_empty(dr.due_at))},
            {"original_due", opt(web::when_or_empty(dr.original_due_at))},
            {"finished", opt(web::when_or_empty(dr.finished_at))},
            {"returned", opt(web::when_or_empty(dr.returned_at))},
            {"paused", paused},
            {"paused_payment", paused && dr.status == Status::payment_requested},
            {"overdue", dr.clock.overdue()},
            {"due_soon", dr.clock.due_soon()},
            {"result_timeliness", standing == dossier::Standing::early || standing == dossier::Standing::on_time || standing == dossier::Standing::late
                                      ? json(std::string(dossier::label_vi(standing)))
                                      : json(false)},
            {"timeline", timeline},
            {"docs", docs},
            {"has_docs", !docs.empty()},
            {"requests", requests},
            {"has_requests", !requests.empty()},
            {"slips", slips},
            {"has_slips", !slips.empty()},
            {"result_url", dr.result_file.empty() ? json(false) : json(base + "/result.pdf")},
            {"result_verify_url", dr.result_verify_id.empty() ? json(false) : json("/xac-minh/" + dr.result_verify_id)},
            {"can_supply", can_supply},
            {"supply_comps", supply_comps},
            {"supply_note", fm.note},
            {"supply_error", opt(fm.supply_error)},
            {"supplied_waiting", dr.status == Status::supplement_requested && dr.substate == "supplement_received"},
            {"can_withdraw", dr.may(dossier::Action::withdraw)},
            {"can_rate", dr.status == Status::returned},
            {"withdraw_reason", fm.reason},
            {"withdraw_error", opt(fm.withdraw_error)},
            {"max_mb", std::to_string(ctx.files.max_bytes() / (1024 * 1024))}};
  std::string ok = req.query_param("ok").value_or("");
  if (ok == "draft") d["notice"] = "Đã lưu bản nháp. Bạn có thể tiếp tục hoàn thiện và nộp hồ sơ sau.";
  if (ok == "supplied") d["notice"] = "Đã gửi hồ sơ bổ sung. Bộ phận Một cửa sẽ kiểm tra và tiếp tục giải quyết hồ sơ.";
  if (ok == "withdrawn") d["notice"] = "Đã gửi đề nghị rút hồ sơ. Cơ quan giải quyết sẽ xác nhận việc dừng xử lý.";
  if (ok == "paid") d["notice"] = "Đã xác nhận thanh toán. Biên lai điện tử có trong mục \"Phí, lệ phí\".";
  if (ok == "rated") d["notice"] = "Cảm ơn bạn đã đánh giá. Bạn có thể sửa đánh giá trong 7 ngày.";
  if (ok == "checked") d["notice"] = "Cổng thanh toán chưa xác nhận giao dịch. Vui lòng kiểm tra lại sau ít phút.";
  if (dr.status) d["fees"] = web::fees_section(ctx, req, dr.id, false);
  // Until the result is handed over: how it will be collected and what to bring (the same rule as the receipt).
  const bool pending = dr.status && *dr.status != Status::refused && *dr.status != Status::returned && *dr.status != Status::stopped;
  d["show_collect"] = pending;
  if (pending) {
    std::vector<std::string> attached;
    for (const auto& x : dr.documents) attached.push_back(x.component_code);
    d["collect"] = web::collection_view(ctx, v ? v->doc.get() : nullptr, dr.channel, del, attached, dr.agency);
  }
  return ctx.views.page(req, status, "my_dossier", d, "mine");
}

http::Response supply(Context& ctx, http::Request& req) {
  web::PostedForm pf = web::read_post(req);
  if (!web::csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, web::kCsrfMessage);
  const auto& who = principal(req);
  const auto dr = ctx.dossiers.view(req.params.at("id"), who);  // 404 unless it is mine
  auto snap = ctx.catalog.snapshot();
  const auto* e = snap->find(dr.procedure_code);
  const auto* v = e ? e->version(dr.procedure_version) : nullptr;
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
    ctx.dossiers.act(dr.id, "supply", body, who, req.remote);
  } catch (const DomainError& err) {
    fm.supply_error = err.what();
    return dossier_page(ctx, req, fm, status_of(err));
  }
  return http::Response::redirect("/ho-so-cua-toi/" + dr.id + "?ok=supplied");
}

http::Response withdraw(Context& ctx, http::Request& req) {
  web::PostedForm pf = web::read_post(req, 16);
  if (!web::csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, web::kCsrfMessage);
  const auto& who = principal(req);
  const auto dr = ctx.dossiers.view(req.params.at("id"), who);  // 404 unless it is mine
  Forms fm;
  fm.reason = pf.get("reason");
  if (pf.get("confirm").empty()) {
    fm.withdraw_error = "Hãy đánh dấu ô xác nhận nếu bạn chắc chắn muốn rút hồ sơ.";
    return dossier_page(ctx, req, fm, 422);
  }
  try {
    ctx.dossiers.act(dr.id, "withdraw", {{"reason", fm.reason}}, who, req.remote);
  } catch (const DomainError& err) {
    fm.withdraw_error = err.what();
    return dossier_page(ctx, req, fm, status_of(err));
  }
  return http::Response::redirect("/ho-so-cua-toi/" + dr.id + "?ok=withdrawn");
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

}  // namespace motcua::web
