// The demo SMS and Zalo messages (services/notify): reads the request log of the HTTP gateway stand-in
// (motcua-gateway, one JSON line per request; ./run keeps it in $MOTCUA_DATA/gateway/requests.jsonl) so an
// administrator sees the SMS and Zalo messages a citizen would get, beside the demo mailbox. Read-only.
//
// Contract
// - read_gateway_log(path, limit): the newest `limit` SMS and Zalo messages (newest first) with when, the channel
//   (SMS when the body has "to" and "text", Zalo when it has recipient.user_id and message.text), the recipient and
//   the text. Webhook and other requests, malformed lines and a missing file are skipped; only the last 1 MiB of
//   the file is read. Tokens recorded by the stand-in are never returned.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace motcua::services::notify {

struct GatewayMessage {
  int64_t at_ms = 0;  // when the stand-in received it (0 = unknown)
  std::string channel, to, text;
};

std::vector<GatewayMessage> read_gateway_log(const std::string& path, size_t limit = 50);

}  // namespace motcua::services::notify
