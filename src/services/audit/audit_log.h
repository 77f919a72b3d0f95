// Append-only audit log, hash-chained so that tampering is detectable.
//
// append(conn, entry) runs inside the caller's write transaction (so the entry commits or rolls back with the
// change it records) and only INSERTs the entry into audit_pending: no row is shared by concurrent writers, so
// a writer never waits for another process's transaction (PostgreSQL, several nodes) and adds one statement.
// seal(db) moves pending entries, in the order of their ids, into the chain: it locks the single audit_head row
// (only sealers take it), gives each entry the next gapless seq and
//   hash = SHA-256(prev_hash | seq | at | actor_id | actor | action | target | agency | ip | detail)
// inserts it into audit_log, deletes it from audit_pending and advances the head — one transaction. It runs as a
// scheduled job (every second by default) and before every verification; an entry that commits after a batch
// was taken is sealed by the next one (the chain's order is the order of sealing).
// verify(db) seals what is pending, then walks the chain in seq order and reports the first row whose hash or
// link does not match (and whether the head matches the last row). list() shows pending entries (seq null,
// newest first) before the sealed ones.
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
  // Seals up to max_rows pending entries; returns how many.
  static int seal(store::Db& db, int max_rows = 2000);
  // Seals everything pending, then checks the chain.
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
