// Webhook subscriptions and their events (see webhook_service.h).
#include "services/webhooks/webhook_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "services/agencies/agency_policy.h"
#include "domain/accounts/policy.h"
#include "domain/dossier/state_machine.h"
#include "domain/dossier/status.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/ids.h"

namespace motcua::services {

using nlohmann::json;

const std::vector<std::string>& webhook_event_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> t{"dossier.submit"};
    for (auto a : dossier::all_actions()) t.push_back("dossier." + std::string(dossier::to_string(a)));
    t.push_back("webhook.test");
    return t;
  }();
  return types;
}

namespace {

DomainError not_found() { return DomainError(ErrorKind::not_found, "webhook_not_found", "Không tìm thấy đăng ký webhook trong phạm vi của bạn."); }

std::vector<std::string> events_of(const std::string& s) {
  auto j = json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& x : j)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

bool wants(const std::vector<std::string>& events, const std::string& type) {
  return std::find(events.begin(), events.end(), "*") != events.end() || std::find(events.begin(), events.end(), type) != events.end();
}

// http(s)://host[:port]/path — no credentials, no spaces or control characters, at most 2000 bytes.
bool valid_url(const std::string& u) {
  if (u.size() > 2000) return false;
  for (unsigned char ch : u)
    if (ch <= 0x20 || ch == 0x7f) return false;
  std::string rest;
  if (u.rfind("https://", 0) == 0) rest = u.substr(8);
  else if (u.rfind("http://", 0) == 0) rest = u.substr(7);
  else return false;
  std::string host = rest.substr(0, rest.find_first_of("/?#"));
  return !host.empty() && host.find('@') == std::string::npos;
}

}  // namespace

bool WebhookService::administers(const accounts::Principal& who, const std::string& agency) const {
  auto ag = agencies_.snapshot();
  if (!ag->find(agency)) return false;
  return accounts::decide("agency.admin", who, {0, agency}, policy_context(*ag)) == accounts::Decision::allow;
}

std::vector<std::string> WebhookService::scope(const accounts::Principal& who) const {
  std::vector<std::string> out;
  for (const auto& a : agencies_.snapshot()->agencies)
    if (administers(who, a.code)) out.push_back(a.code);
  return out;
}

Webhook WebhookService::load(int64_t id, const accounts::Principal& who) const {
  auto r = db_.query("SELECT id, agency_code, url, description, events, active, created_at, previous_until FROM webhooks WHERE id = $1", {id});
  if (r.rows.empty() || !administers(who, r.rows[0].str(1))) throw not_found();
  const auto& x = r.rows[0];
  return {x.i64(0), x.str(1), x.str(2), x.str(3), events_of(x.str(4)), x.i64(5) == 1, x.i64(6), x.i64(7)};
}

std::pair<Webhook, std::string> WebhookService::create(const json& in, const accounts::Principal& who, const std::string& ip, int64_t now) {
  auto s = [&](const char* k) { return in.is_object() && in.contains(k) && in[k].is_string() ? text::trim(text::nfc(in[k].get<std::string>())) : ""; };
  std::vector<FieldError> errs;
  Webhook w;
  w.agency = s("agency");
  w.url = s("url");
  w.description = s("description");
  if (!administers(who, w.agency)) errs.push_back({"agency", "Bạn không quản trị cơ quan này."});
  if (!valid_url(w.url)) errs.push_back({"url", "Địa chỉ phải bắt đầu bằng http:// hoặc https://, không chứa tên đăng nhập, mật khẩu hay khoảng trắng."});
  if (w.description.size() > 500) errs.push_back({"description", "Mô tả tối đa 500 ký tự."});
  const auto& known = webhook_event_types();
  if (in.is_object() && in.contains("events") && in["events"].is_array()) {
    for (const auto& e : in["events"]) {
      std::string t = e.is_string() ? e.get<std::string>() : "";
      if (t != "*" && std::find(known.begin(), known.end(), t) == known.end()) {
        errs.push_back({"events", "Loại sự kiện không hợp lệ: " + (t.empty() ? e.dump() : t) + "."});
        break;
      }
      if (std::find(w.events.begin(), w.events.end(), t) == w.events.end()) w.events.push_back(t);
    }
  }
  if (w.events.empty() && errs.empty()) errs.push_back({"events", "Chọn ít nhất một loại sự kiện."});
  if (!errs.empty()) throw DomainError(ErrorKind::invalid, "invalid_webhook", "Đăng ký webhook chưa hợp lệ: " + errs.front().message, errs);
  std::string secret = "whsec_" + random_token(24);
  db_.write([&](store::Conn& c) {
    w.id = c.exec("INSERT INTO webhooks (agency_code, url, events, description, secret, created_by, created_at, updated_at) "
                  "VALUES ($1,$2,$3,$4,$5,$6,$7,$7) RETURNING id",
                  {w.agency, w.url, json(w.events).dump(), w.description, secret, who.username, now})
               .rows.at(0)
               .i64(0);
    audit_.append(c, {who.user_id, who.username, "webhook.create", std::to_string(w.id), w.agency, ip, {{"url", w.url}, {"events", w.events}}}, now);
  });
  w.created_at = now;
  return {w, secret};
}

std::string WebhookService::rotate(int64_t id, const accounts::Principal& who, const std::string& ip, int64_t now, int64_t overlap_ms) {
  Webhook w = load(id, who);
  if (!w.active) throw DomainError(ErrorKind::conflict, "webhook_disabled", "Đăng ký webhook đã tắt.");
  std::string secret = "whsec_" + random_token(24);
  db_.write([&](store::Conn& c) {
    c.exec("UPDATE webhooks SET previous_secret = secret, previous_until = $3, secret = $2, updated_at = $4 WHERE id = $1", {id, secret, now + overlap_ms, now});
    audit_.append(c, {who.user_id, who.username, "webhook.rotate", std::to_string(id), w.agency, ip, json::object()}, now);
  });
  return secret;
}

void WebhookService::disable(int64_t id, const accounts::Principal& who, const std::string& ip, int64_t now) {
  Webhook w = load(id, who);
  db_.write([&](store::Conn& c) {
    c.exec("UPDATE webhooks SET active = 0, updated_at = $2 WHERE id = $1", {id, now});
    audit_.append(c, {who.user_id, who.username, "webhook.disable", std::to_string(id), w.agency, ip, json::object()}, now);
  });
}

void WebhookService::test(int64_t id, const accounts::Principal& who, int64_t now) {
  Webhook w = load(id, who);
  if (!w.active) throw DomainError(ErrorKind::conflict, "webhook_disabled", "Đăng ký webhook đã tắt.");
  std::string event_id = "test-" + random_token(8);
  json body = {{"id", event_id}, {"type", "webhook.test"}, {"occurred_at", fmt::iso_datetime(now)}, {"agency", w.agency},
               {"message", "Gói tin thử từ Hệ thống thông tin một cửa điện tử."}};
  db_.write([&](store::Conn& c) {
    notify::Message m;
    m.event = "webhook.test";
    m.channel = "webhook";
    m.recipient = "webhook:" + std::to_string(id);
    m.subject = "webhook.test";
    m.body_text = body.dump();
    m.key = event_id;
    m.agency = w.agency;
    outbox_.enqueue(c, std::move(m), now);
  });
}

std::vector<Webhook> WebhookService::list(const accounts::Principal& who) const {
  std::vector<Webhook> out;
  auto r = db_.query("SELECT w.id, w.agency_code, w.url, w.description, w.events, w.active, w.created_at, w.previous_until, "
                     "(SELECT COUNT(*) FROM outbox o WHERE o.channel = 'webhook' AND o.recipient = 'webhook:' || CAST(w.id AS TEXT) AND o.status = 'sent'), "
                     "(SELECT COUNT(*) FROM outbox o WHERE o.channel = 'webhook' AND o.recipient = 'webhook:' || CAST(w.id AS TEXT) AND o.status IN ('pending', 'sending')), "
                     "(SELECT COUNT(*) FROM outbox o WHERE o.channel = 'webhook' AND o.recipient = 'webhook:' || CAST(w.id AS TEXT) AND o.status = 'dead') "
                     "FROM webhooks w ORDER BY w.id DESC LIMIT 500");
  for (const auto& x : r.rows) {
    if (!administers(who, x.str(1))) continue;
    Webhook w{x.i64(0), x.str(1), x.str(2), x.str(3), events_of(x.str(4)), x.i64(5) == 1, x.i64(6), x.i64(7)};
    w.sent = x.i64(8);
    w.pending = x.i64(9);
    w.dead = x.i64(10);
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<WebhookDelivery> WebhookService::deliveries(int64_t id, const accounts::Principal& who, int limit) const {
  load(id, who);
  std::vector<WebhookDelivery> out;
  for (const auto& x : db_.query("SELECT id, attempts, created_at, sent_at, event, status, last_error FROM outbox WHERE channel = 'webhook' "
                                 "AND recipient = $1 ORDER BY id DESC LIMIT $2",
                                 {"webhook:" + std::to_string(id), int64_t{limit}})
                           .rows)
    out.push_back({x.i64(0), x.i64(1), x.i64(2), x.is_null(3) ? 0 : x.i64(3), x.str(4), x.str(5), x.str(6)});
  return out;
}

void WebhookService::record(store::Conn& c, int64_t dossier_id, int64_t now) const {
  auto subs = c.exec("SELECT id, agency_code, events FROM webhooks WHERE active = 1");
  if (subs.rows.empty()) return;
  auto d = c.exec("SELECT d.public_id, d.code, d.status, d.procedure_code, d.procedure_name, d.agency_code, d.due_at, d.channel, h.id, h.action, h.at "
                  "FROM dossiers d JOIN dossier_history h ON h.dossier_id = d.id WHERE d.id = $1 ORDER BY h.id DESC LIMIT 1",
                  {dossier_id});
  if (d.rows.empty()) return;
  const auto& r = d.rows[0];
  std::string type = "dossier." + r.str(9), agency = r.str(5);
  auto ag = agencies_.snapshot();
  int status = static_cast<int>(r.i64(2));
  auto st = dossier::status_from_code(status);
  json body = {{"id", r.str(0) + "#h" + std::to_string(r.i64(8))},
               {"type", type},
               {"occurred_at", fmt::iso_datetime(r.i64(10))},
               {"dossier",
                {{"id", r.str(0)},
                 {"code", r.str(1)},
                 {"status", status},
                 {"status_label", st ? std::string(dossier::label_vi(*st)) : std::string("Bản nháp")},
                 {"procedure_code", r.str(3)},
                 {"procedure_name", r.str(4)},
                 {"agency", agency},
                 {"channel", r.i64(7)},
                 {"due_at", r.is_null(6) ? json(nullptr) : json(fmt::iso_datetime(r.i64(6)))}}}};
  std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
  for (const auto& s : subs.rows) {
    if (!ag->within(agency, s.str(1)) || !wants(events_of(s.str(2)), type)) continue;
    notify::Message m;
    m.event = type;
    m.channel = "webhook";
    m.recipient = "webhook:" + std::to_string(s.i64(0));
    m.subject = type + " " + r.str(1);
    m.body_text = text;
    m.key = body["id"].get<std::string>();
    m.dossier_id = dossier_id;
    m.dossier_code = r.str(1);
    m.agency = agency;
    outbox_.enqueue(c, std::move(m), now);
  }
}

std::optional<WebhookSecrets> WebhookService::secrets(int64_t id) const {
  auto r = db_.query("SELECT url, secret, previous_secret, previous_until, active FROM webhooks WHERE id = $1", {id});
  if (r.rows.empty()) return std::nullopt;
  const auto& x = r.rows[0];
  return WebhookSecrets{x.str(0), x.str(1), x.str(2), x.i64(3), x.i64(4) == 1};
}

}  // namespace motcua::services
