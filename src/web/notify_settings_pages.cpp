// Notification settings pages (services/notify/preferences.h, templates_service.h):
//  - /tai-khoan/thong-bao (signed in): the person's channels (each usable only with its address: an e-mail
//    address, a phone, a linked Zalo follower) and the events they want, grouped; required events are shown
//    checked and cannot be unticked. The Zalo panel (when the Official Account is configured) gives the link code
//    or unlinks. Every POST checks CSRF; a refused choice re-renders with the values ticked and an error summary.
//  - /quan-tri/mau-thong-bao (province administrators): every event × channel, default or changed; and
//    /quan-tri/mau-thong-bao/{event}/{channel}: edit with "Xem trước" (rendered with sample values: the e-mail
//    in a sandboxed frame, the SMS as the gateway gets it with its segment count), "Lưu mẫu", "Khôi phục mẫu mặc
//    định". The placeholders the event offers are listed with their meaning.
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/format.h"
#include "domain/notify/templates.h"
#include "domain/text.h"
#include "http/params.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;
namespace nt = motcua::notify;
using Form = std::vector<std::pair<std::string, std::string>>;

namespace {

// The e-mail body for the preview frame: a srcdoc frame inherits the page's Content-Security-Policy, which refuses
// inline styles, so the style attributes (font and colour only) are left out of the preview.
std::string without_inline_styles(std::string html) {
  for (size_t i; (i = html.find(" style=\"")) != std::string::npos;) {
    size_t end = html.find('"', i + 8);
    html.erase(i, end == std::string::npos ? std::string::npos : end + 1 - i);
  }
  return html;
}

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string first(const Form& f, const std::string& k) {
  for (const auto& [a, b] : f)
    if (a == k) return b;
  return "";
}
std::set<std::string> all(const Form& f, const std::string& k) {
  std::set<std::string> out;
  for (const auto& [a, b] : f)
    if (a == k && b.size() <= 60) out.insert(b);
  return out;
}

void add_errors(json& d, const DomainError* err) {
  json errors = json::object(), summary = json::array();
  if (err)
    for (const auto& f : err->fields()) {
      errors[f.field] = f.message;
      summary.push_back({{"field", f.field}, {"message", f.message}});
    }
  d["e"] = errors;
  d["error_summary"] = summary;
  d["has_errors"] = err != nullptr;
  d["error_message"] = err ? json(err->what()) : json(false);
}

// The preferences page; `ticked` (channels, events) replaces the stored choice when a refused form is shown again.
http::Response prefs_page(Context& ctx, http::Request& req, const std::string& flash, const std::string& zalo_code = "",
                          const std::set<std::string>* ticked_channels = nullptr, const std::set<std::string>* ticked_events = nullptr,
                          const DomainError* err = nullptr) {
  const auto& me = principal(req);
  auto v = ctx.notify_prefs.get(me.user_id);
  json channels = json::array();
  for (auto c : nt::kChannels) {
    std::string ch(c);
    bool usable = ch == "email" ? !v.email.empty() : ch == "sms" ? !v.phone.empty() : v.zalo_linked;
    if (ch == "zalo" && !ctx.notify_prefs.zalo_configured() && !v.zalo_linked) continue;
    std::string hint = ch == "email" ? (v.email.empty() ? "tài khoản chưa có địa chỉ thư" : v.email)
                       : ch == "sms" ? (v.phone.empty() ? "tài khoản chưa có số điện thoại" : v.phone)
                                     : (v.zalo_linked ? "đã liên kết" : "chưa liên kết — xem mục Zalo bên dưới");
    bool checked = ticked_channels ? ticked_channels->count(ch) > 0 : v.channels.count(ch) > 0;
    channels.push_back({{"value", ch}, {"label", std::string(nt::channel_label(ch))}, {"hint", hint}, {"usable", usable}, {"checked", checked && usable}});
  }
  json groups = json::array();
  int n = 0;
  for (const auto& e : v.events) {
    if (groups.empty() || groups.back()["group"] != e.group) groups.push_back({{"group", e.group}, {"n", groups.size()}, {"items", json::array()}});
    bool on = e.required || (ticked_events ? ticked_events->count(e.id) > 0 : !e.muted);
    groups.back()["items"].push_back({{"id", e.id}, {"label", e.label}, {"required", e.required}, {"on", on}, {"n", n++}});
  }
  json d = {{"title", "Nhận thông báo"}, {"channels", channels}, {"groups", groups}, {"zalo_available", ctx.notify_prefs.zalo_configured() || v.zalo_linked},
            {"zalo_linked", v.zalo_linked}, {"zalo_code", zalo_code.empty() ? json(false) : json(zalo_code)},
            {"flash", flash.empty() ? json(false) : json(flash)}};
  add_errors(d, err);
  return ctx.views.page(req, err ? http_status(err->kind()) : 200, "notify_prefs", d, "account");
}

http::Response prefs_post(Context& ctx, http::Request& req) {
  Form f = http::parse_urlencoded(req.body);
  if (!csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  const auto& me = principal(req);
  std::string action = first(f, "action");
  if (action == "link-zalo") {
    if (!ctx.notify_prefs.zalo_configured()) return ctx.views.error_page(req, 409, "Máy chủ này chưa kết nối Zalo Official Account.");
    return prefs_page(ctx, req, "", ctx.notify_prefs.begin_zalo_link(me.user_id));
  }
  if (action == "unlink-zalo") {
    ctx.notify_prefs.unlink_zalo(me.user_id, me.username, req.remote);
    return http::Response::redirect("/tai-khoan/thong-bao?ok=unlinked");
  }
  auto channels = all(f, "channels");
  auto wanted = all(f, "events");
  std::set<std::string> muted;
  for (const auto& e : ctx.notify_prefs.get(me.user_id).events)
    if (!e.required && !wanted.count(e.id)) muted.insert(e.id);
  try {
    ctx.notify_prefs.save(me.user_id, channels, muted, me.username, req.remote);
  } catch (const DomainError& e) {
    if (e.kind() != ErrorKind::invalid) return ctx.views.error_page(req, http_status(e.kind()), e.what());
    return prefs_page(ctx, req, "", "", &channels, &wanted, &e);
  }
  return http::Response::redirect("/tai-khoan/thong-bao?ok=saved");
}

http::Response templates_page(Context& ctx, http::Request& req) {
  json rows = json::array();
  for (const auto& t : ctx.templates.list()) {
    if (rows.empty() || rows.back()["event"] != t.event)
      rows.push_back({{"event", t.event}, {"label", t.event_label}, {"group", t.group}, {"required", t.required}, {"cells", json::array()}});
    rows.back()["cells"].push_back({{"event", t.event}, {"channel", t.channel}, {"channel_label", std::string(nt::channel_label(t.channel))},
                                    {"custom", t.custom}, {"label", t.event_label}});
  }
  std::string ok = req.query_param("ok").value_or("");
  json d = {{"title", "Mẫu thông báo"}, {"rows", rows}, {"ex_var", "{{ma_ho_so}}"},
            {"flash", ok == "saved" ? json("Đã lưu mẫu.") : ok == "reset" ? json("Đã khôi phục mẫu mặc định.") : json(false)}};
  return ctx.views.page(req, 200, "notify_templates", d, "users");
}

http::Response template_page(Context& ctx, http::Request& req, const std::string* subject = nullptr, const std::string* text = nullptr,
                             const services::notify::TemplatePreview* preview = nullptr, const DomainError* err = nullptr) {
  const std::string& event = req.params.at("event");
  const std::string& channel = req.params.at("channel");
  services::notify::TemplateView t;
  try {
    t = ctx.templates.get(event, channel);
  } catch (const DomainError& e) {
    return ctx.views.error_page(req, http_status(e.kind()), e.what());
  }
  const auto& ev = *nt::find_event(event);
  json vars = json::array();
  for (const auto& v : nt::vars_of(ev)) vars.push_back({{"tag", "{{" + std::string(v.name) + "}}"}, {"meaning", std::string(v.meaning)}});
  std::string must;
  for (auto m : ev.must) must += (must.empty() ? "" : ", ") + ("{{" + std::string(m) + "}}");
  json d = {{"title", t.event_label + " — " + std::string(nt::channel_label(channel))},
            {"label", t.event_label}, {"event", event}, {"channel", channel}, {"channel_label", std::string(nt::channel_label(channel))},
            {"has_subject", channel != "sms"}, {"subject", subject ? *subject : t.subject}, {"text", text ? *text : t.text}, {"custom", t.custom},
            {"required", t.required}, {"updated_by", t.updated_by}, {"updated_at", t.updated_at ? fmt::datetime(t.updated_at) : std::string()},
            {"vars", vars}, {"must", must.empty() ? json(false) : json(must)}, {"ex_var", "{{ten}}"}, {"ex_section", "{{#ten}}…{{/ten}}"},
            {"flash", req.query_param("ok").value_or("") == "saved" ? json("Đã lưu mẫu; thông báo tiếp theo dùng mẫu này.") : json(false)}};
  if (preview) {
    json p = {{"subject", channel == "sms" ? json(false) : json(preview->subject)}, {"text", preview->text},
              {"html", preview->html.empty() ? json(false) : json(without_inline_styles(preview->html))}, {"sms", !preview->sms_text.empty()}, {"sms_text", preview->sms_text},
              {"sms_encoding", preview->sms_encoding}, {"sms_segments", preview->sms_segments}};
    d["preview"] = p;
  }
  add_errors(d, err);
  return ctx.views.page(req, err ? http_status(err->kind()) : 200, "notify_template_edit", d, "users");
}

http::Response template_post(Context& ctx, http::Request& req) {
  Form f = http::parse_urlencoded(req.body);
  if (!csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
  const std::string& event = req.params.at("event");
  const std::string& channel = req.params.at("channel");
  std::string action = first(f, "action"), subject = first(f, "subject"), text = first(f, "text");
  std::string base = "/quan-tri/mau-thong-bao/";
  try {
    if (action == "reset") {
      ctx.templates.reset(event, channel, principal(req), req.remote);
      return http::Response::redirect("/quan-tri/mau-thong-bao?ok=reset");
    }
    if (action == "preview") {
      auto p = ctx.templates.preview(event, channel, subject, text);
      return template_page(ctx, req, &subject, &text, &p);
    }
    ctx.templates.save(event, channel, subject, text, principal(req), req.remote);
  } catch (const DomainError& e) {
    if (e.kind() != ErrorKind::invalid) return ctx.views.error_page(req, http_status(e.kind()), e.what());
    return template_page(ctx, req, &subject, &text, nullptr, &e);
  }
  return http::Response::redirect(base + event + "/" + channel + "?ok=saved");
}

}  // namespace

void register_notify_settings_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/tai-khoan/thong-bao", "signed_in",
        [&ctx](http::Request& req) {
          std::string ok = req.query_param("ok").value_or("");
          return prefs_page(ctx, req, ok == "saved" ? "Đã lưu lựa chọn nhận thông báo." : ok == "unlinked" ? "Đã hủy liên kết Zalo." : "");
        },
        {.summary = "My notification channels and events, and the Zalo link"});
  r.add("POST", "/tai-khoan/thong-bao", "signed_in", [&ctx](http::Request& req) { return prefs_post(ctx, req); },
        {.body_limit = 8192, .summary = "Save my notification choices, get a Zalo link code or unlink (CSRF)"});
  r.add("GET", "/quan-tri/mau-thong-bao", "deployment.admin", [&ctx](http::Request& req) { return templates_page(ctx, req); },
        {.summary = "Message templates per event and channel (province administrators)"});
  r.add("GET", "/quan-tri/mau-thong-bao/{event}/{channel}", "deployment.admin", [&ctx](http::Request& req) { return template_page(ctx, req); },
        {.summary = "Edit one message template, with a preview"});
  r.add("POST", "/quan-tri/mau-thong-bao/{event}/{channel}", "deployment.admin", [&ctx](http::Request& req) { return template_post(ctx, req); },
        {.body_limit = 32 * 1024, .summary = "Preview, save or reset a message template (CSRF)"});
}

}  // namespace motcua::web
