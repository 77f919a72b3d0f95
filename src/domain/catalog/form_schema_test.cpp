// The e-form rules a long form needs: questions that apply only after an answer, dates bounded relative to
// today, reference lists, and messages that fit the control without repeating its label.
#include "domain/catalog/form_schema.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/catalog/reference_lists.h"
#include "domain/format.h"

using namespace motcua::catalog;
using nlohmann::json;

namespace {
json marriage_schema() {
  return {{"fields",
           {{{"name", "muc_dich"}, {"label", "Mục đích"}, {"type", "radio"}, {"required", true},
             {"choices", {{{"value", "ket_hon"}, {"label", "Để đăng ký kết hôn"}}, {{"value", "khac"}, {"label", "Khác"}}}}},
            {{"name", "ket_hon_voi"}, {"label", "Kết hôn với"}, {"type", "text"}, {"required", true},
             {"show_if", {{"field", "muc_dich"}, {"in", {"ket_hon"}}}}},
            {{"name", "muc_dich_khac"}, {"label", "Mục đích khác"}, {"type", "text"}, {"required", true},
             {"show_if", {{"field", "muc_dich"}, {"equals", "khac"}}}},
            {{"name", "uy_quyen"}, {"label", "Có ủy quyền"}, {"type", "checkbox"}},
            {{"name", "nguoi_uy_quyen"}, {"label", "Người ủy quyền"}, {"type", "text"}, {"required", true},
             {"show_if", {{"field", "uy_quyen"}, {"in", {true}}}}}}}};
}
std::set<std::string> fields_of(const std::vector<motcua::FieldError>& errs) {
  std::set<std::string> out;
  for (const auto& e : errs) out.insert(e.field);
  return out;
}
}  // namespace

TEST(FormSchema, ConditionalQuestionsApplyOnlyAfterTheirAnswer) {
  json s = marriage_schema();
  EXPECT_TRUE(check_schema(s).empty());
  // Purpose "other": the marriage question does not apply, so it is neither required nor kept.
  auto errs = validate_values(s, {{"muc_dich", "khac"}, {"muc_dich_khac", "Bổ sung hồ sơ vay vốn"}}, 2026);
  EXPECT_TRUE(errs.empty());
  json kept = applicable_values(s, {{"muc_dich", "khac"}, {"muc_dich_khac", "Vay vốn"}, {"ket_hon_voi", "typed before the answer changed"}});
  EXPECT_FALSE(kept.contains("ket_hon_voi"));
  EXPECT_EQ(kept["muc_dich_khac"], "Vay vốn");
  // Purpose "marriage": now it is required (and "other" is not).
  EXPECT_EQ(fields_of(validate_values(s, {{"muc_dich", "ket_hon"}}, 2026)), std::set<std::string>{"ket_hon_voi"});
  // A checkbox as the condition, answered by the API (true) or a posted form ("on").
  EXPECT_EQ(fields_of(validate_values(s, {{"muc_dich", "ket_hon"}, {"ket_hon_voi", "Lê Hoa"}, {"uy_quyen", true}}, 2026)),
            std::set<std::string>{"nguoi_uy_quyen"});
  EXPECT_TRUE(field_applies(s["fields"][4], {{"uy_quyen", "on"}}));
  EXPECT_FALSE(field_applies(s["fields"][4], json::object()));
}

TEST(FormSchema, ShowIfMustNameAnEarlierChoice) {
  json s = marriage_schema();
  s["fields"][1]["show_if"] = {{"field", "khong_co"}, {"in", {"x"}}};
  EXPECT_EQ(check_schema(s).size(), 1u);
  s = marriage_schema();
  s["fields"][0]["show_if"] = {{"field", "ket_hon_voi"}, {"in", {"x"}}};  // later, and a text field
  EXPECT_EQ(check_schema(s).size(), 1u);
  s = marriage_schema();
  s["fields"][1]["show_if"] = {{"field", "muc_dich"}};  // no values
  EXPECT_EQ(check_schema(s).size(), 1u);
}

TEST(FormSchema, DatesRelativeToToday) {
  int64_t now = *motcua::fmt::parse_iso_date("2026-03-31") + 10 * 3600 * 1000;
  json f = {{"name", "d"}, {"type", "date"}, {"min", "today-150y"}, {"max", "today"}};
  EXPECT_EQ(date_bound(f, "max", now), "2026-03-31");
  EXPECT_EQ(date_bound(f, "min", now), "1876-03-31");
  EXPECT_EQ(date_bound({{"max", "today+30d"}}, "max", now), "2026-04-30");
  EXPECT_EQ(date_bound({{"max", "today-1m"}}, "max", now), "2026-02-28");  // 31/02 does not exist
  EXPECT_EQ(date_bound({{"max", "2020-01-01"}}, "max", now), "2020-01-01");
  for (const char* bad : {"tomorrow", "today-", "today-5w", "today+1234567y", "2020-02-30"}) EXPECT_EQ(date_bound({{"max", bad}}, "max", now), "") << bad;
  json schema = {{"fields", {{{"name", "ngay_sinh"}, {"label", "Ngày sinh"}, {"type", "date"}, {"required", true}, {"max", "today"}, {"min", "today-150y"}}}}};
  EXPECT_TRUE(check_schema(schema).empty());
  auto future = validate_values(schema, {{"ngay_sinh", "2099-01-01"}}, 2026);
  ASSERT_EQ(future.size(), 1u);
  EXPECT_EQ(future[0].message, "Không được là ngày trong tương lai.");
  EXPECT_EQ(validate_values(schema, {{"ngay_sinh", "2021-02-29"}}, 2026).size(), 1u);  // no such day
  EXPECT_EQ(validate_values(schema, {{"ngay_sinh", "1800-01-01"}}, 2026).size(), 1u);
  schema["fields"][0]["max"] = "someday";
  EXPECT_EQ(check_schema(schema).size(), 1u);
}

TEST(FormSchema, MessagesFitTheControlAndLeaveTheLabelToThePage) {
  json schema = {{"fields",
                  {{{"name", "gt"}, {"label", "Giới tính"}, {"type", "select"}, {"required", true}, {"choices", {{{"value", "nam"}, {"label", "Nam"}}}}},
                   {{"name", "md"}, {"label", "Mục đích"}, {"type", "radio"}, {"required", true}, {"choices", {{{"value", "a"}, {"label", "A"}}}}},
                   {{"name", "ten"}, {"label", "Họ tên"}, {"type", "text"}, {"required", true}},
                   {{"name", "cd"}, {"label", "Cam đoan"}, {"type", "checkbox"}, {"required", true}}}}};
  auto errs = validate_values(schema, json::object(), 2026);
  ASSERT_EQ(errs.size(), 4u);
  EXPECT_EQ(errs[0].message, "Vui lòng chọn một mục trong danh sách.");
  EXPECT_EQ(errs[1].message, "Vui lòng chọn một phương án.");
  EXPECT_EQ(errs[2].message, "Vui lòng nhập thông tin này.");
  EXPECT_EQ(errs[3].message, "Vui lòng đánh dấu ô này để xác nhận.");
  for (const auto& e : errs) EXPECT_EQ(e.message.find("Giới tính"), std::string::npos);
}

TEST(FormSchema, ReferenceListsStartWithKinhAndVietNam) {
  const auto* dan_toc = reference_list("dan_toc");
  const auto* quoc_tich = reference_list("quoc_tich");
  ASSERT_TRUE(dan_toc && quoc_tich);
  EXPECT_EQ(dan_toc->front(), "Kinh");
  EXPECT_EQ(dan_toc->size(), 55u);  // the 54 groups and "Người nước ngoài"
  EXPECT_EQ(quoc_tich->front(), "Việt Nam");
  EXPECT_GT(quoc_tich->size(), 190u);
  std::set<std::string> unique(quoc_tich->begin(), quoc_tich->end());
  EXPECT_EQ(unique.size(), quoc_tich->size());
  EXPECT_EQ(reference_list("tinh"), nullptr);
  json schema = {{"fields", {{{"name", "qt"}, {"label", "Quốc tịch"}, {"type", "select"}, {"required", true}, {"choices_from", "quoc_tich"}}}}};
  EXPECT_TRUE(check_schema(schema).empty());
  EXPECT_TRUE(validate_values(schema, {{"qt", "Nhật Bản"}}, 2026).empty());
  EXPECT_EQ(validate_values(schema, {{"qt", "Atlantis"}}, 2026).size(), 1u);
  schema["fields"][0]["choices_from"] = "hanh_tinh";
  EXPECT_EQ(check_schema(schema).size(), 1u);
}
