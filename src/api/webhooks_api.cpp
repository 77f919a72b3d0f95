// Webhook subscriptions for third parties (services/webhooks/webhook_service.h; contract in docs/api/openapi.yaml).
// Policy agency.admin at the gate; the service checks that the caller administers the subscription's agency
// (404 otherwise). The secret is returned once, at creation and at rotation.
//   GET  /api/v1/webhooks                      → {items:[Webhook], event_types:[…]}
//   POST /api/v1/webhooks {agency,url,events,description} → 201 {webhook: Webhook, secret}
//   POST /api/v1/webhooks/{id}/rotate          → {secret, previous_valid_until}
//   POST /api/v1/webhooks/{id}/disable         → {active: false}
//   POST /api/v1/webhooks/{id}/test            → 202 {queued: true}
//   GET  /api/v1/webhooks/{id}/deliveries      → {items:[{id, event, status, attempts, error, created_at, sent_at}]}
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;

namespace {

json webhook_json(const services::Webhook& w) {
  return {{"id", w.id},
          {"agency", w.agency},
          {"url", w.url},
          {"description", w.description},
          {"events", w.events},
          {"active", w.active},
          {"created_at", fmt::iso_datetime(w.created_at)},
          {"deliveries", {{"sent", w.sent}, {"pending", w.pending}, {"dead", w.dead}}}};
}

int64_t id_param(const http::Request& req) {
  const std::string& s = req.params.at("id");
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    throw DomainError(ErrorKind::not_found, "webhook_not_found", "Không tìm thấy đăng ký webhook trong phạm vi của bạn.");
  return std::stoll(s);
}

}  // namespace

void register_webhooks_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/webhooks", "agency.admin",
        [&ctx](http::Request& req) {
          json items = json::array();
          for (const auto& w : ctx.webhooks.list(principal(req))) items.push_back(webhook_json(w));
          return ok({{"items", items}, {"event_types", services::webhook_event_types()}});
        },
        {.summary = "Webhook subscriptions of the agencies the caller administers, with delivery counts"});
  r.add("POST", "/api/v1/webhooks", "agency.admin",
        [&ctx](http::Request& req) {
          auto [w, secret] = ctx.webhooks.create(json_body(req), principal(req), req.remote, fmt::now_ms());
          return ok({{"webhook", webhook_json(w)}, {"secret", secret}}, 201);
        },
        {.body_limit = 16 * 1024, .summary = "Subscribe a URL to dossier events of an agency subtree; the signing secret is returned once"});
  r.add("POST", "/api/v1/webhooks/{id}/rotate", "agency.admin",
        [&ctx](http::Request& req) {
          int64_t now = fmt::now_ms();
          std::string secret = ctx.webhooks.rotate(id_param(req), principal(req), req.remote, now);
          return ok({{"secret", secret}, {"previous_valid_until", fmt::iso_datetime(now + 86'400'000)}});
        },
        {.body_limit = 4096, .summary = "New signing secret; the previous one keeps signing for 24 hours"});
  r.add("POST", "/api/v1/webhooks/{id}/disable", "agency.admin",
        [&ctx](http::Request& req) {
          ctx.webhooks.disable(id_param(req), principal(req), req.remote, fmt::now_ms());
          return ok({{"active", false}});
        },
        {.body_limit = 4096, .summary = "Stop a subscription (queued deliveries are dropped)"});
  r.add("POST", "/api/v1/webhooks/{id}/test", "agency.admin",
        [&ctx](http::Request& req) {
          ctx.webhooks.test(id_param(req), principal(req), fmt::now_ms());
          return ok({{"queued", true}}, 202);
        },
        {.body_limit = 4096, .summary = "Queue a webhook.test event for the subscription"});
  r.add("GET", "/api/v1/webhooks/{id}/deliveries", "agency.admin",
        [&ctx](http::Request& req) {
          json items = json::array();
          for (const auto& d : ctx.webhooks.deliveries(id_param(req), principal(req)))
            items.push_back({{"id", d.id}, {"event", d.event}, {"status", d.status}, {"attempts", d.attempts}, {"error", d.last_error},
                             {"created_at", fmt::iso_datetime(d.created_at)}, {"sent_at", d.sent_at ? json(fmt::iso_datetime(d.sent_at)) : json(nullptr)}});
          return ok({{"items", items}});
        },
        {.summary = "The newest deliveries of a subscription: status, attempts, last error"});
}

}  // namespace motcua::api
