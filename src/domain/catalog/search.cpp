#include "domain/catalog/search.h"

#include <algorithm>

#include "domain/text.h"

namespace motcua::catalog {
namespace {

std::vector<std::string> sorted_unique(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// 2 = exact token, 1 = prefix of a token, 0 = none
int lookup(const std::vector<std::string>& sorted, const std::string& t) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), t);
  if (it == sorted.end()) return 0;
  if (*it == t) return 2;
  if (it->compare(0, t.size(), t) == 0) return 1;
  return 0;
}

}  // namespace

size_t SearchIndex::add(const SearchDoc& d) {
  Entry e;
  e.code = d.code;
  e.folded_name = text::fold(d.name);
  e.name_tokens = sorted_unique(text::tokens(d.name));
  auto other = text::tokens(d.other + " " + d.code);
  other.push_back(d.code);
  e.other_tokens = sorted_unique(std::move(other));
  e.name_len = e.folded_name.size();
  entries_.push_back(std::move(e));
  return entries_.size() - 1;
}

double SearchIndex::score(const Entry& e, const std::string& phrase, const std::vector<std::string>& q,
                          const std::string& raw) const {
  if (!raw.empty() && raw == e.code) return 1000.0;
  double s = 0;
  for (const auto& t : q) {
    int n = lookup(e.name_tokens, t);
    if (n == 2) s += 3;
    else if (n == 1) s += 2;
    else {
      int o = lookup(e.other_tokens, t);
      if (o == 0) return -1;
      s += o == 2 ? 1 : 0.5;
    }
  }
  if (!phrase.empty()) {
    size_t p = e.folded_name.find(phrase);
    if (p == 0) s += 20;
    else if (p != std::string::npos && e.folded_name[p - 1] == ' ') s += 10;
  }
  s -= static_cast<double>(e.name_len) * 0.001;
  return s;
}

std::vector<SearchIndex::Hit> SearchIndex::search(const std::string& query) const {
  std::vector<Hit> hits;
  std::string raw = text::trim(query);
  auto q = text::tokens(raw);
  if (q.empty()) {
    hits.reserve(entries_.size());
    for (size_t i = 0; i < entries_.size(); ++i) hits.push_back({i, 0});
    return hits;
  }
  std::string phrase = text::fold(raw);
  for (size_t i = 0; i < entries_.size(); ++i) {
    double s = score(entries_[i], phrase, q, raw);
    if (s >= 0) hits.push_back({i, s});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
  return hits;
}

}  // namespace motcua::catalog
