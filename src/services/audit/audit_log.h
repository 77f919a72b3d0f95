// Append-only audit log, hash-chained so that tampering is detectable.
//
// append(conn, entry) runs inside the caller's write transaction (so the entry commits or rolls back
// with the change it records). It advances the single-row audit_head with an UPDATE (which serializes
// concurrent writers on PostgreSQL and SQLite alike), computes
//   hash = SHA-256(prev_hash | seq | at | actor_id | actor | action | target | agency | ip | detail)
// and inserts the row. verify(db) walks the chain in seq order and reports the first row whose hash or
// link does not match (and whether the head matches the last row).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/db.h"

namespace motcua::services {

struct AuditEntry {
  int64_t actor_id = 0;        // 0 = none
  std::string actor;           // username or "system"/"anonymous"
  std::string action;          // login, login_failed, login_refused_locked, role_granted, procedure.publish …
  std::string target;          // what was acted on (public id, procedure code …)
  std::string agency;          // agency code for scoping the viewer
  std::string ip;
  nlohmann::json detail = nlohmann::json::object();
};

struct AuditVerifyResult {
  bool ok = true;
  int64_t rows = 0;
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string problem;        // Vietnamese description
};

class AuditLog {
 public:
  void append(store::Conn& c, const AuditEntry& e, int64_t at_ms);
  // Convenience: own transaction.
  void append(store::Db& db, const AuditEntry& e, int64_t at_ms);
  static AuditVerifyResult verify(store::Db& db);
  // Newest first; agency_scope "" = all; filters are optional.
  static nlohmann::json list(store::Db& db, const std::vector<std::string>& agency_scope, const std::string& action,
                             const std::string& actor, int page, int per_page, int* total);
  static std::string row_hash(const std::string& prev, int64_t seq, int64_t at, int64_t actor_id, const std::string& actor,
                              const std::string& action, const std::string& target, const std::string& agency,
                              const std::string& ip, const std::string& detail);
};

// The audit log as the viewer page and the API read it: a service that holds the database, so that
// handlers never do.
class AuditReader {
 public:
  explicit AuditReader(store::Db& db) : db_(db) {}
  AuditVerifyResult verify() { return AuditLog::verify(db_); }
  nlohmann::json list(const std::vector<std::string>& agency_scope, const std::string& action, const std::string& actor, int page, int per_page,
                      int* total) {
    return AuditLog::list(db_, agency_scope, action, actor, page, per_page, total);
  }

 private:
  store::Db& db_;
};

std::string sha256_hex(const std::string& s);

}  // namespace motcua::services
