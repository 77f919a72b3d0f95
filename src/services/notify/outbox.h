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
// - enqueue_for(conn, contact, message, now): the one rule for reaching a person today — e-mail when they
//   have an address, else SMS; false when they have neither (nothing written).
// - Admins: list(status) the newest rows (bodies of sensitive rows are never returned), counts() by
//   status and channel, resend(id): a sent or dead row becomes pending again now (attempts reset) — not a sensitive one,
//   whose bodies are gone.
#pragma once
#include <map>
#include <string>
#include <vector>

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

  // The HTML body made from a plain-text one (exposed for tests).
  std::string html_of(const Message& m) const;

 private:
  store::Db& db_;
  OutboxConfig cfg_;
};

}  // namespace motcua::services::notify
