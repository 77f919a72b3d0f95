// Scheduled work on dossiers — the handlers the job runner (services/jobs) calls:
//  - stop_missed_supplements(): a dossier waiting for a supplement (status 5, nothing supplied yet)
//    whose supplement deadline passed is stopped (→ 8) by the system actor through the same act() path
//    as a person (history, audit, stop notice, the applicant told). Idempotent: a dossier already
//    stopped or supplied is not selected again, and the state machine refuses a second stop.
//  - due_digest(): one message per officer listing the open dossiers that are due soon or overdue by the
//    one clock (domain/dossier/clock.h): to the assignee, or to the leaders of the competent agency when
//    nobody is assigned; through the outbox (one message per officer and local day: a rerun the same day
//    enqueues nothing new).
#include <map>

#include "domain/dossier/clock.h"
#include "domain/format.h"
#include "services/dossiers/dossier_internal.h"

namespace motcua::services {

using nlohmann::json;
using namespace dossier_detail;

std::string DossierService::stop_missed_supplements(int limit) {
  int64_t now = fmt::now_ms();
  auto due = db_.query("SELECT public_id, supplement_due_at FROM dossiers WHERE " + supplement_late_sql("$1") +
                           " AND substate = 'waiting_for_supplement' ORDER BY supplement_due_at LIMIT $2",
                       {now, int64_t{limit}});
  int stopped = 0, failed = 0;
  std::string last_error;
  for (const auto& x : due.rows) {
    std::string reason = "Quá hạn bổ sung hồ sơ (hạn " + fmt::datetime(x.i64(1)) + ") mà người nộp chưa bổ sung giấy tờ theo yêu cầu.";
    try {
      act_as_system(x.str(0), "stop", {{"reason", reason}});
      ++stopped;
    } catch (const DomainError& e) {
      ++failed;  // changed meanwhile (supplied, withdrawn, stopped by an officer): nothing to do
      last_error = e.what();
    }
  }
  return "Dừng " + std::to_string(stopped) + " hồ sơ quá hạn bổ sung" + (failed ? "; bỏ qua " + std::to_string(failed) + " (" + last_error + ")" : "");
}

std::string DossierService::due_digest() {
  int64_t now = fmt::now_ms();
  auto rows = db_.query(std::string("SELECT public_id, code, procedure_name, status, due_at, paused_at, supplement_due_at, assignee, agency_code, "
                                    "handling_agency_code, applicant_name FROM dossiers WHERE ((") +
                            kClockRunningSql + " AND due_at < $2) OR (" + supplement_late_sql("$1") + ")) ORDER BY due_at LIMIT 5000",
                        {now, now + dossier::kDueSoonMs});
  // officer username → lines
  std::map<std::string, std::vector<std::string>> lines;
  std::map<std::string, std::vector<std::string>> leaders;  // competent agency → its leaders
  for (const auto& x : rows.rows) {
    auto st = dossier::status_from_code(static_cast<int>(x.i64(3)));
    if (!st) continue;
    auto opt = [&](size_t i) { return x.is_null(i) ? int64_t{0} : x.i64(i); };
    auto clock = dossier::read_clock({.status = *st, .due_ms = opt(4), .supplement_due_ms = opt(6),
                                      .payment_pauses = *st == dossier::Status::payment_requested && !x.is_null(5)},
                                     now);
    if (!clock.overdue() && !clock.due_soon()) continue;
    std::string line = "- " + (x.str(1).empty() ? x.str(0) : x.str(1)) + " · " + x.str(2) + " · " + x.str(10) + " · " +
                       std::string(dossier::label_vi(clock.standing)) + " (hẹn " + (x.is_null(4) ? std::string("—") : fmt::datetime(x.i64(4))) + ")";
    std::vector<std::string> to;
    if (!x.str(7).empty()) {
      to.push_back(x.str(7));
    } else {
      std::string comp = x.str(9).empty() ? x.str(8) : x.str(9);
      if (!leaders.count(comp)) {
        auto l = db_.query("SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id JOIN agencies a ON a.id = r.agency_id "
                           "WHERE a.code = $1 AND r.role = 'leader' AND u.status = 'active' ORDER BY u.username",
                           {comp});
        for (const auto& y : l.rows) leaders[comp].push_back(y.str(0));
      }
      to = leaders[comp];
    }
    for (const auto& u : to) lines[u].push_back(line);
  }
  int sent = 0, no_address = 0;
  for (const auto& [username, items] : lines) {
    auto u = db_.query("SELECT email, phone, full_name FROM users WHERE username = $1 AND status = 'active'", {username});
    if (u.rows.empty() || (u.rows[0].str(0).empty() && u.rows[0].str(1).empty())) {
      ++no_address;
      continue;
    }
    std::string list;
    for (const auto& l : items) list += l + "\n";
    notify::Message m;
    m.event = "staff.digest";
    m.vars = {{"ho_ten", u.rows[0].str(2)}, {"ngay", fmt::date(now)}, {"so_ho_so", std::to_string(items.size())}, {"danh_sach", list}};
    m.key = username + "#" + fmt::iso_date(now);
    db_.write([&](store::Conn& c) { outbox_.enqueue_for(c, {u.rows[0].str(0), u.rows[0].str(1)}, m, now); });
    ++sent;
  }
  return "Gửi " + std::to_string(sent) + " bản tin cho cán bộ" + (no_address ? "; " + std::to_string(no_address) + " cán bộ chưa có địa chỉ" : "");
}

}  // namespace motcua::services
