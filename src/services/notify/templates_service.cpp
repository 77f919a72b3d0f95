// Templates administrators edit (see templates_service.h).
#include "services/notify/templates_service.h"

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/notify/sms.h"

namespace motcua::services::notify {

namespace nt = motcua::notify;

namespace {

const nt::EventKind& event_of(const std::string& event, const std::string& channel) {
  const auto* e = nt::find_event(event);
  if (!e || !nt::known_channel(channel))
    throw DomainError(ErrorKind::not_found, "template_not_found", "Không có mẫu thông báo này (sự kiện hoặc kênh gửi không đúng).");
  return *e;
}

struct Clean {
  std::string subject, text;
};

Clean checked(const nt::EventKind& e, const std::string& channel, const std::string& subject, const std::string& text) {
  Clean c{channel == "sms" ? std::string() : nt::sanitize(subject), nt::sanitize(text)};
  auto problems = nt::check(e, channel, c.subject, c.text);
  if (!problems.empty()) {
    std::vector<FieldError> fields;
    for (auto& p : problems) fields.push_back({p.field, p.message});
    throw DomainError(ErrorKind::invalid, "invalid_template", "Mẫu thông báo chưa dùng được: " + problems[0].message, std::move(fields));
  }
  return c;
}

}  // namespace

std::vector<TemplateView> TemplatesService::list() const {
  std::map<std::pair<std::string, std::string>, store::Row> saved;
  for (auto& r : db_.query("SELECT event, channel, subject, body, updated_by, updated_at FROM notify_templates").rows) saved.emplace(std::pair{r.str(0), r.str(1)}, r);
  std::vector<TemplateView> out;
  for (const auto& e : nt::events())
    for (auto ch : nt::kChannels) {
      TemplateView v{std::string(e.id), std::string(e.label), std::string(e.group), std::string(ch), std::string(e.subject),
                     std::string(nt::default_text(e, ch)), e.required, false, "", 0};
      if (auto it = saved.find({v.event, v.channel}); it != saved.end()) {
        if (!it->second.str(2).empty()) v.subject = it->second.str(2);
        v.text = it->second.str(3);
        v.custom = true;
        v.updated_by = it->second.str(4);
        v.updated_at = it->second.i64(5);
      }
      out.push_back(std::move(v));
    }
  return out;
}

TemplateView TemplatesService::get(const std::string& event, const std::string& channel) const {
  event_of(event, channel);
  for (auto& v : list())
    if (v.event == event && v.channel == channel) return v;
  throw DomainError(ErrorKind::not_found, "template_not_found", "Không có mẫu thông báo này.");
}

TemplatePreview TemplatesService::preview(const std::string& event, const std::string& channel, const std::string& subject,
                                          const std::string& text) const {
  const auto& e = event_of(event, channel);
  Clean c = checked(e, channel, subject, text);
  auto vars = nt::sample_vars(e);
  Message m;
  m.event = event;
  m.channel = channel;
  m.subject = nt::render(c.subject.empty() ? e.subject : c.subject, vars);
  m.body_text = nt::render(c.text, vars);
  if (!e.staff && e.id != "account.code") m.dossier_code = vars["ma_ho_so"];  // the lookup link, the SMS prefix
  TemplatePreview p{m.subject, m.body_text, "", "", "", 0};
  if (channel == "email") p.html = outbox_.html_of(m);
  if (channel == "sms") {
    std::string body = m.body_text;
    if (!m.dossier_code.empty() && body.find(m.dossier_code) == std::string::npos) body = "Hồ sơ " + m.dossier_code + ": " + body;  // as the outbox does
    p.sms_text = nt::sms_text(body, sms_ascii_);
    auto len = nt::sms_length(p.sms_text);
    p.sms_encoding = len.encoding == nt::SmsEncoding::gsm7 ? "GSM-7" : "UCS-2 (có dấu)";
    p.sms_segments = len.segments;
  }
  return p;
}

TemplateView TemplatesService::save(const std::string& event, const std::string& channel, const std::string& subject, const std::string& text,
                                    const accounts::Principal& who, const std::string& ip) const {
  const auto& e = event_of(event, channel);
  Clean c = checked(e, channel, subject, text);
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& conn) {
    conn.exec("INSERT INTO notify_templates (event, channel, subject, body, updated_by, updated_at) VALUES ($1,$2,$3,$4,$5,$6) "
              "ON CONFLICT (event, channel) DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_by = excluded.updated_by, "
              "updated_at = excluded.updated_at",
              {event, channel, c.subject, c.text, who.username, now});
    audit_.append(conn, {who.user_id, who.username, "notify.template_save", event + "/" + channel, "", ip, {{"event", event}, {"channel", channel}}},
                  now);
  });
  return get(event, channel);
}

void TemplatesService::reset(const std::string& event, const std::string& channel, const accounts::Principal& who, const std::string& ip) const {
  event_of(event, channel);
  int64_t now = fmt::now_ms();
  db_.write([&](store::Conn& conn) {
    if (conn.exec("DELETE FROM notify_templates WHERE event = $1 AND channel = $2", {event, channel}).affected == 1)
      audit_.append(conn, {who.user_id, who.username, "notify.template_reset", event + "/" + channel, "", ip, {{"event", event}, {"channel", channel}}},
                    now);
  });
}

}  // namespace motcua::services::notify
