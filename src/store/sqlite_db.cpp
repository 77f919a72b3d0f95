// SQLite adapter: one write connection behind a mutex (BEGIN IMMEDIATE … COMMIT) and a pool of read
// connections, all in WAL mode with foreign keys on and a busy timeout. Parameters $1…$n are bound by
// name so the SQL text is the same as PostgreSQL's.
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <algorithm>
#include <unordered_map>

#include "store/db.h"
#include "store/pool.h"

namespace motcua::store {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) throw UniqueViolation(msg, "23505");
  throw Error(msg, "sqlite:" + std::to_string(ext));
}

class SqliteConn final : public Conn {
 public:
  SqliteConn(const std::string& path, bool readonly, std::atomic<int64_t>& counter) : queries_(counter) {
    int flags = (readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw Error("không mở được cơ sở dữ liệu " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_extended_result_codes(db_, 1);
    exec_script("PRAGMA foreign_keys=ON");
    if (!readonly) exec_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  }
  ~SqliteConn() override {
    for (auto& [k, s] : cache_) sqlite3_finalize(s);
    sqlite3_close_v2(db_);
  }

  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    ++queries_;
    sqlite3_stmt* st = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{st};
    for (size_t i = 0; i < params.size(); ++i) {
      std::string name = "$" + std::to_string(i + 1);
      int idx = sqlite3_bind_parameter_index(st, name.c_str());
      if (idx == 0) continue;  // parameter not used by this statement
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) rc = sqlite3_bind_null(st, idx);
      else if (auto p = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(st, idx, *p);
      else if (auto p = std::get_if<double>(&v)) rc = sqlite3_bind_double(st, idx, *p);
      else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(st, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) fail(db_, rc, "bind");
    }
    Result r;
    // The columns are read after the first step: a cached statement whose tables changed is prepared again by
    // that step (a "SELECT *" then has the new columns).
    int rc = sqlite3_step(st);
    int ncol = sqlite3_column_count(st);
    for (int i = 0; i < ncol; ++i) r.columns.emplace_back(sqlite3_column_name(st, i));
    for (;; rc = sqlite3_step(st)) {
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(db_, rc, "step");
      Row row;
      row.v.reserve(ncol);
      for (int i = 0; i < ncol; ++i) {
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_NULL: row.v.emplace_back(nullptr); break;
          case SQLITE_INTEGER: row.v.emplace_back(static_cast<int64_t>(sqlite3_column_int64(st, i))); break;
          case SQLITE_FLOAT: row.v.emplace_back(sqlite3_column_double(st, i)); break;
          default: {
            auto p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
            row.v.emplace_back(std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(st, i))));
          }
        }
      }
      r.rows.push_back(std::move(row));
    }
    r.affected = sqlite3_changes(db_);
    return r;
  }

  void exec_script(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) throw UniqueViolation(msg, "23505");
      throw Error(msg);
    }
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare");
    if (cache_.size() > 256) {
      for (auto& [k, s] : cache_) sqlite3_finalize(s);
      cache_.clear();
    }
    cache_.emplace(std::move(key), st);
    return st;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::atomic<int64_t>& queries_;
};

class SqliteDb final : public Db {
 public:
  SqliteDb(const std::string& path, int pool_size) {
    writer_ = std::make_unique<SqliteConn>(path, false, queries_);
    for (int i = 0; i < std::max(1, pool_size); ++i) readers_.add(std::make_unique<SqliteConn>(path, false, queries_));
  }

  void read(const std::function<void(Conn&)>& fn) override {
    readers_.with([&](SqliteConn& c) { fn(c); });
  }

  void write(const std::function<void(Conn&)>& fn) override {
    std::lock_guard lk(write_mu_);
    writer_->exec_script("BEGIN IMMEDIATE");
    try {
      fn(*writer_);
      writer_->exec_script("COMMIT");
    } catch (...) {
      try {
        writer_->exec_script("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }

  std::string dialect() const override { return "sqlite"; }
  PoolStats stats() const override { return PoolStats{readers_.size() + 1, readers_.in_use(), readers_.waits(), queries_.load()}; }

 private:
  std::atomic<int64_t> queries_{0};
  std::unique_ptr<SqliteConn> writer_;
  Pool<SqliteConn> readers_;
  std::mutex write_mu_;
};

}  // namespace

std::unique_ptr<Db> open_sqlite(const std::string& path, int pool_size) {
  return std::make_unique<SqliteDb>(path, pool_size);
}

}  // namespace motcua::store
