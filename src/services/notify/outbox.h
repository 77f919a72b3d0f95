// The transactional outbox (hộp thư đi): every message the system owes a person is a row in `outbox`
// (migration 10), written in the SAME transaction as the change it tells about — a rolled-back change
// leaves no message, a committed one always has its message. Delivery is delivery.h's job.
//
// Contract
// - enqueue(conn, message, now): inserts one pending row on the caller's connection (inside the caller's
//   db.write). Idempotent: (event, channel, recipient, key) is unique; a second enqueue of the same
//   occurrence is a no-op and returns false. The HTML body, when empty, is made from the text (escaped,
//   paragraphs, and the public lookup link when the message names a dossier code and a public URL is
//   configured). SMS and Zalo bodies that do not name the message's dossier code are prefixed with it (not the
//   national portal's payloads, channel "national", whose body is JSON).
// - Templated events (domain/notify/templates.h: dossier.*, payment.paid, post.*, account.code, staff.digest):
//   the caller gives `vars`, not text; enqueue renders the subject and text for the message's channel from the
//   administrator's template for (event, channel) when one is saved (notify_templates, read in the caller's
//   transaction), else the domain default. ma_ho_so defaults to the dossier code and lien_ket_tra_cuu to the
//   public lookup link. Other events, and any message on another channel (webhooks and the national sync reuse
//   the dossier event names with JSON bodies; post orders), are sent as given.
// - enqueue_for(conn, contact, message, now): reaching a person — notify::route over the contact's addresses
//   and, when the message names an account (user_id), that account's preferences (notify_prefs) and linked Zalo
//   follower id: one row per channel chosen (a muted event writes nothing); without preferences, e-mail when
//   there is an address, else SMS. Returns whether any row was written.
// - Admins: list(status) the newest rows (bodies of sensitive rows are never returned), counts() by
//   status and channel, resend(id): a sent or dead row becomes pending again now (attempts reset) — not a sensitive one,
//   whose bodies are gone.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "domain/notify/templates.h"
#include "store/db.h"

namespace motcua::services::notify {

// Events (Message::event): dossier.<action> for the dossier lifecycle (submit, accept, refuse,
// request-completion, request-supplement, request-payment, apologize, approve, return-result, stop),
// account.code for one-time codes, staff.digest for the officers' daily digest.
struct Message {
  std::string event;
  std::string channel;    // email | sms | zalo | log
  std::string recipient;
  std::string subject, body_text, body_html;
  std::string key;        // the occurrence of the event, e.g. "<dossier public id>#<row version>"
  int64_t dossier_id = 0;
  std::string dossier_code;
  bool sensitive = false;  // one-time codes: bodies scrubbed once sent or dead
  std::string agency;      // the agency whose gateway credentials send it ("" = the deployment's)
  motcua::notify::Vars vars;  // templated events: the values of the placeholders
  int64_t user_id = 0;        // the account it is for (its preferences and Zalo link apply); 0 = none
};

struct Contact {
  std::string email, phone;
};

struct OutboxRow {
  int64_t id = 0;
  std::string event, channel, recipient, subject, body_text, status, last_error, dossier_code, provider_id;
  int64_t attempts = 0, next_attempt_at = 0, created_at = 0, sent_at = 0;
  bool sensitive = false;
};

struct OutboxConfig {
  std::string public_url;  // for the lookup link in HTML bodies ("" = none)
  std::string site_name = "Cổng Dịch vụ công";
};

class Outbox {
 public:
  Outbox(store::Db& db, OutboxConfig cfg) : db_(db), cfg_(std::move(cfg)) {}
  bool enqueue(store::Conn& c, Message m, int64_t now) const;
  bool enqueue_for(store::Conn& c, const Contact& to, Message m, int64_t now) const;

  std::vector<OutboxRow> list(const std::string& status, int limit = 200) const;  // status "" = any
  std::map<std::string, std::map<std::string, int64_t>> counts() const;           // channel → status → rows
  bool resend(int64_t id, int64_t now) const;

  // The HTML body made from a plain-text one (also the preview of the template page).
  std::string html_of(const Message& m) const;
  // The subject and text a templated message gets on its channel (see above); false for other events.
  bool apply_template(store::Conn& c, Message& m) const;

 private:
  store::Db& db_;
  OutboxConfig cfg_;
};

}  // namespace motcua::services::notify
