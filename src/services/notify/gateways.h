// SMS and Zalo through HTTP gateways (Channels, see channel.h).
//
// Contract
// - SMS (the JSON shape of Vietnamese brandname gateways): POST <url> with `Authorization: Bearer
//   <token>` and {"to", "text", "brandname", "request_id", "encoding", "segments"}; the text is stripped
//   of diacritics when `ascii` is set (most brandname routes), and its encoding and segment count are
//   computed before sending (domain/notify/sms.h). A reply {"id": …} gives the provider id.
// - Zalo (the Official Account message API shape): POST <url> with header `access_token: <token>` and
//   {"recipient":{"user_id"},"message":{"text"}}; the reply {"error":0,"data":{"message_id"}} is success,
//   a non-zero error is a failure (token errors −216/−124 transient, others permanent).
// - Both send `X-Request-Id: <Outgoing::message_id()>` so a gateway (and the stand-in) can recognise a
//   resend. HTTP 429 / 5xx / connection errors are transient, other 4xx permanent. Tokens are never logged.
#pragma once
#include <memory>
#include <string>

#include "services/notify/channel.h"

namespace motcua::services::notify {

struct GatewayConfig {
  std::string url, token;
  std::string brandname;  // SMS sender name
  bool ascii = true;      // SMS: strip Vietnamese diacritics
  long timeout_s = 15;
};

std::unique_ptr<Channel> make_sms_channel(GatewayConfig cfg);
std::unique_ptr<Channel> make_zalo_channel(GatewayConfig cfg);

}  // namespace motcua::services::notify
