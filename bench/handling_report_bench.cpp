// The periodic handling report over many generated dossiers (issue 12): the service's one grouped SQL statement
// (ReportService::handling) against the naive scan (read every counted dossier's facts and classify each with
// reports::classify in C++), on SQLite and, with --pg, on PostgreSQL. Both must give the same counts.
//
//   build/release/bench_handling_report [--count N] [--runs R] [--pg postgresql://…] [--keep]
//
// The database is fresh (a temp SQLite file, or a new schema in the PostgreSQL database named by --pg, dropped at
// the end): migrations, the demo agency tree (data/agencies/demo.json), 15 procedures in 5 fields, then N dossiers
// at the commune-level agencies of the tree over 2025-01-01 … 2026-12-31 (random status, channel, handling unit,
// due date 3–15 days after submission, finished 1–20 days after, supplement requests 0–3), inserted in
// transactions of 50,000. The report is the yearly one for 2026 of each province root, grouped by agency and by
// unit; figures: median and min of R runs per query (after one warm-up run).
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
#include "services/reports/report_service.h"
#include "store/db.h"
#include "store/migrations.h"

using namespace motcua;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

int64_t at(int y, int m, int d) { return cal::utc_ms_from_local(cal::make_local({y, m, d}, 0, 0)); }

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

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
  const int64_t t0 = at(2025, 1, 1), span = at(2027, 1, 1) - t0, day = 86'400'000;
  auto t = Clock::now();
  for (int64_t done = 0; done < count;) {
    int64_t batch = std::min<int64_t>(50'000, count - done);
    db.write([&](store::Conn& c) {
      for (int64_t i = 0; i < batch; ++i) {
        const auto& place = communes[rng() % communes.size()];
        int status = 1 + static_cast<int>(rng() % 10);
        int64_t submitted = t0 + static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
        int64_t due = submitted + (3 + static_cast<int64_t>(rng() % 13)) * day;
        bool ended = status == 3 || status >= 8;
        int64_t finished = ended ? submitted + (1 + static_cast<int64_t>(rng() % 20)) * day : 0;
        size_t p = rng() % procs.size();
        c.exec("INSERT INTO dossiers (public_id, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, applicant_type, "
               "applicant_name, channel, status, delivery, submitted_at, due_at, finished_at, supplement_count, paused_at, withdrawn_at, "
               "handling_unit, created_at, updated_at) VALUES ($1,$2,$3,1,'Thủ tục',$4,1,'Nguyễn Văn An',$5,$6,'desk',$7,$8,$9,$10,$11,$12,$13,$7,$7)",
               {"b" + std::to_string(done + i), procs[p], "bench." + std::to_string(p), place.code, static_cast<int64_t>(1 + rng() % 3), int64_t{status},
                submitted, status == 1 || status == 3 ? store::Value(nullptr) : store::Value(due), ended ? store::Value(finished) : store::Value(nullptr),
                static_cast<int64_t>(rng() % 4 == 0 ? 1 + rng() % 3 : 0), status == 5 ? store::Value(submitted + day) : store::Value(nullptr),
                status == 8 && rng() % 2 ? store::Value(finished) : store::Value(nullptr),
                status == 1 || status == 3 || place.units.empty() ? std::string() : place.units[rng() % place.units.size()]});
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
    auto r = c.exec("SELECT status, channel, submitted_at, finished_at, withdrawn_at, due_at, supplement_due_at, supplement_count, paused_at "
                    "FROM dossiers d WHERE (CASE WHEN d.handling_agency_code = '' THEN d.agency_code ELSE d.handling_agency_code END) IN (" + in +
                        ") AND status > 0",
                    params);
    for (const auto& row : r.rows) {
      reports::DossierFacts f;
      f.status = dossier::status_from_code(static_cast<int>(row.i64(0))).value_or(dossier::Status::submitted);
      f.channel = dossier::channel_from_code(static_cast<int>(row.i64(1))).value_or(dossier::Channel::desk);
      f.entered_ms = row.is_null(2) ? 0 : row.i64(2);
      f.ended_ms = row.is_null(3) ? 0 : row.i64(3);
      f.withdrawn = !row.is_null(4);
      f.due_ms = row.is_null(5) ? 0 : row.i64(5);
      f.supplement_due_ms = row.is_null(6) ? 0 : row.i64(6);
      f.supplement_requests = static_cast<int>(row.i64(7));
      f.payment_pauses = f.status == dossier::Status::payment_requested && !row.is_null(8);
      out.add(reports::classify(f, p, now));
    }
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
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i], v = i + 1 < argc ? argv[i + 1] : "";
    if (a == "--keep") keep = true;
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

  accounts::Principal boss;
  boss.kind = accounts::Kind::staff;
  boss.user_id = 1;
  auto snap = agencies.snapshot();
  for (const auto& a : snap->agencies)
    if (a.parent_code.empty()) boss.grants.push_back({accounts::Role::supervisor, a.code, ""});
  const std::string root = "000.00.00.H56";  // Thanh Hóa
  const int64_t now = at(2027, 1, 15);
  reports::Period year{at(2026, 1, 1), at(2027, 1, 1)};
  services::HandlingReport rep;
  Stat by_agency = timed(runs, [&] { rep = reports.handling(root, "2026-01-01", "2026-12-31", "agency", boss, now); });
  Stat by_unit = timed(runs, [&] { reports.handling(root, "2026-01-01", "2026-12-31", "unit", boss, now); });
  reports::HandlingCounts scan;
  Stat scanned = timed(runs, [&] { scan = naive(*db, *snap, root, year, now); });
  bool same = scan == rep.total.counts;
  std::printf("%s | %lld dossiers | report by agency: median %.0f ms (min %.0f, cpu %.0f) | by unit: median %.0f ms (min %.0f, cpu %.0f) | "
              "naive scan + classify: median %.0f ms (min %.0f, cpu %.0f) | counted %lld, same totals: %s\n",
              db->dialect().c_str(), static_cast<long long>(count), by_agency.median, by_agency.min, by_agency.cpu_median, by_unit.median, by_unit.min,
              by_unit.cpu_median, scanned.median, scanned.min, scanned.cpu_median, static_cast<long long>(rep.total.counts.received_total()),
              same ? "yes" : "NO");
  db.reset();
  if (!schema.empty()) store::open_postgres(pg, 1)->write([&](store::Conn& c) { c.exec_script("DROP SCHEMA " + schema + " CASCADE"); });
  else if (keep) std::fprintf(stderr, "kept %s/bench.db\n", dir.c_str());
  else std::filesystem::remove_all(dir);
  return same ? 0 : 1;
}
