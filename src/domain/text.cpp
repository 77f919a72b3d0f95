#include "domain/text.h"

#include <algorithm>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace motcua::text {

bool valid_utf8(std::string_view s) {
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string nfc(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFCInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (U_FAILURE(err)) return std::string(s);
  if (norm->isNormalized(u, err) && U_SUCCESS(err)) {
    std::string out;
    u.toUTF8String(out);
    return out;
  }
  err = U_ZERO_ERROR;
  icu::UnicodeString r = norm->normalize(u, err);
  std::string out;
  (U_SUCCESS(err) ? r : u).toUTF8String(out);
  return out;
}

std::string fold(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString d = U_SUCCESS(err) ? nfd->normalize(u, err) : u;
  if (U_FAILURE(err)) d = u;
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111 || c == 0x0110) c = 'd';  // đ Đ
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(c));
      } else if (c >= 'A' && c <= 'Z') {
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      } else {
        space = true;
      }
    } else if (u_isalnum(c)) {
      // Non-Vietnamese letters keep their lower-case form.
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      icu::UnicodeString one(u_tolower(c));
      std::string tmp;
      one.toUTF8String(tmp);
      out += tmp;
    } else {
      space = true;
    }
  }
  return out;
}

std::string strip_diacritics(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString d = U_SUCCESS(err) ? nfd->normalize(u, err) : u;
  if (U_FAILURE(err)) d = u;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111) c = 'd';
    if (c == 0x0110) c = 'D';
    kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  return nfc(out);
}

std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string f = fold(s);
  size_t i = 0;
  while (i < f.size()) {
    size_t j = f.find(' ', i);
    if (j == std::string::npos) j = f.size();
    if (j > i) out.emplace_back(f.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string trim(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  int32_t b = 0, e = u.length();
  while (b < e && u_isUWhiteSpace(u.char32At(b))) b += U16_LENGTH(u.char32At(b));
  while (e > b) {
    UChar32 c = u.char32At(e - 1);
    if (!u_isUWhiteSpace(c)) break;
    e -= U16_LENGTH(c);
  }
  std::string out;
  u.tempSubStringBetween(b, e).toUTF8String(out);
  return out;
}

namespace {
// The first max_code_points code points of a valid UTF-8 string (never cuts inside a character).
std::string cut_code_points(std::string s, size_t max_code_points) {
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && ++cps > max_code_points) break;
  s.resize(i);
  return s;
}
}  // namespace

std::string file_name(std::string_view raw, size_t max_code_points) {
  std::string s = nfc(raw);
  size_t slash = s.find_last_of("/\\");
  if (slash != std::string::npos) s.erase(0, slash + 1);
  std::string out;
  for (unsigned char c : s)
    if (c >= 0x20 && c != 0x7f) out.push_back(static_cast<char>(c));
  return cut_code_points(trim(out), max_code_points);
}

std::string display_text(std::string_view raw, size_t max_code_points) {
  // Bound the work before normalizing: 4 bytes per code point is the UTF-8 maximum.
  std::string s = nfc(raw.substr(0, std::min(raw.size(), max_code_points * 4 + 16)));
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      out.push_back(' ');
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      out.push_back(' ');  // C1 control U+0080–U+009F
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return cut_code_points(trim(out), max_code_points);
}

size_t length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string mask_name(std::string_view full_in) {
  const std::string full(full_in);
  // "Nguyễn Văn An" → "Nguyễn V*** A***": family name kept, then initials.
  auto words = std::vector<std::string>{};
  std::string w;
  for (char ch : text::trim(full) + " ") {
    if (ch == ' ') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w.push_back(ch);
    }
  }
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += " ";
    if (i == 0) {
      out += words[i];
      continue;
    }
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(words[i]);
    std::string first;
    u.tempSubString(0, U16_IS_LEAD(u.charAt(0)) ? 2 : 1).toUTF8String(first);
    out += first + "***";
  }
  return out;
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace motcua::text
