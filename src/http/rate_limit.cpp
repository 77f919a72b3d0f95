#include "http/rate_limit.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

namespace motcua::http {

RateLimiter::Shard& RateLimiter::shard(const std::string& key) { return shards_[std::hash<std::string>{}(key) % shards_.size()]; }

void RateLimiter::refill(Bucket& b, int64_t now_ms) const {
  if (now_ms > b.at_ms) b.tokens = std::min(burst_, b.tokens + rate_ * static_cast<double>(now_ms - b.at_ms) / 1000.0);
  b.at_ms = std::max(b.at_ms, now_ms);
}

bool RateLimiter::allow(const std::string& key, int64_t now_ms) {
  if (!enabled()) return true;
  Shard& s = shard(key);
  std::lock_guard lk(s.mu);
  if (s.buckets.size() > 4096)
    std::erase_if(s.buckets, [&](const auto& kv) {
      Bucket b = kv.second;
      refill(b, now_ms);
      return b.tokens >= burst_;
    });
  auto [it, fresh] = s.buckets.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) refill(b, now_ms);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

int RateLimiter::retry_after_seconds(const std::string& key, int64_t now_ms) {
  if (!enabled()) return 0;
  Shard& s = shard(key);
  std::lock_guard lk(s.mu);
  auto it = s.buckets.find(key);
  if (it == s.buckets.end()) return 0;
  refill(it->second, now_ms);
  double missing = 1 - it->second.tokens;
  return missing <= 0 ? 0 : static_cast<int>(std::ceil(missing / rate_));
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
bool plausible_ip(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':'; });
}
}  // namespace

std::string client_ip(const std::string& remote, std::string_view xff, const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view ip) { return std::find(trusted.begin(), trusted.end(), ip) != trusted.end(); };
  if (!is_trusted(remote)) return remote;
  // Walk from the right: the last hop was added by our proxy.
  while (!xff.empty()) {
    auto comma = xff.rfind(',');
    std::string_view entry = trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
    xff = comma == std::string_view::npos ? std::string_view() : xff.substr(0, comma);
    if (!plausible_ip(entry)) return remote;
    if (!is_trusted(entry)) return std::string(entry);
  }
  return remote;
}

}  // namespace motcua::http
