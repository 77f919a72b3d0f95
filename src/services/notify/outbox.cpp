// The transactional outbox (see outbox.h).
#include "services/notify/outbox.h"

#include "domain/text.h"

namespace motcua::services::notify {

using text::escape_html;

std::string Outbox::html_of(const Message& m) const {
  std::string html = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + escape_html(m.subject) +
                     "</title></head><body style=\"font-family:sans-serif\">";
  size_t start = 0;
  while (start <= m.body_text.size()) {
    size_t end = m.body_text.find('\n', start);
    if (end == std::string::npos) end = m.body_text.size();
    std::string line = m.body_text.substr(start, end - start);
    if (!line.empty()) html += "<p>" + escape_html(line) + "</p>";
    start = end + 1;
  }
  if (!m.dossier_code.empty() && !cfg_.public_url.empty()) {
    std::string url = cfg_.public_url + "/tra-cuu?ma=" + m.dossier_code;
    html += "<p>Tra cứu hồ sơ: <a href=\"" + escape_html(url) + "\">" + escape_html(url) + "</a></p>";
  }
  html += "<p style=\"color:#666\">" + escape_html(cfg_.site_name) + "</p></body></html>";
  return html;
}

bool Outbox::apply_template(store::Conn& c, Message& m) const {
  // Only messages to people: a webhook or the national sync carries the same event names with JSON bodies.
  if (m.channel != "email" && m.channel != "sms" && m.channel != "zalo" && m.channel != "log") return false;
  const auto* e = motcua::notify::find_event(m.event);
  if (!e) return false;
  auto vars = m.vars;
  if (!vars.count("ma_ho_so") && !m.dossier_code.empty()) vars["ma_ho_so"] = m.dossier_code;
  if (!m.dossier_code.empty() && !cfg_.public_url.empty()) vars["lien_ket_tra_cuu"] = cfg_.public_url + "/tra-cuu?ma=" + m.dossier_code;
  auto t = c.exec("SELECT subject, body FROM notify_templates WHERE event = $1 AND channel = $2", {m.event, m.channel});
  if (!t.rows.empty()) {
    m.subject = motcua::notify::render(t.rows[0].str(0).empty() ? e->subject : t.rows[0].str(0), vars);
    m.body_text = motcua::notify::render(t.rows[0].str(1), vars);
  } else {
    m.subject = motcua::notify::render(e->subject, vars);
    m.body_text = motcua::notify::render(motcua::notify::default_text(*e, m.channel), vars);
  }
  return true;
}

bool Outbox::enqueue(store::Conn& c, Message m, int64_t now) const {
  apply_template(c, m);
  if (m.body_html.empty() && m.channel == "email") m.body_html = html_of(m);
  // A text message stands alone: it names the dossier.
  if ((m.channel == "sms" || m.channel == "zalo" || m.channel == "log") && !m.dossier_code.empty() && m.body_text.find(m.dossier_code) == std::string::npos)
    m.body_text = "Hồ sơ " + m.dossier_code + ": " + m.body_text;
  auto r = c.exec("INSERT INTO outbox (event, channel, recipient, subject, body_text, body_html, idempotency_key, dossier_id, dossier_code, "
                  "sensitive, next_attempt_at, created_at, agency_code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$12) ON CONFLICT DO NOTHING",
                  {m.event, m.channel, m.recipient, m.subject, m.body_text, m.body_html, m.key,
                   m.dossier_id ? store::Value(m.dossier_id) : store::Value(nullptr), m.dossier_code, int64_t{m.sensitive ? 1 : 0}, now, m.agency});
  return r.affected == 1;
}

bool Outbox::enqueue_for(store::Conn& c, const Contact& to, Message m, int64_t now) const {
  motcua::notify::Prefs prefs;
  motcua::notify::Reach reach{to.email, to.phone, ""};
  if (m.user_id) {
    auto r = c.exec("SELECT COALESCE(u.zalo_user_id, ''), p.channels, p.muted FROM users u LEFT JOIN notify_prefs p ON p.user_id = u.id WHERE u.id = $1",
                    {m.user_id});
    if (!r.rows.empty()) {
      reach.zalo = r.rows[0].str(0);
      if (!r.rows[0].is_null(1)) {
        prefs.set = true;
        prefs.channels = motcua::notify::parse_list(r.rows[0].str(1));
        prefs.muted = motcua::notify::parse_list(r.rows[0].str(2));
      }
    }
  }
  bool any = false;
  for (const auto& t : motcua::notify::route(motcua::notify::find_event(m.event), prefs, reach)) {
    Message one = m;
    one.channel = t.channel;
    one.recipient = t.address;
    any = enqueue(c, std::move(one), now) || any;
  }
  return any;
}

std::vector<OutboxRow> Outbox::list(const std::string& status, int limit) const {
  std::vector<OutboxRow> out;
  auto r = db_.query("SELECT id, event, channel, recipient, subject, CASE WHEN sensitive = 1 THEN '' ELSE body_text END, status, last_error, "
                     "dossier_code, provider_id, attempts, next_attempt_at, created_at, sent_at, sensitive FROM outbox "
                     "WHERE ($1 = '' OR status = $1) ORDER BY id DESC LIMIT $2",
                     {status, int64_t{limit}});
  for (const auto& x : r.rows)
    out.push_back({x.i64(0), x.str(1), x.str(2), x.str(3), x.str(4), x.str(5), x.str(6), x.str(7), x.str(8), x.str(9), x.i64(10), x.i64(11),
                   x.i64(12), x.is_null(13) ? 0 : x.i64(13), x.i64(14) == 1});
  return out;
}

std::map<std::string, std::map<std::string, int64_t>> Outbox::counts() const {
  std::map<std::string, std::map<std::string, int64_t>> out;
  for (const auto& x : db_.query("SELECT channel, status, COUNT(*) FROM outbox GROUP BY channel, status").rows) out[x.str(0)][x.str(1)] = x.i64(2);
  return out;
}

bool Outbox::resend(int64_t id, int64_t now) const {
  bool ok = false;
  db_.write([&](store::Conn& c) {
    ok = c.exec("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, lease_owner = '', lease_until = 0, last_error = '' "
                "WHERE id = $1 AND status IN ('sent', 'dead') AND sensitive = 0",
                {id, now})
             .affected == 1;
  });
  return ok;
}

}  // namespace motcua::services::notify
