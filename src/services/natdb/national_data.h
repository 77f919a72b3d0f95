// Lookups in the national databases through the national data-sharing platform (R26, R46; issue 13): the
// population database by personal identification number, the business registration database by enterprise
// (tax) code. Used to prefill e-forms (the citizen's own form, the desk's walk-in intake); the fields taken are
// recorded on the dossier and sent to the national portal as DuocLayTuKhoDMQG (QĐ 766 reuse share).
//
// Protocol (the stand-in src/standins/national_portal.cpp speaks the same):
//   POST <url>/dancu/TraCuuCongDan      {"SoDinhDanh", "HoVaTen"?, "NgaySinh"? (yyyyMMdd), "MucDich", "MaYeuCau"}
//   POST <url>/dkdn/TraCuuDoanhNghiep   {"MaSoDoanhNghiep", "MucDich", "MaYeuCau"}
//   with `Authorization: Bearer <token>` (client credentials, services/sync/client_credentials.h — the same
//   account as the portal sync). 200 {"error_code":0, "CongDan"|"DoanhNghiep": {…}} (domain/natdb/national_record.h);
//   404 not found or the name / date of birth sent do not match; 401 token; other statuses: unavailable.
//   An account not verified through VNeID sends its name and date of birth with its own ID number, so the
//   database answers only if they match.
//
// Contract
// - lookup(): refused per natdb::lookup_refusal (403/422, Vietnamese), not found → 404, the platform down or
//   not configured → 503 — nothing is written then. A found record is stored (natdb_lookups: who, source, key,
//   purpose, procedure, facts) and audited ("natdb.lookup": who, why, which procedure) in one transaction; the
//   lookup id is what the form carries.
// - find(): the caller's own lookup, at most 24 hours old, else nullopt.
// - taken(): inside a dossier's creation transaction: the form fields whose values are still those of the
//   lookup (catalog::taken_from) as {field: "population_db"|"business_db"}; records the dossier on the lookup
//   and audits "natdb.used" with the dossier's id. A lookup of someone else, expired or about another subject
//   than the dossier's applicant gives {} (the form is then the applicant's own typing).
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/accounts/principal.h"
#include "domain/natdb/national_record.h"
#include "services/audit/audit_log.h"
#include "store/db.h"

namespace motcua::services {

class ClientCredentials;

struct NationalDataEndpoint {
  std::string url;  // base of the data-sharing platform, e.g. https://ndxp.gov.vn (no trailing slash); "" = off
  std::string token_url, client_id, client_secret;
  long timeout_s = 10;
};

struct NatdbLookup {
  std::string id;
  natdb::Source source = natdb::Source::population;
  std::string key, purpose, procedure_code;
  catalog::AccountFacts facts;
  int64_t at = 0;
};

class NationalData {
 public:
  NationalData(store::Db& db, AuditLog& audit, NationalDataEndpoint e);
  ~NationalData();
  bool enabled() const { return !e_.url.empty(); }

  NatdbLookup lookup(natdb::Source source, const std::string& key, const std::string& purpose, const std::string& procedure_code,
                     const accounts::Principal& who, const std::string& ip);
  std::optional<NatdbLookup> find(const std::string& id, const accounts::Principal& who) const;
  nlohmann::json taken(store::Conn& c, const std::string& lookup_id, const accounts::Principal& who, const std::string& subject_key,
                       const nlohmann::json& schema, const nlohmann::json& form, int64_t dossier_id, const std::string& dossier_ref, int64_t now);

 private:
  nlohmann::json ask(natdb::Source source, const nlohmann::json& body);
  store::Db& db_;
  AuditLog& audit_;
  NationalDataEndpoint e_;
  std::unique_ptr<ClientCredentials> token_;
};

}  // namespace motcua::services
