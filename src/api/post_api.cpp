// Postal shipments (BCCI; services/post/post_service.h; contract in docs/api/openapi.yaml):
//   GET  /api/v1/shipments?state=&agency=&limit=&offset= → {items:[shipment]} (post, desk, supervisor, leader within their
//        agencies)
//   GET  /api/v1/shipments/{tracking} → the shipment with its events (404 outside the reader's agencies)
//   POST /api/v1/shipments/{tracking}/events {state, reason?} → the shipment (a post officer AT its agency)
//   POST /api/v1/pickups {procedure_code, agency_code, address, phone, time_window?, note?} → 201 the pickup shipment
//        (applicants); GET /api/v1/pickups → {items} (their own)
//   POST /api/v1/post/webhook (the post operator; header X-Bcci-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
//        "<t>.<body>">; body {event_id, tracking_no, state, reason?}) → the shipment; 401 bad or stale signature,
//        409 replayed event or illegal move
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"
#include "routes/shared.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json shipment_json(const services::ShipmentView& v) {
  json events = json::array();
  for (const auto& e : v.events)
    events.push_back({{"state", e.state}, {"label", e.state_label}, {"actor", e.actor}, {"note", e.note}, {"at", fmt::iso_datetime(e.at)}});
  return {{"tracking_no", v.tracking_no}, {"kind", v.kind}, {"procedure_code", v.procedure_code}, {"time_window", v.time_window}, {"state", v.state}, {"state_label", v.state_label}, {"agency", v.agency_code},
          {"recipient_name", v.recipient_name}, {"address", v.address}, {"phone", v.phone}, {"reason", v.reason},
          {"dossier_id", v.dossier_id}, {"dossier_code", v.dossier_code}, {"procedure_name", v.procedure_name},
          {"created_at", fmt::iso_datetime(v.created_at)}, {"updated_at", fmt::iso_datetime(v.updated_at)}, {"events", events}};
}

// "t=<digits>,v1=<hex>" → {t, v1}; anything else → {"", ""}.
std::pair<std::string, std::string> signature_parts(const std::string& h) {
  std::string t, v1;
  size_t at = 0;
  while (at <= h.size()) {
    size_t end = h.find(',', at);
    if (end == std::string::npos) end = h.size();
    std::string part = h.substr(at, end - at);
    if (part.rfind("t=", 0) == 0) t = part.substr(2);
    else if (part.rfind("v1=", 0) == 0 && v1.empty()) v1 = part.substr(3);
    at = end + 1;
  }
  return {t, v1};
}

}  // namespace

void register_post_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/shipments", "staff",
        [&ctx](http::Request& req) {
          json items = json::array();
          for (const auto& v : ctx.post.list(principal(req), str_param(req, "agency", 64, "Cơ quan"), str_param(req, "state", 32, "Trạng thái"),
                                             int_param(req, "limit", 50, 1, 200, "Số dòng"), int_param(req, "offset", 0, 0, 100000, "Vị trí")))
            items.push_back(shipment_json(v));
          return ok({{"items", items}});
        },
        {.summary = "Postal shipments of the reader's agencies, newest first, by state and agency"});
  r.add("POST", "/api/v1/pickups", "signed_in",
        [&ctx](http::Request& req) { return ok(shipment_json(ctx.post.request_pickup(json_body(req), principal(req), req.remote)), 201); },
        {.body_limit = 8192, .summary = "An applicant asks the post to collect a dossier's papers at their address"});
  r.add("GET", "/api/v1/pickups", "signed_in",
        [&ctx](http::Request& req) {
          json items = json::array();
          for (const auto& v : ctx.post.mine(principal(req))) items.push_back(shipment_json(v));
          return ok({{"items", items}});
        },
        {.summary = "The applicant's own pickup requests and their states"});
  r.add("GET", "/api/v1/shipments/summary", "staff",
        [&ctx](http::Request& req) {
          const std::string agency = str_param(req, "agency", 64, "Cơ quan"), from = str_param(req, "from", 10, "Từ ngày"),
                            to = str_param(req, "to", 10, "Đến ngày");
          auto f = fmt::parse_iso_date(from), t = fmt::parse_iso_date(to);
          if (agency.empty() || !f || !t || *t < *f)
            throw DomainError(ErrorKind::invalid, "bad_period", "Cần cơ quan và khoảng thời gian from ≤ to (YYYY-MM-DD).",
                              {{"from", "Không hợp lệ."}, {"to", "Không hợp lệ."}});
          auto s = ctx.post.summary(principal(req), agency, *f, *t + 86'400'000);
          json share = s.dossiers ? json(static_cast<double>(s.using_post) * 100.0 / static_cast<double>(s.dossiers)) : json(nullptr);
          return ok({{"agency", agency}, {"from", from}, {"to", to}, {"shipments", s.by_state},
                     {"dossiers", {{"total", s.dossiers}, {"post_delivery", s.by_post_delivery}, {"post_intake", s.by_post_intake}, {"using_post", s.using_post}}},
                     {"post_share", share}});
        },
        {.summary = "Shipments by state and the share of dossiers using the postal service (for the reports)"});
  r.add("GET", "/api/v1/shipments/{tracking}", "staff",
        [&ctx](http::Request& req) { return ok(shipment_json(ctx.post.get(req.params.at("tracking"), principal(req)))); },
        {.summary = "One postal shipment with its events"});
  r.add("POST", "/api/v1/shipments/{tracking}/events", "staff",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          auto s = [&](const char* k) { return b.is_object() && b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : std::string(); };
          return ok(shipment_json(ctx.post.move(req.params.at("tracking"), s("state"), s("reason"), principal(req), req.remote)));
        },
        {.body_limit = 8192, .summary = "Move a postal shipment (a post officer at its agency)"});
  r.add("POST", "/api/v1/post/webhook", "public",
        [&ctx](http::Request& req) {
          auto [t, v1] = signature_parts(req.header("X-Bcci-Signature").value_or(""));
          return ok(shipment_json(ctx.post.webhook(t, v1, req.body, req.remote)));
        },
        {.body_limit = 16384, .summary = "The post operator's signed state change of a shipment (HMAC-SHA256 with a timestamp; replays refused)"});
}

}  // namespace motcua::api
