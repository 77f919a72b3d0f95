// /can-bo/buu-chinh — postal shipments (BCCI; services/post/post_service.h) of the reader's agencies: a GET filter by
// state, a table (tracking number, dossier, recipient and address, state, last change), and for the agency's post
// officer one form per open shipment (next state among those the table allows, a reason; CSRF-checked POST). Bad
// input: the page again with the Vietnamese message; a move someone may not make: the error page with its status.
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
      if (auto st = post::parse_state(v.state); st && me.holds(accounts::Role::post, v.agency_code))
        for (auto n : post::next_states(*st)) next.push_back({{"value", std::string(post::to_string(n))}, {"label", std::string(post::label_vi(n))}});
      rows.push_back({{"tracking", v.tracking_no}, {"code", v.dossier_code.empty() ? v.dossier_id : v.dossier_code}, {"procedure", v.procedure_name},
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

}  // namespace

void register_post_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/can-bo/buu-chinh", "staff", [&ctx](http::Request& req) { return post_page(ctx, req); },
        {.summary = "Postal shipments of the reader's agencies; the post officer moves them"});
  r.add("POST", "/can-bo/buu-chinh/{tracking}", "staff", [&ctx](http::Request& req) { return move(ctx, req); },
        {.body_limit = 8192, .summary = "Move a postal shipment (the agency's post officer; CSRF)"});
}

}  // namespace motcua::web
