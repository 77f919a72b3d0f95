// /can-bo/buu-chinh — postal shipments (BCCI; services/post/post_service.h) of the reader's agencies: a GET filter by
// state, a table (tracking number, dossier, recipient and address, state, last change), and for the agency's post
// officer one form per open shipment (next state among those the table allows, a reason; CSRF-checked POST). Bad
// input: the page again with the Vietnamese message; a move someone may not make: the error page with its status.
// /ho-so-cua-toi/buu-chinh — the applicant's pickups: their requests with states, and the form to ask the post to
// collect a dossier's papers (procedure in force, receiving agency, address, phone, time window, note; CSRF);
// refused input re-renders the form with the messages next to the fields and the values kept.
#include <map>

#include "domain/format.h"
#include "domain/post/shipment.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/dossier_pages.h"
#include "web/pages.h"
#include "web/views.h"
#include "web/work_pages.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

http::Response post_page(Context& ctx, http::Request& req) {
  const auto& me = principal(req);
  const std::string state = http::str_param(req, "state", 32, "Trạng thái");
  json states = json::array({{{"value", ""}, {"label", "Tất cả"}, {"selected", state.empty()}}});
  for (auto s : {post::State::requested, post::State::picked_up, post::State::in_transit, post::State::delivered, post::State::failed, post::State::returned})
    states.push_back({{"value", std::string(post::to_string(s))}, {"label", std::string(post::label_vi(s))}, {"selected", post::to_string(s) == state}});
  const std::string ok = req.query_param("ok").value_or("");
  json d = {{"title", "Bưu chính công ích"}, {"states", states}, {"wl", work::work_links(me, "post")},
            {"flash", ok == "moved" ? json("Đã cập nhật trạng thái bưu gửi.") : json(false)}};
  int status = 200;
  try {
    json rows = json::array();
    for (const auto& v : ctx.post.list(me, "", state, 100, 0)) {
      json next = json::array();
      if (auto st = post::parse_state(v.state); st && post::may_move(me, v.agency_code))
        for (auto n : post::next_states(*st)) next.push_back({{"value", std::string(post::to_string(n))}, {"label", std::string(post::label_vi(n))}});
      rows.push_back({{"tracking", v.tracking_no}, {"code", v.dossier_code.empty() ? v.dossier_id : v.dossier_code}, {"procedure", v.procedure_name},
                      {"kind", v.kind == "pickup" ? "Thu gom hồ sơ" : "Phát kết quả"}, {"window", v.time_window.empty() ? json(false) : json(v.time_window)},
                      {"recipient", v.recipient_name}, {"address", v.address}, {"phone", v.phone}, {"state", v.state}, {"state_label", v.state_label},
                      {"reason", v.reason.empty() ? json(false) : json(v.reason)}, {"updated", fmt::datetime(v.updated_at)},
                      {"next", next}, {"may_move", !next.empty()}});
    }
    d["rows"] = rows;
    d["empty"] = rows.empty();
  } catch (const DomainError& e) {
    status = http_status(e.kind());
    d["error"] = e.what();
    d["rows"] = json::array();
  }
  return ctx.views.page(req, status, "post_shipments", d, "work");
}

http::Response move(Context& ctx, http::Request& req) {
  PostedForm pf = read_post(req, 8);
  if (!csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, kCsrf);
  try {
    ctx.post.move(req.params.at("tracking"), pf.get("state"), pf.get("reason"), principal(req), req.remote);
  } catch (const DomainError& e) {
    return ctx.views.error_page(req, http_status(e.kind()), e.what());
  }
  return http::Response::redirect("/can-bo/buu-chinh?ok=moved");
}

// The applicant's pickups page; `posted` holds a refused form's values and `err` its errors.
http::Response pickups_page(Context& ctx, http::Request& req, const std::map<std::string, std::string>& posted = {}, const DomainError* err = nullptr) {
  const auto& me = principal(req);
  auto val = [&](const std::string& k) { auto it = posted.find(k); return it == posted.end() ? std::string() : it->second; };
  auto snap = ctx.catalog.snapshot();
  const int64_t now = fmt::now_ms();
  json procs = json::array({{{"value", ""}, {"label", "— Chọn thủ tục —"}, {"selected", val("procedure_code").empty()}}});
  for (const auto& e : snap->entries)
    if (const auto* v = e.current(now)) procs.push_back({{"value", e.code}, {"label", (*v->doc).value("name", std::string())}, {"selected", e.code == val("procedure_code")}});
  auto ag = ctx.agencies.snapshot();
  json agencies = json::array({{{"value", ""}, {"label", "— Chọn cơ quan —"}, {"selected", val("agency_code").empty()}}});
  for (const auto& a : ag->agencies) agencies.push_back({{"value", a.code}, {"label", a.name}, {"selected", a.code == val("agency_code")}});
  json mine = json::array();
  for (const auto& v : ctx.post.mine(me))
    mine.push_back({{"tracking", v.tracking_no}, {"procedure", v.procedure_name}, {"state", v.state_label}, {"code", v.dossier_code.empty() ? json(false) : json(v.dossier_code)},
                    {"when", fmt::datetime(v.created_at)}, {"reason", v.reason.empty() ? json(false) : json(v.reason)}});
  json errors = json::object();
  json summary = json::array();
  if (err)
    for (const auto& f : err->fields()) {
      errors[f.field] = f.message;
      summary.push_back({{"field", f.field}, {"message", f.message}});
    }
  const bool ok = req.query_param("ok").value_or("") == "pickup";
  json d = {{"title", "Đăng ký bưu điện đến nhận hồ sơ"}, {"procedures", procs}, {"agencies", agencies}, {"mine", mine}, {"has_mine", !mine.empty()},
            {"address", val("address")}, {"phone", val("phone")}, {"time_window", val("time_window")}, {"note", val("note")}, {"e", errors},
            {"error_summary", summary}, {"has_errors", err != nullptr}, {"error_message", err ? json(err->what()) : json(false)},
            {"flash", ok ? json("Đã đăng ký. Bưu điện sẽ liên hệ theo số điện thoại bạn để lại.") : json(false)}};
  return ctx.views.page(req, err ? http_status(err->kind()) : 200, "my_pickups", d, "mine");
}

http::Response ask_pickup(Context& ctx, http::Request& req) {
  PostedForm pf = read_post(req, 16);
  if (!csrf_ok(req, pf.fields)) return ctx.views.error_page(req, 403, kCsrf);
  std::map<std::string, std::string> values;
  json in = json::object();
  for (const char* k : {"procedure_code", "agency_code", "address", "phone", "time_window", "note"}) values[k] = pf.get(k), in[k] = values[k];
  try {
    ctx.post.request_pickup(in, principal(req), req.remote);
  } catch (const DomainError& e) {
    if (e.kind() != ErrorKind::invalid) return ctx.views.error_page(req, http_status(e.kind()), e.what());
    return pickups_page(ctx, req, values, &e);
  }
  return http::Response::redirect("/ho-so-cua-toi/buu-chinh?ok=pickup");
}

}  // namespace

void register_post_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/can-bo/buu-chinh", "staff", [&ctx](http::Request& req) { return post_page(ctx, req); },
        {.summary = "Postal shipments of the reader's agencies; the post officer moves them"});
  r.add("POST", "/can-bo/buu-chinh/{tracking}", "staff", [&ctx](http::Request& req) { return move(ctx, req); },
        {.body_limit = 8192, .summary = "Move a postal shipment (the agency's post officer; CSRF)"});
  r.add("GET", "/ho-so-cua-toi/buu-chinh", "citizen", [&ctx](http::Request& req) { return pickups_page(ctx, req); },
        {.summary = "The applicant's requests for the post to collect a dossier's papers, and the form to ask"});
  r.add("POST", "/ho-so-cua-toi/buu-chinh", "citizen", [&ctx](http::Request& req) { return ask_pickup(ctx, req); },
        {.body_limit = 16384, .summary = "Ask the post to collect a dossier's papers (CSRF)"});
}

}  // namespace motcua::web
