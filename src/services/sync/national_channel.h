// The national portal as an outbox channel ("national"; notify/channel.h): one payload row → one
// authenticated POST.
//
// Contract (the stand-in src/standins/national_portal.cpp speaks the same):
// - Token: client credentials — POST <token_url> `grant_type=client_credentials&client_id=…&client_secret=…`
//   (form-encoded) → {"access_token", "expires_in"}; the token is cached and fetched again a minute before it
//   expires, or at once when the portal answers 401 (then the payload is sent once more).
// - Payload: POST <url>/<service> (service = DongBoHoSoMC | CapNhatTienDoHoSoMC, from the row's event
//   "national.<service>") with `Authorization: Bearer <token>`, `X-Request-Id: <message id>` (the same for
//   every attempt of a row: the portal drops a replay) and the row's JSON body. 2xx with {"error_code": 0}
//   is accepted; 400/409/422 (the portal refuses the payload: schema, order) is permanent — the row is dead
//   and shows on the reconciliation page; 401 twice, 429, 5xx, timeouts, refused connections are transient.
// - The client secret and tokens are never logged.
#pragma once
#include <memory>
#include <string>

#include "services/notify/channel.h"

namespace motcua::services {

struct NationalEndpoint {
  std::string url;        // base, e.g. https://api.dichvucong.gov.vn/hoso (no trailing slash)
  std::string token_url;  // client-credentials token endpoint
  std::string client_id, client_secret;
  long timeout_s = 15;
};

std::unique_ptr<notify::Channel> make_national_channel(NationalEndpoint e);

}  // namespace motcua::services
