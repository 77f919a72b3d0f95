// Lookups in the national databases (see national_data.h).
#include "services/natdb/national_data.h"

#include "domain/errors.h"
#include "domain/format.h"
#include "domain/text.h"
#include "services/ids.h"
#include "services/notify/http_post.h"
#include "services/sync/client_credentials.h"

namespace motcua::services {

using accounts::Kind;
using accounts::Principal;
using accounts::Role;
using nlohmann::json;

namespace {
constexpr int64_t kLookupTtlMs = 24LL * 3600 * 1000;
const char* kPeer[] = {"CSDL quốc gia về dân cư", "CSDL quốc gia về đăng ký doanh nghiệp"};

const char* peer(natdb::Source s) { return kPeer[s == natdb::Source::business ? 1 : 0]; }

DomainError unavailable(natdb::Source s) {
  return DomainError(ErrorKind::unavailable, "national_db_unavailable",
                     std::string(peer(s)) + " đang không trả lời; vui lòng nhập thông tin hoặc thử lại sau ít phút.");
}
}  // namespace

NationalData::NationalData(store::Db& db, AuditLog& audit, NationalDataEndpoint e) : db_(db), audit_(audit), e_(std::move(e)) {
  if (enabled()) token_ = std::make_unique<ClientCredentials>(e_.token_url, e_.client_id, e_.client_secret, e_.timeout_s, "Nền tảng chia sẻ dữ liệu quốc gia");
}

NationalData::~NationalData() = default;

json NationalData::ask(natdb::Source source, const json& body) {
  std::string path = source == natdb::Source::business ? "/dkdn/TraCuuDoanhNghiep" : "/dancu/TraCuuCongDan";
  try {
    for (int round = 0; round < 2; ++round) {
      auto r = notify::http_post(e_.url + path, {"Authorization: Bearer " + token_->token(round > 0)}, body.dump(), "application/json", e_.timeout_s, peer(source));
      if (r.status == 401) continue;
      auto j = json::parse(r.body, nullptr, false);
      if (r.status == 404) return nullptr;
      if (r.status != 200 || !j.is_object() || !j.contains("error_code") || j["error_code"] != 0) throw unavailable(source);
      return j;
    }
  } catch (const notify::SendError&) {
    throw unavailable(source);
  }
  throw unavailable(source);
}

NatdbLookup NationalData::lookup(natdb::Source source, const std::string& key_in, const std::string& purpose_in, const std::string& procedure_code,
                                 const Principal& who, const std::string& ip) {
  std::string key = text::trim(key_in), purpose = text::trim(purpose_in);
  natdb::Asker asker;
  std::string own_name, own_dob;
  bool verified = who.national_id_verified;
  if (who.kind == Kind::citizen || who.kind == Kind::organisation) {
    asker.kind = who.kind == Kind::citizen ? natdb::Asker::Kind::citizen : natdb::Asker::Kind::organisation;
    db_.read([&](store::Conn& c) {
      auto r = c.exec("SELECT COALESCE(id_number, ''), COALESCE(tax_code, ''), full_name, COALESCE(date_of_birth, ''), national_id_verified FROM users WHERE id = $1",
                      {who.user_id});
      if (r.rows.empty()) return;
      asker.own_id_number = r.rows[0].str(0);
      asker.own_tax_code = r.rows[0].str(1);
      own_name = r.rows[0].str(2);
      own_dob = r.rows[0].str(3);
      verified |= r.rows[0].i64(4) != 0;
    });
    if (purpose.empty()) purpose = "Điền sẵn tờ khai" + (procedure_code.empty() ? std::string() : " thủ tục " + procedure_code) + " theo yêu cầu của người nộp";
  } else if (who.kind == Kind::staff && who.has_role(Role::desk)) {
    asker.kind = natdb::Asker::Kind::desk;
  }
  if (auto why = natdb::lookup_refusal(asker, source, key, purpose))
    throw DomainError(asker.kind == natdb::Asker::Kind::other || (asker.kind != natdb::Asker::Kind::desk && why->find("chính mình") != std::string::npos)
                          ? ErrorKind::forbidden
                          : ErrorKind::invalid,
                      "lookup_refused", *why, {{source == natdb::Source::business ? "tax_code" : "id_number", *why}});
  if (text::length(purpose) > 300 || procedure_code.size() > 40)
    throw DomainError(ErrorKind::invalid, "lookup_refused", "Lý do tra cứu tối đa 300 ký tự.", {{"purpose", "Quá dài."}});
  if (!enabled()) throw unavailable(source);
  // The audit row is scoped to the desk's agency (its supervisors see it); an applicant's own lookup to none.
  std::string agency;
  if (asker.kind == natdb::Asker::Kind::desk) agency = who.agencies_with(Role::desk).front();

  std::string id = random_token(12);
  json body = {{"MucDich", purpose}, {"MaYeuCau", id}};
  if (source == natdb::Source::business) {
    body["MaSoDoanhNghiep"] = key;
  } else {
    body["SoDinhDanh"] = key;
    // An account not verified through VNeID proves it knows the person: the database answers only on a match.
    if (asker.kind == natdb::Asker::Kind::citizen && !verified) {
      body["HoVaTen"] = own_name;
      if (own_dob.size() == 10) body["NgaySinh"] = own_dob.substr(0, 4) + own_dob.substr(5, 2) + own_dob.substr(8, 2);
    }
  }
  json reply = ask(source, body);
  std::optional<catalog::AccountFacts> facts;
  if (reply.is_object())
    facts = source == natdb::Source::business ? natdb::business_facts(reply.value("DoanhNghiep", json::object()))
                                              : natdb::citizen_facts(reply.value("CongDan", json::object()));
  int64_t now = fmt::now_ms();
  if (!facts) {
    audit_.append(db_, {who.user_id, who.username, "natdb.lookup_not_found", key, agency, ip,
                        {{"source", std::string(natdb::source_code(source))}, {"purpose", purpose}, {"procedure", procedure_code}}}, now);
    throw DomainError(ErrorKind::not_found, "not_in_national_db",
                      source == natdb::Source::business
                          ? "Không tìm thấy doanh nghiệp có mã số " + key + " trong CSDL quốc gia về đăng ký doanh nghiệp."
                          : "Không tìm thấy công dân có số định danh " + key + " trong CSDL quốc gia về dân cư" +
                                (body.contains("HoVaTen") ? " khớp với họ tên và ngày sinh của tài khoản." : "."));
  }
  NatdbLookup out{id, source, key, purpose, procedure_code, *facts, now};
  db_.write([&](store::Conn& c) {
    c.exec("INSERT INTO natdb_lookups (public_id, user_id, source, subject_key, purpose, procedure_code, facts, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
           {id, who.user_id, std::string(natdb::source_code(source)), key, purpose, procedure_code, natdb::facts_json(*facts).dump(), now});
    audit_.append(c, {who.user_id, who.username, "natdb.lookup", key, agency, ip,
                      {{"source", std::string(natdb::source_code(source))}, {"purpose", purpose}, {"procedure", procedure_code}, {"lookup", id}}}, now);
  });
  return out;
}

std::optional<NatdbLookup> NationalData::find(const std::string& id, const Principal& who) const {
  if (id.empty() || id.size() > 64 || !who.signed_in()) return std::nullopt;
  std::optional<NatdbLookup> out;
  int64_t now = fmt::now_ms();
  db_.read([&](store::Conn& c) {
    auto r = c.exec("SELECT source, subject_key, purpose, procedure_code, facts, created_at FROM natdb_lookups WHERE public_id = $1 AND user_id = $2",
                    {id, who.user_id});
    if (r.rows.empty() || r.rows[0].i64(5) < now - kLookupTtlMs) return;
    const auto& x = r.rows[0];
    auto src = natdb::parse_source(x.str(0));
    if (!src) return;
    out = NatdbLookup{id, *src, x.str(1), x.str(2), x.str(3), natdb::facts_of(json::parse(x.str(4), nullptr, false)), x.i64(5)};
  });
  return out;
}

json NationalData::taken(store::Conn& c, const std::string& lookup_id, const Principal& who, const std::string& subject_key, const json& schema,
                         const json& form, int64_t dossier_id, const std::string& dossier_ref, int64_t now) {
  json out = json::object();
  if (lookup_id.empty() || lookup_id.size() > 64) return out;
  auto r = c.exec("SELECT source, subject_key, facts, created_at FROM natdb_lookups WHERE public_id = $1 AND user_id = $2", {lookup_id, who.user_id});
  if (r.rows.empty() || r.rows[0].i64(3) < now - kLookupTtlMs) return out;
  auto src = natdb::parse_source(r.rows[0].str(0));
  if (!src || (!subject_key.empty() && r.rows[0].str(1) != subject_key)) return out;
  auto facts = natdb::facts_of(json::parse(r.rows[0].str(2), nullptr, false));
  std::string origin(catalog::source_code(natdb::fact_source(*src)));
  for (const auto& f : catalog::taken_from(schema, facts, form)) out[f] = origin;
  if (out.empty()) return out;
  c.exec("UPDATE natdb_lookups SET dossier_id = $2 WHERE public_id = $1 AND dossier_id IS NULL", {lookup_id, dossier_id});
  audit_.append(c, {who.user_id, who.username, "natdb.used", dossier_ref, "", "", {{"lookup", lookup_id}, {"fields", out.size()}}}, now);
  return out;
}

}  // namespace motcua::services
