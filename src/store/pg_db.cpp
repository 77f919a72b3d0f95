// PostgreSQL adapter on libpq: a fixed pool of connections; write() wraps fn in BEGIN … COMMIT.
// Parameters are sent as text ($1…$n); result columns of integer types come back as int64, float types
// as double, everything else as text. Broken connections are reopened on the next checkout.
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>

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
    PQclear(PQexec(pg_, "SET client_min_messages TO warning"));
    PQclear(PQexec(pg_, "SET TIME ZONE 'UTC'"));
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
    PGresult* res = PQexecParams(pg_, q.c_str(), static_cast<int>(params.size()), nullptr, ptrs.data(), nullptr, nullptr, 0);
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
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
  void check(PGresult* res) {
    auto st = PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return;
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string code = state ? state : "";
    std::string msg = PQresultErrorMessage(res);
    if (msg.empty()) msg = PQerrorMessage(pg_);
    if (code == "23505") throw UniqueViolation(msg, code);
    throw Error(msg, code);
  }

  std::string conninfo_;
  PGconn* pg_ = nullptr;
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
