// The national databases' records as e-form facts and who may look up whom (national_record.h), and which
// submitted fields count as taken from them (catalog::taken_from).
#include "domain/natdb/national_record.h"

#include <gtest/gtest.h>

namespace motcua::natdb {
namespace {

using nlohmann::json;

TEST(NationalRecord, CitizenFromThePopulationDatabase) {
  auto f = citizen_facts(json::parse(R"({"SoDinhDanh": "001090000001", "HoVaTen": "Nguyễn Văn An", "NgayThangNamSinh": "19900512",
    "DanToc": "Kinh", "QuocTich": "Việt Nam", "NoiThuongTru": "Khu phố 5, thị trấn Bến Sung",
    "NoiOHienTai": {"ChiTiet": "Số 12", "TenXaPhuong": "thị trấn Bến Sung", "TenTinh": "tỉnh Thanh Hóa"}})"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->date_of_birth, "1990-05-12");
  EXPECT_EQ(f->residence, "Số 12, thị trấn Bến Sung, tỉnh Thanh Hóa");  // where they live now wins
  EXPECT_EQ(f->ethnicity, "Kinh");
  auto g = citizen_facts(json::parse(R"({"SoDinhDanh": "001090000001", "HoVaTen": "An", "NgayThangNamSinh": "12/05/1990", "NoiThuongTru": "Khu phố 5"})"));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->date_of_birth, "1990-05-12");
  EXPECT_EQ(g->residence, "Khu phố 5");
  EXPECT_FALSE(citizen_facts(json::parse(R"({"HoVaTen": "An"})")));
  EXPECT_FALSE(citizen_facts(json::array()));
  auto bad_date = citizen_facts(json::parse(R"({"SoDinhDanh": "1", "HoVaTen": "An", "NgayThangNamSinh": "1990"})"));
  ASSERT_TRUE(bad_date);
  EXPECT_EQ(bad_date->date_of_birth, "");  // never a half date in a form
  // Stored and read back unchanged.
  EXPECT_EQ(facts_json(facts_of(facts_json(*f))), facts_json(*f));
}

TEST(NationalRecord, EnterpriseFromTheBusinessRegistrationDatabase) {
  auto f = business_facts(json::parse(R"({"MaSoDoanhNghiep": "2801234567", "TenDoanhNghiep": "Công ty TNHH Nông sản Bến Sung",
    "DiaChiTruSo": {"ChiTiet": "Số 8", "TenTinh": "tỉnh Thanh Hóa"}, "NguoiDaiDienPhapLuat": "Phạm Thị Thu"})"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->organisation_name, "Công ty TNHH Nông sản Bến Sung");
  EXPECT_EQ(f->full_name, f->organisation_name);
  EXPECT_EQ(f->organisation_address, "Số 8, tỉnh Thanh Hóa");
  EXPECT_EQ(f->representative, "Phạm Thị Thu");
  EXPECT_FALSE(business_facts(json::parse(R"({"MaSoDoanhNghiep": "2801234567"})")));
}

TEST(NationalRecord, WhoMayLookUpWhom) {
  Asker citizen{Asker::Kind::citizen, "001090000001", ""};
  EXPECT_FALSE(lookup_refusal(citizen, Source::population, "001090000001", ""));
  EXPECT_TRUE(lookup_refusal(citizen, Source::population, "038185000123", ""));  // someone else
  EXPECT_TRUE(lookup_refusal(citizen, Source::business, "2801234567", ""));
  EXPECT_TRUE(lookup_refusal(citizen, Source::population, "00109000000", ""));   // 11 digits
  Asker org{Asker::Kind::organisation, "", "2801234567"};
  EXPECT_FALSE(lookup_refusal(org, Source::business, "2801234567", ""));
  EXPECT_TRUE(lookup_refusal(org, Source::business, "2807654321", ""));
  EXPECT_TRUE(lookup_refusal(org, Source::population, "001090000001", ""));
  Asker desk{Asker::Kind::desk, "", ""};
  EXPECT_TRUE(lookup_refusal(desk, Source::population, "038185000123", ""));
  EXPECT_TRUE(lookup_refusal(desk, Source::population, "038185000123", "  tra cứu "));
  EXPECT_FALSE(lookup_refusal(desk, Source::population, "038185000123", "Tiếp nhận hồ sơ tại quầy"));
  EXPECT_FALSE(lookup_refusal(desk, Source::business, "2801234567-001", "Tiếp nhận hồ sơ của chi nhánh"));
  EXPECT_TRUE(lookup_refusal(Asker{}, Source::population, "001090000001", "Tiếp nhận hồ sơ tại quầy"));
}

TEST(NationalRecord, TakenFromIsWhatWasSubmittedUnchanged) {
  json schema = {{"fields",
                  {{{"name", "ho_ten"}, {"label", "Họ tên"}, {"type", "text"}, {"prefill", "full_name"}},
                   {{"name", "ngay_sinh"}, {"label", "Ngày sinh"}, {"type", "date"}, {"prefill", "date_of_birth"}},
                   {{"name", "noi_cu_tru"}, {"label", "Nơi cư trú"}, {"type", "text"}, {"prefill", "residence"}},
                   {{"name", "dien_thoai"}, {"label", "Điện thoại"}, {"type", "phone"}, {"prefill", "phone"}}}}};
  catalog::AccountFacts f;
  f.full_name = "Nguyễn Văn An";
  f.date_of_birth = "1990-05-12";
  f.residence = "Số 12";
  json values = {{"ho_ten", "Nguyễn Văn An"}, {"ngay_sinh", "1990-05-12"}, {"noi_cu_tru", "Thôn 4"}, {"dien_thoai", "0912345678"}};
  EXPECT_EQ(catalog::taken_from(schema, f, values), (std::vector<std::string>{"ho_ten", "ngay_sinh"}));
  EXPECT_TRUE(catalog::taken_from(schema, f, json::array()).empty());
}

}  // namespace
}  // namespace motcua::natdb
