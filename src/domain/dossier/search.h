// motcua::dossier — the staff search key of a dossier's applicant and the tokens of a typed query (issues 14, 15).
// Pure string work over text::fold (the catalog search's folding), no I/O.
//
// Contract
// - applicant_search_key(name, id_number, phone): what the index holds (dossiers.applicant_search, migration 28):
//   " " + the folded words of the name, the identification number (CCCD / CMND / tax code) and the phone, each
//   folded the same way, one space between words — "Nguyễn Văn An", "038090012345", "0912 345 678" →
//   " nguyen van an 038090012345 0912345678". The phone is its digits only ("+84 912…" → "0912…"), so it is one
//   word. The leading space lets a LIKE '% word%' match a word's start exactly (PostgreSQL); FTS5 ignores it.
// - search_tokens(q): the query's folded words ([a-z0-9] for Vietnamese; other scripts' letters as text::fold
//   keeps them), never anything else — quotes, '*', '-', parentheses, NEAR/AND/OR as syntax, control characters
//   and invalid UTF-8 all fold to separators — so a token is safe to quote into an FTS5 string or a LIKE pattern.
//   At most kMaxSearchTokens tokens (the first ones), each cut to kMaxSearchTokenBytes on a character boundary;
//   empty when nothing searchable remains. A dossier matches when every token starts one of its key's words.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::dossier {

inline constexpr size_t kMaxSearchTokens = 8;
inline constexpr size_t kMaxSearchTokenBytes = 40;

std::string applicant_search_key(std::string_view name, std::string_view id_number, std::string_view phone);
std::vector<std::string> search_tokens(std::string_view q);

}  // namespace motcua::dossier
