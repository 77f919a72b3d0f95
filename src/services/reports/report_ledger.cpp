// The stored handling report ledger — contract in report_ledger.h.
#include "services/reports/report_ledger.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace motcua::services::report_ledger {

using reports::LedgerEntry;
using reports::LedgerSums;

const char* const kFactsColumns =
    "d.status, d.channel, d.submitted_at, d.finished_at, d.withdrawn_at, d.due_at, d.supplement_due_at, d.supplement_count, d.paused_at";

reports::DossierFacts facts_of(const store::Row& row, size_t i) {
  reports::DossierFacts f;
  f.status = dossier::status_from_code(static_cast<int>(row.i64(i))).value_or(dossier::Status::submitted);
  f.channel = dossier::channel_from_code(static_cast<int>(row.i64(i + 1))).value_or(dossier::Channel::desk);
  f.entered_ms = row.is_null(i) || row.i64(i) == 0 || row.is_null(i + 2) ? 0 : row.i64(i + 2);  // a draft (0) never entered
  f.ended_ms = row.is_null(i + 3) ? 0 : row.i64(i + 3);
  f.withdrawn = !row.is_null(i + 4);
  f.due_ms = row.is_null(i + 5) ? 0 : row.i64(i + 5);
  f.supplement_due_ms = row.is_null(i + 6) ? 0 : row.i64(i + 6);
  f.supplement_requests = static_cast<int>(row.is_null(i + 7) ? 0 : row.i64(i + 7));
  f.payment_pauses = f.status == dossier::Status::payment_requested && !row.is_null(i + 8);
  return f;
}

namespace {

const std::string kCompetent = "(CASE WHEN d.handling_agency_code = '' THEN d.agency_code ELSE d.handling_agency_code END)";
// The facts and the key of a dossier (9 + 4 columns).
const std::string kDossierColumns = std::string(kFactsColumns) + ", " + kCompetent +
                                    ", d.handling_unit, d.procedure_code, COALESCE(pv.field_code, '')";
const std::string kDossierFrom = " FROM dossiers d LEFT JOIN procedure_versions pv ON pv.procedure_id = d.procedure_id AND pv.version_no = d.procedure_version";
const char* const kEntryColumns = "agency, unit, procedure_code, field_code, entry_column, entry_day, exit_column, exit_day, overdue_from_day, overdue_to_day";

struct Key {
  std::string agency, unit, procedure, field;
  auto operator<=>(const Key&) const = default;
};
struct Contribution {
  Key key;
  LedgerEntry e;
  bool operator==(const Contribution&) const = default;
};
using Counters = std::map<std::pair<Key, int64_t>, LedgerSums>;

std::optional<Contribution> contribution_of(const store::Row& row) {
  auto e = reports::ledger_entry(facts_of(row, 0));
  if (!e) return std::nullopt;
  return Contribution{{row.str(9), row.str(10), row.str(11), row.str(12)}, *e};
}

// A stored entry (kEntryColumns read from position i).
Contribution stored_of(const store::Row& row, size_t i) {
  Contribution c{{row.str(i), row.str(i + 1), row.str(i + 2), row.str(i + 3)}, {}};
  c.e.entry_column = static_cast<int>(row.i64(i + 4));
  c.e.entry_day = row.i64(i + 5);
  c.e.exit_column = static_cast<int>(row.i64(i + 6));
  c.e.exit_day = row.i64(i + 7);
  c.e.overdue_window = !row.is_null(i + 8);
  c.e.overdue_from_day = c.e.overdue_window ? row.i64(i + 8) : 0;
  c.e.overdue_to_day = c.e.overdue_window ? row.i64(i + 9) : 0;
  return c;
}

std::vector<store::Value> entry_values(const Contribution& c) {
  return {c.key.agency, c.key.unit, c.key.procedure, c.key.field, int64_t{c.e.entry_column}, c.e.entry_day, int64_t{c.e.exit_column}, c.e.exit_day,
          c.e.overdue_window ? store::Value(c.e.overdue_from_day) : store::Value(nullptr),
          c.e.overdue_window ? store::Value(c.e.overdue_to_day) : store::Value(nullptr)};
}

void add(Counters& days, Counters& blocks, const Contribution& c, int64_t sign) {
  auto put = [&](int64_t day, int column) {
    days[{c.key, day}][static_cast<size_t>(column)] += sign;
    blocks[{c.key, reports::block_of(day)}][static_cast<size_t>(column)] += sign;
  };
  put(c.e.entry_day, c.e.entry_column);
  put(c.e.exit_day, c.e.exit_column);
  if (c.e.overdue_window) {
    put(c.e.overdue_from_day, reports::kOverdueFrom);
    put(c.e.overdue_to_day, reports::kOverdueTo);
  }
}

bool zero(const LedgerSums& s) {
  return std::all_of(s.begin(), s.end(), [](int64_t v) { return v == 0; });
}

std::string counter_columns(const std::string& prefix = "") {
  std::string out;
  for (int i = 0; i < reports::kLedgerColumns; ++i) out += (i ? ", " : "") + prefix + reports::ledger_column_name(i);
  return out;
}

std::string placeholders(size_t first, size_t n) {
  std::string out = "(";
  for (size_t i = 0; i < n; ++i) out += (i ? ",$" : "$") + std::to_string(first + i);
  return out + ")";
}

// Adds the counters to the table (days or blocks) in place: one multi-row upsert (the map holds each row once, so no
// row is touched twice by the statement — which PostgreSQL would refuse).
void upsert(store::Conn& c, const std::string& table, const std::string& idx, const Counters& m) {
  const size_t width = 5 + reports::kLedgerColumns;
  std::string values;
  std::vector<store::Value> p;
  for (const auto& [k, sums] : m) {
    if (zero(sums)) continue;
    values += (values.empty() ? "" : ", ") + placeholders(p.size() + 1, width);
    for (auto v : {store::Value(k.first.agency), store::Value(k.second), store::Value(k.first.unit), store::Value(k.first.procedure), store::Value(k.first.field)})
      p.push_back(std::move(v));
    for (int64_t v : sums) p.emplace_back(v);
  }
  if (p.empty()) return;
  std::string sql = "INSERT INTO " + table + " (agency, " + idx + ", unit, procedure_code, field_code, " + counter_columns() + ") VALUES " + values +
                    " ON CONFLICT (agency, " + idx + ", unit, procedure_code, field_code) DO UPDATE SET ";
  for (int i = 0; i < reports::kLedgerColumns; ++i) {
    const std::string col = reports::ledger_column_name(i);
    sql += (i ? ", " : "") + col + " = " + table + "." + col + " + excluded." + col;
  }
  c.exec(sql, p);
}

// Plain multi-row inserts into an empty table (rebuild).
void insert_rows(store::Conn& c, const std::string& head, size_t width, const std::vector<std::vector<store::Value>>& rows) {
  const size_t per = std::max<size_t>(1, 800 / width);
  for (size_t i = 0; i < rows.size(); i += per) {
    std::string sql = head + " VALUES ";
    std::vector<store::Value> p;
    for (size_t j = i; j < std::min(rows.size(), i + per); ++j) {
      sql += (j > i ? ", " : "") + placeholders(p.size() + 1, width);
      p.insert(p.end(), rows[j].begin(), rows[j].end());
    }
    c.exec(sql, p);
  }
}

// Every ended dossier's contribution, by dossier id (read in ranges of 100,000 ids: a primary-key range scan each,
// never a sort of the ended dossiers).
std::map<int64_t, Contribution> recompute(store::Conn& c) {
  std::map<int64_t, Contribution> out;
  auto top = c.exec("SELECT MAX(id) FROM dossiers");
  const int64_t max_id = top.rows.empty() || top.rows[0].is_null(0) ? 0 : top.rows[0].i64(0);
  for (int64_t from = 0; from < max_id; from += 100'000) {
    auto r = c.exec("SELECT " + kDossierColumns + ", d.id" + kDossierFrom + " WHERE d.id > $1 AND d.id <= $2 AND d.status IN (3,8,9,10)",
                    {from, from + 100'000});
    for (const auto& row : r.rows)
      if (auto x = contribution_of(row)) out.emplace(row.i64(13), *x);
  }
  return out;
}

Counters stored_counters(store::Conn& c, const std::string& table, const std::string& idx) {
  Counters m;
  for (const auto& row : c.exec("SELECT agency, " + idx + ", unit, procedure_code, field_code, " + counter_columns() + " FROM " + table).rows) {
    LedgerSums s{};
    for (size_t i = 0; i < s.size(); ++i) s[i] = row.i64(5 + i);
    if (!zero(s)) m[{{row.str(0), row.str(2), row.str(3), row.str(4)}, row.i64(1)}] = s;
  }
  return m;
}

void drop_zero(Counters& m) { std::erase_if(m, [](const auto& kv) { return zero(kv.second); }); }

}  // namespace

void sync(store::Conn& c, int64_t dossier_id) {
  auto r = c.exec("SELECT " + kDossierColumns + ", l.dossier_id, l.agency, l.unit, l.procedure_code, l.field_code, "
                  "l.entry_column, l.entry_day, l.exit_column, l.exit_day, l.overdue_from_day, l.overdue_to_day" + kDossierFrom +
                      " LEFT JOIN report_ledger_dossiers l ON l.dossier_id = d.id WHERE d.id = $1",
                  {dossier_id});
  std::optional<Contribution> before, after;
  if (r.rows.empty()) {  // the row is gone (a draft deleted): take back what it added, if anything
    auto s = c.exec(std::string("SELECT ") + kEntryColumns + " FROM report_ledger_dossiers WHERE dossier_id = $1", {dossier_id});
    if (!s.rows.empty()) before = stored_of(s.rows[0], 0);
  } else {
    after = contribution_of(r.rows[0]);
    if (!r.rows[0].is_null(13)) before = stored_of(r.rows[0], 14);
  }
  if (before == after) return;
  Counters days, blocks;
  if (before) add(days, blocks, *before, -1);
  if (after) add(days, blocks, *after, 1);
  upsert(c, "report_ledger_days", "day", days);
  upsert(c, "report_ledger_blocks", "block", blocks);
  if (!after) {
    c.exec("DELETE FROM report_ledger_dossiers WHERE dossier_id = $1", {dossier_id});
    return;
  }
  std::vector<store::Value> p = {dossier_id};
  for (auto& v : entry_values(*after)) p.push_back(std::move(v));
  std::string sql = std::string("INSERT INTO report_ledger_dossiers (dossier_id, ") + kEntryColumns + ") VALUES " + placeholders(1, p.size()) +
                    " ON CONFLICT (dossier_id) DO UPDATE SET ";
  std::string cols = kEntryColumns;
  bool first = true;
  for (size_t pos = 0; pos < cols.size();) {
    size_t comma = cols.find(", ", pos);
    std::string col = cols.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    sql += (first ? "" : ", ") + col + " = excluded." + col;
    first = false;
    pos = comma == std::string::npos ? cols.size() : comma + 2;
  }
  c.exec(sql, p);
}

int64_t rebuild(store::Db& db) {
  int64_t n = 0;
  db.write([&](store::Conn& c) {
    c.exec("DELETE FROM report_ledger_days");
    c.exec("DELETE FROM report_ledger_blocks");
    c.exec("DELETE FROM report_ledger_dossiers");
    auto all = recompute(c);
    Counters days, blocks;
    std::vector<std::vector<store::Value>> entries;
    entries.reserve(all.size());
    for (const auto& [id, x] : all) {
      add(days, blocks, x, 1);
      std::vector<store::Value> v = {id};
      for (auto& e : entry_values(x)) v.push_back(std::move(e));
      entries.push_back(std::move(v));
    }
    auto rows_of = [](const Counters& m) {
      std::vector<std::vector<store::Value>> rows;
      for (const auto& [k, sums] : m) {
        if (zero(sums)) continue;
        std::vector<store::Value> v = {k.first.agency, k.second, k.first.unit, k.first.procedure, k.first.field};
        for (int64_t x : sums) v.emplace_back(x);
        rows.push_back(std::move(v));
      }
      return rows;
    };
    const size_t width = 5 + reports::kLedgerColumns;
    insert_rows(c, "INSERT INTO report_ledger_days (agency, day, unit, procedure_code, field_code, " + counter_columns() + ")", width, rows_of(days));
    insert_rows(c, "INSERT INTO report_ledger_blocks (agency, block, unit, procedure_code, field_code, " + counter_columns() + ")", width, rows_of(blocks));
    insert_rows(c, std::string("INSERT INTO report_ledger_dossiers (dossier_id, ") + kEntryColumns + ")", 11, entries);
    c.exec("UPDATE report_ledger_state SET built = 1 WHERE id = 1");
    n = static_cast<int64_t>(all.size());
  });
  return n;
}

void ensure_built(store::Db& db) {
  auto r = db.query("SELECT built FROM report_ledger_state WHERE id = 1");
  if (!r.rows.empty() && r.rows[0].i64(0) == 1) return;
  rebuild(db);
}

std::string verify(store::Db& db) {
  std::string out;
  db.read([&](store::Conn& c) {
    auto all = recompute(c);
    Counters days, blocks;
    for (const auto& [id, x] : all) add(days, blocks, x, 1);
    drop_zero(days);
    drop_zero(blocks);
    std::map<int64_t, Contribution> stored;
    for (const auto& row : c.exec(std::string("SELECT dossier_id, ") + kEntryColumns + " FROM report_ledger_dossiers").rows)
      stored.emplace(row.i64(0), stored_of(row, 1));
    for (const auto& [id, x] : all) {
      auto it = stored.find(id);
      if (it == stored.end()) return void(out = "dossier " + std::to_string(id) + " ended but is not in the ledger");
      if (!(it->second == x)) return void(out = "dossier " + std::to_string(id) + " is in the ledger with other facts");
    }
    if (stored.size() != all.size()) return void(out = "the ledger holds " + std::to_string(stored.size()) + " dossiers, " + std::to_string(all.size()) + " ended");
    auto compare = [&](const Counters& want, const Counters& got, const char* what) {
      if (want == got) return true;
      for (const auto& [k, s] : want) {
        auto it = got.find(k);
        if (it == got.end() || it->second != s) {
          out = std::string(what) + " " + std::to_string(k.second) + " of " + k.first.agency + "/" + k.first.unit + "/" + k.first.procedure + " differs";
          return false;
        }
      }
      out = std::string(what) + ": the ledger has counters no dossier explains";
      return false;
    };
    if (compare(days, stored_counters(c, "report_ledger_days", "day"), "day")) compare(blocks, stored_counters(c, "report_ledger_blocks", "block"), "block");
  });
  return out;
}

std::map<std::string, LedgerSums> sums_before(store::Conn& c, const std::string& key_sql, const std::vector<std::string>& agencies, int64_t day) {
  std::map<std::string, LedgerSums> out;
  if (agencies.empty()) return out;
  const int64_t block = reports::block_of(day);
  std::vector<store::Value> p = {block, block * reports::kBlockDays, day};
  std::string in;
  for (const auto& a : agencies) {
    p.emplace_back(a);
    in += (in.empty() ? "$" : ", $") + std::to_string(p.size());
  }
  std::string sums;
  for (int i = 0; i < reports::kLedgerColumns; ++i) sums += std::string(", CAST(SUM(") + reports::ledger_column_name(i) + ") AS BIGINT)";
  const std::string cols = counter_columns("l.");
  auto r = c.exec("SELECT k" + sums + " FROM (SELECT " + key_sql + " AS k, " + cols + " FROM report_ledger_blocks l WHERE l.agency IN (" + in +
                      ") AND l.block < $1 UNION ALL SELECT " + key_sql + " AS k, " + cols + " FROM report_ledger_days l WHERE l.agency IN (" + in +
                      ") AND l.day >= $2 AND l.day < $3) x GROUP BY k",
                  p);
  for (const auto& row : r.rows) {
    auto& s = out[row.str(0)];
    for (size_t i = 0; i < s.size(); ++i) s[i] = row.is_null(i + 1) ? 0 : row.i64(i + 1);
  }
  return out;
}

}  // namespace motcua::services::report_ledger
