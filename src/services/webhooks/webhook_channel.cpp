// Webhooks as an outbox channel (see webhook_channel.h).
#include "services/webhooks/webhook_channel.h"

#include <openssl/evp.h>

#include "domain/format.h"
#include "services/notify/http_post.h"

namespace motcua::services {

std::string webhook_signature(const std::string& secret, int64_t t, const std::string& body) {
  std::string msg = std::to_string(t) + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.data(), secret.size(), reinterpret_cast<const unsigned char*>(msg.data()),
                 msg.size(), mac, sizeof mac, &len))
    throw notify::SendError("không tính được chữ ký HMAC", false);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < len; ++i) out += hex[mac[i] >> 4], out += hex[mac[i] & 15];
  return out;
}

namespace {

class WebhookChannel final : public notify::Channel {
 public:
  explicit WebhookChannel(std::function<std::optional<WebhookSecrets>(int64_t)> lookup) : lookup_(std::move(lookup)) {}

  std::string send(const notify::Outgoing& m) override {
    int64_t id = 0;
    try {
      id = m.recipient.rfind("webhook:", 0) == 0 ? std::stoll(m.recipient.substr(8)) : 0;
    } catch (...) {
      id = 0;
    }
    auto s = id ? lookup_(id) : std::nullopt;
    if (!s) throw notify::SendError("đăng ký webhook không còn tồn tại", true);
    if (!s->active) throw notify::SendError("đăng ký webhook đã tắt", true);
    int64_t now = fmt::now_ms();
    int64_t t = now / 1000;
    std::string sig = "t=" + std::to_string(t) + ",v1=" + webhook_signature(s->secret, t, m.text);
    if (!s->previous_secret.empty() && s->previous_until > now) sig += ",v1=" + webhook_signature(s->previous_secret, t, m.text);
    auto r = notify::http_post(s->url, {"X-Motcua-Event: " + m.event, "X-Motcua-Delivery: " + m.message_id(), "X-Motcua-Signature: " + sig,
                                        "User-Agent: motcua-webhook/1"},
                               m.text, "application/json", 15, "webhook");
    if (r.status >= 200 && r.status < 300) return m.message_id();
    if (r.status == 408) throw notify::SendError("webhook: HTTP 408", false);
    throw notify::SendError("webhook bị từ chối: HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200), true);
  }
  std::string describe() const override { return "webhook: theo từng đăng ký"; }

 private:
  std::function<std::optional<WebhookSecrets>(int64_t)> lookup_;
};

}  // namespace

std::unique_ptr<notify::Channel> make_webhook_channel(std::function<std::optional<WebhookSecrets>(int64_t)> lookup) {
  return std::make_unique<WebhookChannel>(std::move(lookup));
}

}  // namespace motcua::services
