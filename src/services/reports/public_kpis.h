// motcua::services — the public KPIs of an agency (công khai kết quả giải quyết; issue 12, R37, R42): what anyone may
// see without signing in about how an agency and the agencies below it handle dossiers.
//
// Contract
// - of(agency, now): the 12 calendar months ending with the current one (Asia/Ho_Chi_Minh; the current month to
//   today), over the agency's subtree, read by the ONE classification of the handling report
//   (ReportService::handling_unchecked, domain/reports/handling.h):
//     months      one entry per month, oldest first: the month's handling counts, online ratio and on-time rate;
//     procedures  one row per procedure with a dossier counted in the window: received (online / total), resolved,
//                 on time (early + on time), late, online ratio, on-time rate, and the average processing time in
//                 calendar days from entry (submission) to the result's approval, over the resolved dossiers;
//     total       the window's counts, ratios, average days and QĐ 766 satisfaction (ratings::satisfaction) with
//                 the number of ratings.
//   A ratio whose denominator is 0 is nullopt (shown "Không có", never 0 %).
// - Aggregates only: no names, ID numbers, dossier codes or officers ever appear.
// - Unknown agency → not_found "Không tìm thấy cơ quan …".
// - Cached per agency for kTtlMs of the server clock (the page is public and read far more than it changes);
//   thread-safe.
// - csv_months / csv_procedures: the same numbers as CSV (UTF-8 with BOM, RFC 4180 quoting, '.' decimals,
//   empty cell for N/A) with Vietnamese headings.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "services/reports/report_service.h"

namespace motcua::services {

struct KpiMonth {
  std::string month;  // "2026-11"
  std::string label;  // "11/2026"
  reports::HandlingCounts counts;
  std::optional<double> online_ratio, on_time_rate;
};

struct KpiProcedure {
  std::string code, name;
  int64_t received = 0, online = 0, resolved = 0, on_time = 0, late = 0;
  std::optional<double> online_ratio, on_time_rate, avg_days;
};

struct PublicKpis {
  std::string agency, agency_name, from, to;  // YYYY-MM-DD
  int64_t as_of_ms = 0;
  reports::HandlingCounts total;
  std::optional<double> online_ratio, on_time_rate, avg_days, satisfaction;
  int64_t rated = 0;
  std::vector<KpiMonth> months;
  std::vector<KpiProcedure> procedures;
};

class PublicKpiService {
 public:
  static constexpr int64_t kTtlMs = 60'000;
  PublicKpiService(store::Db& db, ReportService& reports) : db_(db), reports_(reports) {}

  std::shared_ptr<const PublicKpis> of(const std::string& agency, int64_t now_ms);

 private:
  std::shared_ptr<const PublicKpis> compute(const std::string& agency, int64_t now_ms);

  store::Db& db_;
  ReportService& reports_;
  std::mutex mu_;
  std::map<std::string, std::pair<int64_t, std::shared_ptr<const PublicKpis>>> cache_;
};

std::string csv_months(const PublicKpis& k);
std::string csv_procedures(const PublicKpis& k);

}  // namespace motcua::services
