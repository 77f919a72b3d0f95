// Webhooks as an outbox channel ("webhook"; notify/channel.h): one event row → one signed POST to the
// subscription's URL, looked up when it is sent (a disabled or deleted subscription refuses: permanent).
//
// Contract (what a receiver checks; the stand-in motcua-gateway does with --webhook-secret):
// - POST <url> with the event JSON and headers `X-Motcua-Event: <type>`, `X-Motcua-Delivery: <message id>` (the
//   same for every attempt: a receiver drops replays) and `X-Motcua-Signature: t=<unix seconds>,v1=<hex>` where
//   hex = HMAC-SHA256(secret, "<t>.<body>"); while a rotated secret is still live, one more `,v1=<hex>` signed
//   with it. A receiver accepts when any v1 matches (constant-time compare) and t is within 5 minutes of its clock.
// - 2xx is delivered; 410 Gone and other 4xx are permanent (dead); 408, 429, 5xx and network errors retry.
// - sign(secret, t, body) is exposed for receivers and tests. Secrets are never logged.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "services/notify/channel.h"
#include "services/webhooks/webhook_service.h"

namespace motcua::services {

std::string webhook_signature(const std::string& secret, int64_t unix_seconds, const std::string& body);
std::unique_ptr<notify::Channel> make_webhook_channel(std::function<std::optional<WebhookSecrets>(int64_t id)> lookup);

}  // namespace motcua::services
