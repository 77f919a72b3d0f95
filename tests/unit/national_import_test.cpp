// The national procedure database's export → our catalog: the mapping of every key, the problems of bad records
// (never losing the rest of the file), the plan against the catalog, and the XLSX reader on real libxlsxwriter files.
#include "domain/catalog/national_import.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/errors.h"
#include "support/national_export.h"

using namespace motcua;
using namespace motcua::catalog;
using nlohmann::json;

namespace {

json sample() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/national/csdl-tthc-mau.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::optional<CatalogHolding> empty_catalog(const std::string&) { return std::nullopt; }

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + " | ";
  return s;
}

}  // namespace

TEST(NationalImport, MapsEveryKeyOfATextRecord) {
  auto recs = records_from_json(sample());
  ASSERT_EQ(recs.size(), 5u);
  auto m = map_record(recs[3]);  // chứng thực bản sao
  EXPECT_TRUE(m.problems.empty()) << joined(m.problems);
  EXPECT_EQ(m.doc["code"], "2.000908");
  EXPECT_EQ(m.doc["field"], (json{{"code", "CT"}, {"name", "Chứng thực"}}));
  EXPECT_EQ(m.doc["levels"], (json{"huyen", "xa"}));
  EXPECT_EQ(m.doc["online_level"], "toan_trinh");
  EXPECT_EQ(m.doc["legacy_online_level"], 4);
  EXPECT_EQ(m.doc["processing_time"]["unit"], "same_day");
  EXPECT_EQ(m.doc["applicants"], (json{1, 2, 4}));
  ASSERT_EQ(m.doc["methods"].size(), 2u);
  EXPECT_EQ(m.doc["methods"][1]["channel"], "truc_tuyen");
  ASSERT_EQ(m.doc["fees"].size(), 1u);
  EXPECT_EQ(m.doc["fees"][0]["amount"], 2000);
  EXPECT_EQ(m.doc["fees"][0]["per"], "copy");  // "đồng/bản" in the line
  ASSERT_EQ(m.doc["components"].size(), 2u);
  EXPECT_EQ(m.doc["components"][0]["original"], 1);
  EXPECT_EQ(m.doc["legal_basis"][0]["number"], "23/2015/NĐ-CP");

  auto k = map_record(recs[2]);  // nhận cha, mẹ, con
  EXPECT_EQ(k.doc["processing_time"], (json{{"amount", 3}, {"unit", "working_days"}, {"note", "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"}}));
  EXPECT_EQ(k.doc["fees"][0]["amount"], 15000);
  EXPECT_EQ(k.doc["components"][1]["certified"], 1);
  // "Ngay trong ngày …; … sau 15 giờ …": the same day, not 15 hours.
  EXPECT_EQ(map_record(recs[0]).doc["processing_time"]["unit"], "same_day");
  EXPECT_EQ(map_record(recs[0]).doc["fees"], json::array());  // "Miễn lệ phí …"
}

TEST(NationalImport, MapsStructuredJsonValuesAndKeysInAnyCase) {
  json r = {{"maTTHC", "1.000001"},
            {"TENTTHC", "Thủ tục thử"},
            {"TenLinhVuc", "Hộ tịch"},
            {"CapThucHien", json::array({"Cấp Tỉnh"})},
            {"MucDo", 3},
            {"ThoiHanGiaiQuyet", "8 giờ làm việc"},
            {"ThanhPhanHoSo", json::array({{{"TenGiayTo", "Đơn đề nghị"}, {"SoBanChinh", 2}, {"SoBanSao", 0}, {"BatBuoc", false}}})},
            {"PhiLePhi", json::array({{{"MoTa", "Lệ phí cấp giấy"}, {"MucPhi", 50000}}})},
            {"CachThucThucHien", json::array({{{"KenhThucHien", 3}, {"MoTa", "Gửi qua bưu điện"}}})},
            {"CanCuPhapLy", json::array({{{"SoKyHieu", "01/2020/TT-BTP"}, {"TrichYeu", "Thông tư"}, {"NgayBanHanh", "03/03/2020"}}})}};
  auto m = map_record({"Bản ghi 1", r});
  EXPECT_TRUE(m.problems.empty()) << joined(m.problems);
  EXPECT_EQ(m.doc["levels"], json{"tinh"});
  EXPECT_EQ(m.doc["online_level"], "mot_phan");
  EXPECT_EQ(m.doc["processing_time"]["unit"], "hours");
  EXPECT_EQ(m.doc["components"][0]["original"], 2);
  EXPECT_EQ(m.doc["components"][0]["mandatory"], false);
  EXPECT_EQ(m.doc["fees"][0], (json{{"code", "PLP1"}, {"name", "Lệ phí cấp giấy"}, {"amount", 50000}, {"per", "dossier"}}));
  EXPECT_EQ(m.doc["methods"][0]["channel"], "buu_chinh");
  EXPECT_EQ(m.doc["legal_basis"][0]["date"], "2020-03-03");
  auto levels = [](const json& v) { return map_record({"x", {{"MaTTHC", "1.000011"}, {"TenTTHC", "T"}, {"CapThucHien", v}}}).doc["levels"]; };
  EXPECT_EQ(levels("Cấp Tỉnh, Cấp Huyện, Cấp Xã"), (json{"tinh", "huyen", "xa"}));
  EXPECT_EQ(levels("Cấp huyện, thành phố thuộc tỉnh"), json{"huyen"});
  EXPECT_EQ(levels("Cấp xã, phường, thị trấn"), json{"xa"});
  EXPECT_EQ(levels("Cấp Tỉnh\nCấp Xã"), (json{"tinh", "xa"}));
  EXPECT_EQ(levels(json::array({"Cấp Bộ", "Cấp Tỉnh"})), json{"tinh"});

  // Text values with separators: fractions of working days, amounts with thousands separators and "đ" / "VNĐ".
  auto text = map_record({"Dòng 2", {{"MaTTHC", "1.000009"}, {"TenTTHC", "Thử"}, {"ThoiHanGiaiQuyet", "Không quá 1,5 ngày làm việc"},
                                     {"PhiLePhi", "- Phí thẩm định: 1.250.000đ\n- Lệ phí: 100,000 VNĐ/bản\nMiễn cho hộ nghèo"}}});
  EXPECT_TRUE(text.problems.empty()) << joined(text.problems);
  EXPECT_EQ(text.doc["processing_time"]["amount"], 1.5);
  EXPECT_EQ(text.doc["processing_time"]["unit"], "working_days");
  ASSERT_EQ(text.doc["fees"].size(), 2u);
  EXPECT_EQ(text.doc["fees"][0]["amount"], 1250000);
  EXPECT_EQ(text.doc["fees"][0]["name"], "Phí thẩm định: 1.250.000đ");
  EXPECT_EQ(text.doc["fees"][1]["amount"], 100000);
  EXPECT_EQ(text.doc["fees"][1]["per"], "copy");
  // A number too long to be a time limit is an unreadable time limit, not a crash.
  EXPECT_FALSE(map_record({"x", {{"MaTTHC", "1.000010"}, {"TenTTHC", "T"}, {"ThoiHanGiaiQuyet", std::string(400, '9') + " ngày"}}}).problems.empty());
}

TEST(NationalImport, BadRecordsAreRefusedWithReasonsAndTheRestIsKept) {
  json file = json::array({
      {{"TenTTHC", "Không có mã"}, {"TenLinhVuc", "Hộ tịch"}, {"CapThucHien", "Cấp Xã"}, {"ThoiHanGiaiQuyet", "03 ngày"}},
      {{"MaTTHC", "abc"}, {"TenTTHC", "Mã sai"}},
      {{"MaTTHC", "1.000002"}, {"TenTTHC", "Cấp lạ"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Thôn"}, {"ThoiHanGiaiQuyet", "03 ngày"}},
      {{"MaTTHC", "1.000003"}, {"TenTTHC", "Chỉ cấp Bộ"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Bộ"}, {"ThoiHanGiaiQuyet", "03 ngày"}},
      {{"MaTTHC", "1.000004"}, {"TenTTHC", "Thời hạn lạ"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Xã"}, {"ThoiHanGiaiQuyet", "Theo quy định"}},
      {{"MaTTHC", "1.000005"}, {"TenTTHC", "Mức độ lạ"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Xã"}, {"ThoiHanGiaiQuyet", "03 ngày"}, {"MucDo", "Mức 9"}},
      {{"MaTTHC", "1.000006"}, {"TenTTHC", "Phí lạ"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Xã"}, {"ThoiHanGiaiQuyet", "03 ngày"}, {"PhiLePhi", "Theo biểu phí"}},
      {{"MaTTHC", "1.000007"}, {"TenTTHC", "Thiếu thời hạn"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Xã"}},
      "không phải đối tượng",
      {{"MaTTHC", "1.000008"}, {"TenTTHC", "Tốt"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Xã"}, {"ThoiHanGiaiQuyet", "03 ngày"}},
      {{"MaTTHC", "1.000008"}, {"TenTTHC", "Lặp mã"}, {"TenLinhVuc", "X"}, {"CapThucHien", "Cấp Xã"}, {"ThoiHanGiaiQuyet", "03 ngày"}},
  });
  auto items = plan(records_from_json(file), empty_catalog);
  ASSERT_EQ(items.size(), 11u);
  auto has = [&](size_t i, const std::string& needle) {
    for (const auto& p : items[i].problems)
      if (p.find(needle) != std::string::npos) return true;
    ADD_FAILURE() << i << ": " << joined(items[i].problems);
    return false;
  };
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 8, 10}) EXPECT_EQ(items[i].outcome, ImportOutcome::refused) << i;
  EXPECT_TRUE(has(0, "Thiếu mã thủ tục"));
  EXPECT_TRUE(has(1, "không hợp lệ"));
  EXPECT_TRUE(has(2, "Cấp Thôn"));
  EXPECT_TRUE(has(3, "cấp Bộ"));
  EXPECT_TRUE(has(4, "Không đọc được thời hạn giải quyết"));
  EXPECT_TRUE(has(5, "Mức 9"));
  EXPECT_TRUE(has(6, "mức phí"));
  EXPECT_TRUE(has(7, "Thời hạn giải quyết"));
  EXPECT_TRUE(has(8, "không phải đối tượng JSON"));
  EXPECT_TRUE(has(10, "lặp lại (đã có ở Bản ghi 10)"));
  EXPECT_EQ(items[9].outcome, ImportOutcome::created);
  EXPECT_EQ(items[9].doc["processing_time"]["unit"], "days");
  EXPECT_EQ(items[9].doc["online_level"], "thong_tin");  // nothing said: information only
}

TEST(NationalImport, PlanOverlaysThePublishedVersionAndNamesTheChangedFields) {
  auto recs = records_from_json(sample());
  // The catalog holds 1.001193 as the record maps it except the fee, plus local content the national DB lacks.
  auto first = plan({recs[0]}, empty_catalog);
  ASSERT_EQ(first[0].outcome, ImportOutcome::created) << joined(first[0].problems);
  json held = first[0].doc;
  held["internal_process"] = json::array({{{"name", "Tiếp nhận"}, {"unit", "Một cửa"}, {"role", "desk"}, {"hours", 1}}});
  held["components"][0]["doc_type"] = "TKKS";
  held["components"][0]["template_form"] = true;
  held["target_online_ratio"] = 50;
  json before = held;
  auto lookup = [&](const std::string& code) -> std::optional<CatalogHolding> {
    if (code != "1.001193") return std::nullopt;
    CatalogHolding h;
    h.published = held;
    return h;
  };
  auto same = plan({recs[0]}, lookup);
  EXPECT_EQ(same[0].outcome, ImportOutcome::unchanged) << joined(same[0].changed);
  EXPECT_EQ(same[0].doc["internal_process"], before["internal_process"]);
  EXPECT_EQ(same[0].doc["components"][0]["doc_type"], "TKKS");

  held["fees"] = json::array({{{"code", "LP"}, {"name", "Lệ phí"}, {"amount", 8000}, {"per", "dossier"}}});
  held["result"] = "Khác";
  auto changed = plan({recs[0]}, lookup);
  EXPECT_EQ(changed[0].outcome, ImportOutcome::changed);
  EXPECT_EQ(changed[0].changed, (std::vector<std::string>{"result", "fees"}));  // in the national table's order
  EXPECT_EQ(key_label("fees"), "Phí, lệ phí");
  EXPECT_EQ(key_label("field"), "Lĩnh vực");

  auto abolished = plan({recs[0]}, [](const std::string&) { return CatalogHolding{true, false, std::nullopt}; });
  EXPECT_EQ(abolished[0].outcome, ImportOutcome::refused);
  auto drafted = plan({recs[0]}, [](const std::string&) { return CatalogHolding{false, true, std::nullopt}; });
  EXPECT_EQ(drafted[0].outcome, ImportOutcome::refused);
  EXPECT_NE(joined(drafted[0].problems).find("bản nháp"), std::string::npos);
}

TEST(NationalImport, FilesWithoutRecordsAreRefused) {
  EXPECT_THROW(records_from_json(json::object()), DomainError);
  EXPECT_THROW(records_from_json(json::array()), DomainError);
  EXPECT_THROW(records_from_json(json{{"data", json::array()}}), DomainError);
  EXPECT_EQ(records_from_json(json{{"DanhSachTTHC", json::array({json::object()})}}).size(), 1u);
  EXPECT_THROW(records_from_rows({}), DomainError);
  EXPECT_THROW(records_from_rows({{1, {"STT", "Tên"}}, {2, {"1", "x"}}}), DomainError);
}

TEST(NationalXlsx, TheSameRecordsReadFromAnXlsxPlanAlike) {
  json s = sample();
  std::string xlsx = motcua::testing::national_xlsx(s["data"]);
  ASSERT_TRUE(is_zip(xlsx));
  auto rows = read_xlsx_rows(xlsx);
  ASSERT_EQ(rows.size(), 7u);  // title, heading, 5 procedures
  EXPECT_EQ(rows[0].cells[0], "DANH SÁCH THỦ TỤC HÀNH CHÍNH");
  auto from_xlsx = plan(records_from_rows(rows), empty_catalog);
  auto from_json = plan(records_from_json(s), empty_catalog);
  ASSERT_EQ(from_xlsx.size(), from_json.size());
  for (size_t i = 0; i < from_json.size(); ++i) {
    EXPECT_EQ(from_xlsx[i].outcome, from_json[i].outcome) << i;
    EXPECT_EQ(from_xlsx[i].doc, from_json[i].doc) << i;
    EXPECT_EQ(from_xlsx[i].where, "Dòng " + std::to_string(i + 3));
  }
  EXPECT_EQ(from_json[4].outcome, ImportOutcome::refused);
  // Headings are found without the title row too, and in any case / without diacritics.
  EXPECT_EQ(records_from_rows(read_xlsx_rows(motcua::testing::national_xlsx(s["data"], false))).size(), 5u);
  EXPECT_EQ(records_from_rows({{1, {"MA THU TUC", "ten thu tuc"}}, {2, {"1.000001", "A"}}})[0].data["TenTTHC"], "A");
}

TEST(NationalXlsx, DamagedOrForeignFilesAreRefusedNeverCrash) {
  EXPECT_THROW(read_xlsx_rows("not a zip"), DomainError);
  EXPECT_THROW(read_xlsx_rows("PK\x03\x04 truncated"), DomainError);
  std::string xlsx = motcua::testing::national_xlsx(sample()["data"]);
  // Every truncation and a flipped byte in each region: a DomainError or rows, never anything else.
  for (size_t n = 0; n < xlsx.size(); n += 97) {
    try {
      read_xlsx_rows(std::string_view(xlsx).substr(0, n));
    } catch (const DomainError&) {
    }
    std::string bad = xlsx;
    bad[n] = static_cast<char>(bad[n] ^ 0x5A);
    try {
      read_xlsx_rows(bad);
    } catch (const DomainError&) {
    }
  }
}

TEST(NationalImport, PlanReportsItsProgress) {
  json file = json::array();
  for (int i = 0; i < 120; ++i) file.push_back({{"MaTTHC", "1." + std::to_string(100000 + i)}, {"TenTTHC", "T"}});
  std::vector<std::pair<size_t, size_t>> ticks;
  plan(records_from_json(file), empty_catalog, [&](size_t done, size_t total) { ticks.emplace_back(done, total); });
  EXPECT_EQ(ticks, (std::vector<std::pair<size_t, size_t>>{{50, 120}, {100, 120}, {120, 120}}));
}
