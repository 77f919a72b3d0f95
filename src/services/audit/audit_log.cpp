#include "services/audit/audit_log.h"

#include <sodium.h>

#include "domain/format.h"

namespace motcua::services {

using nlohmann::json;

std::string sha256_hex(const std::string& s) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  static const char* hex = "0123456789abcdef";
  std::string r;
  r.reserve(sizeof out * 2);
  for (unsigned char b : out) {
    r.push_back(hex[b >> 4]);
    r.push_back(hex[b & 15]);
  }
  return r;
}

std::string AuditLog::row_hash(const std::string& prev, int64_t seq, int64_t at, int64_t actor_id, const std::string& actor,
                               const std::string& action, const std::string& target, const std::string& agency,
                               const std::string& ip, const std::string& detail) {
  // Length-prefixed fields: no separator ambiguity.
  std::string buf;
  auto put = [&](const std::string& f) {
    buf += std::to_string(f.size());
    buf.push_back(':');
    buf += f;
  };
  put(prev);
  put(std::to_string(seq));
  put(std::to_string(at));
  put(std::to_string(actor_id));
  put(actor);
  put(action);
  put(target);
  put(agency);
  put(ip);
  put(detail);
  return sha256_hex(buf);
}

void AuditLog::append(store::Conn& c, const AuditEntry& e, int64_t at) {
  // The UPDATE locks the head row until the transaction ends: writers are serialized.
  auto head = c.exec("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash");
  int64_t seq = head.rows.at(0).i64(0);
  std::string prev = head.rows.at(0).str(1);
  std::string detail = e.detail.dump();
  std::string h = row_hash(prev, seq, at, e.actor_id, e.actor, e.action, e.target, e.agency, e.ip, detail);
  c.exec("INSERT INTO audit_log (seq, at, actor_id, actor, action, target, agency, ip, detail, prev_hash, hash) VALUES "
         "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
         {seq, at, e.actor_id ? store::Value(e.actor_id) : store::Value(nullptr), e.actor, e.action, e.target, e.agency, e.ip, detail,
          prev, h});
  c.exec("UPDATE audit_head SET hash = $1 WHERE id = 1", {h});
}

void AuditLog::append(store::Db& db, const AuditEntry& e, int64_t at) {
  db.write([&](store::Conn& c) { append(c, e, at); });
}

AuditVerifyResult AuditLog::verify(store::Db& db) {
  AuditVerifyResult r;
  std::string prev = std::string(64, '0');
  int64_t expected = 1;
  int64_t last = 0;
  // Walk in pages to bound memory.
  for (;;) {
    auto rows = db.query(
        "SELECT seq, at, actor_id, actor, action, target, agency, ip, detail, prev_hash, hash FROM audit_log WHERE seq > $1 "
        "ORDER BY seq LIMIT 5000",
        {last});
    if (rows.rows.empty()) break;
    for (const auto& row : rows.rows) {
      int64_t seq = row.i64(0);
      ++r.rows;
      auto bad = [&](const std::string& why) {
        r.ok = false;
        r.first_bad_seq = seq;
        r.problem = why;
      };
      if (seq != expected) {
        bad("Thiếu bản ghi nhật ký số " + std::to_string(expected) + " (chuỗi bị đứt).");
        return r;
      }
      if (row.str(9) != prev) {
        bad("Bản ghi số " + std::to_string(seq) + " không nối đúng với bản ghi trước.");
        return r;
      }
      std::string h = row_hash(prev, seq, row.i64(1), row.is_null(2) ? 0 : row.i64(2), row.str(3), row.str(4), row.str(5),
                               row.str(6), row.str(7), row.str(8));
      if (h != row.str(10)) {
        bad("Nội dung bản ghi số " + std::to_string(seq) + " đã bị sửa đổi (mã băm không khớp).");
        return r;
      }
      prev = h;
      ++expected;
      last = seq;
    }
  }
  auto head = db.query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (head.rows.at(0).i64(0) != last || head.rows.at(0).str(1) != prev) {
    r.ok = false;
    r.first_bad_seq = last + 1;
    r.problem = "Bản ghi cuối của nhật ký đã bị xóa hoặc thay đổi (đầu chuỗi không khớp).";
  }
  return r;
}

json AuditLog::list(store::Db& db, const std::vector<std::string>& scope, const std::string& action, const std::string& actor,
                    int page, int per_page, int* total) {
  std::string where = "WHERE 1=1";
  std::vector<store::Value> p;
  if (!action.empty()) {
    p.push_back(action);
    where += " AND action = $" + std::to_string(p.size());
  }
  if (!actor.empty()) {
    p.push_back(actor);
    where += " AND actor = $" + std::to_string(p.size());
  }
  if (!scope.empty()) {
    where += " AND agency IN (";
    for (size_t i = 0; i < scope.size(); ++i) {
      p.push_back(scope[i]);
      where += (i ? ",$" : "$") + std::to_string(p.size());
    }
    where += ")";
  }
  json items = json::array();
  db.read([&](store::Conn& c) {
    *total = static_cast<int>(c.exec("SELECT COUNT(*) FROM audit_log " + where, p).rows.at(0).i64(0));
    auto q = p;
    q.push_back(static_cast<int64_t>(per_page));
    q.push_back(static_cast<int64_t>((page - 1) * per_page));
    auto r = c.exec("SELECT seq, at, actor, action, target, agency, ip, detail FROM audit_log " + where + " ORDER BY seq DESC LIMIT $" +
                        std::to_string(q.size() - 1) + " OFFSET $" + std::to_string(q.size()),
                    q);
    for (const auto& row : r.rows)
      items.push_back({{"seq", row.i64(0)},
                       {"at", fmt::iso_datetime(row.i64(1))},
                       {"at_display", fmt::datetime(row.i64(1))},
                       {"actor", row.str(2)},
                       {"action", row.str(3)},
                       {"target", row.str(4)},
                       {"agency", row.str(5)},
                       {"ip", row.str(6)},
                       {"detail", json::parse(row.str(7), nullptr, false)}});
  });
  return items;
}

}  // namespace motcua::services
