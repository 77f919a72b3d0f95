// The post operator's order API (BCCI / VNPost) as an outbox channel ("post"; notify/channel.h): one order row
// → one authenticated POST. The rows are written by PostService (post_service.h) in the transaction that creates
// the shipment, so a committed shipment always reaches the operator and a rolled-back one never does.
//
// Contract (the stand-in src/standins/bcci/ speaks the same):
// - POST <api_url>/orders with `Authorization: Bearer <token>`, `Idempotency-Key: <message id>` (the same for
//   every attempt of a row: sha256 of the row's key, the tracking number) and the row's JSON body (the order:
//   tracking_no, kind, sender, receiver, time_window, dossier_code, cod, created_at; post_service.h).
// - 2xx → sent; the operator's `order_id` from the answer becomes the row's provider id.
// - 409 → sent as well: the operator already has an order for that tracking number (tracking numbers are
//   motcua's, so it is ours — a replay after a crash between the send and its bookkeeping); its `order_id` is
//   taken when the answer names it.
// - 408, 429, 5xx, timeouts, refused connections → transient (retried with backoff); any other 4xx (401 wrong
//   token, 422 an order the operator refuses) → permanent: the row is dead and shows on /quan-tri/thu-gui.
// - The token is never logged; describe() shows the URL only.
#pragma once
#include <memory>
#include <string>

#include "services/notify/channel.h"

namespace motcua::services {

struct PostEndpoint {
  std::string api_url;  // base, e.g. https://api.bcci.vnpost.vn/v1 (no trailing slash)
  std::string token;    // bearer token (never logged)
  long timeout_s = 15;
};

std::unique_ptr<notify::Channel> make_post_channel(PostEndpoint e);

}  // namespace motcua::services
