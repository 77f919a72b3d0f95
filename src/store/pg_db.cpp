// PostgreSQL adapter on libpq: a fixed pool of connections; write() wraps fn in BEGIN … COMMIT.
// Parameters are sent as text ($1…$n); result columns of integer types come back as int64, float types
// as double, everything else as text. Broken connections are reopened on the next checkout. A lock wait past
// lock_timeout, a deadlock, a serialization failure or a statement timeout is DomainError unavailable (db_busy).
// Each connection prepares a DML statement (SELECT / INSERT / UPDATE / DELETE / WITH) the first time it runs it
// and executes it by name afterwards (PostgreSQL parses and plans it once per connection, not per call); the
// cache holds at most kMaxPrepared texts, then starts over (DEALLOCATE ALL). Session settings bound how long a
// writer can wait on another node's transaction: lock_timeout, and idle_in_transaction_session_timeout ends a
// transaction whose process stopped in the middle of it (a paused or hung node) so its locks are released.
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "domain/errors.h"
#include "store/db.h"
#include "store/pool.h"

namespace motcua::store {
namespace {

// Type OIDs from pg_type.h
constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700, kBool = 16;

class PgConn final : public Conn {
 public:
  PgConn(const std::string& conninfo, std::atomic<int64_t>& counter) : conninfo_(conninfo), queries_(counter) { connect(); }
  ~PgConn() override {
    if (pg_) PQfinish(pg_);
  }

  void connect() {
    if (pg_) PQfinish(pg_);
    pg_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(pg_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(pg_);
      PQfinish(pg_);
      pg_ = nullptr;
      throw Error("không kết nối được PostgreSQL: " + msg);
    }
    prepared_.clear();
    PQclear(PQexec(pg_, "SET client_min_messages TO warning"));
    PQclear(PQexec(pg_, "SET TIME ZONE 'UTC'"));
    PQclear(PQexec(pg_, "SET lock_timeout = '5s'"));
    PQclear(PQexec(pg_, "SET idle_in_transaction_session_timeout = '30s'"));
  }
  bool healthy() const { return pg_ && PQstatus(pg_) == CONNECTION_OK; }

  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    ++queries_;
    std::vector<std::string> text(params.size());
    std::vector<const char*> ptrs(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (auto p = std::get_if<int64_t>(&v)) text[i] = std::to_string(*p);
      else if (auto p = std::get_if<double>(&v)) text[i] = std::to_string(*p);
      else text[i] = std::get<std::string>(v);
      ptrs[i] = text[i].c_str();
    }
    std::string q(sql);
    PGresult* res = nullptr;
    const std::string* name = cacheable(q) ? statement_for(q) : nullptr;
    if (name) res = PQexecPrepared(pg_, name->c_str(), static_cast<int>(params.size()), ptrs.data(), nullptr, nullptr, 0);
    else res = PQexecParams(pg_, q.c_str(), static_cast<int>(params.size()), nullptr, ptrs.data(), nullptr, nullptr, 0);
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
    if (name && PQresultStatus(res) == PGRES_FATAL_ERROR) {
      // A table changed under a prepared statement ("cached plan must not change result type"): prepare it again
      // next time.
      const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      if (state && std::string_view(state) == "0A000") forget(q);
    }
    check(res);
    Result r;
    int nf = PQnfields(res), nt = PQntuples(res);
    std::vector<Oid> types(nf);
    for (int i = 0; i < nf; ++i) {
      r.columns.emplace_back(PQfname(res, i));
      types[i] = PQftype(res, i);
    }
    r.rows.reserve(nt);
    for (int t = 0; t < nt; ++t) {
      Row row;
      row.v.reserve(nf);
      for (int i = 0; i < nf; ++i) {
        if (PQgetisnull(res, t, i)) {
          row.v.emplace_back(nullptr);
          continue;
        }
        const char* s = PQgetvalue(res, t, i);
        switch (types[i]) {
          case kInt8: case kInt2: case kInt4: row.v.emplace_back(static_cast<int64_t>(std::strtoll(s, nullptr, 10))); break;
          case kFloat4: case kFloat8: case kNumeric: row.v.emplace_back(std::strtod(s, nullptr)); break;
          case kBool: row.v.emplace_back(static_cast<int64_t>(s[0] == 't')); break;
          default: row.v.emplace_back(std::string(s, static_cast<size_t>(PQgetlength(res, t, i))));
        }
      }
      r.rows.push_back(std::move(row));
    }
    const char* aff = PQcmdTuples(res);
    r.affected = (aff && *aff) ? std::strtoll(aff, nullptr, 10) : 0;
    return r;
  }

  void exec_script(std::string_view sql) override {
    std::string q(sql);
    PGresult* res = PQexec(pg_, q.c_str());
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
    check(res);
  }

 private:
  static constexpr size_t kMaxPrepared = 512;

  // Plain DML only: utility statements (DDL, SET, BEGIN…) are not worth preparing.
  static bool cacheable(const std::string& q) {
    size_t i = q.find_first_not_of(" \t\r\n(");
    if (i == std::string::npos) return false;
    auto starts = [&](std::string_view w) {
      if (q.size() - i < w.size()) return false;
      for (size_t k = 0; k < w.size(); ++k)
        if (std::toupper(static_cast<unsigned char>(q[i + k])) != w[k]) return false;
      return q.size() - i == w.size() || !std::isalnum(static_cast<unsigned char>(q[i + w.size()]));
    };
    return starts("SELECT") || starts("INSERT") || starts("UPDATE") || starts("DELETE") || starts("WITH");
  }

  // The name of q's prepared statement on this connection, preparing it on first use (nullptr if PostgreSQL
  // refuses to prepare it: the error then comes from running it unprepared).
  const std::string* statement_for(const std::string& q) {
    if (auto it = prepared_.find(q); it != prepared_.end()) return &it->second;
    if (prepared_.size() >= kMaxPrepared) {
      PGresult* d = PQexec(pg_, "DEALLOCATE ALL");
      const bool ok = PQresultStatus(d) == PGRES_COMMAND_OK;
      PQclear(d);
      if (!ok) return nullptr;  // inside a failed transaction: run unprepared (and fail there)
      prepared_.clear();
    }
    std::string name = "m" + std::to_string(++prepared_serial_);
    PGresult* p = PQprepare(pg_, name.c_str(), q.c_str(), 0, nullptr);
    const bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
    PQclear(p);
    if (!ok) return nullptr;
    return &prepared_.emplace(q, std::move(name)).first->second;
  }

  void forget(const std::string& q) {
    auto it = prepared_.find(q);
    if (it == prepared_.end()) return;
    PQclear(PQexec(pg_, ("DEALLOCATE " + it->second).c_str()));
    prepared_.erase(it);
  }

  void check(PGresult* res) {
    auto st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return;
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string code = state ? state : "";
    std::string msg = PQresultErrorMessage(res);
    if (msg.empty()) msg = PQerrorMessage(pg_);
    if (code == "23505") throw UniqueViolation(msg, code);
    // Waited past lock_timeout for another transaction (a stalled node), a deadlock, a serialization failure or a
    // statement timeout: nothing was written (the transaction rolls back), and the request may simply be tried again.
    if (code == "55P03" || code == "40P01" || code == "40001" || code == "57014")
      throw DomainError(ErrorKind::unavailable, "db_busy", "Hệ thống đang bận, vui lòng thử lại sau giây lát.");
    throw Error(msg, code);
  }

  std::string conninfo_;
  PGconn* pg_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name on this connection
  int64_t prepared_serial_ = 0;
  std::atomic<int64_t>& queries_;
};

class PgDb final : public Db {
 public:
  PgDb(const std::string& conninfo, int pool_size) {
    for (int i = 0; i < std::max(2, pool_size + 1); ++i) pool_.add(std::make_unique<PgConn>(conninfo, queries_));
  }

  void read(const std::function<void(Conn&)>& fn) override { with_conn(fn); }

  void write(const std::function<void(Conn&)>& fn) override {
    with_conn([&](Conn& c) {
      c.exec_script("BEGIN");
      try {
        fn(c);
        c.exec_script("COMMIT");
      } catch (...) {
        try {
          c.exec_script("ROLLBACK");
        } catch (...) {
        }
        throw;
      }
    });
  }

  std::string dialect() const override { return "postgresql"; }
  PoolStats stats() const override { return PoolStats{pool_.size(), pool_.in_use(), pool_.waits(), queries_.load()}; }

 private:
  void with_conn(const std::function<void(Conn&)>& fn) {
    pool_.with([&](PgConn& c) {
      if (!c.healthy()) c.connect();
      fn(c);
    });
  }

  std::atomic<int64_t> queries_{0};
  Pool<PgConn> pool_;
};

}  // namespace

std::unique_ptr<Db> open_postgres(const std::string& conninfo, int pool_size) {
  return std::make_unique<PgDb>(conninfo, pool_size);
}

}  // namespace motcua::store
