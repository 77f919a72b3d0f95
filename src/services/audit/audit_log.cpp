#include "services/audit/audit_log.h"

#include <sodium.h>

#include <algorithm>

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
  c.exec("INSERT INTO audit_pending (at, actor_id, actor, action, target, agency, ip, detail) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
         {at, e.actor_id ? store::Value(e.actor_id) : store::Value(nullptr), e.actor, e.action, e.target, e.agency, e.ip, e.detail.dump()});
}

int AuditLog::seal(store::Db& db, int max_rows) {
  // Nothing pending (the usual case between bursts): no write transaction at all.
  if (db.query("SELECT 1 FROM audit_pending LIMIT 1").empty()) return 0;
  int sealed = 0;
  db.write([&](store::Conn& c) {
    // The head first: its row lock makes concurrent sealers (several nodes) take turns.
    auto head = c.exec("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash");
    int64_t seq = head.rows.at(0).i64(0);
    std::string prev = head.rows.at(0).str(1);
    // Exactly the rows taken here are deleted and sealed (an entry committed meanwhile waits for the next batch).
    auto rows = c.exec("DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT $1) "
                       "RETURNING id, at, actor_id, actor, action, target, agency, ip, detail",
                       {int64_t{max_rows}});
    std::sort(rows.rows.begin(), rows.rows.end(), [](const store::Row& x, const store::Row& y) { return x.i64(0) < y.i64(0); });
    for (const auto& r : rows.rows) {
      ++seq;
      const int64_t at = r.i64(1), actor_id = r.is_null(2) ? 0 : r.i64(2);
      std::string h = row_hash(prev, seq, at, actor_id, r.str(3), r.str(4), r.str(5), r.str(6), r.str(7), r.str(8));
      c.exec("INSERT INTO audit_log (seq, at, actor_id, actor, action, target, agency, ip, detail, prev_hash, hash) VALUES "
             "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
             {seq, at, actor_id ? store::Value(actor_id) : store::Value(nullptr), r.str(3), r.str(4), r.str(5), r.str(6), r.str(7),
              r.str(8), prev, h});
      prev = std::move(h);
    }
    if (!rows.rows.empty()) c.exec("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {seq, prev});
    sealed = static_cast<int>(rows.rows.size());
  });
  return sealed;
}

void AuditLog::append(store::Db& db, const AuditEntry& e, int64_t at) {
  db.write([&](store::Conn& c) { append(c, e, at); });
}

AuditVerifyResult AuditLog::verify(store::Db& db) {
  while (seal(db) > 0) {
  }
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
    // Pending entries (not sealed yet: at most a few seconds' worth) come first, newest first; then the chain.
    const int64_t pending = c.exec("SELECT COUNT(*) FROM audit_pending " + where, p).rows.at(0).i64(0);
    const int64_t sealed = c.exec("SELECT COUNT(*) FROM audit_log " + where, p).rows.at(0).i64(0);
    *total = static_cast<int>(pending + sealed);
    const int64_t offset = static_cast<int64_t>(page - 1) * per_page;
    auto add = [&](const store::Result& r, bool is_pending) {
      for (const auto& row : r.rows)
        items.push_back({{"seq", is_pending ? json(nullptr) : json(row.i64(0))},
                         {"pending", is_pending},
                         {"at", fmt::iso_datetime(row.i64(1))},
                         {"at_display", fmt::datetime(row.i64(1))},
                         {"actor", row.str(2)},
                         {"action", row.str(3)},
                         {"target", row.str(4)},
                         {"agency", row.str(5)},
                         {"ip", row.str(6)},
                         {"detail", json::parse(row.str(7), nullptr, false)}});
    };
    auto page_of = [&](const char* table, const char* key, int64_t limit, int64_t off) {
      auto q = p;
      q.push_back(limit);
      q.push_back(off);
      return c.exec(std::string("SELECT ") + key + ", at, actor, action, target, agency, ip, detail FROM " + table + " " + where + " ORDER BY " +
                        key + " DESC LIMIT $" + std::to_string(q.size() - 1) + " OFFSET $" + std::to_string(q.size()),
                    q);
    };
    if (offset < pending) add(page_of("audit_pending", "id", per_page, offset), true);
    const int64_t room = per_page - static_cast<int64_t>(items.size());
    if (room > 0 && sealed > 0) add(page_of("audit_log", "seq", room, std::max<int64_t>(0, offset - pending)), false);
  });
  return items;
}

}  // namespace motcua::services
