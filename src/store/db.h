// Database interface with two adapters: SQLite (default, embedded) and PostgreSQL.
//
// Contract:
//  - SQL text is shared by both dialects: parameters are written $1…$n (the SQLite adapter binds them by
//    name), no DB date functions, no ILIKE, no non-ASCII upper/lower. Dialect-specific SQL (DDL,
//    full-text) lives in the per-dialect migrations.
//  - read(fn): fn runs against a read connection (SQLite: one of a pool, WAL snapshot per statement;
//    PostgreSQL: a pooled connection). Safe from any number of threads.
//  - write(fn): fn runs inside one transaction on the write connection (SQLite: a single writer,
//    BEGIN IMMEDIATE; PostgreSQL: pooled connection, BEGIN … COMMIT). If fn throws, the transaction is
//    rolled back and the exception propagates; when write() returns, the transaction is durable.
//  - Errors: store::Error (message, SQLSTATE-like code); unique-constraint violations are
//    store::UniqueViolation so callers can map them to 409. PostgreSQL: a lock waited for past lock_timeout
//    (5 s: another node's transaction stalled), a deadlock, a serialization failure or a statement timeout is a
//    DomainError of kind unavailable (503 db_busy, "try again") — nothing was written.
//  - Values: NULL, 64-bit integer, double, text (UTF-8). Booleans are stored as integers 0/1, times as
//    UTC epoch milliseconds, money as integer đồng.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace motcua::store {

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

class Error : public std::runtime_error {
 public:
  Error(const std::string& msg, std::string code = {}) : std::runtime_error(msg), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};
class UniqueViolation : public Error {
 public:
  using Error::Error;
};

struct Row {
  std::vector<Value> v;
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(v.at(i)); }
  int64_t i64(size_t i) const;
  double f64(size_t i) const;
  std::string str(size_t i) const;  // NULL → ""
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected = 0;
  bool empty() const { return rows.empty(); }
};

class Conn {
 public:
  virtual ~Conn() = default;
  virtual Result exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
};

struct PoolStats {
  int size = 0;         // connections open
  int in_use = 0;       // connections checked out now
  int64_t waits = 0;    // times a caller had to wait for a connection
  int64_t queries = 0;  // statements executed
};

class Db {
 public:
  virtual ~Db() = default;
  virtual void read(const std::function<void(Conn&)>& fn) = 0;
  virtual void write(const std::function<void(Conn&)>& fn) = 0;
  virtual std::string dialect() const = 0;  // "sqlite" | "postgresql"
  virtual PoolStats stats() const = 0;

  Result query(std::string_view sql, const std::vector<Value>& params = {}) {
    Result r;
    read([&](Conn& c) { r = c.exec(sql, params); });
    return r;
  }
};

// url: "postgresql://…" / "postgres://…" selects PostgreSQL; anything else is a SQLite file path
// (optionally prefixed "sqlite:"). pool_size: read connections.
std::unique_ptr<Db> open(const std::string& url, int pool_size = 4);

std::unique_ptr<Db> open_sqlite(const std::string& path, int pool_size);
std::unique_ptr<Db> open_postgres(const std::string& conninfo, int pool_size);

}  // namespace motcua::store
