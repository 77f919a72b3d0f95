// motcua::reports — the QĐ 766/QĐ-TTg (2022) index of an agency (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất
// lượng phục vụ người dân, doanh nghiệp; DOMAIN.md §5): indicators grouped into publicity, progress, online service,
// digitization and satisfaction, each scored from a rate. Pure; no I/O.
//
// Contract
// - An indicator has a group, a maximum of points and a threshold (percent): score = max when rate ≥ threshold,
//   else rate × max ÷ threshold ("below the threshold = rate × max ÷ threshold"). A rate that cannot be computed
//   (denominator 0, or the data does not exist in this deployment) is N/A: no score, and its points are left out of
//   the maximum the total is read against — never counted as 0.
// - The split of each group's points among its indicators and the thresholds are [U] in DOMAIN.md: default_table()
//   is this deployment's reading (publicity 18, progress 20, online service 22, digitization 22, satisfaction 18)
//   and parse_table() takes a replacement from configuration ({"indicators": [{id, max, threshold}]}; unknown ids
//   or negative numbers are refused with a Vietnamese message).
// - Indicators whose rate comes from data:
//     on_time          progress       (resolved early/on time + in progress within due) ÷ (resolved + in progress)
//     online_procs     online         procedures offered online ÷ procedures of the agency         (full ≥ 80 %)
//     online_share     online         online ratio of the handling report                          (full ≥ 50 %)
//     online_payment   online         fees paid online ÷ fees paid                                 (full ≥ 80 %)
//     e_result         digitization   dossiers with a signed e-result ÷ dossiers received
//     digitized        digitization   dossiers with a digitized component ÷ dossiers received      (full ≥ 80 %)
//     reused           digitization   dossiers with a reused component or e-form data taken from a national
//                                     database (services/natdb) ÷ dossiers received                  (full ≥ 80 %)
//     satisfaction     satisfaction   100 − (late rate + share rated "Không hài lòng")             (full ≥ 90 %)
//     publicity        publicity      no data source yet: always N/A
// - evaluate(table, rates) → per indicator the rate and score, per group the score and the maximum of its
//   available indicators, and the total (score ÷ available maximum × 100 as the index out of 100; N/A when
//   nothing is available).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace motcua::reports {

struct IndicatorDef {
  std::string id, group, name;  // name in Vietnamese
  double max = 0, threshold = 100;
};

struct IndicatorScore {
  IndicatorDef def;
  std::optional<double> rate, score;
};

struct GroupScore {
  std::string id, name;
  double max = 0;                 // the group's points in the table
  double available_max = 0;       // of its indicators with a rate
  std::optional<double> score;    // N/A when none has a rate
};

struct Index766 {
  std::vector<IndicatorScore> indicators;
  std::vector<GroupScore> groups;
  double available_max = 0;
  std::optional<double> score;    // sum of the available scores
  std::optional<double> index;    // score ÷ available_max × 100
};

std::vector<IndicatorDef> default_table();
// Throws DomainError(invalid) on a bad table.
std::vector<IndicatorDef> parse_table(const std::string& json_text);
std::optional<double> indicator_score(const IndicatorDef& d, std::optional<double> rate);
Index766 evaluate(const std::vector<IndicatorDef>& table, const std::map<std::string, std::optional<double>>& rates);

}  // namespace motcua::reports
