// Raw SQLite durable-commit rate: the ceiling for any write request of the server on this disk.
// Opens a fresh database file in DIR with the server's settings (src/store/sqlite_db.cpp:
// journal_mode=WAL, synchronous=FULL, foreign_keys=ON, busy_timeout 10 s), then for SECONDS runs
// BEGIN IMMEDIATE; INSERT one row (PAYLOAD bytes of text, default 1,024 ≈ a dossier row); COMMIT
// on one connection, one thread — exactly one WAL fsync per transaction, as the server's single
// writer does. Prints commits/s and the commit latency distribution.
//   build/bench/bench_sqlite_commit DIR [seconds=5] [payload_bytes=1024]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {
sqlite3* db = nullptr;
void exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "%s: %s\n", sql, err ? err : "?");
    std::exit(1);
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [seconds] [payload_bytes]\n", argv[0]);
    return 2;
  }
  std::filesystem::path dir = argv[1];
  double secs = argc > 2 ? std::atof(argv[2]) : 5;
  size_t payload = argc > 3 ? static_cast<size_t>(std::atol(argv[3])) : 1024;
  std::filesystem::create_directories(dir);
  std::string path = (dir / "commit-bench.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) return 1;
  sqlite3_busy_timeout(db, 10000);
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v TEXT NOT NULL, at INTEGER NOT NULL)");
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (k, v, at) VALUES (?1, ?2, ?3)", -1, &ins, nullptr);
  std::string v(payload, 'x');

  std::vector<double> us;
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + std::chrono::duration<double>(secs);
  for (long i = 0;; ++i) {
    auto a = std::chrono::steady_clock::now();
    if (a >= deadline) break;
    exec("BEGIN IMMEDIATE");
    std::string k = std::to_string(i * 2654435761L % 1000000007L);  // scattered unique key, like a random public id
    sqlite3_bind_text(ins, 1, k.data(), static_cast<int>(k.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 2, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    sqlite3_bind_int64(ins, 3, static_cast<sqlite3_int64>(i));
    if (sqlite3_step(ins) != SQLITE_DONE) {
      std::fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
      return 1;
    }
    sqlite3_reset(ins);
    exec("COMMIT");
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - a).count());
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(ins);
  sqlite3_close(db);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us.empty() ? 0.0 : us[static_cast<size_t>(p * (us.size() - 1))]; };
  std::printf("commits=%zu seconds=%.2f commits_per_s=%.0f latency_us p50=%.0f p99=%.0f max=%.0f (WAL, synchronous=FULL, %zu-byte row)\n",
              us.size(), elapsed, static_cast<double>(us.size()) / elapsed, pct(0.5), pct(0.99), us.empty() ? 0.0 : us.back(), payload);
  return 0;
}
