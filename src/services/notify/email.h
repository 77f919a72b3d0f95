// E-mail over SMTP / SMTPS / STARTTLS with libcurl (a Channel, see channel.h), and the message format.
//
// Contract
// - build_email(): an RFC 5322 message in UTF-8 — Subject and the sender's display name as RFC 2047
//   encoded words (B, split at character boundaries, ≤ 75 characters each) when not plain ASCII;
//   multipart/alternative with text/plain then text/html, each base64 (76-character lines); Message-ID
//   from the idempotency key (Outgoing::message_id(), the same for every attempt); Date in UTC. CR/LF in
//   the subject become spaces; a recipient with CR, LF, '<' or '>' is refused (permanent SendError).
// - The channel: one SMTP transaction per message (MAIL FROM, RCPT TO, DATA). Failures: a 5xx reply is
//   permanent; a 4xx reply, connection or timeout errors are transient. The password is never logged
//   (describe() shows the URL without credentials).
#pragma once
#include <memory>
#include <string>

#include "services/notify/channel.h"

namespace motcua::services::notify {

struct EmailConfig {
  std::string url;        // smtp://host:port, smtps://host:port
  std::string from;       // address
  std::string from_name;  // display name (UTF-8)
  std::string user, password;
  bool starttls = false;  // require STARTTLS on smtp://
  long timeout_s = 20;
};

std::string encode_header_words(const std::string& utf8);
std::string build_email(const Outgoing& m, const std::string& from, const std::string& from_name, int64_t now_ms);
std::unique_ptr<Channel> make_smtp_channel(EmailConfig cfg);

}  // namespace motcua::services::notify
