// The national portal as an outbox channel (see national_channel.h).
#include "services/sync/national_channel.h"

#include <nlohmann/json.hpp>

#include "services/notify/http_post.h"
#include "services/sync/client_credentials.h"

namespace motcua::services {

using nlohmann::json;
using notify::SendError;

namespace {

class NationalChannel final : public notify::Channel {
 public:
  explicit NationalChannel(NationalEndpoint e)
      : e_(std::move(e)), token_(e_.token_url, e_.client_id, e_.client_secret, e_.timeout_s, "Cổng DVC quốc gia") {}

  std::string send(const notify::Outgoing& m) override {
    auto dot = m.event.find('.');
    std::string service = dot == std::string::npos ? "" : m.event.substr(dot + 1);
    if (service != "DongBoHoSoMC" && service != "CapNhatTienDoHoSoMC") throw SendError("dịch vụ không hỗ trợ: " + m.event, true);
    for (int round = 0;; ++round) {
      std::string token = token_.token(round > 0);
      auto r = notify::http_post(e_.url + "/" + service, {"Authorization: Bearer " + token, "X-Request-Id: " + m.message_id()}, m.text, "application/json",
                                 e_.timeout_s, "Cổng DVC quốc gia");
      if (r.status == 401 && round == 0) continue;  // the token expired early or was revoked: once more with a new one
      if (r.status == 401) throw SendError("Cổng DVC quốc gia từ chối xác thực (401)", false);
      auto j = json::parse(r.body, nullptr, false);
      std::string detail = j.is_object() && j.contains("message") && j["message"].is_string() ? j["message"].get<std::string>() : r.body.substr(0, 300);
      if (r.status == 400 || r.status == 409 || r.status == 422)
        throw SendError("Cổng DVC quốc gia không nhận (HTTP " + std::to_string(r.status) + "): " + detail, true);
      if (r.status < 200 || r.status >= 300) throw SendError("Cổng DVC quốc gia trả về HTTP " + std::to_string(r.status) + ": " + detail, false);
      if (!j.is_object() || !j.contains("error_code") || j["error_code"] != 0) throw SendError("Cổng DVC quốc gia: phản hồi không hợp lệ: " + detail, false);
      return j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : m.message_id();
    }
  }

  std::string describe() const override { return "national:" + e_.url; }

 private:
  NationalEndpoint e_;
  ClientCredentials token_;
};

}  // namespace

std::unique_ptr<notify::Channel> make_national_channel(NationalEndpoint e) { return std::make_unique<NationalChannel>(std::move(e)); }

}  // namespace motcua::services
