#include "domain/dossier/search.h"

#include "domain/text.h"

namespace motcua::dossier {

namespace {
// Digits only; an international "+84…" / "84…" mobile number as the national "0…".
std::string phone_digits(std::string_view phone) {
  std::string d;
  for (char c : phone)
    if (c >= '0' && c <= '9') d.push_back(c);
  if (d.size() == 11 && d.compare(0, 2, "84") == 0) d = "0" + d.substr(2);
  return d;
}
}  // namespace

std::string applicant_search_key(std::string_view name, std::string_view id_number, std::string_view phone) {
  std::string key;
  for (const std::string& part : {text::fold(name), text::fold(id_number), phone_digits(phone)})
    if (!part.empty()) key += " " + part;
  return key;
}

std::vector<std::string> search_tokens(std::string_view q) {
  std::vector<std::string> out;
  for (std::string t : text::tokens(q)) {
    if (out.size() == kMaxSearchTokens) break;
    if (t.size() > kMaxSearchTokenBytes) {
      size_t n = kMaxSearchTokenBytes;
      while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;  // never inside a character
      t.resize(n);
    }
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace motcua::dossier
