#include "services/dossiers/dossier_search.h"

#include "domain/dossier/search.h"
#include "store/text_search.h"

namespace motcua::services::dossier_search {

std::string key(std::string_view name, std::string_view id_number, std::string_view phone) {
  return dossier::applicant_search_key(name, id_number, phone);
}

int64_t backfill(store::Db& db, int batch) {
  int64_t done = 0, after = 0;
  for (;;) {
    int64_t n = 0;
    db.write([&](store::Conn& c) {
      auto r = c.exec("SELECT id, applicant_name, applicant_id_number, applicant_phone FROM dossiers WHERE id > $1 AND applicant_search IS NULL "
                      "ORDER BY id LIMIT $2",
                      {after, int64_t{batch}});
      for (const auto& x : r.rows) {
        c.exec("UPDATE dossiers SET applicant_search = $2 WHERE id = $1", {x.i64(0), key(x.str(1), x.str(2), x.str(3))});
        after = x.i64(0);
      }
      n = static_cast<int64_t>(r.rows.size());
    });
    done += n;
    if (n < batch) return done;
  }
}

void ensure_indexed(store::Db& db) {
  auto r = db.query("SELECT value FROM meta WHERE key = 'dossier_search_built'");
  if (!r.rows.empty() && r.rows[0].str(0) == "1") return;
  backfill(db);
  db.write([](store::Conn& c) { c.exec("UPDATE meta SET value = '1' WHERE key = 'dossier_search_built'"); });
}

std::string condition(std::string_view dialect, const std::vector<std::string>& tokens, const std::function<std::string(store::Value)>& param) {
  return store::prefix_match(dialect, "dossiers", "applicant_search", tokens, param);
}

}  // namespace motcua::services::dossier_search
