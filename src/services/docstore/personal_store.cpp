// The personal data store (see personal_store.h).
#include "services/docstore/personal_store.h"

#include "domain/errors.h"
#include "services/ids.h"

namespace motcua::services {

namespace {

constexpr const char* kCols =
    "p.public_id, p.code, p.doc_type_code, p.doc_type_name, p.issuer_name, p.file_public_id, p.source, d.public_id, d.code, p.verify_id, "
    "p.issued_at, p.valid_until, p.revoked_at, p.owner_user_id";

StoreItem item_of(const store::Row& x) {
  StoreItem s;
  s.id = x.str(0);
  s.code = x.str(1);
  s.doc_type_code = x.str(2);
  s.doc_type_name = x.str(3);
  s.issuer_name = x.str(4);
  s.file_id = x.str(5);
  s.source = x.str(6);
  s.dossier_id = x.str(7);
  s.dossier_code = x.str(8);
  s.verify_id = x.str(9);
  s.issued_at = x.i64(10);
  s.valid_until = x.is_null(11) ? 0 : x.i64(11);
  s.revoked_at = x.is_null(12) ? 0 : x.i64(12);
  s.owner_user_id = x.i64(13);
  return s;
}

std::string select_sql(const std::string& where) {
  return std::string("SELECT ") + kCols + " FROM personal_documents p LEFT JOIN dossiers d ON d.id = p.source_dossier_id WHERE " + where;
}

}  // namespace

void PersonalStore::on_result_returned(store::Conn& c, const ReturnedResult& r, int64_t now_ms) const {
  if (r.applicant_user_id <= 0 || r.result_file.empty() || !r.result_doc_type || !r.result_doc_type->is_object()) return;
  const auto& t = *r.result_doc_type;
  const std::string type = t.value("code", std::string()), name = t.value("name", std::string());
  if (!docstore::valid_doc_type_code(type) || name.empty()) return;
  if (!c.exec("SELECT 1 FROM personal_documents WHERE source_dossier_id = $1 AND source = 'result'", {r.dossier_id}).rows.empty()) return;
  std::string code = docstore::item_code(r.applicant_id_number, type);
  if (code.empty()) code = type;
  store::Value until = nullptr;
  if (t.contains("valid_months") && t["valid_months"].is_number_integer())
    until = now_ms + t["valid_months"].get<int64_t>() * 30LL * 86'400'000;  // a month counted as 30 days
  c.exec("INSERT INTO personal_documents (public_id, owner_user_id, code, doc_type_code, doc_type_name, issuer_name, issued_at, valid_until, "
         "file_public_id, source, source_dossier_id, verify_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'result', $10, $11, $12)",
         {random_token(12), r.applicant_user_id, code, type, name, r.issuer_name, now_ms, until, r.result_file, r.dossier_id,
          r.result_verify_id.empty() ? store::Value(nullptr) : store::Value(r.result_verify_id), now_ms});
}

void PersonalStore::on_digitized(store::Conn& c, int64_t dossier_id, const std::string& doc_type, const std::string& doc_name,
                                 const std::string& file_id, int64_t now_ms) const {
  if (!docstore::valid_doc_type_code(doc_type)) return;
  auto d = c.exec("SELECT d.applicant_user_id, d.applicant_id_number, a.name FROM dossiers d LEFT JOIN agencies a ON a.code = d.agency_code WHERE d.id = $1",
                  {dossier_id});
  if (d.empty() || d.rows[0].is_null(0)) return;
  if (!c.exec("SELECT 1 FROM personal_documents WHERE source_dossier_id = $1 AND source = 'digitized' AND doc_type_code = $2", {dossier_id, doc_type})
           .rows.empty())
    return;
  const auto& x = d.rows[0];
  std::string code = docstore::item_code(x.str(1), doc_type);
  c.exec("INSERT INTO personal_documents (public_id, owner_user_id, code, doc_type_code, doc_type_name, issuer_name, issued_at, file_public_id, "
         "source, source_dossier_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'digitized', $9, $7)",
         {random_token(12), x.i64(0), code.empty() ? doc_type : code, doc_type, doc_name, "Số hóa tại Bộ phận Một cửa – " + x.str(2), now_ms, file_id,
          dossier_id});
}

std::vector<StoreItem> PersonalStore::mine(const accounts::Principal& who, int page, int per_page, int* total) const {
  std::vector<StoreItem> out;
  if (total) *total = 0;
  if (who.kind != accounts::Kind::citizen && who.kind != accounts::Kind::organisation) return out;
  db_.read([&](store::Conn& c) {
    if (total) *total = static_cast<int>(c.exec("SELECT COUNT(*) FROM personal_documents WHERE owner_user_id = $1", {who.user_id}).rows[0].i64(0));
    auto r = c.exec(select_sql("p.owner_user_id = $1 ORDER BY p.id DESC LIMIT $2 OFFSET $3"),
                    {who.user_id, int64_t{per_page}, int64_t{(page - 1) * per_page}});
    for (const auto& x : r.rows) out.push_back(item_of(x));
  });
  return out;
}

std::vector<StoreItem> PersonalStore::reusable(int64_t owner_user_id, const std::string& doc_type, int64_t now_ms) const {
  std::vector<StoreItem> out;
  if (owner_user_id <= 0 || doc_type.empty()) return out;
  auto r = db_.query(select_sql("p.owner_user_id = $1 AND p.doc_type_code = $2 ORDER BY p.id DESC LIMIT 20"), {owner_user_id, doc_type});
  for (const auto& x : r.rows) {
    StoreItem s = item_of(x);
    if (docstore::reusable({s.owner_user_id, s.doc_type_code, s.valid_until, s.revoked_at != 0}, doc_type, owner_user_id, now_ms)) out.push_back(s);
  }
  return out;
}

std::vector<StoreItem> PersonalStore::reusable_for(const std::string& id_number, const std::string& doc_type, int64_t now_ms) const {
  if (id_number.empty() || doc_type.empty()) return {};
  auto u = db_.query("SELECT id FROM users WHERE (id_number = $1 OR tax_code = $1) AND kind <> 'staff'", {id_number});
  return u.empty() ? std::vector<StoreItem>{} : reusable(u.rows[0].i64(0), doc_type, now_ms);
}

StoreItem PersonalStore::resolve(store::Conn& c, const std::string& item_id, int64_t owner_user_id, const std::string& wanted, int64_t now_ms) const {
  auto r = c.exec(select_sql("p.public_id = $1"), {item_id});
  StoreItem s;
  if (!r.empty()) s = item_of(r.rows[0]);
  std::string why = docstore::why_not({s.owner_user_id, s.doc_type_code, s.valid_until, s.revoked_at != 0}, wanted, owner_user_id, now_ms);
  if (!why.empty()) throw DomainError(ErrorKind::invalid, "not_reusable", why);
  return s;
}

docstore::Counts PersonalStore::counts(const std::vector<std::string>& agencies, int64_t from_ms, int64_t to_ms) const {
  std::string where = "d.received_at >= $1 AND d.received_at < $2";
  std::vector<store::Value> p = {from_ms, to_ms};
  if (!agencies.empty()) {
    where += " AND d.agency_code IN (";
    for (size_t i = 0; i < agencies.size(); ++i) {
      p.push_back(agencies[i]);
      where += (i ? ", $" : "$") + std::to_string(p.size());
    }
    where += ")";
  }
  auto r = db_.query(
      "SELECT COUNT(*), "
      "SUM(CASE WHEN EXISTS (SELECT 1 FROM dossier_documents x WHERE x.dossier_id = d.id AND x.source = 'desk' AND x.file_public_id <> '') THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.form_sources IS NOT NULL OR EXISTS (SELECT 1 FROM dossier_documents x WHERE x.dossier_id = d.id AND x.source = 'reuse') "
      "THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.result_verify_id IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN EXISTS (SELECT 1 FROM dossier_documents x WHERE x.dossier_id = d.id AND x.digitization_mandatory = 1 AND x.file_public_id = '') "
      "THEN 1 ELSE 0 END) FROM dossiers d WHERE " + where,
      p);
  docstore::Counts out;
  if (!r.empty()) {
    const auto& x = r.rows[0];
    out.dossiers = x.i64(0);
    out.digitized = x.is_null(1) ? 0 : x.i64(1);
    out.reused = x.is_null(2) ? 0 : x.i64(2);
    out.e_result = x.is_null(3) ? 0 : x.i64(3);
    out.mandatory_missing = x.is_null(4) ? 0 : x.i64(4);
  }
  return out;
}

}  // namespace motcua::services
