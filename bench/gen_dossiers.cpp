// Fills a motcua SQLite database with N generated dossiers (default 1,000,000) for the throughput
// benchmarks (bench/dossiers.sh). The database must already hold the schema and the demo data
// (`motcua demo --data DIR`): agencies, procedures and their published versions are read from it.
//
//   build/bench/bench_gen_dossiers --db DIR/motcua.db [--count N] [--users U] [--years Y] [--seed S]
//       [--codes-out FILE] [--codes-sample K] [--bodies-out FILE]
//
// What it writes (direct SQL through the sqlite3 C API, prepared statements, one transaction per
// 100,000 dossiers, journal off and synchronous off while generating; the file is switched back to
// WAL at the end, which is what the server expects):
//  - U citizen accounts (default N/10; no password) who own the online dossiers;
//  - N dossiers over the working days (Mon–Fri) of the last Y years (default 3), in chronological
//    order, at the commune-level agencies of the demo tree (the demo procedures are all commune-level),
//    weighted procedures, channels desk / online / post, statuses 1–10 depending on the dossier's age,
//    an e-form filled from the procedure's own schema (the template of every procedure is checked with
//    catalog::validate_values), appointment = reception + processing time in working days (weekends
//    skipped, holidays ignored);
//  - codes <agency>-<yyMMdd>-<NNNN> (dossier::format_code) for every dossier that was accepted
//    (statuses 2 and 4–10; 1 = not yet accepted and 3 = refused at intake have none), numbered
//    gaplessly per agency and reception day, and the matching dossier_sequences rows;
//  - dossier_history: the path through the state machine that leads to the status (submit, accept,
//    transfer, approve, return-result, …), 2–5 rows per dossier;
//  - dossier_documents: every mandatory component (except the e-form itself), optional ones 30 % of
//    the time, with opaque file ids (no files rows);
//  - with migration 28: applicant_search, the folded key of the staff search (dossier::applicant_search_key), which
//    the FTS5 triggers index row by row;
//  - with migration 7: substate (from dossier::substate_after of the last action) and paused_at for
//    statuses 5 and 6; the other columns of migration 7 (unit, assignee, step, fees …) keep their
//    defaults;
//  - no audit_log rows (the hash chain would have to be computed row by row; the server appends to it
//    at the end, so its size does not change the cost of a submission).
// Columns are always named (explicit INSERT column lists), so a later migration that adds columns with
// defaults does not break it.
//  --codes-out: a uniform random sample (reservoir) of K codes (default 100,000), one per line, for the
//    lookup benchmark.  --bodies-out: valid POST /api/v1/dossiers bodies, one JSON per line (every
//    procedure open to citizens × every commune agency, each mandatory component attached with file id "@FILE@", which
//    bench/dossiers.sh replaces with a file the benchmark citizen uploaded), for the submission benchmark.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar/date.h"
#include "domain/catalog/form_schema.h"
#include "domain/dossier/dossier_code.h"
#include "domain/dossier/search.h"
#include "domain/dossier/state_machine.h"
#include "domain/format.h"

using namespace motcua;
using nlohmann::json;

namespace {

sqlite3* g_db = nullptr;

void check(int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(g_db));
}
void exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(g_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(sql + ": " + m);
  }
}
struct Stmt {
  sqlite3_stmt* s = nullptr;
  explicit Stmt(const std::string& sql) { check(sqlite3_prepare_v2(g_db, sql.c_str(), -1, &s, nullptr), sql.c_str()); }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt& text(int i, const std::string& v) {
    check(sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
    return *this;
  }
  Stmt& i64(int i, int64_t v) {
    check(sqlite3_bind_int64(s, i, v), "bind");
    return *this;
  }
  Stmt& opt(int i, int64_t v) {  // 0 → NULL
    check(v ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i), "bind");
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(s);
    check(rc, "step");
    return rc == SQLITE_ROW;
  }
  void run() {
    step();
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
  std::string col(int i) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s, i))) : "";
  }
};

std::mt19937_64 rng;
double uni() { return std::uniform_real_distribution<double>(0, 1)(rng); }
int64_t range(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); }  // inclusive
template <class T>
const T& pick(const std::vector<T>& v) { return v[static_cast<size_t>(range(0, static_cast<int64_t>(v.size()) - 1))]; }
template <class T>
size_t pick_weighted(const std::vector<T>& w) {  // w: weights
  double total = 0;
  for (auto x : w) total += x;
  double r = uni() * total;
  for (size_t i = 0; i < w.size(); ++i) {
    if (r < w[i]) return i;
    r -= w[i];
  }
  return w.size() - 1;
}

const std::vector<std::string> kFamily = {"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
                                          "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lương", "Mai", "Trịnh"};
const std::vector<std::string> kMiddleM = {"Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Xuân", "Đình", "Ngọc"};
const std::vector<std::string> kMiddleF = {"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Kim"};
const std::vector<std::string> kGivenM = {"An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khang", "Long", "Minh", "Nam",
                                          "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"};
const std::vector<std::string> kGivenF = {"Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai",
                                          "Nga", "Ngân", "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Vy", "Yến"};
const std::vector<std::string> kVillage = {"Khu phố 1", "Khu phố 2", "Khu phố 3", "Khu phố 4", "Thôn Đồng Tâm", "Thôn Hợp Thành",
                                           "Thôn Xuân Thành", "Thôn Tân Phúc", "Thôn Liên Sơn", "Thôn Bắc Sơn"};
const std::vector<std::string> kPhrase = {"Theo nhu cầu của gia đình", "Bổ sung hồ sơ cá nhân", "Làm thủ tục theo quy định",
                                          "Phục vụ học tập", "Phục vụ công việc", "Theo đề nghị của cơ quan"};

struct Person {
  std::string name, id_number, phone, email, dob;
};

std::string digits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + range(0, 9)));
  return s;
}
// CCCD: 3-digit province, century/sex digit, 2-digit year, 6-digit serial.
std::string cccd(int prov, bool female, int year, int64_t serial) {
  char b[16];
  std::snprintf(b, sizeof b, "%03d%d%02d%06lld", prov, (year >= 2000 ? 2 : 0) + (female ? 1 : 0), year % 100,
                static_cast<long long>(serial % 1000000));
  return b;
}
const int kProv[] = {38, 38, 38, 30, 42, 35};  // Thanh Hóa, Hải Dương, Hà Tĩnh, Hà Nam
Person person(int64_t serial) {
  bool f = uni() < 0.5;
  Person p;
  p.name = pick(kFamily) + " " + (f ? pick(kMiddleF) : pick(kMiddleM)) + " " + (f ? pick(kGivenF) : pick(kGivenM));
  int year = static_cast<int>(range(1950, 2005));
  p.id_number = cccd(kProv[range(0, 5)], f, year, serial);
  char d[16];
  std::snprintf(d, sizeof d, "%04d-%02d-%02d", year, static_cast<int>(range(1, 12)), static_cast<int>(range(1, 28)));
  p.dob = d;
  p.phone = "09" + digits(8);
  if (uni() < 0.4) p.email = "nguoidan" + std::to_string(serial) + "@example.vn";
  return p;
}

std::string json_str(const std::string& s) { return json(s).dump(); }

// One e-form field and how to fill it.
struct Field {
  std::string name, type;
  bool required = false;
  std::vector<std::string> choices;
  size_t maxlen = 500;
  std::string number, fixed;  // number: value for "number"; fixed: override found by validation
};
struct Proc {
  int64_t id = 0, version = 0;
  std::string code, name;
  double weight = 1, days = 5;
  json schema;
  std::vector<Field> fields;  // sorted by name (as nlohmann::json dumps objects)
  std::vector<std::string> mandatory_docs, optional_docs;  // components to attach (not the e-form itself)
  bool citizens = true;  // the procedure's applicants include citizens (type 1): the bench submits as a citizen
};

std::string cut(const std::string& s, size_t maxlen) {  // at most maxlen code points
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == maxlen) break;
      ++n;
    }
  }
  return s.substr(0, i);
}

std::string fill_text(const Field& f, const Person& p, const std::string& address) {
  const std::string& n = f.name;
  auto has = [&](const char* x) { return n.find(x) != std::string::npos; };
  std::string v;
  if (has("ho_ten") || has("nguoi_chu_tri")) v = p.name;
  else if (has("dan_toc")) v = "Kinh";
  else if (has("quoc_tich")) v = "Việt Nam";
  else if (has("noi_") || has("dia_chi") || has("dia_diem") || has("que_quan") || has("thon") || has("dia_ban")) v = address;
  else if (n.rfind("so_", 0) == 0) v = std::to_string(range(1, 999)) + "/" + std::to_string(range(2015, 2025));
  else if (has("gio_")) v = "08:30";
  else v = pick(kPhrase);
  return cut(v, f.maxlen);
}

std::string random_date(int y0, int y1) {
  char d[16];
  std::snprintf(d, sizeof d, "%04d-%02d-%02d", static_cast<int>(range(y0, y1)), static_cast<int>(range(1, 12)),
                static_cast<int>(range(1, 28)));
  return d;
}

// The e-form as the server stores it (nlohmann dump of an object: keys sorted, no spaces). Required
// fields always, optional ones half of the time.
std::string make_form(const Proc& pr, const Person& p, const std::string& address, bool all_fields) {
  std::string out = "{";
  for (const auto& f : pr.fields) {
    if (!f.required && !all_fields && uni() < 0.5) continue;
    std::string v;
    if (!f.fixed.empty()) v = json_str(f.fixed);
    else if (f.type == "checkbox") v = "true";
    else if (f.type == "select" || f.type == "radio") v = json_str(pick(f.choices));
    else if (f.type == "date") v = json_str(random_date(1960, 2023));
    else if (f.type == "number") v = json_str(f.number);
    else if (f.type == "id_number") v = json_str(p.id_number);
    else if (f.type == "phone") v = json_str(p.phone);
    else if (f.type == "email") v = json_str(p.email.empty() ? "lienhe@example.vn" : p.email);
    else v = json_str(fill_text(f, p, address));
    if (out.size() > 1) out += ",";
    out += json_str(f.name) + ":" + v;
  }
  return out + "}";
}

// Adds working days (Mon–Fri) to a local time.
cal::LocalDateTime add_working_days(cal::LocalDateTime t, int days) {
  cal::Date d = cal::date_of(t);
  int m = cal::minute_of_day(t);
  while (days > 0) {
    d = cal::add_days(d, 1);
    if (!cal::is_weekend(d)) --days;
  }
  return cal::make_local(d, m / 60, m % 60);
}

struct Agency {
  std::string code, slug, place;
  double weight = 1;
};

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, codes_out, bodies_out;
  int64_t count = 1000000, users = -1, codes_sample = 100000;
  int years = 3;
  uint64_t seed = 20261123;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error("missing value for " + a);
      return argv[++i];
    };
    if (a == "--db") db_path = next();
    else if (a == "--count") count = std::stoll(next());
    else if (a == "--users") users = std::stoll(next());
    else if (a == "--years") years = std::stoi(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--codes-out") codes_out = next();
    else if (a == "--codes-sample") codes_sample = std::stoll(next());
    else if (a == "--bodies-out") bodies_out = next();
    else {
      std::fprintf(stderr, "usage: %s --db FILE [--count N] [--users U] [--years Y] [--seed S] [--codes-out F] [--codes-sample K] [--bodies-out F]\n", argv[0]);
      return 2;
    }
  }
  if (db_path.empty()) {
    std::fprintf(stderr, "--db is required\n");
    return 2;
  }
  if (users < 0) users = std::max<int64_t>(1, count / 10);
  rng.seed(seed);
  auto t0 = std::chrono::steady_clock::now();
  check(sqlite3_open_v2(db_path.c_str(), &g_db, SQLITE_OPEN_READWRITE, nullptr), "open");
  exec("PRAGMA busy_timeout=10000");

  // ---- what the demo data provides ----
  std::vector<Agency> agencies;
  {
    Stmt q("SELECT code FROM agencies WHERE level = 'xa' ORDER BY sort_order, id");
    struct Known {
      const char *slug, *place;
      double weight;
    };
    const std::map<std::string, Known> known = {
        {"000.01.25.H56", {"bensung", "thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa", 4}},
        {"000.07.12.H56", {"linhtoai", "xã Lĩnh Toại, huyện Hà Trung, tỉnh Thanh Hóa", 2}},
        {"000.10.04.H23", {"camhoang", "xã Cẩm Hoàng, huyện Cẩm Giàng, tỉnh Hải Dương", 2}},
        {"000.12.05.H30", {"sontrung", "xã Sơn Trung, huyện Hương Sơn, tỉnh Hà Tĩnh", 2}}};
    while (q.step()) {
      Agency a;
      a.code = q.col(0);
      auto it = known.find(a.code);
      a.slug = it != known.end() ? it->second.slug : a.code;
      a.place = it != known.end() ? it->second.place : a.code;
      a.weight = it != known.end() ? it->second.weight : 1;
      agencies.push_back(a);
    }
  }
  if (agencies.empty()) throw std::runtime_error("no commune-level agencies: run `motcua demo --data DIR` first");
  std::vector<Proc> procs;
  {
    const std::map<std::string, double> weight = {{"1.001193", 30}, {"1.000656", 10}, {"1.000894", 12}, {"2.000635", 20},
                                                  {"1.004873", 15}, {"1.001653", 3}};
    Stmt q("SELECT p.id, p.code, v.version_no, v.name, v.doc FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id "
           "WHERE p.state = 'active' AND v.state = 'published' ORDER BY p.id, v.version_no");
    while (q.step()) {
      Proc p;
      p.id = sqlite3_column_int64(q.s, 0);
      p.code = q.col(1);
      p.version = sqlite3_column_int64(q.s, 2);
      p.name = q.col(3);
      json doc = json::parse(q.col(4));
      if (!procs.empty() && procs.back().id == p.id) procs.pop_back();  // keep the newest published version
      p.schema = doc.value("form_schema", json::object());
      auto w = weight.find(p.code);
      p.weight = w != weight.end() ? w->second : 1.5;
      const json& pt = doc.value("processing_time", json::object());
      double amount = pt.value("amount", 5.0);
      std::string unit = pt.value("unit", std::string("working_days"));
      p.days = std::max(1.0, std::ceil(unit == "hours" ? amount / 8 : amount));
      for (const auto& f : p.schema.value("fields", json::array())) {
        Field x;
        x.name = f.value("name", std::string());
        x.type = f.value("type", std::string("text"));
        x.required = f.value("required", false);
        if (f.contains("choices"))
          for (const auto& c : f["choices"]) x.choices.push_back(c.value("value", std::string()));
        if (f.value("choices_from", std::string()) == "dan_toc") x.choices = {"Kinh", "Tày", "Thái", "Mường"};  // reference lists
        if (f.value("choices_from", std::string()) == "quoc_tich") x.choices = {"Việt Nam"};
        if (f.contains("max_length") && f["max_length"].is_number_integer()) x.maxlen = f["max_length"].get<size_t>();
        x.number = f.contains("min") && f["min"].is_number() ? f["min"].dump() : "1";
        p.fields.push_back(x);
      }
      std::sort(p.fields.begin(), p.fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
      for (const auto& c : doc.value("components", json::array())) {
        if (c.value("template_form", false)) continue;  // the e-form stands for the declaration
        (c.value("mandatory", false) ? p.mandatory_docs : p.optional_docs).push_back(c.value("code", std::string()));
      }
      if (doc.contains("applicants") && doc["applicants"].is_array() && !doc["applicants"].empty()) {
        p.citizens = false;
        for (const auto& t : doc["applicants"]) p.citizens |= t == 1;
      }
      procs.push_back(std::move(p));
    }
  }
  if (procs.empty()) throw std::runtime_error("no published procedures: run `motcua demo --data DIR` first");
  // Validate every procedure's template against its own schema; repair text fields with a pattern the
  // heuristics do not know by trying a few shapes.
  int this_year = std::stoi(fmt::iso_date(fmt::now_ms()).substr(0, 4));
  for (auto& pr : procs) {
    for (int attempt = 0;; ++attempt) {
      Person p = person(1);
      auto errs = catalog::validate_values(pr.schema, json::parse(make_form(pr, p, "Khu phố 1, thị trấn", true)), this_year);
      if (errs.empty()) break;
      if (attempt > 8) throw std::runtime_error("cannot fill the e-form of " + pr.code + ": " + errs[0].field + " " + errs[0].message);
      const char* shapes[] = {"08:30", "1", "2020-01-02", "001090000001", "0912345678", "Nguyễn Văn An", "A1", "an@example.vn"};
      for (const auto& e : errs)
        for (auto& f : pr.fields)
          if (f.name == e.field) f.fixed = shapes[attempt % std::size(shapes)];
    }
  }

  if (!bodies_out.empty()) {
    std::ofstream out(bodies_out);
    for (const auto& pr : procs)
      for (const auto& a : agencies) {
        if (!pr.citizens) continue;  // a citizen may not file an organisations-only procedure (422)
        Person p = person(999999);
        json docs = json::array();
        for (const auto& c : pr.mandatory_docs) docs.push_back({{"component_code", c}, {"file_id", "@FILE@"}, {"copy_type", "photo"}});
        json body = {{"procedure_code", pr.code}, {"agency_code", a.code}, {"delivery", "desk"}, {"submit", true},
                     {"form", json::parse(make_form(pr, p, pick(kVillage) + ", " + a.place, true))}, {"documents", docs}};
        out << body.dump() << "\n";
      }
  }

  {
    Stmt q("SELECT COUNT(*) FROM dossiers");
    q.step();
    if (sqlite3_column_int64(q.s, 0) > 0) throw std::runtime_error("the database already has dossiers; start from a fresh `motcua demo`");
  }

  exec("PRAGMA journal_mode=OFF");
  exec("PRAGMA synchronous=OFF");
  exec("PRAGMA cache_size=-1500000");  // 1.5 GB: every index stays in memory while inserting
  exec("PRAGMA temp_store=MEMORY");
  exec("PRAGMA foreign_keys=OFF");  // the generator keeps the references itself

  int64_t now = fmt::now_ms();
  cal::LocalDateTime now_local = cal::local_from_utc_ms(now);
  cal::Date today = cal::date_of(now_local);
  auto ms = [](cal::LocalDateTime t, int64_t extra_ms = 0) { return cal::utc_ms_from_local(t) + extra_ms; };

  // ---- citizen accounts ----
  auto tu = std::chrono::steady_clock::now();
  std::vector<std::pair<int64_t, Person>> citizens;
  citizens.reserve(static_cast<size_t>(users));
  {
    exec("BEGIN");
    Stmt ins("INSERT INTO users (public_id, kind, username, id_number, full_name, date_of_birth, phone, email, phone_verified, status, "
             "created_by, created_at, updated_at) VALUES (?1, 'citizen', ?2, ?2, ?3, ?4, ?5, ?6, 1, 'active', 'bench', ?7, ?7)");
    int64_t created = ms(cal::make_local(cal::add_days(today, -365 * years - 30), 9, 0));
    for (int64_t i = 0; i < users; ++i) {
      Person p = person(500000 + i);  // serials 500000+ never collide with the demo accounts
      char pid[32];
      std::snprintf(pid, sizeof pid, "%016llx%08llx", static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng() & 0xffffffff));
      ins.text(1, pid).text(2, p.id_number).text(3, p.name).text(4, p.dob).text(5, p.phone).text(6, p.email).i64(7, created).run();
      citizens.emplace_back(sqlite3_last_insert_rowid(g_db), std::move(p));
    }
    exec("COMMIT");
  }
  double users_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - tu).count();

  // ---- the working days and how many dossiers each gets ----
  std::vector<cal::Date> days;
  for (cal::Date d = cal::add_days(today, -365 * years); d < today; d = cal::add_days(d, 1))
    if (!cal::is_weekend(d)) days.push_back(d);
  std::vector<double> dw(days.size());
  for (size_t i = 0; i < days.size(); ++i) dw[i] = 0.6 + 0.8 * uni() + 0.6 * static_cast<double>(i) / days.size();  // volume grows over the period
  double dwsum = 0;
  for (auto x : dw) dwsum += x;

  std::vector<double> aw, pw;
  for (const auto& a : agencies) aw.push_back(a.weight);
  for (const auto& p : procs) pw.push_back(p.weight);

  // Columns of later migrations (7: substate, paused_at; documents' copy_type, source) are filled when present.
  auto has_column = [](const char* table, const char* col) {
    Stmt q(std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = '" + col + "'");
    return q.step();
  };
  const bool v7 = has_column("dossiers", "substate") && has_column("dossiers", "paused_at") && has_column("dossier_documents", "copy_type") &&
                  has_column("dossier_documents", "source");
  // Migration 28: the applicant search key (the FTS5 triggers index it as each row is inserted).
  const bool v28 = has_column("dossiers", "applicant_search");
  Stmt ins_d(
      "INSERT INTO dossiers (public_id, code, procedure_id, procedure_code, procedure_version, procedure_name, agency_code, applicant_user_id, "
      "applicant_type, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, channel, status, delivery, form, "
      "submitted_at, received_at, due_at, finished_at, returned_at, received_by, row_version, created_at, updated_at" +
      std::string(v7 ? ", substate, paused_at" : "") + std::string(v28 ? ", applicant_search" : "") +
      ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27" +
      std::string(v7 ? ",?28,?29" : "") + std::string(v28 ? ",?30" : "") + ")");
  Stmt ins_h("INSERT INTO dossier_history (dossier_id, at, actor, role, unit, action, from_status, to_status, note) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  Stmt ins_doc(v7 ? "INSERT INTO dossier_documents (dossier_id, component_code, file_public_id, copy_type, source, created_at) VALUES (?1,?2,?3,?4,?5,?6)"
                  : "INSERT INTO dossier_documents (dossier_id, component_code, file_public_id, created_at) VALUES (?1,?2,?3,?6)");
  auto hex24 = [] {
    char b[32];
    std::snprintf(b, sizeof b, "%016llx%08llx", static_cast<unsigned long long>(rng()), static_cast<unsigned long long>(rng() & 0xffffffff));
    return std::string(b);
  };
  Stmt ins_s("INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES (?1, ?2, ?3)");

  std::map<std::pair<std::string, std::string>, int> seqs;  // (agency, yyMMdd) → last value
  std::vector<std::string> sample;
  sample.reserve(static_cast<size_t>(codes_sample));
  int64_t coded = 0, history_rows = 0, document_rows = 0, written = 0;
  int64_t by_status[11] = {};
  double carry = 0;
  const int64_t kBatch = 100000;
  exec("BEGIN");
  auto td = std::chrono::steady_clock::now();

  struct Pending {
    int minute;
    int channel;
  };
  for (size_t di = 0; di < days.size() && written < count; ++di) {
    cal::Date day = days[di];
    double want = static_cast<double>(count) * dw[di] / dwsum + carry;
    int64_t n = di + 1 == days.size() ? count - written : static_cast<int64_t>(want);
    carry = want - static_cast<double>(n);
    n = std::min(n, count - written);
    double online_share = 0.30 + 0.30 * static_cast<double>(di) / days.size();  // 30 % → 60 % over the period
    std::vector<Pending> todays(static_cast<size_t>(n));
    for (auto& p : todays) {
      double r = uni();
      p.channel = r < online_share ? 2 : (r < online_share + 0.05 ? 3 : 1);
      p.minute = p.channel == 2 ? static_cast<int>(range(6 * 60, 23 * 60 + 30)) : static_cast<int>(range(7 * 60 + 30, 16 * 60 + 45));
    }
    std::sort(todays.begin(), todays.end(), [](const Pending& a, const Pending& b) { return a.minute < b.minute; });
    int64_t age_days = cal::to_days(today) - cal::to_days(day);
    for (const auto& pend : todays) {
      const Agency& ag = agencies[pick_weighted(aw)];
      const Proc& pr = procs[pick_weighted(pw)];
      int channel = pend.channel;
      // Status by age: recent dossiers are still moving, old ones have (almost) all ended.
      int status;
      double r = uni();
      if (age_days <= 2) status = r < 0.35 ? 1 : r < 0.55 ? 2 : r < 0.85 ? 4 : r < 0.90 ? 3 : r < 0.95 ? 9 : 5;
      else if (age_days <= 30) status = r < 0.01 ? 1 : r < 0.04 ? 2 : r < 0.30 ? 4 : r < 0.36 ? 5 : r < 0.40 ? 6 : r < 0.41 ? 7 : r < 0.55 ? 9 : r < 0.60 ? 3 : r < 0.62 ? 8 : 10;
      else if (age_days <= 90) status = r < 0.80 ? 10 : r < 0.84 ? 9 : r < 0.89 ? 8 : r < 0.95 ? 3 : r < 0.955 ? 7 : r < 0.975 ? 5 : r < 0.995 ? 4 : 6;
      else status = r < 0.866 ? 10 : r < 0.876 ? 9 : r < 0.926 ? 8 : r < 0.996 ? 3 : r < 0.997 ? 7 : r < 0.9985 ? 5 : r < 0.9995 ? 4 : 6;
      ++by_status[status];

      // Applicant: an account for online dossiers, a walk-in person otherwise (4 % businesses).
      int64_t user_id = 0;
      int applicant_type = 1;
      Person walkin;
      const Person* ap;
      if (channel == 2) {
        auto& c = citizens[static_cast<size_t>(range(0, static_cast<int64_t>(citizens.size()) - 1))];
        user_id = c.first;
        ap = &c.second;
      } else {
        walkin = person(range(0, 999999));
        if (uni() < 0.04) {
          applicant_type = 2;
          walkin.name = "Công ty TNHH " + pick(kGivenM) + " " + pick(kGivenF);
          walkin.id_number = "28" + digits(8);
        }
        ap = &walkin;
      }
      std::string address = pick(kVillage) + ", " + ag.place;
      std::string form = make_form(pr, *ap, address, false);

      // Times.
      cal::LocalDateTime sub = cal::make_local(day, pend.minute / 60, pend.minute % 60);
      int64_t submitted = ms(sub, range(0, 59999));
      cal::LocalDateTime recv_l = cal::plus_minutes(sub, channel == 2 ? range(10, 240) : range(2, 15));
      if (cal::date_of(recv_l) != day) recv_l = cal::make_local(day, 23, 59);
      if (recv_l > now_local) recv_l = now_local;
      int64_t received = ms(recv_l, range(0, 59999));
      cal::LocalDateTime due_l = add_working_days(recv_l, static_cast<int>(pr.days));
      int64_t due = ms(due_l);
      int64_t finished = 0, returned = 0;
      auto clamp_now = [&](int64_t t) { return std::min(t, now - 60000); };
      if (status == 9 || status == 10) {
        finished = uni() < 0.92 ? received + static_cast<int64_t>(static_cast<double>(due - received) * (0.3 + 0.7 * uni()))
                                : due + range(1, 3) * 86400000LL;
        finished = std::max(clamp_now(finished), received + 1);
        if (status == 10) returned = std::max(clamp_now(finished + range(3600000LL, 5 * 86400000LL)), finished + 1);
      }
      bool has_code = status != 1 && status != 3;
      std::string code;
      if (has_code) {
        std::string rd = cal::to_string(cal::date_of(recv_l));
        std::string rdd = rd.substr(2, 2) + rd.substr(5, 2) + rd.substr(8, 2);
        int seq = ++seqs[{ag.code, rdd}];
        code = dossier::format_code(ag.code, cal::date_of(recv_l), seq);
        ++coded;
        if (static_cast<int64_t>(sample.size()) < codes_sample) sample.push_back(code);
        else {
          int64_t j = range(0, coded - 1);
          if (j < codes_sample) sample[static_cast<size_t>(j)] = code;
        }
      }

      // History: the path through the state machine.
      struct H {
        int64_t at;
        std::string actor, role, action;
        int from, to;
        std::string note;
      };
      std::vector<H> hist;
      std::string desk = "motcua." + ag.slug, spec = "tuphap." + ag.slug, lead = "lanhdao." + ag.slug;
      hist.push_back({submitted, channel == 2 ? ap->id_number : desk, channel == 2 ? "applicant" : "desk", "submit", 0, 1, ""});
      auto mid = [&](int64_t a, int64_t b) { return b > a ? a + static_cast<int64_t>(static_cast<double>(b - a) * uni()) : a; };
      int64_t transfer_at = received + range(600000, 7200000);
      int64_t last = submitted;
      if (status == 3) {
        last = clamp_now(submitted + range(600000, 86400000));
        hist.push_back({last, desk, "desk", "refuse", 1, 3, "Thành phần hồ sơ chưa đầy đủ theo quy định."});
      } else if (status != 1) {
        hist.push_back({received, desk, "desk", "accept", 1, 2, code});
        last = received;
        if (status == 7) {
          last = clamp_now(mid(received, due));
          hist.push_back({last, ap->id_number, "applicant", "withdraw", 2, 7, ""});
        } else if (status != 2) {
          last = clamp_now(std::max(transfer_at, received + 1));
          hist.push_back({last, desk, "desk", "transfer", 2, 4, ""});
          int64_t t = clamp_now(std::max(mid(last, due), last + 1));
          if (status == 5) hist.push_back({last = t, spec, "specialist", "request-supplement", 4, 5, "Bổ sung bản sao giấy tờ tùy thân."});
          else if (status == 6) hist.push_back({last = t, spec, "specialist", "request-payment", 4, 6, ""});
          else if (status == 8) hist.push_back({last = t, lead, "leader", "stop", 4, 8, "Người yêu cầu không bổ sung hồ sơ đúng hạn."});
          else if (status == 9 || status == 10) {
            hist.push_back({last = finished, lead, "leader", "approve", 4, 9, ""});
            if (status == 10) hist.push_back({last = returned, desk, "desk", "return-result", 9, 10, ""});
          }
        }
      }
      if (status == 8) finished = last;
      std::string delivery = channel == 3 ? "post" : (uni() < 0.1 ? "post" : "desk");
      ins_d.text(1, hex24());
      if (has_code) ins_d.text(2, code);
      ins_d.i64(3, pr.id).text(4, pr.code).i64(5, pr.version).text(6, pr.name).text(7, ag.code).opt(8, user_id).i64(9, applicant_type)
          .text(10, ap->name).text(11, ap->id_number).text(12, ap->phone).text(13, ap->email).text(14, address).i64(15, channel)
          .i64(16, status).text(17, delivery).text(18, form).i64(19, submitted).opt(20, has_code ? received : 0).opt(21, has_code ? due : 0)
          .opt(22, (status == 3 || status == 8 || status == 9 || status == 10) ? (status == 3 ? last : finished) : 0).opt(23, returned)
          .text(24, has_code ? desk : "").i64(25, static_cast<int64_t>(hist.size())).i64(26, submitted).i64(27, last);
      if (v7) {
        auto sub = status == 1 ? std::optional<dossier::SubState>(dossier::SubState::waiting_for_desk)
                               : dossier::substate_after(*dossier::parse_action(hist.back().action));
        ins_d.text(28, sub ? std::string(dossier::to_string(*sub)) : "").opt(29, (status == 5 || status == 6) ? last : 0);
      }
      if (v28) ins_d.text(30, dossier::applicant_search_key(ap->name, ap->id_number, ap->phone));
      ins_d.run();
      int64_t id = sqlite3_last_insert_rowid(g_db);
      for (const auto& h : hist) {
        ins_h.i64(1, id).i64(2, h.at).text(3, h.actor).text(4, h.role).text(5, "").text(6, h.action)
            .i64(7, h.from).i64(8, h.to).text(9, h.note).run();
        ++history_rows;
      }
      // Attached documents: every mandatory component, optional ones 30 % of the time (file ids are
      // opaque here: no files rows, the benchmark never opens them).
      auto attach = [&](const std::string& comp) {
        ins_doc.i64(1, id).text(2, comp).text(3, hex24()).text(4, uni() < 0.7 ? "photo" : "certified").text(5, channel == 2 ? "applicant" : "desk")
            .i64(6, submitted).run();
        ++document_rows;
      };
      for (const auto& c : pr.mandatory_docs) attach(c);
      for (const auto& c : pr.optional_docs)
        if (uni() < 0.3) attach(c);
      if (++written % kBatch == 0) {
        exec("COMMIT");
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - td).count();
        std::fprintf(stderr, "  %lld dossiers, %.0f/s\n", static_cast<long long>(written), static_cast<double>(written) / s);
        exec("BEGIN");
      }
    }
  }
  for (const auto& [k, v] : seqs) ins_s.text(1, k.first).text(2, k.second).i64(3, v).run();
  exec("COMMIT");
  double dossiers_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - td).count();
  exec("PRAGMA journal_mode=WAL");

  if (!codes_out.empty()) {
    std::shuffle(sample.begin(), sample.end(), rng);
    std::ofstream out(codes_out);
    for (const auto& c : sample) out << c << "\n";
  }
  sqlite3_close(g_db);
  double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("generated dossiers=%lld (with code %lld) history=%lld documents=%lld citizens=%lld sequences=%zu agencies=%zu procedures=%zu days=%zu\n",
              static_cast<long long>(written), static_cast<long long>(coded), static_cast<long long>(history_rows), static_cast<long long>(document_rows),
              static_cast<long long>(users), seqs.size(), agencies.size(), procs.size(), days.size());
  std::printf("by status:");
  for (int s = 1; s <= 10; ++s) std::printf(" %d=%lld", s, static_cast<long long>(by_status[s]));
  std::printf("\ntime: users %.1f s, dossiers %.1f s (%.0f dossiers/s), total %.1f s\n", users_s, dossiers_s,
              static_cast<double>(written) / dossiers_s, total_s);
  return 0;
}
