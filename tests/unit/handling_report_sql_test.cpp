// The handling report's SQL (services/reports/report_service.cpp) is the SQL form of reports::classify: on
// random dossiers written straight into the table — every status, channel, due date, supplement count, pause,
// withdrawal, finished before / inside / after the period — and random periods, the grouped report equals the
// domain rule applied row by row, on SQLite and PostgreSQL; every row reconciles; drafts and dossiers of other
// agencies are not counted; the report is read with one query whatever the number of dossiers.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "domain/calendar/date.h"
#include "domain/reports/handling.h"
#include "services/agencies/agency_service.h"
#include "services/catalog/catalog_service.h"
#include "services/reports/report_ledger.h"
#include "services/reports/report_service.h"
#include "support/test_db.h"

namespace motcua {
namespace {

using nlohmann::json;

int64_t at(int y, int m, int d, int hh = 0, int mm = 0) { return cal::utc_ms_from_local(cal::make_local({y, m, d}, hh, mm)); }

void run(const std::string& dialect) {
  auto t = testing::make_test_db(dialect);
  if (!t) GTEST_SKIP() << "MOTCUA_TEST_PG not set";
  store::Db& db = *t->db;
  services::AgencyService agencies(db);
  agencies.import_tree(json::array({{{"code", "R"}, {"name", "Tỉnh"}, {"kind", "ubnd_tinh"}, {"level", "tinh"},
                                     {"children", json::array({{{"code", "A"}, {"name", "Xã A"}, {"kind", "ubnd_xa"}, {"level", "xa"},
                                                                {"units", json::array({{{"code", "TP"}, {"name", "Tư pháp – Hộ tịch"}, {"kind", "tu_phap"}},
                                                                                       {{"code", "VH"}, {"name", "Văn hóa – Xã hội"}, {"kind", "van_hoa"}}})}},
                                                               {{"code", "B"}, {"name", "Xã B"}, {"kind", "ubnd_xa"}, {"level", "xa"}}})}},
                                    {{"code", "X"}, {"name", "Tỉnh khác"}, {"kind", "ubnd_tinh"}, {"level", "tinh"}}}));
  services::CatalogService catalog(db, agencies);
  services::ReportService reports(db, agencies, catalog);
  std::vector<int64_t> procs;
  db.write([&](store::Conn& c) {
    for (int i = 0; i < 3; ++i) {
      int64_t id = c.exec("INSERT INTO procedures (code, state, created_at, updated_at) VALUES ($1, 'active', 0, 0) RETURNING id", {"p." + std::to_string(i)})
                       .rows.at(0)
                       .i64(0);
      c.exec("INSERT INTO procedure_versions (procedure_id, version_no, state, name, field_code, doc, created_by, created_at) "
             "VALUES ($1, 1, 'published', $2, $3, $4, 'test', 0)",
             {id, "Thủ tục " + std::to_string(i), "f" + std::to_string(i % 2),
              json{{"name", "Thủ tục " + std::to_string(i)}, {"field", {{"code", "f" + std::to_string(i % 2)}, {"name", "Lĩnh vực " + std::to_string(i % 2)}}},
                   {"levels", json::array()}, {"agency_kinds", json::array()}, {"target_online_ratio", i == 0 ? 100 : 50}}
                  .dump()});
      procs.push_back(id);
    }
  });

  std::mt19937_64 rng(dialect == "sqlite" ? 11 : 12);
  const int64_t t0 = at(2026, 1, 1), span = 240LL * 86'400'000;
  auto pick = [&](int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo)); };
  struct Kept {
    reports::DossierFacts f;
    std::string competent, unit;
    int proc = 0;
  };
  std::vector<Kept> kept;
  int64_t last_end = 0;  // no end after this moment
  db.write([&](store::Conn& c) {
    for (int i = 0; i < 600; ++i) {
      Kept k;
      int status = static_cast<int>(rng() % 11);  // 0 = draft
      k.f.status = dossier::status_from_code(status).value_or(dossier::Status::submitted);
      k.f.channel = *dossier::channel_from_code(1 + static_cast<int>(rng() % 3));
      int64_t submitted = pick(t0, t0 + span);
      k.f.entered_ms = status == 0 ? 0 : submitted;
      bool has_end = status == 3 || status >= 8 ? rng() % 10 != 0 : rng() % 6 == 0;  // an open row with finished_at: ignored by the rule
      int64_t finished = has_end ? (rng() % 8 == 0 ? submitted - 3'600'000 : pick(submitted, t0 + span + 86'400'000)) : 0;
      k.f.ended_ms = finished;
      k.f.withdrawn = status == 8 && rng() % 2;
      // due dates on minute and day boundaries near the end, to exercise early / on time / late exactly
      int64_t due = rng() % 6 == 0 ? 0 : (finished && rng() % 2 ? finished + (static_cast<int64_t>(rng() % 5) - 2) * 60'000 : pick(submitted, t0 + span));
      if (due && rng() % 4 == 0) due = (due / 86'400'000) * 86'400'000 + 36'000'000;  // 17:00 local
      k.f.due_ms = due;
      k.f.supplement_requests = static_cast<int>(rng() % 4);
      k.f.supplement_due_ms = status == 5 && rng() % 3 ? pick(submitted, t0 + span) : 0;
      bool paused = (status == 6 && rng() % 2) || status == 5;
      k.f.payment_pauses = status == 6 && paused;
      const char* agencies_[] = {"A", "B", "X"};
      std::string receiving = agencies_[rng() % 3], handling = rng() % 3 == 0 ? std::string(agencies_[rng() % 3]) : "";
      k.competent = handling.empty() ? receiving : handling;
      k.unit = rng() % 2 ? "" : (rng() % 2 ? "TP" : "VH");
      k.proc = static_cast<int>(rng() % 3);
      c.exec("INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, handling_agency_code, "
             "applicant_type, applicant_name, channel, status, delivery, submitted_at, due_at, finished_at, supplement_count, supplement_due_at, "
             "paused_at, withdrawn_at, handling_unit, created_at, updated_at) "
             "VALUES ($1,$2,$3,1,'Thủ tục',$4,$5,1,'Nguyễn Văn An',$6,$7,'desk',$8,$9,$10,$11,$12,$13,$14,$15,0,0)",
             {"d" + std::to_string(i), procs[static_cast<size_t>(k.proc)], "p." + std::to_string(k.proc), receiving, handling,
              int64_t{dossier::code(k.f.channel)}, int64_t{status}, status == 0 ? store::Value(nullptr) : store::Value(submitted),
              due ? store::Value(due) : store::Value(nullptr), finished ? store::Value(finished) : store::Value(nullptr),
              int64_t{k.f.supplement_requests}, k.f.supplement_due_ms ? store::Value(k.f.supplement_due_ms) : store::Value(nullptr),
              paused ? store::Value(submitted) : store::Value(nullptr), k.f.withdrawn ? store::Value(finished ? finished : submitted) : store::Value(nullptr),
              k.unit});
      kept.push_back(k);
      last_end = std::max({last_end, finished, submitted});
    }
  });
  // Written around the services: the ledger is filled from the rows, and then agrees with them.
  EXPECT_GT(services::report_ledger::rebuild(db), 0);
  EXPECT_EQ(services::report_ledger::verify(db), "");

  accounts::Principal boss;
  boss.kind = accounts::Kind::staff;
  boss.user_id = 1;
  boss.grants = {{accounts::Role::supervisor, "R", ""}};
  const char* groups[] = {"agency", "unit", "field", "procedure"};
  reports::HandlingCounts seen;  // every bucket is exercised somewhere
  for (int round = 0; round < 48; ++round) {
    int d0 = static_cast<int>(rng() % 200), len = static_cast<int>(rng() % 60);
    cal::Date from = cal::from_days(cal::to_days({2026, 1, 1}) + d0), to = cal::from_days(cal::to_days(from) + len);
    reports::Period p{cal::utc_ms_from_local({cal::to_days(from) * cal::kMinutesPerDay}), cal::utc_ms_from_local({(cal::to_days(to) + 1) * cal::kMinutesPerDay})};
    int64_t now = pick(t0, t0 + span + 30LL * 86'400'000);
    std::string group = groups[round % 4];
    // Even rounds: the grouped statement over every dossier, at any moment (ends in the future too); odd rounds: the
    // ledger and the open dossiers, at a moment no dossier ended after.
    const bool by_scan = round % 8 < 4;
    if (!by_scan) now = std::max(now, last_end);
    auto rep = by_scan ? reports.handling_unchecked("R", cal::to_string(from), cal::to_string(to), *services::parse_report_group(group), now,
                                                    services::ReportSource::scan)
                       : reports.handling("R", cal::to_string(from), cal::to_string(to), group, boss, now);
    std::map<std::string, reports::HandlingCounts> want;
    reports::HandlingCounts want_total;
    for (const auto& k : kept) {
      if (k.competent == "X") continue;  // outside the province
      auto cls = reports::classify(k.f, p, now);
      if (cls.entry == reports::Entry::not_counted) continue;
      std::string key = group == "agency" ? k.competent : group == "unit" ? k.competent + "/" + k.unit : group == "field" ? "f" + std::to_string(k.proc % 2) : "p." + std::to_string(k.proc);
      want[key].add(cls);
      want_total.add(cls);
    }
    std::map<std::string, reports::HandlingCounts> got;
    for (const auto& r : rep.rows) {
      got[r.key] = r.counts;
      EXPECT_TRUE(r.counts.balanced()) << r.key;
    }
    ASSERT_EQ(got.size(), want.size()) << dialect << " round " << round << " group " << group << (by_scan ? " scan" : " ledger");
    // Labels and targets: unit kinds (tu_phap 20, van_hoa 50, none 50), the procedure's own target, field names.
    for (const auto& r : rep.rows) {
      if (r.key == "A/TP") {
        EXPECT_EQ(r.label, "Tư pháp – Hộ tịch – Xã A");
        EXPECT_EQ(r.target, 20.0);
      }
      if (r.key == "A/VH") {
        EXPECT_EQ(r.target, 50.0);
      }
      if (r.key == "B/") {
        EXPECT_EQ(r.label, "Chưa chuyển xử lý – Xã B");
        EXPECT_EQ(r.target, 50.0);
      }
      if (r.key == "p.0") {
        EXPECT_EQ(r.label, "Thủ tục 0");
        EXPECT_EQ(r.target, 100.0);
      }
      if (r.key == "p.1") {
        EXPECT_EQ(r.target, 50.0);
      }
      if (r.key == "f1") {
        EXPECT_EQ(r.label, "Lĩnh vực 1");
        EXPECT_FALSE(r.target.has_value());
      }
      if (r.key == "A") {
        EXPECT_EQ(r.label, "Xã A");
        EXPECT_EQ(r.target, 50.0);
      }
      EXPECT_EQ(r.below_target, r.online_ratio && r.target && *r.online_ratio < *r.target) << r.key;
    }
    for (const auto& [key, w] : want) {
      const auto& g = got[key];
      EXPECT_EQ(g, w) << dialect << " round " << round << " group " << group << (by_scan ? " scan" : " ledger") << " key " << key << ": got early " << g.early << " on_time " << g.on_time
                      << " late " << g.late << " within " << g.within_due << " overdue " << g.overdue << " carried " << g.carried_over
                      << "; want early " << w.early << " on_time " << w.on_time << " late " << w.late << " within " << w.within_due << " overdue "
                      << w.overdue << " carried " << w.carried_over;
    }
    EXPECT_EQ(rep.total.counts, want_total);
    seen += want_total;
    EXPECT_TRUE(rep.total.counts.balanced());
  }
  for (int64_t n : {seen.online, seen.direct, seen.postal, seen.carried_over, seen.early, seen.on_time, seen.late, seen.within_due, seen.overdue,
                    seen.refused, seen.stopped, seen.withdrawn})
    EXPECT_GT(n, 0);
  // Changes through sync(): a dossier ends, an ended one moves to another unit and agency, one is reopened, a row is
  // deleted — after each the stored ledger equals the one rebuilt from the rows.
  db.write([&](store::Conn& c) {
    auto ids = c.exec("SELECT id, status FROM dossiers WHERE status > 0 ORDER BY id");
    std::map<int64_t, int> done;  // status → changes made
    for (const auto& row : ids.rows) {
      const int64_t id = row.i64(0), st = row.i64(1);
      if (auto it = done.find(st); it != done.end() && it->second >= 4) continue;
      if (st == 2 || st == 4) c.exec("UPDATE dossiers SET status = 9, finished_at = $2 WHERE id = $1", {id, last_end});
      else if (st == 9) c.exec("UPDATE dossiers SET handling_unit = 'TP', handling_agency_code = 'B' WHERE id = $1", {id});
      else if (st == 10) c.exec("UPDATE dossiers SET status = 4 WHERE id = $1", {id});
      else if (st == 3) c.exec("DELETE FROM dossiers WHERE id = $1", {id});
      else continue;
      ++done[st];
      services::report_ledger::sync(c, id);
    }
    EXPECT_EQ(done.size(), 5u);
  });
  EXPECT_EQ(services::report_ledger::verify(db), "");
  // A reader of one commune cannot read the province, nor another commune.
  accounts::Principal clerk;
  clerk.kind = accounts::Kind::staff;
  clerk.user_id = 2;
  clerk.grants = {{accounts::Role::desk, "A", "MC"}};
  EXPECT_THROW(reports.handling("R", "2026-03-01", "2026-03-31", "", clerk, t0), DomainError);
  EXPECT_THROW(reports.handling("B", "2026-03-01", "2026-03-31", "", clerk, t0), DomainError);
  EXPECT_NO_THROW(reports.handling("A", "2026-03-01", "2026-03-31", "unit", clerk, t0));
  try {
    reports.handling("A", "2026-03-31", "2026-03-01", "", clerk, t0);
    ADD_FAILURE() << "a reversed range must be refused";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
  }
  EXPECT_THROW(reports.handling("A", "2026-03-01", "2026-03-31", "officer", clerk, t0), DomainError);
  // Seeded unit targets (migration 11).
  auto targets = reports.online_targets();
  EXPECT_DOUBLE_EQ(targets.for_unit_kind("tu_phap"), 20);
  EXPECT_DOUBLE_EQ(targets.for_unit_kind("van_hoa"), 50);
  EXPECT_DOUBLE_EQ(targets.for_unit_kind("dia_chinh"), 50);
  // The statement reads the covering index (migration 11) whatever the grouping — on SQLite the index alone; on
  // PostgreSQL, whose planner prefers a sequential scan on a table this small, when it may not scan the table.
  for (const char* g : groups) {
    std::string plan;
    db.read([&](store::Conn& c) {
      if (dialect != "sqlite") c.exec("SET enable_seqscan = off");
      auto r = c.exec((dialect == "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + services::handling_report_sql(*services::parse_report_group(g), 3),
                      {t0, t0 + span, t0 + span, std::string("R"), std::string("A"), std::string("B")});
      if (dialect != "sqlite") c.exec("RESET enable_seqscan");
      for (const auto& row : r.rows)
        for (const auto& v : row.v)
          if (const auto* text = std::get_if<std::string>(&v)) plan += *text + "\n";
    });
    EXPECT_NE(plan.find("dossiers_report"), std::string::npos) << g << ": " << plan;
    if (dialect == "sqlite") {
      EXPECT_NE(plan.find("COVERING INDEX dossiers_report"), std::string::npos) << g << ": " << plan;
    }
  }
  // The open dossiers' statement reads an index, on SQLite its partial covering index (migration 25).
  for (const char* g : groups) {
    std::string plan;
    db.read([&](store::Conn& c) {
      if (dialect != "sqlite") c.exec("SET enable_seqscan = off");
      auto r = c.exec((dialect == "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + services::handling_report_sql(*services::parse_report_group(g), 3, true),
                      {t0, t0 + span, t0 + span, std::string("R"), std::string("A"), std::string("B")});
      if (dialect != "sqlite") c.exec("RESET enable_seqscan");
      for (const auto& row : r.rows)
        for (const auto& v : row.v)
          if (const auto* text = std::get_if<std::string>(&v)) plan += *text + "\n";
    });
    // (PostgreSQL's planner picks among the partial indexes by their statistics; the bench measures it at scale.)
    if (dialect == "sqlite") {
      EXPECT_NE(plan.find("COVERING INDEX dossiers_open_report"), std::string::npos) << g << ": " << plan;
    } else {
      EXPECT_EQ(plan.find("Seq Scan on dossiers"), std::string::npos) << g << ": " << plan;
    }
  }
  // A fixed number of statements, whatever the number of dossiers: the open dossiers, the ledger before the period's
  // start and before its end, the targets.
  auto before = db.stats().queries;
  reports.handling("R", "2026-01-01", "2026-08-31", "unit", boss, last_end);
  EXPECT_LE(db.stats().queries - before, 4);
}

TEST(HandlingReportSql, MatchesTheDomainRuleOnSqlite) { run("sqlite"); }
TEST(HandlingReportSql, MatchesTheDomainRuleOnPostgres) { run("postgresql"); }

}  // namespace
}  // namespace motcua
