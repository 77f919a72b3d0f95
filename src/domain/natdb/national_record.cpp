// The national databases' records as e-form facts (see national_record.h).
#include "domain/natdb/national_record.h"

#include "domain/identity.h"
#include "domain/text.h"

namespace motcua::natdb {

using nlohmann::json;

std::string_view source_code(Source s) noexcept { return s == Source::business ? "business" : "population"; }

std::optional<Source> parse_source(std::string_view s) noexcept {
  if (s == "population") return Source::population;
  if (s == "business") return Source::business;
  return std::nullopt;
}

catalog::FactSource fact_source(Source s) noexcept {
  return s == Source::business ? catalog::FactSource::business_db : catalog::FactSource::population_db;
}

namespace {

std::string str(const json& j, const char* k) {
  return j.is_object() && j.contains(k) && j[k].is_string() ? text::trim(j[k].get<std::string>()) : std::string();
}

// An address as the national databases give it: a string, or {ChiTiet, TenXaPhuong, TenTinh}.
std::string address(const json& j, const char* k) {
  if (!j.is_object() || !j.contains(k)) return "";
  const json& a = j[k];
  if (a.is_string()) return text::trim(a.get<std::string>());
  std::string out;
  for (const char* part : {"ChiTiet", "TenXaPhuong", "TenTinh"})
    if (std::string p = str(a, part); !p.empty()) out += (out.empty() ? "" : ", ") + p;
  return out;
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// yyyyMMdd or dd/MM/yyyy → YYYY-MM-DD; anything else → "".
std::string iso_date(const std::string& s) {
  if (s.size() == 8 && digits(s)) return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
  if (s.size() == 10 && s[2] == '/' && s[5] == '/' && digits(s.substr(0, 2)) && digits(s.substr(3, 2)) && digits(s.substr(6)))
    return s.substr(6) + "-" + s.substr(3, 2) + "-" + s.substr(0, 2);
  return "";
}

}  // namespace

std::optional<catalog::AccountFacts> citizen_facts(const json& c) {
  catalog::AccountFacts f;
  f.id_number = str(c, "SoDinhDanh");
  f.full_name = str(c, "HoVaTen");
  if (f.id_number.empty() || f.full_name.empty()) return std::nullopt;
  f.date_of_birth = iso_date(str(c, "NgayThangNamSinh"));
  f.ethnicity = str(c, "DanToc");
  f.nationality = str(c, "QuocTich");
  f.residence = address(c, "NoiOHienTai");
  if (f.residence.empty()) f.residence = address(c, "NoiThuongTru");
  f.verified = true;  // the population database is the reference for these facts
  return f;
}

std::optional<catalog::AccountFacts> business_facts(const json& b) {
  catalog::AccountFacts f;
  f.tax_code = str(b, "MaSoDoanhNghiep");
  f.organisation_name = str(b, "TenDoanhNghiep");
  if (f.tax_code.empty() || f.organisation_name.empty()) return std::nullopt;
  f.full_name = f.organisation_name;
  f.organisation_address = address(b, "DiaChiTruSo");
  f.representative = str(b, "NguoiDaiDienPhapLuat");
  return f;
}

json facts_json(const catalog::AccountFacts& f) {
  json j = json::object();
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  put("full_name", f.full_name);
  put("id_number", f.id_number);
  put("tax_code", f.tax_code);
  put("date_of_birth", f.date_of_birth);
  put("representative", f.representative);
  put("residence", f.residence);
  put("ethnicity", f.ethnicity);
  put("nationality", f.nationality);
  put("organisation_name", f.organisation_name);
  put("organisation_address", f.organisation_address);
  return j;
}

catalog::AccountFacts facts_of(const json& j) {
  catalog::AccountFacts f;
  auto get = [&](const char* k) { return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  f.full_name = get("full_name");
  f.id_number = get("id_number");
  f.tax_code = get("tax_code");
  f.date_of_birth = get("date_of_birth");
  f.representative = get("representative");
  f.residence = get("residence");
  f.ethnicity = get("ethnicity");
  f.nationality = get("nationality");
  f.organisation_name = get("organisation_name");
  f.organisation_address = get("organisation_address");
  f.verified = !f.id_number.empty();
  return f;
}

std::optional<std::string> lookup_refusal(const Asker& who, Source source, const std::string& key, const std::string& purpose) {
  if (source == Source::population) {
    if (key.size() != 12 || !digits(key)) return "Số định danh cá nhân phải gồm 12 chữ số.";
  } else if (auto err = identity::check_tax_code(key)) {
    return *err;
  }
  switch (who.kind) {
    case Asker::Kind::citizen:
      if (source != Source::population || key != who.own_id_number)
        return "Bạn chỉ được tra cứu thông tin của chính mình (số định danh của tài khoản).";
      return std::nullopt;
    case Asker::Kind::organisation:
      if (source != Source::business || key != who.own_tax_code)
        return "Tổ chức chỉ được tra cứu thông tin đăng ký của chính mình (mã số doanh nghiệp của tài khoản).";
      return std::nullopt;
    case Asker::Kind::desk:
      if (text::length(text::trim(purpose)) < 10) return "Nhập lý do tra cứu (ít nhất 10 ký tự), ví dụ: tiếp nhận hồ sơ khai sinh của công dân.";
      return std::nullopt;
    case Asker::Kind::other: break;
  }
  return "Chỉ người nộp hồ sơ (thông tin của chính mình) hoặc Bộ phận Một cửa mới được tra cứu CSDL quốc gia.";
}

}  // namespace motcua::natdb
