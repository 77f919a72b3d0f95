#include "domain/place_match.h"

#include "domain/text.h"

namespace motcua::place {
namespace {

// The folded place name without the body's title: "Ủy ban nhân dân thị trấn Bến Sung" → "thi tran ben sung".
std::string place_of(const std::string& agency_name) {
  std::string f = text::fold(agency_name);
  for (const char* p : {"uy ban nhan dan ", "ubnd "})
    if (f.rfind(p, 0) == 0) return f.substr(std::string(p).size());
  return f;
}

// The name alone, without its unit word ("thi tran ben sung" → "ben sung"), and the unit's abbreviation ("tt").
struct Unit {
  const char* word;
  const char* abbrev;
};
const Unit kUnits[] = {{"thi tran ", "tt "}, {"thi xa ", "tx "}, {"thanh pho ", "tp "}, {"phuong ", "p "}, {"xa ", "x "},
                       {"huyen ", "h "},     {"quan ", "q "},     {"tinh ", "t "}};

bool has_words(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return false;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
    bool left = at == 0 || hay[at - 1] == ' ';
    bool right = at + needle.size() == hay.size() || hay[at + needle.size()] == ' ';
    if (left && right) return true;
  }
  return false;
}

// 2: the full place ("thi tran ben sung") or its abbreviation ("tt ben sung"); 1: the bare name ("ben sung"); 0: absent.
int match(const std::string& address, const std::string& place) {
  if (has_words(address, place)) return 2;
  for (const auto& u : kUnits)
    if (place.rfind(u.word, 0) == 0) {
      std::string bare = place.substr(std::string(u.word).size());
      if (has_words(address, u.abbrev + bare)) return 2;
      return has_words(address, bare) ? 1 : 0;
    }
  return 0;
}

}  // namespace

std::string agency_for_address(std::string_view address, const std::vector<Candidate>& candidates) {
  // Punctuation ("Số 12, khu phố 2, thị trấn Bến Sung") becomes spaces in the folded text.
  const std::string a = text::fold(address);
  if (a.empty()) return "";
  std::string best;
  int best_score = 0;
  bool tie = false;
  for (const auto& c : candidates) {
    if (c.names.empty()) continue;
    int own = match(a, place_of(c.names[0]));
    if (!own) continue;
    int score = own * 10;
    for (size_t i = 1; i < c.names.size(); ++i) score += match(a, place_of(c.names[i]));
    if (score > best_score) best = c.code, best_score = score, tie = false;
    else if (score == best_score) tie = true;
  }
  return tie ? "" : best;
}

}  // namespace motcua::place
