// Satisfaction ratings (see rating_service.h).
#include "services/ratings/rating_service.h"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include "domain/dossier/dossier_code.h"
#include "domain/errors.h"
#include "domain/format.h"
#include "domain/ratings/rating.h"
#include "domain/text.h"
#include "services/dossiers/dossier_service.h"

namespace motcua::services {

using accounts::Kind;
using accounts::Principal;
using nlohmann::json;

struct RatingService::Target {
  int64_t id = 0, applicant_user_id = 0;
  int status = 0;
  std::string public_id, code, procedure_name, competent, unit;
};

namespace {

constexpr const char* kSelect =
    "SELECT id, public_id, COALESCE(code, ''), status, COALESCE(applicant_user_id, 0), procedure_name, "
    "CASE WHEN handling_agency_code = '' THEN agency_code ELSE handling_agency_code END, handling_unit FROM dossiers ";

DomainError not_found() { return DomainError(ErrorKind::not_found, "dossier_not_found", "Không tìm thấy hồ sơ."); }

}  // namespace

std::string RatingService::code_for(const std::string& public_id) { return ratings::rating_code(sha256_hex("rating:" + public_id)); }

RatingView RatingService::view_of(const Target& t) const {
  RatingView v;
  v.dossier_id = t.public_id;
  v.dossier_code = t.code;
  v.procedure_name = t.procedure_name;
  auto r = db_.query("SELECT overall, answers, comment, points, via, created_at, updated_at FROM ratings WHERE dossier_id = $1", {t.id});
  int64_t first = 0;
  if (!r.rows.empty()) {
    const auto& x = r.rows[0];
    v.rated = true;
    v.given.overall = x.str(0);
    json a = json::parse(x.str(1), nullptr, false);
    if (a.is_object())
      for (auto it = a.begin(); it != a.end(); ++it)
        if (it.value().is_string()) v.given.answers[it.key()] = it.value().get<std::string>();
    v.given.comment = x.str(2);
    v.points = static_cast<int>(x.i64(3));
    v.via = x.str(4);
    v.created_at = first = x.i64(5);
    v.updated_at = x.i64(6);
    v.changeable_until = first + int64_t{ratings::kChangeDays} * 24 * 3600 * 1000;
  }
  v.may_rate_reason = ratings::may_rate(t.status, first, fmt::now_ms());
  return v;
}

RatingView RatingService::get(const std::string& dossier_id, const Principal& who) const {
  auto r = db_.query(std::string(kSelect) + "WHERE public_id = $1", {dossier_id});
  if (r.rows.empty()) throw not_found();
  const auto& x = r.rows[0];
  Target t{x.i64(0), x.i64(4), static_cast<int>(x.i64(3)), x.str(1), x.str(2), x.str(5), x.str(6), x.str(7)};
  if (who.kind == Kind::staff) dossiers_.view(dossier_id, who);  // the one reading rule (404 when not readable)
  else if (!who.signed_in() || t.applicant_user_id != who.user_id) throw not_found();
  return view_of(t);
}

RatingView RatingService::write(const Target& t, const std::string& actor_name, int64_t actor_id, const RatingInput& in_raw, const std::string& via,
                                const std::string& ip) const {
  RatingInput in = in_raw;
  in.comment = text::trim(text::nfc(in.comment));
  auto problems = ratings::check(in.overall, in.answers, in.comment);
  if (!problems.empty()) {
    std::vector<FieldError> fields;
    for (auto& p : problems) fields.push_back({p.field, p.message});
    throw DomainError(ErrorKind::invalid, "invalid_rating", "Phiếu đánh giá chưa đầy đủ: " + problems[0].message, std::move(fields));
  }
  int64_t now = fmt::now_ms();
  json answers = json::object();
  for (const auto& [k, v] : in.answers) answers[k] = v;
  db_.write([&](store::Conn& c) {
    auto cur = c.exec("SELECT status FROM dossiers WHERE id = $1", {t.id}).rows.at(0);
    auto prev = c.exec("SELECT created_at FROM ratings WHERE dossier_id = $1", {t.id});
    std::string why = ratings::may_rate(static_cast<int>(cur.i64(0)), prev.rows.empty() ? 0 : prev.rows[0].i64(0), now);
    if (!why.empty()) throw DomainError(ErrorKind::conflict, "rating_closed", why);
    if (prev.rows.empty())
      c.exec("INSERT INTO ratings (dossier_id, agency_code, unit, overall, answers, points, comment, via, created_at, updated_at) "
             "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9)",
             {t.id, t.competent, t.unit, in.overall, answers.dump(), int64_t{ratings::points(in.answers)}, in.comment, via, now});
    else
      c.exec("UPDATE ratings SET overall = $2, answers = $3, points = $4, comment = $5, via = $6, updated_at = $7 WHERE dossier_id = $1",
             {t.id, in.overall, answers.dump(), int64_t{ratings::points(in.answers)}, in.comment, via, now});
    audit_.append(c, {actor_id, actor_name, prev.rows.empty() ? "rating.give" : "rating.change", t.code.empty() ? t.public_id : t.code, t.competent, ip,
                      {{"overall", in.overall}, {"via", via}}},
                  now);
  });
  return view_of(t);
}

RatingView RatingService::rate(const std::string& dossier_id, const Principal& who, const RatingInput& in, const std::string& ip) const {
  if (who.kind == Kind::staff) throw DomainError(ErrorKind::forbidden, "staff_cannot_rate", "Cán bộ không đánh giá thay người dân.");
  auto r = db_.query(std::string(kSelect) + "WHERE public_id = $1", {dossier_id});
  if (r.rows.empty() || !who.signed_in() || r.rows[0].i64(4) != who.user_id) throw not_found();
  const auto& x = r.rows[0];
  Target t{x.i64(0), x.i64(4), static_cast<int>(x.i64(3)), x.str(1), x.str(2), x.str(5), x.str(6), x.str(7)};
  return write(t, who.username, who.user_id, in, "account", ip);
}

RatingView RatingService::rate_with_code(const std::string& code_in, const std::string& rating_code_in, const RatingInput& in,
                                         const std::string& ip) const {
  const DomainError wrong(ErrorKind::not_found, "rating_code_mismatch", "Mã hồ sơ hoặc mã đánh giá không đúng. Vui lòng kiểm tra lại trên giấy tiếp nhận.");
  std::string code = dossier::normalize_code(code_in);
  std::string given = text::trim(rating_code_in);
  if (code.empty() || given.size() != 6) throw wrong;
  auto r = db_.query(std::string(kSelect) + "WHERE code = $1", {code});
  if (r.rows.empty()) throw wrong;
  const auto& x = r.rows[0];
  std::string expected = code_for(x.str(1));
  if (CRYPTO_memcmp(expected.data(), given.data(), 6) != 0) throw wrong;
  Target t{x.i64(0), x.i64(4), static_cast<int>(x.i64(3)), x.str(1), x.str(2), x.str(5), x.str(6), x.str(7)};
  return write(t, "anonymous", 0, in, "code", ip);
}

}  // namespace motcua::services
