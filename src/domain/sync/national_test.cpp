// The national payloads (national.h) against the schema kept in data/national/schema.json (schema_check.h).
#include "domain/sync/national.h"

#include <gtest/gtest.h>

#include <fstream>

#include "domain/sync/schema_check.h"

namespace motcua::sync {
namespace {

using nlohmann::json;

const json& schema() {
  static json s = [] {
    std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/national/schema.json");
    return json::parse(in);
  }();
  return s;
}

NationalDossier sample(int status) {
  NationalDossier d;
  d.code = "000.00.06.H56-261201-0001";
  d.procedure_code = "1.001193";
  d.procedure_name = "Đăng ký khai sinh";
  d.field_code = "HT";
  d.field_name = "Hộ tịch";
  d.applicant_name = "Nguyễn Văn An";
  d.applicant_id_number = "038090001234";
  d.phone = "0912345678";
  d.summary = "Đăng ký khai sinh — Nguyễn Văn An";
  d.submitted_at = 1'796'000'000'000;
  d.status = status;
  d.delivery = "online";
  d.handling_agency = "000.00.06.H56";
  if (status >= 2 && status != 3) d.received_at = d.submitted_at + 60'000, d.due_at = d.submitted_at + 86'400'000;
  if (status == 3) d.refused_at = d.submitted_at + 60'000;
  if (status >= 8 && status != 3) d.finished_at = d.submitted_at + 3'600'000;
  if (status == 10) d.returned_at = d.finished_at + 60'000;
  d.documents.push_back({"to-khai.pdf", "KS-01", "https://dvc.example/api/v1/dossiers/x/documents/y", true, false, false});
  d.fees.push_back({"Lệ phí đăng ký khai sinh", "LP-KS", 1, 5000});
  d.supplements.push_back({"Bổ sung giấy chứng sinh", d.submitted_at + 1000, 0, d.due_at, 0});
  d.results.push_back({"Giấy khai sinh", "KQ-1", ""});
  return d;
}

TEST(NationalPayload, EveryStatusIsValidAgainstTheSchema) {
  for (int s = 1; s <= 10; ++s) {
    json p = dong_bo_ho_so(sample(s));
    EXPECT_EQ(check(schema()["services"]["DongBoHoSoMC"], p), std::vector<std::string>{}) << "status " << s << ": " << p.dump();
    EXPECT_EQ(p["TrangThaiHoSo"], s);
    NationalProgress g{"000.00.06.H56-261201-0001", "Lê Thị Bình", "Công chức Tư pháp - Hộ tịch", "Tư pháp - Hộ tịch", "Tiếp nhận", 1'796'000'000'000, s,
                       1'796'000'000'000, 0};
    EXPECT_EQ(check(schema()["services"]["CapNhatTienDoHoSoMC"], cap_nhat_tien_do(g)), std::vector<std::string>{});
  }
}

TEST(NationalPayload, DraftIsNeverSent) {
  EXPECT_FALSE(national_status(0).has_value());
  EXPECT_FALSE(national_status(11).has_value());
  EXPECT_THROW(dong_bo_ho_so(sample(0)), std::invalid_argument);
}

TEST(NationalPayload, DatesInVietnamTime) {
  // 2026-12-01 00:30:05 UTC = 07:30:05 in Hà Nội.
  EXPECT_EQ(national_time(1'796'085'005'000), "20261201073005");
  EXPECT_EQ(national_time(0), "");
  // 16:59:59.999 UTC on 31/12 is the next year in Vietnam.
  EXPECT_EQ(national_time(1'798'736'399'999), "20261231235959");
  EXPECT_EQ(national_time(1'798'736'400'000), "20270101000000");
}

TEST(NationalPayload, FlagsAndCodes) {
  auto d = sample(4);
  json p = dong_bo_ho_so(d);
  EXPECT_EQ(p["HoSoCoThanhPhanSoHoa"], 1);
  EXPECT_EQ(p["HinhThuc"], 2);
  EXPECT_EQ(p["DinhDanhCHS"][0]["LoaiDinhDanh"], 1);
  EXPECT_EQ(identifier_kind("0101234567"), 2);
  EXPECT_EQ(identifier_kind("0101234567-001"), 2);
  EXPECT_EQ(identifier_kind("B1234567"), 3);
  d.documents[0].digitized = false;
  EXPECT_EQ(dong_bo_ho_so(d)["HoSoCoThanhPhanSoHoa"], 0);
}

TEST(NationalSchema, RefusesWhatThePortalWouldRefuse) {
  const json& s = schema()["services"]["DongBoHoSoMC"];
  json p = dong_bo_ho_so(sample(10));
  p["NgayTra"] = "";
  EXPECT_FALSE(check(s, p).empty());  // returned without a return date
  p = dong_bo_ho_so(sample(4));
  p["NgayHenTra"] = "20260230120000";  // 30 February
  EXPECT_FALSE(check(s, p).empty());
  p = dong_bo_ho_so(sample(4));
  p["KenhThucHien"] = 4;
  EXPECT_FALSE(check(s, p).empty());
  p = dong_bo_ho_so(sample(4));
  p["MaHoSo"] = "HS-1";
  EXPECT_FALSE(check(s, p).empty());
  p = dong_bo_ho_so(sample(4));
  p.erase("TaiLieuNop");
  p["Thua"] = 1;
  EXPECT_EQ(check(s, p).size(), 2u);
  p = dong_bo_ho_so(sample(4));
  p["TaiLieuNop"][0]["DuocSoHoa"] = true;  // a boolean, not 0/1
  EXPECT_FALSE(check(s, p).empty());
}

TEST(NationalSchema, Transitions) {
  const json& t = schema()["transitions"];
  EXPECT_EQ(transition_problem(t, std::nullopt, 1), "");
  EXPECT_EQ(transition_problem(t, std::nullopt, 2), "");
  EXPECT_NE(transition_problem(t, std::nullopt, 4), "");
  EXPECT_EQ(transition_problem(t, 4, 5), "");
  EXPECT_EQ(transition_problem(t, 5, 4), "");
  EXPECT_NE(transition_problem(t, 10, 4), "");
  EXPECT_NE(transition_problem(t, 9, 4), "");
  EXPECT_NE(transition_problem(t, 3, 2), "");
}

}  // namespace
}  // namespace motcua::sync
