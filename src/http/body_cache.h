// A bounded cache of ready response bodies (http/encoded_body), least recently used first out, bounded by the
// bytes it holds (every representation, the key and a fixed overhead per entry). The owner chooses keys that
// name everything a body depends on (web/page_cache: the catalog revision, the path, the normalized query, the
// audience); an entry larger than an eighth of the bound is not kept. Thread-safe (one mutex); values are shared
// and immutable, so a reader keeps its body while another thread evicts it.
// metrics_text() renders the counters for /metrics: motcua_page_cache_{hits,misses,evictions}_total,
// _bytes, _entries, _max_bytes and _hit_ratio (since start).
#pragma once
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "http/encoded_body.h"

namespace motcua::http {

class BodyCache {
 public:
  explicit BodyCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  // The entry, or null (counted as a hit or a miss).
  std::shared_ptr<const EncodedBody> get(const std::string& key);
  // Stores (or replaces) the entry and evicts the least recently used ones beyond the bound.
  void put(const std::string& key, std::shared_ptr<const EncodedBody> value);
  void clear();  // drops every entry (counted as evictions)
  // The owner's measure of its dependencies, growing as they change: when it grows past the last one seen, every
  // entry is dropped (their keys can no longer be asked for). Keys alone keep answers right; this frees memory early.
  void advance(uint64_t generation);

  struct Stats {
    uint64_t hits = 0, misses = 0, evictions = 0;
    size_t bytes = 0, entries = 0, max_bytes = 0;
  };
  Stats stats() const;
  std::string metrics_text() const;

 private:
  using Item = std::pair<std::string, std::shared_ptr<const EncodedBody>>;
  static size_t cost(const Item& it) { return it.first.size() + it.second->size() + 96; }
  void evict_to(size_t bound);  // with mu_ held
  mutable std::mutex mu_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  std::list<Item> lru_;  // front = most recently used
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
  uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace motcua::http
