// Satisfaction ratings (đánh giá mức độ hài lòng; R37, DOMAIN §5) — pure rules.
//
// Contract
// - questions(): the citizen-facing questions of the 9-indicator tool (indicators 1, 2, 3, 4, 6, 7), each with its
//   options worth 2 / 1 / 0 points, in the order pages show them; overall(): Rất hài lòng / Hài lòng / Không hài
//   lòng. Every question and the overall answer are required; a comment is optional (≤ 1,000 characters).
// - check(overall, answers, comment): the problems per field in Vietnamese (unknown option, missing answer, a
//   question that does not exist, comment too long); empty = valid.
// - may_rate(status, first_rated_at, now): a dossier is rated once its result was returned (status
//   10); the rating can be changed for 7 days (kChangeDays × 24 h) after it was first given. The reason when not.
// - rating_code(secret_material): the short code printed on the receipt for rating without signing in (kiosk, QR):
//   6 digits from SHA-256 of the dossier's unguessable public id (the caller hashes; this formats).
// - satisfaction(resolved, late, unsatisfied): QĐ 766's 100 % − (late rate + share rated "Không hài lòng"), never
//   below 0; nullopt (N/A) when nothing was resolved. score(rate) = min(18, rate × 18 ÷ 90): full points at ≥ 90 %.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::ratings {

inline constexpr int kChangeDays = 7;

struct Option {
  std::string_view value, label;
  int points = 0;
};
struct Question {
  std::string_view id;        // "q1" … indicator number
  int indicator = 0;
  std::string_view text;
  std::vector<Option> options;
};

const std::vector<Question>& questions();
const std::vector<Option>& overall();
std::string_view overall_label(std::string_view value);

struct Problem {
  std::string field, message;
};
std::vector<Problem> check(const std::string& overall, const std::map<std::string, std::string>& answers, const std::string& comment);

// Points of the answered questions (0–12 for the six questions).
int points(const std::map<std::string, std::string>& answers);

// "" when the dossier may be rated now; else why not (Vietnamese).
std::string may_rate(int status, int64_t first_rated_at_ms, int64_t now_ms);

std::string rating_code(std::string_view sha256_hex_of_public_id);

std::optional<double> satisfaction(int64_t resolved, int64_t late, int64_t unsatisfied);
double score(double rate_percent);

}  // namespace motcua::ratings
