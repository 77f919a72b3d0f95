// National portal sync (đồng bộ Cổng DVC quốc gia, R45): what motcua owes the national portal about each
// dossier, and how far it got.
//
// Contract
// - record(c, dossier_id, now): called in the transaction of every dossier change that writes a history row
//   (DossierService does, after each one). Writes two outbox rows (notify::Outbox, channel "national",
//   recipient "dvcqg"): the dossier as it now stands (`DongBoHoSoMC`, domain/sync/national.h) and the
//   progress entry of that history row (`CapNhatTienDoHoSoMC`), in that order, keyed by the history row so a
//   retried request cannot enqueue twice. A draft is never sent; nothing is written when sync is disabled.
//   The national delivery job sends them in order per dossier (notify/delivery.h, in_order_per_dossier).
// - counts(agencies, from, to): rows created in [from, to) (ms) of those receiving agencies (empty = all):
//   synced (sent), pending (never tried, or being sent), failed (tried, waiting for a retry), dead.
//   by_day: the same per local day (Asia/Ho_Chi_Minh) and agency, newest first. problems: the failed and
//   dead rows, newest first, with their last error (for the reconciliation page's resend).
// - report(who, agency, from, to, now): the one reading of a reconciliation request, for the API and the page.
// - Readers: supervisors and administrators of an agency read its subtree (policy "sync.read");
//   scope(who) is the list of agencies a reader may see (empty when none), may_read(who, agency) one check.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/accounts/principal.h"
#include "services/agencies/agency_service.h"
#include "services/audit/audit_log.h"
#include "services/catalog/catalog_service.h"
#include "services/notify/outbox.h"
#include "store/db.h"

namespace motcua::services {

struct NationalSyncConfig {
  bool enabled = false;    // a national endpoint is configured
  std::string public_url;  // links to documents in the payloads
};

struct SyncCounts {
  int64_t synced = 0, pending = 0, failed = 0, dead = 0;
};

struct SyncDay {
  std::string day;  // YYYY-MM-DD (local)
  std::string agency;
  SyncCounts counts;
};

struct SyncProblem {
  int64_t id = 0;
  std::string service, dossier_code, agency, status, last_error;
  int64_t attempts = 0, created_at = 0, next_attempt_at = 0;
};

// The reconciliation of one reader's request: agency ("" = every agency the reader may see, else that agency's
// subtree), local dates from / to (YYYY-MM-DD, inclusive; default the last 30 days).
struct SyncReport {
  std::string agency, from, to;
  SyncCounts total;
  std::vector<SyncDay> days;
  std::vector<SyncProblem> problems;
};

class NationalSync {
 public:
  NationalSync(store::Db& db, AgencyService& agencies, CatalogService& catalog, notify::Outbox& outbox, AuditLog& audit, NationalSyncConfig cfg)
      : db_(db), agencies_(agencies), catalog_(catalog), outbox_(outbox), audit_(audit), cfg_(std::move(cfg)) {}

  bool enabled() const { return cfg_.enabled; }
  void record(store::Conn& c, int64_t dossier_id, int64_t now) const;

  SyncCounts counts(const std::vector<std::string>& agencies, int64_t from, int64_t to) const;
  std::vector<SyncDay> by_day(const std::vector<std::string>& agencies, int64_t from, int64_t to) const;
  std::vector<SyncProblem> problems(const std::vector<std::string>& agencies, int limit = 100) const;

  // Validates the request (DomainError: bad dates → invalid, an agency outside the reader's scope → not_found)
  // and reads the counts, the days and the problems.
  SyncReport report(const accounts::Principal& who, const std::string& agency, const std::string& from, const std::string& to, int64_t now) const;
  // The agencies `who` may read the sync of (supervisor or admin grants and their subtrees).
  std::vector<std::string> scope(const accounts::Principal& who) const;
  bool may_read(const accounts::Principal& who, const std::string& agency) const;
  // Resends a failed or dead payload of an agency `who` administers (audited); false when there is no such row.
  bool resend(int64_t id, const accounts::Principal& who, const std::string& ip, int64_t now) const;

 private:
  store::Db& db_;
  AgencyService& agencies_;
  CatalogService& catalog_;
  notify::Outbox& outbox_;
  AuditLog& audit_;
  NationalSyncConfig cfg_;
};

}  // namespace motcua::services
