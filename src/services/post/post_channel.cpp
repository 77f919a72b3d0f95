// The post operator's order API as an outbox channel (see post_channel.h).
#include "services/post/post_channel.h"

#include <nlohmann/json.hpp>

#include "services/notify/http_post.h"

namespace motcua::services {

using nlohmann::json;
using notify::SendError;

namespace {

class PostChannel final : public notify::Channel {
 public:
  explicit PostChannel(PostEndpoint e) : e_(std::move(e)) {
    while (!e_.api_url.empty() && e_.api_url.back() == '/') e_.api_url.pop_back();
  }

  std::string send(const notify::Outgoing& m) override {
    if (m.event != "post.order") throw SendError("bưu điện: sự kiện không hỗ trợ: " + m.event, true);
    // 429, 5xx and transport failures are thrown by http_post as transient.
    auto r = notify::http_post(e_.api_url + "/orders", {"Authorization: Bearer " + e_.token, "Idempotency-Key: " + m.message_id()}, m.text,
                               "application/json", e_.timeout_s, "Bưu điện (API đặt đơn)");
    auto j = json::parse(r.body, nullptr, false);
    auto field = [&](const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
    if ((r.status >= 200 && r.status < 300) || r.status == 409) {
      std::string id = field("order_id");
      return id.empty() ? m.key : id;
    }
    std::string detail = field("message");
    if (detail.empty()) detail = r.body.substr(0, 300);
    if (r.status == 408) throw SendError("Bưu điện hết thời gian chờ (HTTP 408)", false);
    throw SendError("Bưu điện không nhận đơn (HTTP " + std::to_string(r.status) + "): " + detail, true);
  }

  std::string describe() const override { return "post:" + e_.api_url; }

 private:
  PostEndpoint e_;
};

}  // namespace

std::unique_ptr<notify::Channel> make_post_channel(PostEndpoint e) { return std::make_unique<PostChannel>(std::move(e)); }

}  // namespace motcua::services
