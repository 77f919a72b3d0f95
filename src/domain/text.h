// Vietnamese text handling used everywhere input meets storage or search.
//
// Contract:
//  - nfc(s): returns s in Unicode NFC; invalid UTF-8 sequences are replaced by U+FFFD. All text the
//    system stores goes through nfc() first.
//  - valid_utf8(s): true when s is well-formed UTF-8.
//  - fold(s): search key — NFD, combining marks removed, đ/Đ → d, lower-cased ASCII, every run of
//    characters that are not letters or digits becomes one space, trimmed. "Đăng ký Khai sinh" and
//    "dang ky khai sinh" fold to the same "dang ky khai sinh". Thread-safe.
//  - tokens(s): fold(s) split on spaces.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace motcua::text {

bool valid_utf8(std::string_view s);
std::string nfc(std::string_view s);
std::string fold(std::string_view s);
std::vector<std::string> tokens(std::string_view s);
// Trim ASCII and Unicode whitespace from both ends.
std::string trim(std::string_view s);
// Vietnamese without diacritics, case and punctuation kept ("Đăng ký" → "Dang ky"): NFD, combining marks
// removed, đ/Đ → d/D, then NFC. For channels that need it (SMS gateways); not a search key (that is fold).
std::string strip_diacritics(std::string_view s);
// Number of Unicode code points (for length limits that users understand).
size_t length(std::string_view s);
// A user-supplied file name made safe to store and show: last path component only, NFC, control
// characters removed, trimmed, at most max_code_points code points.
std::string file_name(std::string_view raw, size_t max_code_points = 255);
// Client-supplied text shown back to people (User-Agent, …): invalid UTF-8 sequences replaced by U+FFFD,
// NFC, every control character (C0, DEL, C1) replaced by a space, trimmed, at most max_code_points code
// points (cut on a code point boundary). The result is always valid UTF-8 without control characters.
std::string display_text(std::string_view raw, size_t max_code_points);
// A person's name shown to the public (lookup, payment and verification pages): the family name kept, then
// initials — "Nguyễn Văn An" → "Nguyễn V*** A***".
std::string mask_name(std::string_view full_name);
// Text for HTML element content and quoted attribute values: & < > " ' as entities, everything else as is.
std::string escape_html(std::string_view s);

}  // namespace motcua::text
