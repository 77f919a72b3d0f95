// Per-client request rate limit (token bucket) and the client address behind a trusted reverse proxy.
//
// Contract:
//  - RateLimiter(rate, burst): each key (client IP) has a bucket of `burst` tokens refilled at `rate`
//    tokens per second; allow(key, now) takes one token or returns false (then retry_after_seconds(key,
//    now) says when one is back). rate <= 0 disables the limiter (allow always true). Thread-safe
//    (sharded mutexes); idle buckets (full again) are dropped when a shard grows past 4096 keys, so
//    memory stays bounded under address scans.
//  - client_ip(remote, x_forwarded_for, trusted): the socket peer unless it is one of the trusted proxies;
//    then the right-most X-Forwarded-For entry that is not itself a trusted proxy (entries further left
//    are client-controlled and never believed). Empty/garbage headers fall back to the peer.
#pragma once
#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace motcua::http {

class RateLimiter {
 public:
  RateLimiter(double rate_per_second, double burst) : rate_(rate_per_second), burst_(burst < 1 ? 1 : burst) {}
  bool enabled() const { return rate_ > 0; }
  bool allow(const std::string& key, int64_t now_ms);
  int retry_after_seconds(const std::string& key, int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  Shard& shard(const std::string& key);
  void refill(Bucket& b, int64_t now_ms) const;
  double rate_, burst_;
  std::array<Shard, 16> shards_;
};

std::string client_ip(const std::string& remote, std::string_view x_forwarded_for, const std::vector<std::string>& trusted);

}  // namespace motcua::http
