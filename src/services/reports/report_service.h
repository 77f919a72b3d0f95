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
// - The counts: the ended dossiers from the ledger (domain/reports/ledger.h: two prefix sums per key over the
//   ledger's day and block counters, services/reports/report_ledger.h), plus the dossiers still open, classified and
//   grouped by one SQL statement (GROUP BY key, entry, exit → counts) over the partial covering index
//   dossiers_open_report (migration 25) — four statements whatever the number of dossiers. The statement's CASE
//   expressions are the SQL form of reports::classify, written once (report_service.cpp); over every dossier
//   (ReportSource::scan, covering index dossiers_report of migration 11) it is the reference:
//   tests/unit/handling_report_sql_test.cpp checks both sources against the domain rule on random dossiers on both
//   databases.
// - Online ratio per row (DOMAIN §5: online ÷ (direct + postal + online) × 100 over the dossiers received in
//   the period; none received → no ratio) against a target: unit rows the unit kind's target (table
//   online_targets, migration 11; seed Tư pháp – Hộ tịch 20 %, Văn hóa – Xã hội 50 %, others 50 %), procedure
//   rows the procedure's `target_online_ratio`, agency rows and the total the "others" target; field rows none.
// - Access: policy "report.read" (desk, specialist, leader or supervisor with a grant at `agency` or above it);
//   an agency outside the reader's grants, or unknown → not_found "Không tìm thấy cơ quan … trong phạm vi của
//   bạn."; bad dates / group → invalid (Vietnamese message).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "domain/reports/handling.h"
#include "domain/reports/index766.h"
#include "domain/reports/nine_indicators.h"
#include "services/agencies/agency_service.h"
#include "services/catalog/catalog_service.h"
#include "services/docstore/personal_store.h"
#include "store/db.h"

namespace motcua::services {

enum class ReportGroup { agency, unit, field, procedure };
// Where the handling report reads its counts: ledger = the ended dossiers' counters (report_ledger.h) plus the open
// dossiers (the default; exact while no dossier's end lies in the future, which the services guarantee); scan = the
// one grouped statement over every counted dossier (the reference the ledger is checked against; the bench).
enum class ReportSource { ledger, scan };
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

// Satisfaction (issue 12, R37; QĐ 766): per row of the handling report, the dossiers it counts as resolved in the
// period, how many of those were late and how the applicants rated them; satisfaction = 100 % − (late rate + the
// share rated "Không hài lòng") (ratings::satisfaction; null when nothing was resolved) and its QĐ 766 score.
struct SatisfactionRow {
  std::string key, label;
  int64_t resolved = 0, late = 0, rated = 0, very_satisfied = 0, satisfied = 0, unsatisfied = 0;
  std::optional<double> satisfaction;
  double score = 0;
};
struct SatisfactionReport {
  std::string agency, agency_name, from, to;
  ReportGroup group = ReportGroup::agency;
  std::vector<SatisfactionRow> rows;
  SatisfactionRow total;
};

// Per officer (R40, R51): the dossiers resolved in the period (9, 10; the same classification as the handling
// report) on which a staff member acted (any entry of the dossier's history), counted once per officer and dossier:
// handled = early + on time + late; online = those submitted online; on_time_rate = (early + on time) ÷ handled.
// Rows ordered by handled (desc), then on-time rate, then name — the ranking.
struct OfficerRow {
  std::string username, name;
  int64_t handled = 0, early = 0, on_time = 0, late = 0, online = 0;
  std::optional<double> on_time_rate;
};
struct OfficerReport {
  std::string agency, agency_name, from, to;
  std::vector<OfficerRow> rows;
};

// The QĐ 766 index of an agency subtree for a period (domain/reports/index766.h): the rates from the handling
// report (on time, online share), the catalog (procedures offered online), the fee ledger (payments online), the
// digitization measures and the satisfaction; the counts each rate was read from.
struct Index766Report {
  std::string agency, agency_name, from, to;
  reports::Index766 index;
  std::map<std::string, std::pair<int64_t, int64_t>> basis;  // indicator → (numerator, denominator); also postal_received
                                                              // (received by post / received) and postal_result (resolved
                                                              // with delivery by post / resolved)
};

// The 9-indicator evaluation (domain/reports/nine_indicators.h) of the dossiers resolved in the period, per row of
// the handling report's grouping (agency or unit): how many, the average total and per indicator, the grades.
// Indicator 9 reads the row's competent agency: its online ratio over the period and whether an online dossier of
// it was late.
struct NineRow {
  std::string key, label;
  int64_t dossiers = 0;
  std::optional<double> average;             // of the totals (0–18)
  std::array<double, 9> indicator_average{};  // 0–2 each
  std::map<std::string, int64_t> grades;     // grade → dossiers
};
struct NineReport {
  std::string agency, agency_name, from, to;
  ReportGroup group = ReportGroup::agency;
  std::vector<NineRow> rows;
  NineRow total;
};

// The 9-indicator evaluation of one resolved dossier (9, 10), read as the monthly report reads it: the month of its end
// (MM/YYYY), indicator 9 from its competent agency's online ratio that month and whether an online dossier of that
// agency was resolved late then.
struct DossierEvaluation {
  std::string month;
  reports::NineIndicators points;
  int total = 0;
  std::string grade;
  std::optional<double> agency_online_ratio;
  bool agency_late_online = false;
};

// R39: the monthly report on online public services (báo cáo kết quả cung cấp dịch vụ công trực tuyến hằng tháng, sent
// to the ministry's digital-transformation index system dti.gov.vn) of an agency subtree, one row per agency of the
// subtree (tree order) and the total (procedures counted once however many agencies apply them):
//   procedures       published procedures that apply to the agency (its level and kind), as of the month's end
//   full_online / partly_online   of those, offered as "toàn trình" / "một phần" online services
//   used_online      online services with at least one online dossier received in the month
//   received / online / resolved / on_time   the handling report's counts for the month (on time = early + on time)
//   payments / payments_online   fee payments recorded in the month, and those through an online method
// and the rates (percent, unrounded; nullopt when the denominator is 0): used_ratio = used_online ÷ (full + partly),
// online_ratio, on_time_rate, online_payment_ratio.
struct OnlineServicesRow {
  std::string code, name;
  int64_t procedures = 0, full_online = 0, partly_online = 0, used_online = 0;
  int64_t received = 0, online = 0, resolved = 0, on_time = 0, payments = 0, payments_online = 0;
  std::optional<double> used_ratio, online_ratio, on_time_rate, online_payment_ratio;
};
struct OnlineServicesReport {
  std::string agency, agency_name, month, from, to;  // month YYYY-MM; from / to its first and last day
  std::vector<OnlineServicesRow> rows;
  OnlineServicesRow total;
};
std::string online_services_xlsx(const OnlineServicesReport& r);

// Demand forecast (domain/reports/forecast.h) of an agency subtree, or of one procedure there: the next 4 weeks
// (7-day blocks starting today), the last 12 weeks
// as they happened, and the backtest on the 8 weeks before today. Dossiers count on the day they entered.
struct ForecastWeek {
  std::string from, to;  // YYYY-MM-DD, inclusive
  std::optional<double> expected;
  std::optional<int64_t> actual;
};
struct ForecastReport {
  std::string agency, agency_name, procedure, procedure_name;
  bool enough_history = false;  // false: fewer than 28 days since the first dossier of the last 140 days (no forecast)
  std::vector<ForecastWeek> history, next, backtest;
  std::optional<double> mae, mape;
};

class ReportService {
 public:
  ReportService(store::Db& db, AgencyService& agencies, CatalogService& catalog) : db_(db), agencies_(agencies), catalog_(catalog) {}

  HandlingReport handling(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                          const accounts::Principal& who, int64_t now_ms);
  // Same grouping, period and access as handling(); one more grouped statement over the ratings of the resolved.
  SatisfactionReport satisfaction(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                                  const accounts::Principal& who, int64_t now_ms);
  // handling() without the reader check, for aggregates that are public (the KPI pages): the agency must exist
  // (else not_found), the period as handling() checks it.
  HandlingReport handling_unchecked(const std::string& agency, const std::string& from, const std::string& to, ReportGroup group, int64_t now_ms,
                                    ReportSource source = ReportSource::ledger);
  // The satisfaction of the rows of a computed report (no access check: the caller computed `h` with one).
  SatisfactionReport satisfaction_of(const HandlingReport& h);
  // Same agency check and period as handling(); one grouped statement (officer_report_sql).
  OfficerReport officers(const std::string& agency, const std::string& from, const std::string& to, const accounts::Principal& who, int64_t now_ms);
  // Same agency check and period as handling() (index766_report.cpp).
  Index766Report index766(const std::string& agency, const std::string& from, const std::string& to, const PersonalStore& store,
                          const accounts::Principal& who, int64_t now_ms);
  // group agency or unit only (nine_indicators_report.cpp).
  NineReport nine_indicators(const std::string& agency, const std::string& from, const std::string& to, const std::string& group,
                             const accounts::Principal& who, int64_t now_ms);
  // Access as handling(); month "YYYY-MM" (else invalid) (online_services_report.cpp).
  OnlineServicesReport online_services(const std::string& agency, const std::string& month, const accounts::Principal& who, int64_t now_ms);
  // One dossier's evaluation (nine_indicators_report.cpp); nullopt unless it was resolved (9, 10). No access check: the
  // caller shows the dossier to a reader the dossier service allowed.
  std::optional<DossierEvaluation> dossier_evaluation(const std::string& public_id, const std::string& competent, int64_t finished_ms, int64_t now_ms);
  // Access as handling(); procedure "" = every procedure; an unknown procedure → not_found (forecast_report.cpp).
  ForecastReport forecast(const std::string& agency, const std::string& procedure, const accounts::Principal& who, int64_t now_ms);
  // The indicator table (default reports::default_table(); configuration may replace it at start).
  void set_index_table(std::vector<reports::IndicatorDef> t) { index_table_ = std::move(t); }
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
  std::vector<reports::IndicatorDef> index_table_ = reports::default_table();
};

// The report's statement: parameters $1 from, $2 to (exclusive), $3 as-of (epoch ms), $4… the agency codes of
// the subtree; rows (key, entry, exit, count) with entry / exit the values of reports::Entry / reports::Exit.
// open_only: the dossiers still open (status 1, 2, 4–7; index dossiers_open_report). Exposed for EXPLAIN in tests.
std::string handling_report_sql(ReportGroup g, size_t agencies, bool open_only = false);

// Per officer: rows (username, full name, exit, online 0/1, count of distinct dossiers) over the dossiers resolved in
// [$1, $2) read as of $3 in the subtree $4… on which a staff account acted.
std::string officer_report_sql(size_t agencies);

// The facts of the 9-indicator evaluation of each dossier resolved in [$1, $2) read as of $3 in the subtree $4…:
// rows (competent agency, unit, exit, channel, delivery, supplement_count, consultations, consultations late,
// rating overall or '', procedure_code). `extra` is ANDed to the WHERE clause (e.g. " AND d.channel = 2").
std::string nine_facts_sql(size_t agencies, const std::string& extra = "");

// Dossiers entered per local day in [$1, $2) in the subtree $3… (and of procedure $N+3 when `procedure`): rows
// (day index since 1970-01-01 in Asia/Ho_Chi_Minh, count), over the covering index dossiers_report.
std::string daily_received_sql(size_t agencies, bool procedure);

// Per procedure, the dossiers resolved (9, 10) in [$1, $2) in the subtree $3…: rows (procedure_code, count, sum of
// end − entry in ms), with entry and end as the handling report reads them (the public KPIs' average time).
std::string resolved_duration_sql(size_t agencies);

// The report as an XLSX workbook (bytes): the official table layout with Vietnamese headings, merged header
// cells and number formats (report_xlsx.cpp, libxlsxwriter).
std::string handling_xlsx(const HandlingReport& r);

// The report as a PDF file (bytes; report_pdf.cpp, the official forms' kit of services/documents): A4 landscape,
// metadata Title "Báo cáo tình hình giải quyết hồ sơ <from>–<to>" (the dates as given). The official header (the
// agency's name upper case on the left, the national motto on the right, place and date of signing left as dots),
// the title "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", "Kỳ báo cáo: từ ngày dd/mm/yyyy đến ngày
// dd/mm/yyyy", "Số liệu tính đến HH giờ MM phút, ngày dd/mm/yyyy" (as_of_ms, Asia/Ho_Chi_Minh) and "Theo: <label_vi>";
// then handling_xlsx's table column for column (the same grouped two-row header), one row per report row and a bold
// "Tổng cộng" row; numbers by reports::count_vi / ratio_vi (1.234; 12,50), a missing ratio "N/A" (never 0), a ratio
// below its target bold and followed by " ▼" with "Chưa đạt" in "Đánh giá", explained by a legend line; a long
// table continues on further pages with both header rows repeated; signature blocks at the end. Pure: no clock,
// no I/O; thread-safe. Throws std::runtime_error if cairo fails.
std::string handling_pdf(const HandlingReport& r);

}  // namespace motcua::services
