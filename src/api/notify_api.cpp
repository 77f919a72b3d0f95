// Notification settings (services/notify/preferences.h, templates_service.h; contract in docs/api/openapi.yaml):
//   GET  /api/v1/me/notifications → {chosen, channels, muted, addresses:{email, phone, zalo_linked}, events:[…]}
//   PUT  /api/v1/me/notifications {channels:[email|sms|zalo], muted:[event id]} → the same (422 with the field)
//   POST /api/v1/me/zalo-link → {code, expires_in_minutes, instructions}; DELETE /api/v1/me/zalo-link → {zalo_linked:false}
//   POST /api/v1/zalo/webhook (the Zalo Official Account; X-ZEvent-Signature: mac=…) → {error:0, result}; 401 forged
//   GET  /api/v1/notify/templates → {items:[template]} (province administrators)
//   GET|PUT|DELETE /api/v1/notify/templates/{event}/{channel} {subject?, text} → the template (DELETE: back to the default)
//   POST /api/v1/notify/templates/{event}/{channel}/preview {subject?, text} → {subject, text, html?, sms?}
#include "api/api_util.h"
#include "api/routes.h"
#include "domain/format.h"
#include "routes/auth.h"

namespace motcua::api {

using namespace routes;
using nlohmann::json;
namespace nsvc = services::notify;

namespace {

json prefs_json(const nsvc::PrefsView& v) {
  json events = json::array();
  for (const auto& e : v.events)
    events.push_back({{"id", e.id}, {"label", e.label}, {"group", e.group}, {"required", e.required}, {"muted", e.muted}});
  return {{"chosen", v.chosen}, {"channels", v.channels}, {"muted", v.muted},
          {"addresses", {{"email", v.email}, {"phone", v.phone}, {"zalo_linked", v.zalo_linked}}}, {"events", events}};
}

json template_json(const nsvc::TemplateView& t) {
  return {{"event", t.event}, {"event_label", t.event_label}, {"group", t.group}, {"channel", t.channel}, {"subject", t.subject},
          {"text", t.text}, {"required", t.required}, {"custom", t.custom}, {"updated_by", t.updated_by},
          {"updated_at", t.updated_at ? json(fmt::iso_datetime(t.updated_at)) : json(nullptr)}};
}

// A list of short words from the body ({"channels": ["email"]}); 422 when it is not one.
std::set<std::string> words(const json& body, const char* key) {
  std::set<std::string> out;
  if (!body.contains(key)) return out;
  const json& a = body[key];
  if (!a.is_array() || a.size() > 50)
    throw DomainError(ErrorKind::invalid, "invalid_preferences", "Trường " + std::string(key) + " phải là một danh sách.", {{key, "Không hợp lệ."}});
  for (const auto& x : a) {
    if (!x.is_string() || x.get<std::string>().size() > 60)
      throw DomainError(ErrorKind::invalid, "invalid_preferences", "Trường " + std::string(key) + " chỉ gồm tên ngắn.", {{key, "Không hợp lệ."}});
    out.insert(x.get<std::string>());
  }
  return out;
}

std::string text_of(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return "";
  if (!body[key].is_string()) throw DomainError(ErrorKind::invalid, "invalid_template", "Trường " + std::string(key) + " phải là văn bản.", {{key, "Không hợp lệ."}});
  return body[key].get<std::string>();
}

}  // namespace

void register_notify_api(http::Router& r, Context& ctx) {
  r.add("GET", "/api/v1/me/notifications", "signed_in",
        [&ctx](http::Request& req) { return ok(prefs_json(ctx.notify_prefs.get(principal(req).user_id))); },
        {.summary = "My notification channels and muted events, with the addresses they need"});
  r.add("PUT", "/api/v1/me/notifications", "signed_in",
        [&ctx](http::Request& req) {
          json body = json_body(req);
          const auto& who = principal(req);
          return ok(prefs_json(ctx.notify_prefs.save(who.user_id, words(body, "channels"), words(body, "muted"), who.username, req.remote)));
        },
        {.body_limit = 8192, .summary = "Choose notification channels and mute events that are not required"});
  r.add("POST", "/api/v1/me/zalo-link", "signed_in",
        [&ctx](http::Request& req) {
          std::string code = ctx.notify_prefs.begin_zalo_link(principal(req).user_id);
          return ok({{"code", code}, {"expires_in_minutes", 30},
                     {"instructions", "Quan tâm Zalo Official Account của Cổng Dịch vụ công rồi gửi tin nhắn: " + code}});
        },
        {.body_limit = 1024, .summary = "A code to send to the Zalo Official Account, linking this account to the follower"});
  r.add("DELETE", "/api/v1/me/zalo-link", "signed_in",
        [&ctx](http::Request& req) {
          const auto& who = principal(req);
          ctx.notify_prefs.unlink_zalo(who.user_id, who.username, req.remote);
          return ok({{"zalo_linked", false}});
        },
        {.summary = "Forget the linked Zalo follower"});
  r.add("POST", "/api/v1/zalo/webhook", "public",
        [&ctx](http::Request& req) {
          std::string result = ctx.notify_prefs.zalo_webhook(req.header("X-ZEvent-Signature").value_or(""), req.body, req.remote);
          return ok({{"error", 0}, {"result", result}});
        },
        {.body_limit = 65536, .summary = "Zalo Official Account events (signed): a follower's link code, unfollow"});

  r.add("GET", "/api/v1/notify/templates", "deployment.admin",
        [&ctx](http::Request&) {
          json items = json::array();
          for (const auto& t : ctx.templates.list()) items.push_back(template_json(t));
          return ok({{"items", items}});
        },
        {.summary = "Message templates per event and channel (province administrators)"});
  r.add("GET", "/api/v1/notify/templates/{event}/{channel}", "deployment.admin",
        [&ctx](http::Request& req) { return ok(template_json(ctx.templates.get(req.params.at("event"), req.params.at("channel")))); },
        {.summary = "One message template with its default or saved text"});
  r.add("PUT", "/api/v1/notify/templates/{event}/{channel}", "deployment.admin",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          return ok(template_json(ctx.templates.save(req.params.at("event"), req.params.at("channel"), text_of(b, "subject"), text_of(b, "text"),
                                                     principal(req), req.remote)));
        },
        {.body_limit = 32 * 1024, .summary = "Save a message template (plain text with placeholders, checked)"});
  r.add("DELETE", "/api/v1/notify/templates/{event}/{channel}", "deployment.admin",
        [&ctx](http::Request& req) {
          ctx.templates.reset(req.params.at("event"), req.params.at("channel"), principal(req), req.remote);
          return ok(template_json(ctx.templates.get(req.params.at("event"), req.params.at("channel"))));
        },
        {.summary = "Put a message template back to its default"});
  r.add("POST", "/api/v1/notify/templates/{event}/{channel}/preview", "deployment.admin",
        [&ctx](http::Request& req) {
          json b = json_body(req);
          auto p = ctx.templates.preview(req.params.at("event"), req.params.at("channel"), text_of(b, "subject"), text_of(b, "text"));
          json out = {{"subject", p.subject}, {"text", p.text}};
          if (!p.html.empty()) out["html"] = p.html;
          if (!p.sms_text.empty()) out["sms"] = {{"text", p.sms_text}, {"encoding", p.sms_encoding}, {"segments", p.sms_segments}};
          return ok(out);
        },
        {.body_limit = 32 * 1024, .summary = "Render a template with sample values without saving it"});
}

}  // namespace motcua::api
