// Client-credentials tokens for the national platforms (see client_credentials.h).
#include "services/sync/client_credentials.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "services/notify/http_post.h"

namespace motcua::services {

namespace {

std::string form_escape(const std::string& s) {
  std::unique_ptr<char, decltype(&curl_free)> e(curl_easy_escape(nullptr, s.c_str(), static_cast<int>(s.size())), curl_free);
  return e ? std::string(e.get()) : std::string();
}

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string ClientCredentials::token(bool renew) {
  std::lock_guard lk(mu_);
  if (!renew && !token_.empty() && steady_ms() < expires_at_) return token_;
  std::string body = "grant_type=client_credentials&client_id=" + form_escape(id_) + "&client_secret=" + form_escape(secret_);
  auto r = notify::http_post(url_, {}, body, "application/x-www-form-urlencoded", timeout_s_, peer_ + " (cấp token)");
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || !j.is_object() || !j.contains("access_token") || !j["access_token"].is_string())
    throw notify::SendError(peer_ + " không cấp token (HTTP " + std::to_string(r.status) + ")", false);
  token_ = j["access_token"].get<std::string>();
  int64_t ttl = j.contains("expires_in") && j["expires_in"].is_number_integer() ? j["expires_in"].get<int64_t>() : 300;
  expires_at_ = steady_ms() + std::max<int64_t>(ttl - 60, 1) * 1000;
  return token_;
}

}  // namespace motcua::services
