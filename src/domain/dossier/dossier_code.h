// motcua::dossier — the dossier code (mã hồ sơ) `<agency identifier>-<yyMMdd>-<NNNN>`,
// e.g. `000.00.06.H56-231027-0361` (DOMAIN.md §3; TT 01/2018). Pure string work, no I/O.
//
// Contract
// - Agency identifier: 1–40 characters of [A-Za-z0-9._], first and last alphanumeric (so never a
//   '-', which separates the parts, and never blank). Case is kept as given.
// - Date: the reception date in local time (Asia/Ho_Chi_Minh), a valid civil date in 2000–2099,
//   written yyMMdd.
// - Sequence: the daily per-agency sequence 1–9999, zero-padded to 4 digits. The caller allocates it
//   (gapless, in the store); this module never derives it from anything.
// - format_code(agency, date, seq) throws DomainError:
//     seq > 9999                → conflict "dossier_sequence_exhausted" (the day's numbers are used up);
//     seq < 1, bad agency/date  → invalid  "dossier_code_invalid".
// - parse_code(s) returns the parts or nullopt when s is not exactly that shape (no trimming: spaces,
//   a wrong date like 230230, a non-digit, sequence 0000, a 3- or 5-digit sequence are all rejected).
//   The agency part is everything before the fixed 12-character tail "-yyMMdd-NNNN", so
//   format_code(*parse_code(s)) == s for every valid s, and parse_code(format_code(…)) round-trips.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar/date.h"

namespace motcua::dossier {

inline constexpr int kMaxDailySequence = 9999;

struct DossierCode {
  std::string agency;
  cal::Date date;
  int sequence = 0;
  friend bool operator==(const DossierCode&, const DossierCode&) = default;
};

bool is_valid_agency_identifier(std::string_view agency) noexcept;
std::string format_code(std::string_view agency, cal::Date date, int sequence);
inline std::string format_code(const DossierCode& c) { return format_code(c.agency, c.date, c.sequence); }
std::optional<DossierCode> parse_code(std::string_view code);
inline bool is_valid_code(std::string_view code) { return parse_code(code).has_value(); }
// A code as people type it (lower case, surrounding spaces, a trailing newline from a copy) → its canonical
// form: ASCII letters upper-cased, leading/trailing whitespace removed. Nothing else changes, so an invalid
// code stays invalid.
std::string normalize_code(std::string_view typed);

}  // namespace motcua::dossier
