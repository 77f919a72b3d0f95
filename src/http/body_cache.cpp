#include "http/body_cache.h"

#include <cstdio>

namespace motcua::http {

std::shared_ptr<const EncodedBody> BodyCache::get(const std::string& key) {
  std::lock_guard lk(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  if (it->second != lru_.begin()) lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void BodyCache::put(const std::string& key, std::shared_ptr<const EncodedBody> value) {
  if (!value) return;
  Item item{key, std::move(value)};
  size_t c = cost(item);
  std::lock_guard lk(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= cost(*it->second);
    lru_.erase(it->second);
    index_.erase(it);
  }
  if (c > max_bytes_ / 8) return;
  evict_to(max_bytes_ - c);
  lru_.push_front(std::move(item));
  index_.emplace(key, lru_.begin());
  bytes_ += c;
}

void BodyCache::evict_to(size_t bound) {
  while (bytes_ > bound && !lru_.empty()) {
    bytes_ -= cost(lru_.back());
    index_.erase(lru_.back().first);
    lru_.pop_back();
    ++evictions_;
  }
}

void BodyCache::clear() {
  std::lock_guard lk(mu_);
  evict_to(0);
}

void BodyCache::advance(uint64_t generation) {
  std::lock_guard lk(mu_);
  if (generation <= generation_) return;
  if (generation_ != 0) evict_to(0);
  generation_ = generation;
}

BodyCache::Stats BodyCache::stats() const {
  std::lock_guard lk(mu_);
  return {hits_, misses_, evictions_, bytes_, lru_.size(), max_bytes_};
}

std::string BodyCache::metrics_text() const {
  Stats s = stats();
  char ratio[32];
  std::snprintf(ratio, sizeof ratio, "%.4f", s.hits + s.misses ? static_cast<double>(s.hits) / static_cast<double>(s.hits + s.misses) : 0.0);
  auto line = [](const char* name, const char* type, const char* help, const std::string& v) {
    return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " + v + "\n";
  };
  return line("motcua_page_cache_hits_total", "counter", "Public pages served from the cache of rendered bodies.", std::to_string(s.hits)) +
         line("motcua_page_cache_misses_total", "counter", "Public pages rendered because the cache had no body for them.", std::to_string(s.misses)) +
         line("motcua_page_cache_evictions_total", "counter", "Bodies dropped to stay within the bound (or on a catalog change).", std::to_string(s.evictions)) +
         line("motcua_page_cache_bytes", "gauge", "Bytes held by the page cache (all encodings, keys, overhead).", std::to_string(s.bytes)) +
         line("motcua_page_cache_entries", "gauge", "Bodies held by the page cache.", std::to_string(s.entries)) +
         line("motcua_page_cache_max_bytes", "gauge", "The page cache's bound in bytes.", std::to_string(s.max_bytes)) +
         line("motcua_page_cache_hit_ratio", "gauge", "Hits / (hits + misses) since start.", ratio);
}

}  // namespace motcua::http
