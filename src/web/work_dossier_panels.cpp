// Panels of the officer's dossier page that stand on their own: the 9-indicator evaluation of a resolved dossier
// (services/reports) and the hand-over panel (liên thông with another deployment; services/handover) with the form
// that hands the dossier over (POST /can-bo/ho-so/{id}/lien-thong, CSRF; 303 back with a flash).
#include "domain/format.h"
#include "domain/handover/handover.h"
#include "domain/reports/handling.h"
#include "domain/reports/nine_indicators.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/work_pages.h"

namespace motcua::web::work {

using nlohmann::json;
using routes::principal;

json evaluation_section(Context& ctx, const services::DossierView& d, const std::string& competent) {
  if (d.status != dossier::Status::resolved && d.status != dossier::Status::returned) return false;
  auto ev = ctx.reports.dossier_evaluation(d.id, competent, d.finished_at, fmt::now_ms());
  if (!ev) return false;
  json rows = json::array();
  for (int i = 0; i < 9; ++i) rows.push_back({{"n", i + 1}, {"name", reports::indicator_name(i)}, {"points", ev->points.points[static_cast<size_t>(i)]}});
  return {{"month", ev->month}, {"total", ev->total}, {"grade", ev->grade}, {"rows", rows},
          {"ratio", reports::ratio_vi(ev->agency_online_ratio)}, {"late_online", ev->agency_late_online}};
}

json handover_section(Context& ctx, const http::Request& req, const services::DossierView& d) {
  if (!ctx.handover.enabled()) return false;
  const auto& me = principal(req);
  json links = ctx.handover.links(d.id, me);
  for (auto& l : links) {
    l["direction_label"] = l["direction"] == "out" ? "Đã chuyển đi" : "Nhận từ";
    l["remote_label"] = l["remote_status_label"].is_null() ? json("Chưa có phản hồi") : l["remote_status_label"];
    l["returned"] = !l["returned_at"].is_null();
  }
  const std::string competent = d.handling_agency.empty() ? d.agency : d.handling_agency;
  bool can_send = handover::may_send(me, competent, d.status_code());
  json peers = json::array();
  for (const auto& [id, p] : ctx.handover.peers()) peers.push_back({{"id", id}, {"name", p.name}});
  return {{"links", links}, {"has_links", !links.empty()}, {"can_send", can_send}, {"peers", peers}};
}

http::Response handover_post(Context& ctx, http::Request& req, const std::string& id) {
  Posted p = read_post(req);
  if (!web::csrf_ok(req, p.fields)) return ctx.views.error_page(req, 403, kCsrf);
  try {
    ctx.handover.send(id, get(p.fields, "peer"), get(p.fields, "agency"), get(p.fields, "note"), principal(req), req.remote);
    return http::Response::redirect("/can-bo/ho-so/" + id + "?ok=handover#handover");
  } catch (const DomainError& e) {
    if (e.kind() == ErrorKind::not_found) throw;
    return ctx.views.error_page(req, status_of(e), e.what());
  }
}

}  // namespace motcua::web::work
