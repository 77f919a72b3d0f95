// motcua::services — the supervisor's live dashboard (giám sát trực tuyến; issue 12, R43): what an agency subtree
// is doing today, for a screen or a projector that updates itself (server-sent events, web/dashboard_pages.cpp)
// and for the provincial operations centre's JSON feed.
//
// Contract
// - of(agency, now): for the agency and the agencies below it —
//     today      the handling report over today's local date (domain/reports/handling.h, the one classification):
//                received by channel, carried over, resolved early / on time / late, in progress within due /
//                overdue as of now, refused, stopped, withdrawn;
//     units      in progress per solving unit (the same report grouped by unit), within due and overdue;
//     waiting    open dossiers by status (1 waiting for the desk, 2 in progress, 4 back for supplement,
//                5 waiting for the applicant, 6 waiting for fee, 7 withdrawal requested) — receiving agency in the subtree;
//     due_soon   running dossiers due within dossier::kDueSoonMs (the clock's "Sắp đến hạn", the inboxes' SQL);
//     ratings    today's ratings by overall answer, and the 5 latest (time, procedure, answer — never a person).
// - change_token(agency, now): a string that changes whenever any of the above may have changed (the last
//   history entry, the last rating update, the local date); cheap (two index lookups). The snapshot of a token is
//   cached, so many dashboards on one agency cost one computation per change.
// - Access: of() checks nothing; callers check report.read (ReportService::may_read) or the feed token.
// - Unknown agency → not_found.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "services/reports/report_service.h"

namespace motcua::services {

struct DashboardUnit {
  std::string key, label;
  int64_t within_due = 0, overdue = 0;
};

struct DashboardRating {
  int64_t at = 0;
  std::string procedure, overall, overall_label;
};

struct Dashboard {
  std::string agency, agency_name, token;
  int64_t as_of_ms = 0;
  reports::HandlingCounts today;
  std::vector<DashboardUnit> units;
  std::map<int, int64_t> waiting;  // status → count
  int64_t due_soon = 0;
  std::map<std::string, int64_t> rated_today;  // overall → count
  std::vector<DashboardRating> recent;
};

class DashboardService {
 public:
  DashboardService(store::Db& db, ReportService& reports) : db_(db), reports_(reports) {}

  std::shared_ptr<const Dashboard> of(const std::string& agency, int64_t now_ms);
  std::string change_token(int64_t now_ms);

 private:
  std::shared_ptr<const Dashboard> compute(const std::string& agency, const std::string& token, int64_t now_ms);

  store::Db& db_;
  ReportService& reports_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const Dashboard>> cache_;  // agency → the latest snapshot
};

// The snapshot as JSON (the operations centre's feed and the tests): {agency, agency_name, as_of, today: {received:
// {online, direct, postal, total}, carried_over, resolved: {early, on_time, late, total}, in_progress: {within_due,
// overdue, total}, refused, stopped, withdrawn}, waiting: {"1": n, …}, due_soon, units: [{key, label, within_due,
// overdue}], ratings: {today: {very_satisfied, satisfied, unsatisfied}, recent: [{at, procedure, overall}]}}.
nlohmann::json dashboard_json(const Dashboard& d);

}  // namespace motcua::services
