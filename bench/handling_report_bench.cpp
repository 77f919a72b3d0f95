// The periodic handling report over many generated dossiers (issue 12): the service's report (ReportService::handling:
// the ledger of the ended dossiers + one grouped statement over the open ones) against the previous design (one
// grouped statement over every counted dossier, ReportSource::scan) and the naive scan (read every counted
// dossier's facts and classify each with reports::classify in C++), on SQLite and, with --pg, on PostgreSQL. All
// three must give the same counts. Also: the one-time ledger build, and what keeping the ledger costs a transition
// that ends a dossier (report_ledger::sync beside the UPDATE itself, in one transaction).
//
//   build/release/bench_handling_report [--count N] [--runs R] [--pg postgresql://…] [--keep] [--verify]
//
// The database is fresh (a temp SQLite file, or a new schema in the PostgreSQL database named by --pg, dropped at
// the end): migrations, the demo agency tree (data/agencies/demo.json), 15 procedures in 5 fields, then N dossiers
// at the commune-level agencies of the tree submitted over 2025-01-01 … 2026-12-31 16:00 ("now"): each is planned
// to finish 1–20 days after submission; one planned before now has ended (resolved 40 %, returned 45 %, stopped or
// withdrawn 10 %, refused 5 %) except one in 200 still open; the others are open (statuses 1, 2, 4–7) — as a
// running system looks. Random channel, handling unit, due date 3–15 days after submission, supplement requests
// 0–3; inserted 50 rows per statement in transactions of 50,000, then the ledger is built. Reports: the yearly one for 2026 (the current
// year, read as of now) of the Thanh Hóa province root grouped by agency and by unit, and for 2025 (a past year) by
// agency; figures: median and min of R runs per query (after one warm-up run).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "domain/calendar/date.h"
#include "domain/reports/handling.h"
#include "services/agencies/agency_service.h"
#include "services/catalog/catalog_service.h"
#include "services/reports/report_ledger.h"
#include "services/reports/report_service.h"
#include "store/db.h"
#include "store/migrations.h"

using namespace motcua;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

int64_t at(int y, int m, int d) { return cal::utc_ms_from_local(cal::make_local({y, m, d}, 0, 0)); }

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

const int64_t kNow = at(2026, 12, 31) + 16LL * 3'600'000;  // 2026-12-31 16:00 local

void fill(store::Db& db, services::AgencyService& agencies, int64_t count) {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/agencies/demo.json");
  agencies.import_tree(json::parse(in));
  auto snap = agencies.snapshot();
  struct Place {
    std::string code;
    std::vector<std::string> units;
  };
  std::vector<Place> communes;
  for (const auto& a : snap->agencies)
    if (a.level == "xa") {
      Place p{a.code, {}};
      for (const auto& u : a.units)
        if (u.kind != "mot_cua") p.units.push_back(u.code);
      communes.push_back(p);
    }
  std::vector<int64_t> procs;
  db.write([&](store::Conn& c) {
    for (int i = 0; i < 15; ++i) {
      std::string code = "bench." + std::to_string(i), field = "field." + std::to_string(i % 5);
      int64_t id = c.exec("INSERT INTO procedures (code, state, created_at, updated_at) VALUES ($1, 'active', 0, 0) RETURNING id", {code}).rows.at(0).i64(0);
      json doc = {{"name", "Thủ tục " + std::to_string(i)}, {"field", {{"code", field}, {"name", "Lĩnh vực " + std::to_string(i % 5)}}},
                  {"levels", json::array({"xa"})}, {"agency_kinds", json::array()}, {"target_online_ratio", 50}};
      c.exec("INSERT INTO procedure_versions (procedure_id, version_no, state, effective_from, name, field_code, doc, created_by, created_at) "
             "VALUES ($1, 1, 'published', 0, $2, $3, $4, 'bench', 0)",
             {id, doc["name"].get<std::string>(), field, doc.dump()});
      procs.push_back(id);
    }
  });
  std::mt19937_64 rng(42);
  const int64_t t0 = at(2025, 1, 1), now = kNow, span = now - t0, day = 86'400'000;
  auto t = Clock::now();
  // Rows go in 50 at a time (one statement each), 13 values per row.
  std::vector<std::vector<store::Value>> pending;
  auto flush = [&](store::Conn& c) {
    std::string sql =
        "INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, applicant_type, "
        "applicant_name, channel, status, delivery, submitted_at, due_at, finished_at, supplement_count, paused_at, withdrawn_at, "
        "handling_unit, created_at, updated_at) VALUES ";
    std::vector<store::Value> params;
    for (size_t r = 0; r < pending.size(); ++r) {
      auto ph = [&](int k) { return "$" + std::to_string(r * 13 + static_cast<size_t>(k)); };
      sql += std::string(r ? ", " : "") + "(" + ph(1) + "," + ph(2) + "," + ph(3) + ",1,'Thủ tục'," + ph(4) + ",1,'Nguyễn Văn An'," + ph(5) + "," + ph(6) +
             ",'desk'," + ph(7) + "," + ph(8) + "," + ph(9) + "," + ph(10) + "," + ph(11) + "," + ph(12) + "," + ph(13) + "," + ph(7) + "," + ph(7) + ")";
      params.insert(params.end(), pending[r].begin(), pending[r].end());
    }
    c.exec(sql, params);
    pending.clear();
  };
  for (int64_t done = 0; done < count;) {
    int64_t batch = std::min<int64_t>(50'000, count - done);
    db.write([&](store::Conn& c) {
      for (int64_t i = 0; i < batch; ++i) {
        const auto& place = communes[rng() % communes.size()];
        int64_t submitted = t0 + static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
        int64_t due = submitted + (3 + static_cast<int64_t>(rng() % 13)) * day;
        int64_t planned = submitted + (1 + static_cast<int64_t>(rng() % 20)) * day;
        bool ended = planned < now && rng() % 200 != 0;
        int status = 0;
        if (ended) {
          int x = static_cast<int>(rng() % 100);
          status = x < 40 ? 9 : x < 85 ? 10 : x < 95 ? 8 : 3;
        } else {
          const int open[] = {1, 2, 2, 2, 4, 4, 5, 6, 7};
          status = open[rng() % 9];
        }
        size_t p = rng() % procs.size();
        std::vector<store::Value> v = {
            "b" + std::to_string(done + i), procs[p], "bench." + std::to_string(p), place.code, static_cast<int64_t>(1 + rng() % 3), int64_t{status},
            submitted, status == 1 || status == 3 ? store::Value(nullptr) : store::Value(due), ended ? store::Value(planned) : store::Value(nullptr),
            static_cast<int64_t>(rng() % 4 == 0 ? 1 + rng() % 3 : 0), status == 5 ? store::Value(submitted + day) : store::Value(nullptr),
            status == 8 && rng() % 2 ? store::Value(planned) : store::Value(nullptr),
            status == 1 || status == 3 || place.units.empty() ? std::string() : place.units[rng() % place.units.size()]};
        pending.push_back(std::move(v));
        if (pending.size() == 50 || i + 1 == batch) flush(c);
      }
    });
    done += batch;
    std::fprintf(stderr, "\r  generated %lld / %lld dossiers (%.0f s)", static_cast<long long>(done), static_cast<long long>(count), ms_since(t) / 1000);
  }
  std::fprintf(stderr, "\n");
}

// The naive scan: every dossier of the subtree (same covering index), its facts read and classified one by one in C++.
reports::HandlingCounts naive(store::Db& db, const services::AgencySnapshot& ag, const std::string& root, reports::Period p, int64_t now) {
  std::vector<store::Value> params;
  std::string in;
  for (const auto& a : ag.agencies)
    if (ag.within(a.code, root)) {
      params.emplace_back(a.code);
      in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
    }
  reports::HandlingCounts out;
  db.read([&](store::Conn& c) {
    auto r = c.exec(std::string("SELECT ") + services::report_ledger::kFactsColumns +
                        " FROM dossiers d WHERE (CASE WHEN d.handling_agency_code = '' THEN d.agency_code ELSE d.handling_agency_code END) IN (" + in +
                        ") AND status > 0",
                    params);
    for (const auto& row : r.rows) out.add(reports::classify(services::report_ledger::facts_of(row, 0), p, now));
  });
  return out;
}

// Wall time, and this process's CPU time (on SQLite the whole query runs in the process; on PostgreSQL it is the
// client's share only). The machine is shared: the CPU figure is the steadier one.
struct Stat {
  double median = 0, min = 0, cpu_median = 0;
};
double cpu_ms() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }
template <class F>
Stat timed(int runs, F&& f) {
  f();  // warm-up
  std::vector<double> v, cpu;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    double c = cpu_ms();
    f();
    v.push_back(ms_since(t));
    cpu.push_back(cpu_ms() - c);
  }
  std::sort(v.begin(), v.end());
  std::sort(cpu.begin(), cpu.end());
  return {v[v.size() / 2], v.front(), cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  int64_t count = 100'000;
  int runs = 5;
  std::string pg;
  bool keep = false;  // keep the SQLite file (its path is printed) for EXPLAIN QUERY PLAN
  bool verify = false;  // also compare the whole stored ledger with one recomputed from the rows
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i], v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--keep") keep = true;
    else if (a == "--verify") verify = true;
    else if (a == "--count") count = std::atoll(v.c_str()), ++i;
    else if (a == "--runs") runs = std::atoi(v.c_str()), ++i;
    else if (a == "--pg") pg = v, ++i;
  }
  std::string dir = (std::filesystem::temp_directory_path() / ("motcua-bench-report-" + std::to_string(::getpid()))).string();
  std::string schema;
  std::unique_ptr<store::Db> db;
  if (pg.empty()) {
    std::filesystem::create_directories(dir);
    db = store::open_sqlite(dir + "/bench.db", 2);
  } else {
    schema = "bench_report_" + std::to_string(::getpid());
    store::open_postgres(pg, 1)->write([&](store::Conn& c) { c.exec_script("CREATE SCHEMA " + schema); });
    db = store::open_postgres(pg + (pg.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema, 2);
  }
  store::migrate(*db);
  services::AgencyService agencies(*db);
  services::CatalogService catalog(*db, agencies);
  services::ReportService reports(*db, agencies, catalog);
  std::fprintf(stderr, "%s, %lld dossiers\n", db->dialect().c_str(), static_cast<long long>(count));
  fill(*db, agencies, count);
  if (db->dialect() == "postgresql") db->write([](store::Conn& c) { c.exec_script("ANALYZE dossiers"); });
  else db->write([](store::Conn& c) { c.exec_script("ANALYZE"); });
  auto tb = Clock::now();
  int64_t ended = services::report_ledger::rebuild(*db);
  double build_ms = ms_since(tb);
  if (db->dialect() == "postgresql") db->write([](store::Conn& c) { c.exec_script("ANALYZE"); });
  else db->write([](store::Conn& c) { c.exec_script("ANALYZE"); });
  int64_t day_rows = db->query("SELECT COUNT(*) FROM report_ledger_days").rows.at(0).i64(0);
  int64_t block_rows = db->query("SELECT COUNT(*) FROM report_ledger_blocks").rows.at(0).i64(0);
  std::fprintf(stderr, "  ledger built: %lld ended dossiers, %lld day rows, %lld block rows in %.0f ms\n", static_cast<long long>(ended),
               static_cast<long long>(day_rows), static_cast<long long>(block_rows), build_ms);

  accounts::Principal boss;
  boss.kind = accounts::Kind::staff;
  boss.user_id = 1;
  auto snap = agencies.snapshot();
  for (const auto& a : snap->agencies)
    if (a.parent_code.empty()) boss.grants.push_back({accounts::Role::supervisor, a.code, ""});
  const std::string root = "000.00.00.H56";  // Thanh Hóa
  const int64_t now = kNow;
  reports::Period year{at(2026, 1, 1), at(2027, 1, 1)}, last_year{at(2025, 1, 1), at(2026, 1, 1)};
  using services::ReportGroup;
  using services::ReportSource;
  services::HandlingReport rep, rep_scan, rep_2025, rep_2025_scan;
  Stat by_agency = timed(runs, [&] { rep = reports.handling(root, "2026-01-01", "2026-12-31", "agency", boss, now); });
  Stat by_unit = timed(runs, [&] { reports.handling(root, "2026-01-01", "2026-12-31", "unit", boss, now); });
  Stat past = timed(runs, [&] { rep_2025 = reports.handling(root, "2025-01-01", "2025-12-31", "agency", boss, now); });
  Stat scan_agency = timed(runs, [&] { rep_scan = reports.handling_unchecked(root, "2026-01-01", "2026-12-31", ReportGroup::agency, now, ReportSource::scan); });
  Stat scan_unit = timed(runs, [&] { reports.handling_unchecked(root, "2026-01-01", "2026-12-31", ReportGroup::unit, now, ReportSource::scan); });
  rep_2025_scan = reports.handling_unchecked(root, "2025-01-01", "2025-12-31", ReportGroup::agency, now, ReportSource::scan);
  reports::HandlingCounts scan, scan_2025;
  Stat scanned = timed(runs, [&] { scan = naive(*db, *snap, root, year, now); });
  scan_2025 = naive(*db, *snap, root, last_year, now);
  bool same = scan == rep.total.counts && scan == rep_scan.total.counts && scan_2025 == rep_2025.total.counts && scan_2025 == rep_2025_scan.total.counts;
  int64_t open = db->query("SELECT COUNT(*) FROM dossiers WHERE status IN (1,2,4,5,6,7)").rows.at(0).i64(0);

  // Keeping the ledger: 2,000 open dossiers of the subtree end (UPDATE to 9 + sync) in one transaction; the time of the
  // UPDATEs and of the syncs measured apart.
  std::vector<int64_t> ids;
  for (const auto& row : db->query("SELECT id FROM dossiers WHERE status IN (2,4) ORDER BY id LIMIT 2000").rows) ids.push_back(row.i64(0));
  double update_ms = 0, sync_ms = 0;
  db->write([&](store::Conn& c) {
    for (int64_t id : ids) {
      auto t1 = Clock::now();
      c.exec("UPDATE dossiers SET status = 9, finished_at = $2, updated_at = $2 WHERE id = $1", {id, now});
      update_ms += ms_since(t1);
      auto t2 = Clock::now();
      services::report_ledger::sync(c, id);
      sync_ms += ms_since(t2);
    }
  });
  std::string check = verify ? services::report_ledger::verify(*db) : std::string("not asked");
  const double n_ids = static_cast<double>(std::max<size_t>(1, ids.size()));

  std::printf("%s | %lld dossiers (%lld open) | 2026 by agency: median %.1f ms (min %.1f, cpu %.1f) | by unit: median %.1f ms (min %.1f, cpu %.1f) | "
              "2025 by agency: median %.1f ms (min %.1f) | scan of every dossier, by agency: median %.0f ms (cpu %.0f), by unit: median %.0f ms | "
              "naive scan + classify: median %.0f ms (cpu %.0f) | counted %lld, same totals: %s | ledger build %.0f ms (%lld ended; %lld day rows, "
              "%lld block rows) | ending a dossier: UPDATE %.1f µs + ledger sync %.1f µs | verify: %s\n",
              db->dialect().c_str(), static_cast<long long>(count), static_cast<long long>(open), by_agency.median, by_agency.min, by_agency.cpu_median,
              by_unit.median, by_unit.min, by_unit.cpu_median, past.median, past.min, scan_agency.median, scan_agency.cpu_median, scan_unit.median,
              scanned.median, scanned.cpu_median, static_cast<long long>(rep.total.counts.received_total()), same ? "yes" : "NO", build_ms,
              static_cast<long long>(ended), static_cast<long long>(day_rows), static_cast<long long>(block_rows), 1000 * update_ms / n_ids,
              1000 * sync_ms / n_ids, check.empty() ? "equal" : check.c_str());
  same = same && (check.empty() || !verify);
  db.reset();
  if (!schema.empty()) store::open_postgres(pg, 1)->write([&](store::Conn& c) { c.exec_script("DROP SCHEMA " + schema + " CASCADE"); });
  else if (keep) std::fprintf(stderr, "kept %s/bench.db\n", dir.c_str());
  else std::filesystem::remove_all(dir);
  return same ? 0 : 1;
}
