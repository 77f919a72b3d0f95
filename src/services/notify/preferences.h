// A person's notification preferences and their Zalo link (issue 11). What the preferences mean for one message
// is domain/notify/templates.h's route(); Outbox::enqueue_for asks it with what is stored here.
//
// Contract
// - get(user): the channels chosen (or the default rule when never chosen), the muted events, the account's
//   addresses (e-mail, phone, whether Zalo is linked) and the events the person may hear about (officers: the
//   staff events; others: the rest), each with whether it can be muted.
// - save(user, channels, muted, client): 422 invalid_preferences with the field when no channel is chosen, a
//   channel is unknown or cannot reach the person (no e-mail address, no phone, Zalo not linked), or an event is
//   unknown, required or not theirs. Stored in one row (notify_prefs), audited (notify.preferences).
// - begin_zalo_link(user): an 8-digit code valid 30 minutes (one_time_codes, purpose zalo_link, hashed); a new
//   code voids the previous one. The person sends it to the agency's Zalo Official Account.
// - unlink_zalo(user, client): forgets the follower id, takes Zalo out of the chosen channels; audited.
// - zalo_webhook(signature, body, ip): the Official Account's event webhook. Refused (401 bad_signature, audited,
//   nothing changes) unless app id and OA secret are configured, the body's app_id is ours and the header is
//   `mac=<hex sha256(app_id + body + timestamp + OA secret)>` (timestamp from the body; constant-time compare).
//   user_send_text with a valid code → the sender's follower id is linked to the code's account (taken from any
//   account that had it), Zalo added to its channels, the code used, audited (notify.zalo_linked), and a
//   confirmation queued to the follower. A wrong or used code, or any other text → nothing. unfollow → the
//   follower is unlinked. Zalo repeats an event until it gets 200, so every accepted call answers 200 and a
//   repeated one changes nothing more (a code is used once).
#pragma once
#include <set>
#include <string>
#include <vector>

#include "services/audit/audit_log.h"
#include "services/notify/outbox.h"
#include "store/db.h"

namespace motcua::services::notify {

struct PrefsEvent {
  std::string id, label, group;
  bool required = false, muted = false;
};

struct PrefsView {
  bool chosen = false;                 // false: the default rule (e-mail, else SMS)
  std::set<std::string> channels;      // the effective channels (the default rule's when not chosen)
  std::set<std::string> muted;
  std::string email, phone;
  bool zalo_linked = false;
  std::vector<PrefsEvent> events;
};

struct ZaloConfig {
  std::string app_id, oa_secret;  // the webhook is refused while either is empty
};

class Preferences {
 public:
  Preferences(store::Db& db, const Outbox& outbox, AuditLog& audit, ZaloConfig zalo)
      : db_(db), outbox_(outbox), audit_(audit), zalo_(std::move(zalo)) {}
  PrefsView get(int64_t user_id) const;
  PrefsView save(int64_t user_id, const std::set<std::string>& channels, const std::set<std::string>& muted, const std::string& username,
                 const std::string& ip) const;
  std::string begin_zalo_link(int64_t user_id) const;
  void unlink_zalo(int64_t user_id, const std::string& username, const std::string& ip) const;
  // "linked" | "unlinked" | "ignored"; throws DomainError 401 on a bad signature, 422 on a body that is not an event.
  std::string zalo_webhook(const std::string& signature, const std::string& body, const std::string& ip) const;
  bool zalo_configured() const { return !zalo_.app_id.empty() && !zalo_.oa_secret.empty(); }

 private:
  store::Db& db_;
  const Outbox& outbox_;
  AuditLog& audit_;
  ZaloConfig zalo_;
};

}  // namespace motcua::services::notify
