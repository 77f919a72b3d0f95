// Hand-over of dossiers between deployments (services/handover/handover_service.h; liên thông).
//   GET  /api/v1/handover/key                 → {peer_id, public_key}: what peers pin (public)
//   POST /api/v1/dossiers/{id}/handover {peer, agency, note?} → 201 link (desk or leader of the competent agency)
//   GET  /api/v1/dossiers/{id}/handover       → {items: [link], peers: [{id, name}]} (whoever may read the dossier)
//   POST /api/v1/handover/packages            ← a peer's package, signed (X-Motcua-Peer/-Timestamp/-Signature) → 201 {id, code, status}
//   POST /api/v1/handover/statuses            ← a peer's status report, signed → {applied}
// The two peer routes are "public" at the gate: the Ed25519 signature with the pinned key is their authentication
// (401 before anything is parsed otherwise).
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

std::string peer_of(Context& ctx, const http::Request& req) {
  return ctx.handover.authenticate(req.header("x-motcua-peer").value_or(""), req.header("x-motcua-timestamp").value_or(""),
                                   req.header("x-motcua-signature").value_or(""), req.method, req.path, req.body, fmt::now_ms());
}

json peers_json(Context& ctx) {
  json out = json::array();
  for (const auto& [id, p] : ctx.handover.peers()) out.push_back({{"id", id}, {"name", p.name}});
  return out;
}

}  // namespace

void register_handover_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/handover/key", "public",
        [&ctx](http::Request&) { return ok({{"peer_id", ctx.handover.self_id()}, {"public_key", ctx.handover.public_key()}}); },
        {.summary = "This deployment's hand-over identity and Ed25519 public key (for peers to pin)"});
  r.add("POST", "/api/v1/dossiers/{id}/handover", "dossier.work",
        [&ctx](http::Request& req) {
          json in = json_body(req);
          auto s = [&](const char* k) { return in.is_object() && in.contains(k) && in[k].is_string() ? in[k].get<std::string>() : std::string(); };
          return ok(ctx.handover.send(req.params.at("id"), s("peer"), s("agency"), s("note"), principal(req), req.remote), 201);
        },
        {.body_limit = 8192, .summary = "Hand a dossier (status 2 or 4) over to an agency of a peer deployment"});
  r.add("GET", "/api/v1/dossiers/{id}/handover", "signed_in",
        [&ctx](http::Request& req) { return ok({{"items", ctx.handover.links(req.params.at("id"), principal(req))}, {"peers", peers_json(ctx)}}); },
        {.summary = "The dossier's hand-overs with the other side's status"});
  r.add("POST", "/api/v1/handover/packages", "public",
        [&ctx](http::Request& req) {
          std::string peer = peer_of(ctx, req);
          return ok(ctx.handover.receive_package(peer, json_body(req), req.remote), 201);
        },
        {.body_limit = 64 * 1024 * 1024, .summary = "A peer's signed hand-over package"});
  r.add("POST", "/api/v1/handover/statuses", "public",
        [&ctx](http::Request& req) {
          std::string peer = peer_of(ctx, req);
          return ok(ctx.handover.receive_status(peer, json_body(req)));
        },
        {.body_limit = 16 * 1024, .summary = "A peer's signed status report for a hand-over"});
}

}  // namespace motcua::api
