// Message templates that province administrators edit (mẫu thông báo; issue 11). The defaults and the rules live
// in domain/notify/templates.h; this keeps the administrators' versions (notify_templates, migration 23) which
// Outbox::apply_template reads in every message's transaction, so a saved template applies to the next message.
//
// Contract
// - list(): every templated event × channel (email, sms, zalo) with its current subject and text and whether an
//   administrator changed it (who, when).
// - get(event, channel): one of them; 404 template_not_found for an unknown event or channel.
// - preview(event, channel, subject, text): the edit after sanitize() and check() (422 invalid_template with the
//   problems per field otherwise), rendered with sample values: subject, text, the e-mail's HTML body exactly as
//   the outbox would build it, and for SMS the text as the gateway gets it (without diacritics when configured),
//   its encoding and segment count. Nothing is stored.
// - save(event, channel, subject, text, who, ip): the same checks, then stored (one row per event and channel)
//   and audited (notify.template_save with the event and channel). reset(event, channel, who, ip): back to the
//   default (notify.template_reset); resetting a default is a no-op.
// Policy (deployment.admin) is the caller's.
#pragma once
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "services/audit/audit_log.h"
#include "services/notify/outbox.h"
#include "store/db.h"

namespace motcua::services::notify {

struct TemplateView {
  std::string event, event_label, group, channel, subject, text;
  bool required = false, custom = false;
  std::string updated_by;
  int64_t updated_at = 0;
};

struct TemplatePreview {
  std::string subject, text, html;
  std::string sms_text, sms_encoding;  // SMS only
  size_t sms_segments = 0;
};

class TemplatesService {
 public:
  TemplatesService(store::Db& db, const Outbox& outbox, AuditLog& audit, bool sms_ascii)
      : db_(db), outbox_(outbox), audit_(audit), sms_ascii_(sms_ascii) {}
  std::vector<TemplateView> list() const;
  TemplateView get(const std::string& event, const std::string& channel) const;
  TemplatePreview preview(const std::string& event, const std::string& channel, const std::string& subject, const std::string& text) const;
  TemplateView save(const std::string& event, const std::string& channel, const std::string& subject, const std::string& text,
                    const accounts::Principal& who, const std::string& ip) const;
  void reset(const std::string& event, const std::string& channel, const accounts::Principal& who, const std::string& ip) const;

 private:
  store::Db& db_;
  const Outbox& outbox_;
  AuditLog& audit_;
  bool sms_ascii_;
};

}  // namespace motcua::services::notify
