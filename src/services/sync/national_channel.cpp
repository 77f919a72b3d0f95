// The national portal as an outbox channel (see national_channel.h).
#include "services/sync/national_channel.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>

#include "services/notify/http_post.h"

namespace motcua::services {

using nlohmann::json;
using notify::SendError;

namespace {

std::string form_escape(const std::string& s) {
  std::unique_ptr<char, decltype(&curl_free)> e(curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size())), curl_free);
  return e ? std::string(e.get()) : std::string();
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

class NationalChannel final : public notify::Channel {
 public:
  explicit NationalChannel(NationalEndpoint e) : e_(std::move(e)) {}

  std::string send(const notify::Outgoing& m) override {
    auto dot = m.event.find('.');
    std::string service = dot == std::string::npos ? "" : m.event.substr(dot + 1);
    if (service != "DongBoHoSoMC" && service != "CapNhatTienDoHoSoMC") throw SendError("dịch vụ không hỗ trợ: " + m.event, true);
    for (int round = 0;; ++round) {
      std::string token = this->token(round > 0);
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
  std::string token(bool renew) {
    std::lock_guard lk(mu_);
    if (!renew && !token_.empty() && steady_ms() < expires_at_) return token_;
    std::string body = "grant_type=client_credentials&client_id=" + form_escape(e_.client_id) + "&client_secret=" + form_escape(e_.client_secret);
    auto r = notify::http_post(e_.token_url, {}, body, "application/x-www-form-urlencoded", e_.timeout_s, "Cổng DVC quốc gia (cấp token)");
    auto j = json::parse(r.body, nullptr, false);
    if (r.status != 200 || !j.is_object() || !j.contains("access_token") || !j["access_token"].is_string())
      throw SendError("Cổng DVC quốc gia không cấp token (HTTP " + std::to_string(r.status) + ")", false);
    token_ = j["access_token"].get<std::string>();
    int64_t ttl = j.contains("expires_in") && j["expires_in"].is_number_integer() ? j["expires_in"].get<int64_t>() : 300;
    expires_at_ = steady_ms() + std::max<int64_t>(ttl - 60, 1) * 1000;
    return token_;
  }

  NationalEndpoint e_;
  std::mutex mu_;
  std::string token_;
  int64_t expires_at_ = 0;
};

}  // namespace

std::unique_ptr<notify::Channel> make_national_channel(NationalEndpoint e) { return std::make_unique<NationalChannel>(std::move(e)); }

}  // namespace motcua::services
