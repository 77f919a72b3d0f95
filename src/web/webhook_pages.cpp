// /quan-tri/webhook — webhook subscriptions for an agency's administrators (policy agency.admin; the service
// checks each subscription's agency; services/webhooks/webhook_service.h): the list with delivery counts and, per
// subscription, "Gửi thử", "Đổi khóa bí mật", "Tắt" and its delivery log (/quan-tri/webhook/{id}); a form to
// subscribe a URL to some or all dossier events of an agency. The signing secret is shown once, on the page that
// answers the creation or the rotation (never in a URL, never again). Every POST is CSRF-checked.
#include "domain/dossier/state_machine.h"
#include "domain/format.h"
#include "http/params.h"
#include "routes/auth.h"
#include "web/pages.h"
#include "web/views.h"

namespace motcua::web {

using namespace routes;
using nlohmann::json;

namespace {

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string event_label(const std::string& type) {
  if (type == "*") return "Mọi sự kiện";
  if (type == "dossier.submit") return "Nộp hồ sơ";
  if (type == "webhook.test") return "Gói tin thử";
  auto a = dossier::parse_action(type.substr(type.find('.') + 1));
  return a ? std::string(dossier::label_vi(*a)) : type;
}

std::string status_label(const std::string& s) {
  if (s == "sent") return "Đã gửi";
  if (s == "dead") return "Gửi không được";
  if (s == "sending") return "Đang gửi";
  return "Chờ gửi";
}

struct PageState {
  std::string flash, secret, error;
  json form = json::object();
  json field_errors = json::object();
};

http::Response list_page(Context& ctx, http::Request& req, const PageState& st, int status = 200) {
  const auto& me = principal(req);
  auto ag = ctx.agencies.snapshot();
  json rows = json::array();
  for (const auto& w : ctx.webhooks.list(me)) {
    json events = json::array();
    for (const auto& e : w.events) events.push_back(event_label(e));
    const auto* a = ag->find(w.agency);
    rows.push_back({{"id", w.id}, {"url", w.url}, {"description", w.description}, {"agency", a ? a->name : w.agency}, {"events", events},
                    {"active", w.active}, {"sent", w.sent}, {"pending", w.pending}, {"dead", w.dead}, {"created", fmt::datetime(w.created_at)}});
  }
  json agencies = json::array();
  std::string chosen = st.form.value("agency", std::string());
  for (const auto& code : ctx.webhooks.scope(me))
    if (const auto* a = ag->find(code)) agencies.push_back({{"value", code}, {"label", a->name + " (" + code + ")"}, {"selected", code == chosen}});
  json types = json::array();
  json picked = st.form.value("events", json::array());
  for (const auto& t : services::webhook_event_types()) {
    if (t == "webhook.test") continue;
    std::string id = "ev_" + t.substr(t.find('.') + 1);
    types.push_back({{"value", t}, {"label", event_label(t)}, {"id", id},
                     {"checked", std::find(picked.begin(), picked.end(), json(t)) != picked.end()}});
  }
  auto opt = [](const std::string& s) { return s.empty() ? json(false) : json(s); };
  json d = {{"title", "Webhook cho hệ thống khác"},
            {"rows", rows},
            {"none", rows.empty()},
            {"agencies", agencies},
            {"types", types},
            {"all_events", std::find(picked.begin(), picked.end(), json("*")) != picked.end()},
            {"url", st.form.value("url", std::string())},
            {"description", st.form.value("description", std::string())},
            {"flash", opt(st.flash)},
            {"secret", opt(st.secret)},
            {"error", opt(st.error)},
            {"url_error", st.field_errors.contains("url") ? st.field_errors["url"] : json(false)},
            {"events_error", st.field_errors.contains("events") ? st.field_errors["events"] : json(false)},
            {"agency_error", st.field_errors.contains("agency") ? st.field_errors["agency"] : json(false)}};
  return ctx.views.page(req, status, "webhooks", d, "users");
}

int64_t id_of(const http::Request& req) {
  const std::string& s = req.params.at("id");
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    throw DomainError(ErrorKind::not_found, "webhook_not_found", "Không tìm thấy đăng ký webhook trong phạm vi của bạn.");
  return std::stoll(s);
}

}  // namespace

void register_webhook_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/quan-tri/webhook", "agency.admin",
        [&ctx](http::Request& req) {
          PageState st;
          std::string ok = req.query_param("ok").value_or("");
          if (ok == "test") st.flash = "Đã xếp gói tin thử vào hàng chờ gửi.";
          if (ok == "disable") st.flash = "Đã tắt đăng ký webhook.";
          return list_page(ctx, req, st);
        },
        {.summary = "Webhook subscriptions of the agencies the administrator manages, with delivery counts"});
  r.add("POST", "/quan-tri/webhook", "agency.admin",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          PageState st;
          json events = json::array();
          for (const auto& [k, v] : f) {
            if (k == "agency" || k == "url" || k == "description") st.form[k] = v;
            if (k == "events") events.push_back(v);
          }
          st.form["events"] = events;
          try {
            auto [w, secret] = ctx.webhooks.create(st.form, principal(req), req.remote, fmt::now_ms());
            PageState done;
            done.flash = "Đã đăng ký webhook đến " + w.url + ".";
            done.secret = secret;
            return list_page(ctx, req, done, 201);
          } catch (const DomainError& e) {
            st.error = e.what();
            for (const auto& fe : e.fields()) st.field_errors[fe.field] = fe.message;
            return list_page(ctx, req, st, http_status(e.kind()));
          }
        },
        {.body_limit = 16 * 1024, .summary = "Subscribe a URL to dossier events (CSRF form); the page shows the secret once"});
  r.add("POST", "/quan-tri/webhook/{id}/doi-khoa", "agency.admin",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          PageState st;
          st.secret = ctx.webhooks.rotate(id_of(req), principal(req), req.remote, fmt::now_ms());
          st.flash = "Đã đổi khóa bí mật. Khóa cũ vẫn được dùng để ký thêm 24 giờ.";
          return list_page(ctx, req, st);
        },
        {.body_limit = 4096, .summary = "Rotate the signing secret (CSRF form); the page shows the new secret once"});
  r.add("POST", "/quan-tri/webhook/{id}/gui-thu", "agency.admin",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          ctx.webhooks.test(id_of(req), principal(req), fmt::now_ms());
          return http::Response::redirect("/quan-tri/webhook?ok=test");
        },
        {.body_limit = 4096, .summary = "Queue a test event (CSRF form)"});
  r.add("POST", "/quan-tri/webhook/{id}/tat", "agency.admin",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          ctx.webhooks.disable(id_of(req), principal(req), req.remote, fmt::now_ms());
          return http::Response::redirect("/quan-tri/webhook?ok=disable");
        },
        {.body_limit = 4096, .summary = "Disable a subscription (CSRF form)"});
  r.add("GET", "/quan-tri/webhook/{id}", "agency.admin",
        [&ctx](http::Request& req) {
          int64_t id = id_of(req);
          json rows = json::array();
          for (const auto& d : ctx.webhooks.deliveries(id, principal(req)))
            rows.push_back({{"event", event_label(d.event)}, {"status", status_label(d.status)}, {"dead", d.status == "dead"}, {"attempts", d.attempts},
                            {"error", d.last_error.empty() ? json(false) : json(d.last_error)}, {"created", fmt::datetime(d.created_at)},
                            {"sent", d.sent_at ? json(fmt::datetime(d.sent_at)) : json(false)}});
          json w;
          for (const auto& x : ctx.webhooks.list(principal(req)))
            if (x.id == id) w = {{"url", x.url}, {"id", x.id}};
          json d = {{"title", "Nhật ký gửi webhook"}, {"rows", rows}, {"none", rows.empty()}, {"w", w}};
          return ctx.views.page(req, 200, "webhook_log", d, "users");
        },
        {.summary = "Delivery log of one webhook subscription"});
}

}  // namespace motcua::web
