#include "domain/dossier/dossier_code.h"

#include "domain/errors.h"

namespace motcua::dossier {
namespace {

constexpr std::size_t kMaxAgencyLength = 40;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alnum(char c) noexcept { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Parses exactly n ASCII digits; -1 if any is not a digit.
int digits(std::string_view s) noexcept {
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

void put2(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10 % 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

[[noreturn]] void invalid(const std::string& message) {
  throw DomainError(ErrorKind::invalid, "dossier_code_invalid", message);
}

}  // namespace

bool is_valid_agency_identifier(std::string_view a) noexcept {
  if (a.empty() || a.size() > kMaxAgencyLength) return false;
  if (!is_alnum(a.front()) || !is_alnum(a.back())) return false;
  for (char c : a)
    if (!is_alnum(c) && c != '.' && c != '_') return false;
  return true;
}

std::string format_code(std::string_view agency, cal::Date date, int sequence) {
  if (sequence > kMaxDailySequence)
    throw DomainError(ErrorKind::conflict, "dossier_sequence_exhausted",
                      "Đã hết số thứ tự hồ sơ trong ngày của cơ quan " + std::string(agency) + " (tối đa " +
                          std::to_string(kMaxDailySequence) + " hồ sơ/ngày).");
  if (sequence < 1) invalid("Số thứ tự hồ sơ phải từ 1 đến 9999.");
  if (!is_valid_agency_identifier(agency)) invalid("Mã định danh cơ quan không hợp lệ: \"" + std::string(agency) + "\".");
  if (!cal::is_valid(date) || date.year < 2000 || date.year > 2099) invalid("Ngày tiếp nhận không hợp lệ.");

  std::string out;
  out.reserve(agency.size() + 12);
  out.append(agency);
  out.push_back('-');
  put2(out, date.year % 100);
  put2(out, date.month);
  put2(out, date.day);
  out.push_back('-');
  put2(out, sequence / 100);
  put2(out, sequence % 100);
  return out;
}

std::optional<DossierCode> parse_code(std::string_view s) {
  // <agency>-yyMMdd-NNNN: the tail is fixed width (12 characters including both '-').
  constexpr std::size_t kTail = 1 + 6 + 1 + 4;
  if (s.size() <= kTail) return std::nullopt;
  const std::string_view agency = s.substr(0, s.size() - kTail);
  const std::string_view tail = s.substr(s.size() - kTail);
  if (tail[0] != '-' || tail[7] != '-') return std::nullopt;
  if (!is_valid_agency_identifier(agency)) return std::nullopt;
  const int yy = digits(tail.substr(1, 2)), mm = digits(tail.substr(3, 2)), dd = digits(tail.substr(5, 2));
  const int seq = digits(tail.substr(8, 4));
  if (yy < 0 || mm < 0 || dd < 0 || seq < 1) return std::nullopt;
  const cal::Date date{2000 + yy, mm, dd};
  if (!cal::is_valid(date)) return std::nullopt;
  return DossierCode{std::string(agency), date, seq};
}

std::string normalize_code(std::string_view typed) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!typed.empty() && space(typed.front())) typed.remove_prefix(1);
  while (!typed.empty() && space(typed.back())) typed.remove_suffix(1);
  std::string out(typed);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace motcua::dossier
