// Webhooks for third parties (the post operator, payment partners, the provincial operations centre, other
// systems; issue 13): subscriptions per agency subtree and event type, each event delivered through the one
// outbox (channel "webhook") with retries, signed with HMAC-SHA256 and a timestamp (webhook_channel.h).
//
// Contract
// - create(in, who, ip, now): {agency, url, events: [type…] | ["*"], description}; `who` must administer the
//   agency (agency.admin). The URL is http(s) without credentials. Returns the subscription and its secret — the
//   only time the secret is shown. Audited.
// - rotate(id, …): a new secret; the old one keeps signing too for `overlap_ms` (default 24 h), so a receiver can
//   switch without missing a delivery (each delivery carries one v1= signature per live secret). Audited.
// - disable(id, …): no new deliveries (rows already queued are refused as permanent failures). Audited.
// - test(id, …): queues a "webhook.test" event for that subscription now.
// - record(c, dossier_id, now): in the transaction of a dossier change (after its history row), one outbox row per
//   active subscription whose agency is the dossier's receiving agency or above it and whose events include
//   "dossier.<action>" (or "*"). The event carries the dossier's code, status and procedure — no personal data.
// - list(who) the subscriptions `who` administers, with delivery counts; deliveries(id, who) the newest rows.
// - Event types: kEventTypes (dossier.submit, dossier.accept, … one per dossier action), webhook.test.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/notify/outbox.h"
#include "store/db.h"

namespace motcua::services {

struct Webhook {
  int64_t id = 0;
  std::string agency, url, description;
  std::vector<std::string> events;
  bool active = true;
  int64_t created_at = 0, previous_until = 0;
  int64_t sent = 0, pending = 0, dead = 0;  // deliveries (list only)
};

struct WebhookSecrets {  // what the channel signs with
  std::string url, secret, previous_secret;
  int64_t previous_until = 0;
  bool active = false;
};

struct WebhookDelivery {
  int64_t id = 0, attempts = 0, created_at = 0, sent_at = 0;
  std::string event, status, last_error;
};

const std::vector<std::string>& webhook_event_types();

class WebhookService {
 public:
  WebhookService(store::Db& db, AgencyService& agencies, notify::Outbox& outbox, AuditLog& audit) : db_(db), agencies_(agencies), outbox_(outbox), audit_(audit) {}

  std::pair<Webhook, std::string> create(const nlohmann::json& in, const accounts::Principal& who, const std::string& ip, int64_t now);
  std::string rotate(int64_t id, const accounts::Principal& who, const std::string& ip, int64_t now, int64_t overlap_ms = 86'400'000);
  void disable(int64_t id, const accounts::Principal& who, const std::string& ip, int64_t now);
  void test(int64_t id, const accounts::Principal& who, int64_t now);
  std::vector<Webhook> list(const accounts::Principal& who) const;
  std::vector<WebhookDelivery> deliveries(int64_t id, const accounts::Principal& who, int limit = 50) const;
  // The agencies `who` may create subscriptions for (agency.admin).
  std::vector<std::string> scope(const accounts::Principal& who) const;

  void record(store::Conn& c, int64_t dossier_id, int64_t now) const;
  std::optional<WebhookSecrets> secrets(int64_t id) const;

 private:
  Webhook load(int64_t id, const accounts::Principal& who) const;  // 404 unless `who` administers its agency
  bool administers(const accounts::Principal& who, const std::string& agency) const;
  store::Db& db_;
  AgencyService& agencies_;
  notify::Outbox& outbox_;
  AuditLog& audit_;
};

}  // namespace motcua::services
