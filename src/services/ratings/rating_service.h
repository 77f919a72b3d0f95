// Satisfaction ratings of dossiers (đánh giá; issue 12, R37). The questions, who may rate when and the QĐ 766
// satisfaction formula are domain/ratings/rating.h; this stores one rating per dossier (table ratings, migration 24).
//
// Contract
// - get(dossier, who): the dossier's rating and whether it may be rated now. The applicant who owns the dossier,
//   or staff who may read it (DossierService::view decides; 404 otherwise).
// - rate(dossier, who, input, ip): the applicant who owns it (staff → 403 staff_cannot_rate; anyone else 404);
//   the dossier must be returned (status 10) and a first rating less than 7 days old (409 rating_closed); the
//   input checked (422 invalid_rating, per field). The one row of the dossier is written or replaced, audited
//   (rating.give / rating.change), with the solving agency and unit of the dossier for the reports.
// - rate_with_code(code, rating_code, input, ip): the same without signing in (the desk kiosk, the QR on the
//   receipt): the dossier code (any case, spaces trimmed) and the 6-digit code printed on the receipt; a wrong
//   pair → 404 with one message whatever was wrong (nothing tells which dossiers exist).
// - code_for(public_id): the receipt's rating code (ratings::rating_code over SHA-256 of the public id).
#pragma once
#include <map>
#include <optional>
#include <string>

#include "domain/accounts/principal.h"
#include "services/audit/audit_log.h"
#include "store/db.h"

namespace motcua::services {

class DossierService;

struct RatingInput {
  std::string overall, comment;
  std::map<std::string, std::string> answers;
};

struct RatingView {
  std::string dossier_id, dossier_code, procedure_name;
  bool rated = false;
  std::string may_rate_reason;  // "" = may rate (or change) now
  RatingInput given;
  int points = 0;
  std::string via;              // account | code
  int64_t created_at = 0, updated_at = 0, changeable_until = 0;
};

class RatingService {
 public:
  RatingService(store::Db& db, DossierService& dossiers, AuditLog& audit) : db_(db), dossiers_(dossiers), audit_(audit) {}
  RatingView get(const std::string& dossier_id, const accounts::Principal& who) const;
  RatingView rate(const std::string& dossier_id, const accounts::Principal& who, const RatingInput& in, const std::string& ip) const;
  RatingView rate_with_code(const std::string& code, const std::string& rating_code, const RatingInput& in, const std::string& ip) const;
  static std::string code_for(const std::string& public_id);

 private:
  struct Target;
  RatingView view_of(const Target& t) const;
  RatingView write(const Target& t, const std::string& actor_name, int64_t actor_id, const RatingInput& in, const std::string& via,
                   const std::string& ip) const;
  store::Db& db_;
  DossierService& dossiers_;
  AuditLog& audit_;
};

}  // namespace motcua::services
