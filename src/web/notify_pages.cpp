// Notifications for a province administrator (policy deployment.admin; others 403 at the gate):
//  - /quan-tri/thu-gui — the outbox (services/notify/outbox.h): counts and the delivery rate per channel,
//    the newest messages filtered by status (?trang-thai=pending|sending|sent|dead), the error of each
//    failed one, and "Gửi lại" for sent or dead messages (CSRF-checked POST; never for one-time codes,
//    whose bodies are gone). Bodies of one-time codes are never shown. Where each channel goes (a channel
//    without a configured gateway only writes to the development log — shown as a warning).
//  - /quan-tri/hop-thu-demo — the demo mailbox: the messages in the SMTP stand-in's Maildir (config
//    demo_maildir, set by ./run), as the citizen would read them, and the SMS and Zalo messages the gateway
//    stand-in received (config demo_gateway_log); 404 when neither is configured.
#include "web/pages.h"
#include "routes/auth.h"
#include "domain/format.h"
#include "http/params.h"
#include "services/notify/gateway_log.h"
#include "services/notify/mailbox.h"

namespace motcua::web {

using namespace routes;

using nlohmann::json;

namespace {

const char* const kCsrf = "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ. Vui lòng tải lại trang và gửi lại.";

std::string status_label(const std::string& s) {
  if (s == "pending") return "Chờ gửi";
  if (s == "sending") return "Đang gửi";
  if (s == "sent") return "Đã gửi";
  if (s == "dead") return "Gửi không được";
  return s;
}

std::string channel_label(const std::string& c) {
  if (c == "email") return "Thư điện tử";
  if (c == "sms") return "SMS";
  if (c == "zalo") return "Zalo";
  if (c == "national") return "Cổng DVC quốc gia";
  return c;
}

http::Response outbox_page(Context& ctx, http::Request& req, const std::string& flash) {
  std::string status = http::str_param(req, "trang-thai", 10, "Trạng thái");
  if (status != "pending" && status != "sending" && status != "sent" && status != "dead") status.clear();
  json channels = json::array();
  for (const auto& [channel, by] : ctx.outbox.counts()) {
    auto n = [&](const char* s) { return by.count(s) ? by.at(s) : int64_t{0}; };
    int64_t done = n("sent") + n("dead");
    channels.push_back({{"channel", channel_label(channel)}, {"pending", n("pending") + n("sending")}, {"sent", n("sent")}, {"dead", n("dead")},
                        {"rate", done ? json(std::to_string(n("sent") * 100 / done) + "%") : json("—")}});
  }
  json rows = json::array();
  for (const auto& m : ctx.outbox.list(status)) {
    bool resendable = (m.status == "sent" || m.status == "dead") && !m.sensitive;
    rows.push_back({{"id", m.id}, {"event", m.event}, {"channel", channel_label(m.channel)}, {"recipient", m.recipient}, {"subject", m.subject},
                    {"code", m.dossier_code}, {"status", m.status}, {"status_label", status_label(m.status)}, {"attempts", m.attempts},
                    {"created", fmt::datetime(m.created_at)}, {"sent", m.sent_at ? json(fmt::datetime(m.sent_at)) : json(false)},
                    {"error", m.last_error.empty() ? json(false) : json(m.last_error)}, {"resendable", resendable}, {"dead", m.status == "dead"}});
  }
  // Where each channel goes: a channel without a gateway writes to the log file — say so.
  json targets = json::array();
  const auto& nc = ctx.site.notify_channels;
  for (const char* c : {"email", "sms", "zalo"}) {
    bool own = nc.count(c) > 0;
    targets.push_back({{"channel", channel_label(c)}, {"target", own ? nc.at(c) : nc.count("*") ? nc.at("*") : std::string("—")}, {"fallback", !own}});
  }
  json filters = json::array();
  for (const char* s : {"", "pending", "sending", "sent", "dead"})
    filters.push_back({{"value", s}, {"label", *s ? status_label(s) : "Tất cả"}, {"current", status == s}});
  json d = {{"title", "Hộp thư đi"}, {"channels", channels}, {"rows", rows}, {"none", rows.empty()}, {"filters", filters},
            {"has_channels", !channels.empty()}, {"targets", targets}, {"demo_mailbox", !ctx.site.demo_maildir.empty()}, {"flash", flash.empty() ? json(false) : json(flash)}};
  return ctx.views.page(req, 200, "notify_outbox", d, "users");
}

}  // namespace

void register_notify_pages(http::Router& r, Context& ctx) {
  r.add("GET", "/quan-tri/thu-gui", "deployment.admin", [&ctx](http::Request& req) {
    return outbox_page(ctx, req, req.query_param("ok").value_or("") == "resend" ? "Đã đưa thư vào hàng chờ gửi lại." : "");
  }, {.summary = "Notification outbox by status with delivery rates (province administrators)"});
  r.add("POST", "/quan-tri/thu-gui/{id}/gui-lai", "deployment.admin",
        [&ctx](http::Request& req) {
          auto f = http::parse_urlencoded(req.body);
          if (!web::csrf_ok(req, f)) return ctx.views.error_page(req, 403, kCsrf);
          const std::string& s = req.params.at("id");
          if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos || !ctx.outbox.resend(std::stoll(s), fmt::now_ms()))
            return ctx.views.error_page(req, 404, "Không tìm thấy thư có thể gửi lại.");
          return http::Response::redirect("/quan-tri/thu-gui?ok=resend");
        },
        {.body_limit = 4096, .summary = "Send a sent or dead message again (province administrators)"});
  r.add("GET", "/quan-tri/hop-thu-demo", "deployment.admin", [&ctx](http::Request& req) {
    if (ctx.site.demo_maildir.empty() && ctx.site.demo_gateway_log.empty()) return ctx.views.error_page(req, 404, "Máy chủ này không có hộp thư demo.");
    json mails = json::array();
    if (!ctx.site.demo_maildir.empty())
      for (const auto& m : services::notify::read_maildir(ctx.site.demo_maildir, 50))
        mails.push_back({{"date", m.date}, {"from", m.from}, {"to", m.to}, {"subject", m.subject}, {"text", m.text}});
    json texts = json::array();
    if (!ctx.site.demo_gateway_log.empty())
      for (const auto& m : services::notify::read_gateway_log(ctx.site.demo_gateway_log, 50))
        texts.push_back({{"at", m.at_ms ? fmt::datetime(m.at_ms) : std::string()}, {"channel", m.channel}, {"to", m.to}, {"text", m.text}});
    json d = {{"title", "Hộp thư demo"}, {"mails", mails}, {"none", mails.empty()}, {"dir", ctx.site.demo_maildir}, {"has_mail", !ctx.site.demo_maildir.empty()},
              {"texts", texts}, {"has_texts", !ctx.site.demo_gateway_log.empty()}, {"no_texts", texts.empty()}};
    return ctx.views.page(req, 200, "notify_mailbox", d, "users");
  }, {.summary = "Demo mailbox: mail received by the SMTP stand-in (province administrators)"});
}

}  // namespace motcua::web
