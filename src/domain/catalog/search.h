// Diacritic-insensitive ranked search over procedures (pure, in memory).
//
// Matching: the query is folded (text::fold: no diacritics, đ→d, lower case) and split into tokens;
// every query token must equal or be a prefix of some token of the entry (name tokens or the entry's
// other searchable text: code, field, competent agency, result). An exact code query matches that code.
// Ranking (higher first): exact code; the whole folded query as a phrase at the start of the name, then
// inside the name; per-token matches in the name (exact > prefix) over matches elsewhere; then shorter
// names; ties keep the index order. "dang ky khai sinh" finds "Đăng ký khai sinh"; "ket hon" finds
// "Đăng ký kết hôn".
#pragma once
#include <string>
#include <vector>

namespace motcua::catalog {

struct SearchDoc {
  std::string code;
  std::string name;
  std::string other;  // any further searchable text
};

class SearchIndex {
 public:
  // Entries keep the position they were added at (the id returned by add()).
  size_t add(const SearchDoc& d);
  // Returns the positions of matching entries, best first. An empty query matches everything in index
  // order with score 0.
  struct Hit {
    size_t pos;
    double score;
  };
  std::vector<Hit> search(const std::string& query) const;
  // Score of one entry for a prepared query (used by search and tests); < 0 means no match.
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string code;
    std::string folded_name;
    std::vector<std::string> name_tokens;   // sorted, unique
    std::vector<std::string> other_tokens;  // sorted, unique
    size_t name_len;
  };
  double score(const Entry& e, const std::string& phrase, const std::vector<std::string>& q, const std::string& raw) const;
  std::vector<Entry> entries_;
};

}  // namespace motcua::catalog
