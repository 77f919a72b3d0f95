// motcua::services — the periodic handling report (báo cáo tình hình giải quyết hồ sơ; issue 12, DOMAIN §5).
//
// Contract
// - handling(agency, from, to, group, who, now): the report for the dossiers whose competent agency (the
//   handling agency, else the receiving one) is `agency` or below it, over the local dates [from, to] (both
//   "YYYY-MM-DD", Asia/Ho_Chi_Minh; to − from ≤ 731 days), one row per group:
//     agency     the competent agency (rows in the tree's order)
//     unit       the unit that solves the dossier (its last hand-over; "" = not handed over yet), per agency
//     field      the procedure version's field (lĩnh vực)
//     procedure  the national procedure code
//   Buckets: domain/reports/handling.h (received by channel + carried over; resolved early / on time / late by
//   the one clock; in progress within due / overdue as of min(period end, now); refused, stopped, withdrawn).
//   Every row and the total reconcile (HandlingCounts::balanced).
// - One SQL statement classifies and groups (GROUP BY key, entry, exit → counts) over the covering index
//   dossiers_report (competent agency, submitted_at, and every column it reads; migration 11); no per-dossier
//   query. Its CASE expressions are the SQL form of reports::classify, written once (report_service.cpp);
//   tests/api/handling_report_test.cpp checks it against the domain rule on random dossiers on both databases.
// - Online ratio per row (DOMAIN §5: online ÷ (direct + postal + online) × 100 over the dossiers received in
//   the period; none received → no ratio) against a target: unit rows the unit kind's target (table
//   online_targets, migration 11; seed Tư pháp – Hộ tịch 20 %, Văn hóa – Xã hội 50 %, others 50 %), procedure
//   rows the procedure's `target_online_ratio`, agency rows and the total the "others" target; field rows none.
// - Access: policy "report.read" (desk, specialist, leader or supervisor with a grant at `agency` or above it);
//   an agency outside the reader's grants, or unknown → not_found "Không tìm thấy cơ quan … trong phạm vi của
//   bạn."; bad dates / group → invalid (Vietnamese message).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "domain/reports/handling.h"
#include "services/agencies/agency_service.h"
#include "services/catalog/catalog_service.h"
#include "services/docstore/personal_store.h"
#include "store/db.h"

namespace motcua::services {

enum class ReportGroup { agency, unit, field, procedure };
std::optional<ReportGroup> parse_report_group(const std::string& s);  // "" → agency
const char* to_string(ReportGroup g);
const char* label_vi(ReportGroup g);  // "Cơ quan", "Đơn vị", "Lĩnh vực", "Thủ tục"

struct HandlingRow {
  std::string key, label;
  reports::HandlingCounts counts;
  std::optional<double> online_ratio;  // percent, unrounded
  std::optional<double> target;        // percent
  bool below_target = false;
};

struct HandlingReport {
  std::string agency, agency_name, from, to;  // dates as given (YYYY-MM-DD)
  ReportGroup group = ReportGroup::agency;
  int64_t from_ms = 0, to_ms = 0, as_of_ms = 0;
  std::vector<HandlingRow> rows;
  HandlingRow total;
};

// The digitization group of QĐ 766 (issue 9): dossiers received in the period at the agency's subtree with a
// digitized component, a component reused from the data store, a signed e-result (services/docstore counts them).
struct DigitizationReport {
  std::string agency, agency_name, from, to;
  docstore::Counts counts;
  docstore::Shares shares;
};

class ReportService {
 public:
  ReportService(store::Db& db, AgencyService& agencies, CatalogService& catalog) : db_(db), agencies_(agencies), catalog_(catalog) {}

  HandlingReport handling(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                          const accounts::Principal& who, int64_t now_ms);
  // The configured unit targets (table online_targets).
  reports::OnlineTargets online_targets();
  // The same agency check and period as handling(); 404 outside the reader's grants, 422 for a bad period.
  DigitizationReport digitization(const std::string& agency, const std::string& from, const std::string& to, const PersonalStore& store,
                                  const accounts::Principal& who);
  // Agencies the reader may report on (the roots of their report grants, then their subtrees, tree order).
  std::vector<const Agency*> reportable_agencies(const AgencySnapshot& ag, const accounts::Principal& who) const;
  bool may_read(const AgencySnapshot& ag, const std::string& agency, const accounts::Principal& who) const;
  std::shared_ptr<const AgencySnapshot> agencies() { return agencies_.snapshot(); }

 private:
  store::Db& db_;
  AgencyService& agencies_;
  CatalogService& catalog_;
};

// The report's one statement: parameters $1 from, $2 to (exclusive), $3 as-of (epoch ms), $4… the agency codes of
// the subtree; rows (key, entry, exit, count) with entry / exit the values of reports::Entry / reports::Exit.
// Exposed for EXPLAIN in tests and the bench.
std::string handling_report_sql(ReportGroup g, size_t agencies);

// The report as an XLSX workbook (bytes): the official table layout with Vietnamese headings, merged header
// cells and number formats (report_xlsx.cpp, libxlsxwriter).
std::string handling_xlsx(const HandlingReport& r);

}  // namespace motcua::services
