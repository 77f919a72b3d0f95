// Catalog service: the published procedure catalog (Danh mục TTHC) and its administration.
//
// Reads go to an immutable in-memory snapshot of every procedure and its versions, rebuilt from the
// database when the catalog revision (meta.catalog_rev, bumped in the same transaction as every catalog
// write) changes — checked at most every 250 ms, immediately after this process's own writes — so
// several server processes on one PostgreSQL stay consistent.
//
// Writes (create, edit draft, lifecycle actions, import) run in one transaction each, write a history
// row (who, when, from → to, note), and an announcement (R7) when a version is published or the procedure
// is suspended, resumed or abolished. `expected_row_version`, when given, must equal the procedure's
// current row_version (optimistic concurrency) or the write is refused with 409.
#pragma once
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog/procedure.h"
#include "domain/catalog/search.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "store/db.h"

namespace motcua::services {

struct ProcVersion {
  int version_no = 0;
  std::string state;  // draft | published
  int64_t effective_from = 0;
  std::string created_by, published_by, note;
  int64_t created_at = 0, published_at = 0;
  std::shared_ptr<const nlohmann::json> doc;
  // Filter attributes extracted from doc at load time (search must not walk JSON per hit).
  std::string field_code, online_level, legacy_level;
  unsigned levels = 0;  // bit 0 tinh, 1 huyen, 2 xa
  std::vector<std::string> agency_kinds;
};

unsigned level_bit(const std::string& level);
// Whether the version is carried out by an agency of this level and kind (no kinds listed = every kind): the one
// rule the catalog's agency filter, the QĐ 766 index and the R39 report ask.
bool applies_to(const ProcVersion& v, const std::string& agency_level, const std::string& agency_kind);

struct ProcEntry {
  int64_t id = 0;
  std::string code;
  catalog::ProcState state = catalog::ProcState::draft;
  int64_t row_version = 0;
  std::vector<ProcVersion> versions;  // ascending version_no, discarded excluded
  const ProcVersion* current(int64_t now) const;   // latest published with effective_from <= now
  const ProcVersion* latest_published() const;
  const ProcVersion* draft() const;
  const ProcVersion* version(int n) const;
  const ProcVersion* shown(int64_t now) const;     // current, else latest published, else draft
};

struct CatalogSnapshot {
  int64_t rev = -1;
  std::vector<ProcEntry> entries;
  std::map<std::string, size_t> by_code;
  catalog::SearchIndex index;  // one document per entry (its shown version), same positions
  std::vector<std::pair<std::string, std::string>> fields;  // (code, name) of fields in use, sorted by name
  std::vector<int64_t> effective_times;  // effective_from of every published version, ascending
  const ProcEntry* find(const std::string& code) const;
  // How many published versions have taken effect at `now`: what the public pages show changes only with the
  // revision or this number (a scheduled version becomes current) — together they key cached pages.
  size_t effective_count(int64_t now) const;
};

struct CatalogQuery {
  std::string q, field, level, agency, online_level;
  int page = 1, per_page = 20;
  bool admin = false;  // include drafts, suspended, abolished
};

struct CatalogPage {
  std::shared_ptr<const CatalogSnapshot> snap;
  std::vector<const ProcEntry*> items;
  int total = 0, page = 1, per_page = 20;
};

struct ImportResult {
  int created = 0, amended = 0, unchanged = 0;
};

class CatalogService {
 public:
  CatalogService(store::Db& db, AgencyService& agencies) : db_(db), agencies_(agencies) {}
  // Every catalog write also appends to the audit log (same transaction) once this is set.
  void set_audit(AuditLog* audit) { audit_ = audit; }

  std::shared_ptr<const CatalogSnapshot> snapshot();
  CatalogPage search(const CatalogQuery& q, int64_t now);

  // Administration. All throw DomainError on refusal and change nothing then.
  void create(const nlohmann::json& doc, const std::string& actor);
  void update_draft(const std::string& code, const nlohmann::json& doc, const std::string& actor,
                    std::optional<int64_t> expected_row_version = std::nullopt);
  // params: {"effective_from":"YYYY-MM-DD"?, "note"/"reason": "..."}
  void act(const std::string& code, catalog::Action action, const nlohmann::json& params, const std::string& actor,
           std::optional<int64_t> expected_row_version = std::nullopt);
  ImportResult import(const nlohmann::json& file, const std::string& actor);
  nlohmann::json export_all();

  nlohmann::json history(const std::string& code);
  nlohmann::json announcements(int page, int per_page, int* total);

  // JSON views used by the API and the pages.
  nlohmann::json summary_json(const ProcEntry& e, int64_t now) const;
  nlohmann::json detail_json(const ProcEntry& e, int64_t now) const;
  nlohmann::json version_json(const ProcEntry& e, const ProcVersion& v, int64_t now) const;

 private:
  std::shared_ptr<CatalogSnapshot> load();
  void written();  // forces a reload on next read
  store::Db& db_;
  AgencyService& agencies_;
  AuditLog* audit_ = nullptr;
  std::mutex mu_;
  std::shared_ptr<const CatalogSnapshot> snap_;
  int64_t checked_at_ = 0;
  bool dirty_ = true;
};

}  // namespace motcua::services
