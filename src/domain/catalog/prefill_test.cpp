// Prefill of an e-form from the account (prefill.h) and the schema check of "prefill" (form_schema.h).
#include "domain/catalog/prefill.h"

#include <gtest/gtest.h>

#include "domain/catalog/form_schema.h"

namespace motcua::catalog {
namespace {

using nlohmann::json;

json schema() {
  return {{"fields",
           {{{"name", "nguoi_yeu_cau_ho_ten"}, {"label", "Họ, chữ đệm, tên"}, {"type", "text"}, {"prefill", "full_name"}},
            {{"name", "nguoi_yeu_cau_so_dinh_danh"}, {"label", "Số định danh cá nhân"}, {"type", "id_number"}, {"prefill", "id_number"}},
            {{"name", "nguoi_yeu_cau_ngay_sinh"}, {"label", "Ngày sinh"}, {"type", "date"}, {"prefill", "date_of_birth"}},
            {{"name", "nguoi_yeu_cau_email"}, {"label", "Thư điện tử"}, {"type", "email"}, {"prefill", "email"}},
            {{"name", "tre_ho_ten"}, {"label", "Họ tên trẻ"}, {"type", "text"}}}}};
}

TEST(Prefill, FillsWhatTheAccountKnowsInSchemaOrder) {
  AccountFacts a;
  a.full_name = "Nguyễn Văn An";
  a.id_number = "001090000001";
  a.date_of_birth = "1990-01-01";
  auto p = prefill(schema(), a);
  EXPECT_EQ(p.fields, (std::vector<std::string>{"nguoi_yeu_cau_ho_ten", "nguoi_yeu_cau_so_dinh_danh", "nguoi_yeu_cau_ngay_sinh"}));
  EXPECT_EQ(p.values["nguoi_yeu_cau_ho_ten"], "Nguyễn Văn An");
  EXPECT_FALSE(p.values.contains("nguoi_yeu_cau_email"));  // no e-mail on the account: left to type
  EXPECT_FALSE(p.values.contains("tre_ho_ten"));           // not the applicant's
  // Prefilled values pass the same validation as typed ones.
  json v = p.values;
  v["tre_ho_ten"] = "Nguyễn Văn Bình";
  EXPECT_TRUE(validate_values(schema(), v, 2026).empty());
}

TEST(Prefill, SchemaRefusesUnknownSources) {
  EXPECT_TRUE(check_schema(schema()).empty());
  json s = schema();
  s["fields"][0]["prefill"] = "password_hash";
  auto errs = check_schema(s);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].field, "form_schema.fields[0].prefill");
  s["fields"][0]["prefill"] = 3;
  EXPECT_EQ(check_schema(s).size(), 1u);
  EXPECT_TRUE(known_prefill_source("email"));
  EXPECT_FALSE(known_prefill_source("address"));
}

TEST(Prefill, NothingForMalformedSchemas) {
  EXPECT_TRUE(prefill(json::array(), {}).fields.empty());
  EXPECT_TRUE(prefill(json{{"fields", 3}}, {}).fields.empty());
}

}  // namespace
}  // namespace motcua::catalog
