// One HTTP POST with libcurl for the outbox's HTTP channels (the SMS and Zalo gateways, the national
// portal). Connection-level failures, timeouts, HTTP 429 and 5xx are transient SendErrors (retry later);
// the caller decides what other statuses mean. Bodies are bounded (64 KiB of reply); headers are never
// logged (they carry tokens).
#pragma once
#include <string>
#include <vector>

#include "services/notify/channel.h"

namespace motcua::services::notify {

struct HttpReply {
  long status = 0;
  std::string body;
};

// POSTs `body` with `Content-Type: <content_type>` and the given header lines. `what` names the peer in
// error messages ("cổng gửi tin", "Cổng DVC quốc gia").
HttpReply http_post(const std::string& url, const std::vector<std::string>& header_lines, const std::string& body, const std::string& content_type,
                    long timeout_s, const std::string& what);

}  // namespace motcua::services::notify
