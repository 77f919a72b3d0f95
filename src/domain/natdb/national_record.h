// The national databases' records as e-form facts, and who may ask for them (R26, R46; issue 13 "Prefill from
// national databases").
//
// Contract
// - The population database (CSDL quốc gia về dân cư) answers a lookup by personal identification number with
//   a "CongDan" object: SoDinhDanh, HoVaTen, NgayThangNamSinh (yyyyMMdd or dd/MM/yyyy), GioiTinh, DanToc,
//   QuocTich, NoiThuongTru and NoiOHienTai (each a string or {ChiTiet, TenXaPhuong, TenTinh}).
//   citizen_facts() maps it onto catalog::AccountFacts: full_name, id_number, date_of_birth (YYYY-MM-DD),
//   ethnicity, nationality, residence (NoiOHienTai when given, else NoiThuongTru). A record without
//   SoDinhDanh or HoVaTen is not a record (nullopt).
// - The business registration database (CSDL quốc gia về đăng ký doanh nghiệp) answers by enterprise code
//   (tax code) with "DoanhNghiep": MaSoDoanhNghiep, TenDoanhNghiep, DiaChiTruSo, NguoiDaiDienPhapLuat,
//   TinhTrang. business_facts() maps it onto tax_code, organisation_name (and full_name), organisation_address,
//   representative.
// - lookup_refusal(): the one rule of who may look up whom. A citizen only their own ID number, an
//   organisation only its own tax code (the national database then also checks the account's name and date of
//   birth unless the account was verified through VNeID); a desk officer (Bộ phận Một cửa) anyone, but must say
//   why (purpose of at least 10 characters) — every lookup is audited with who, why and which procedure or
//   dossier. Anyone else is refused. Returns the Vietnamese refusal, or nullopt when allowed.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "domain/catalog/prefill.h"

namespace motcua::natdb {

enum class Source { population, business };
std::string_view source_code(Source s) noexcept;  // "population" | "business"
std::optional<Source> parse_source(std::string_view s) noexcept;
catalog::FactSource fact_source(Source s) noexcept;

std::optional<catalog::AccountFacts> citizen_facts(const nlohmann::json& cong_dan);
std::optional<catalog::AccountFacts> business_facts(const nlohmann::json& doanh_nghiep);
// The stored form of facts (natdb_lookups.facts) and back.
nlohmann::json facts_json(const catalog::AccountFacts& f);
catalog::AccountFacts facts_of(const nlohmann::json& j);

struct Asker {
  enum class Kind { citizen, organisation, desk, other } kind = Kind::other;
  std::string own_id_number, own_tax_code;  // the account's own keys
};
std::optional<std::string> lookup_refusal(const Asker& who, Source source, const std::string& key, const std::string& purpose);

}  // namespace motcua::natdb
