// The demo mailbox (services/notify): reads the Maildir the SMTP stand-in writes (./run keeps it in
// $MOTCUA_DATA/mail), so an administrator sees the mail a citizen would get. Read-only.
//
// Contract
// - read_maildir(dir, limit): the newest `limit` messages of new/ and cur/ (newest first); headers
//   unfolded with RFC 2047 encoded words decoded (B and Q, UTF-8); the text/plain part decoded from
//   base64, quoted-printable or 7/8bit. A missing directory is an empty mailbox; an unreadable or
//   malformed file still lists with what could be read.
// - parse_mail(raw): the same for one message (LF or CRLF line endings).
#pragma once
#include <string>
#include <vector>

namespace motcua::services::notify {

struct MailView {
  std::string file, date, from, to, subject, message_id, text;
};

MailView parse_mail(const std::string& raw);
std::vector<MailView> read_maildir(const std::string& dir, size_t limit = 50);

}  // namespace motcua::services::notify
