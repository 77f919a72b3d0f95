#include "web/procedure_form.h"

#include <gtest/gtest.h>

#include <fstream>

#include "domain/catalog/procedure.h"

namespace motcua::web {
namespace {

using nlohmann::json;

json demo_procedures() {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/catalog/thanh-hoa-cap-xa.json");
  EXPECT_TRUE(in.good());
  return json::parse(in)["procedures"];
}

// What the service stores: the normalized document without effective_from.
json stored(const json& p) {
  json d = catalog::normalize_procedure(p);
  d.erase("effective_from");
  return d;
}

std::string value(const FormPairs& f, const std::string& k) {
  for (const auto& [n, v] : f)
    if (n == k) return v;
  return "";
}

FormPairs with(FormPairs f, const std::string& k, const std::string& v) {
  bool found = false;
  for (auto& [n, x] : f)
    if (n == k) {
      x = v;
      found = true;
    }
  if (!found) f.emplace_back(k, v);
  return f;
}

// A minimal valid form.
FormPairs minimal() {
  return {{"code", "local.99"},       {"name", "Thủ tục thử"},   {"field_name", "Hộ tịch"}, {"field_code", "HT"},
          {"levels", "xa"},           {"online_level", "mot_phan"}, {"pt_amount", "3"},        {"pt_unit", "working_days"},
          {"applicants", "1"},        {"methods", "Trực tiếp | Tại Bộ phận Một cửa"}};
}

std::vector<std::string> messages(const std::vector<FieldError>& errs, const std::string& field) {
  std::vector<std::string> out;
  for (const auto& e : errs)
    if (e.field == field) out.push_back(e.message);
  return out;
}

TEST(ProcedureFormRoundTrip, AllDemoProceduresSurviveEditingWithoutChanges) {
  json procs = demo_procedures();
  ASSERT_EQ(procs.size(), 15u);
  for (const auto& p : procs) {
    SCOPED_TRACE(p["code"].get<std::string>());
    json doc = stored(p);
    FormPairs form = procedure_to_form(doc);
    std::vector<FieldError> errs;
    json edited = form_to_procedure(form, errs);
    for (const auto& e : errs) ADD_FAILURE() << e.field << ": " << e.message;
    json merged = catalog::normalize_procedure(merge_procedure(doc, edited));
    EXPECT_EQ(merged, doc) << json::diff(doc, merged).dump(1);
    // The stored text is byte-identical too.
    EXPECT_EQ(merged.dump(), doc.dump());
  }
}

TEST(ProcedureFormRoundTrip, FormAloneReproducesEveryModeledKey) {
  for (const auto& p : demo_procedures()) {
    SCOPED_TRACE(p["code"].get<std::string>());
    json doc = stored(p);
    std::vector<FieldError> errs;
    json back = catalog::normalize_procedure(form_to_procedure(procedure_to_form(doc), errs));
    ASSERT_TRUE(errs.empty());
    auto strip = [](json d) {
      d.erase("needs_verification");
      d.erase("result_doc_type");  // like components' doc_type: edited in the catalog JSON, kept by merge_procedure
      d.erase("retention_years");
      d["processing_time"].erase("note");
      for (auto& c : d["components"])
        for (const char* k : {"code", "doc_type", "template_form", "note"}) c.erase(k);
      // The fee rules (services/payments: collection time, copies field, exemptions by e-form value, refunds) are
      // edited in the catalog JSON; the form keeps them (merge_procedure, the test above) but does not show them.
      for (auto& f : d["fees"])
        for (const char* k : {"code", "note", "collect", "quantity_field", "exempt_when", "refund_on"}) f.erase(k);
      return d;
    };
    EXPECT_EQ(strip(back), strip(doc)) << json::diff(strip(doc), strip(back)).dump(1);
  }
}

TEST(ProcedureFormRoundTrip, FormShowsReadableLines) {
  json doc = stored(demo_procedures()[0]);  // 1.001193 Đăng ký khai sinh
  FormPairs f = procedure_to_form(doc);
  EXPECT_EQ(value(f, "name"), "Đăng ký khai sinh");
  EXPECT_NE(value(f, "methods").find("Trực tiếp | Nộp hồ sơ trực tiếp"), std::string::npos);
  EXPECT_NE(value(f, "fees").find("| 5.000 | mỗi hồ sơ |"), std::string::npos);
  EXPECT_NE(value(f, "fees").find("| 8.000 | mỗi bản"), std::string::npos);
  EXPECT_NE(value(f, "legal_basis").find("60/2014/QH13 | Luật Hộ tịch | 20/11/2014"), std::string::npos);
  EXPECT_NE(value(f, "internal_process").find("| một cửa | 1"), std::string::npos);
  EXPECT_NE(value(f, "components").find("Tờ khai đăng ký khai sinh theo mẫu | 1 | 0 | 0 | có | Mẫu Tờ khai"), std::string::npos);
  EXPECT_EQ(value(f, "cp1_custom"), "1");
  EXPECT_EQ(value(f, "cp2_custom"), "");  // absent: all channels of the methods
}

TEST(ProcedureFormMerge, KeepsUnmodeledKeysOfRenamedAndMovedItems) {
  json doc = stored(demo_procedures()[0]);
  FormPairs f = procedure_to_form(doc);
  // Rename the first component in place (same count: matched by position) …
  std::string comps = value(f, "components");
  comps.replace(0, comps.find(" |"), "Tờ khai đăng ký khai sinh (mẫu mới)");
  std::vector<FieldError> errs;
  json merged = merge_procedure(doc, form_to_procedure(with(f, "components", comps), errs));
  ASSERT_TRUE(errs.empty());
  EXPECT_EQ(merged["components"][0]["code"], "KS-01");
  EXPECT_EQ(merged["components"][0]["template_form"], true);
  EXPECT_EQ(merged["components"][0]["name"], "Tờ khai đăng ký khai sinh (mẫu mới)");
  // … and insert a new first line: the others are matched by name, the new one has no code yet.
  json m2 = merge_procedure(doc, form_to_procedure(with(f, "components", "Giấy tờ mới | 0 | 1 | 0 | không\n" + value(f, "components")), errs));
  ASSERT_TRUE(errs.empty());
  EXPECT_FALSE(m2["components"][0].contains("code"));
  EXPECT_EQ(m2["components"][1]["code"], "KS-01");
  EXPECT_EQ(m2["components"][5]["note"], doc["components"][4]["note"]);
  // Removing the template also drops template_form; time note is kept when the amount changes.
  json m3 = merge_procedure(doc, form_to_procedure(with(with(f, "components", "Tờ khai đăng ký khai sinh theo mẫu | 1"), "pt_amount", "2"), errs));
  EXPECT_FALSE(m3["components"][0].contains("template_form"));
  EXPECT_EQ(m3["components"][0]["code"], "KS-01");
  EXPECT_EQ(m3["processing_time"]["amount"], 2);
  EXPECT_EQ(m3["processing_time"]["note"], doc["processing_time"]["note"]);
  EXPECT_EQ(m3["needs_verification"], doc["needs_verification"]);
}

TEST(ProcedureFormParse, MinimalFormIsValid) {
  std::vector<FieldError> errs;
  json d = form_to_procedure(minimal(), errs);
  EXPECT_TRUE(errs.empty());
  json n = catalog::normalize_procedure(d);
  EXPECT_EQ(n["methods"][0]["channel"], "truc_tiep");
  EXPECT_EQ(n["provided_elsewhere"], nullptr);
  EXPECT_EQ(n["channel_policy"], json::object());
  EXPECT_EQ(n["form_schema"]["fields"], json::array());
}

TEST(ProcedureFormParse, AcceptsVietnameseNumbersDatesAndLabels) {
  FormPairs f = minimal();
  f = with(f, "fees", "Lệ phí | 50.000 | mỗi bản | Miễn cho hộ nghèo\nPhí khác | 1 250 000 đồng\nPhí sao | 5.000đ | mỗi hồ sơ\nKhông thu | miễn phí");
  f = with(f, "legal_basis", "60/2014/QH13 | Luật Hộ tịch | 20/11/2014\n04/2020/TT-BTP | Thông tư | 2020-05-28\n1/VB | Văn bản | 1/2/2021");
  f = with(f, "internal_process", "Tiếp nhận | Bộ phận Một cửa | Một cửa | 0,5\nThẩm định | Công chức | chuyen mon | 4\nKý | Chủ tịch | leader | 1.5");
  f = with(f, "methods", "truc_tuyen | Cổng DVC\nBưu chính công ích\nTRỰC TIẾP | có dấu \\| trong mô tả");
  f = with(f, "components", "Tờ khai | 1 | 0 | 0 | có | Mẫu số 01\nGiấy tờ khác | 0 | 1 | 2 | không");
  f = with(f, "pt_amount", "0,5");
  f.emplace_back("cp2_custom", "1");
  f.emplace_back("cp2", "truc_tuyen");
  f.emplace_back("levels", "huyen");
  std::vector<FieldError> errs;
  json d = form_to_procedure(f, errs);
  for (const auto& e : errs) ADD_FAILURE() << e.field << ": " << e.message;
  EXPECT_EQ(d["fees"][0]["amount"], 50000);
  EXPECT_EQ(d["fees"][0]["per"], "copy");
  EXPECT_EQ(d["fees"][0]["exemptions"], "Miễn cho hộ nghèo");
  EXPECT_EQ(d["fees"][1]["amount"], 1250000);
  EXPECT_EQ(d["fees"][1]["per"], "dossier");
  EXPECT_EQ(d["fees"][2]["amount"], 5000);
  EXPECT_EQ(d["fees"][3]["amount"], 0);
  EXPECT_EQ(d["legal_basis"][0]["date"], "2014-11-20");
  EXPECT_EQ(d["legal_basis"][1]["date"], "2020-05-28");
  EXPECT_EQ(d["legal_basis"][2]["date"], "2021-02-01");
  EXPECT_EQ(d["internal_process"][0]["role"], "desk");
  EXPECT_EQ(d["internal_process"][0]["hours"], 0.5);
  EXPECT_EQ(d["internal_process"][1]["role"], "specialist");
  EXPECT_EQ(d["internal_process"][2]["hours"], 1.5);
  EXPECT_EQ(d["methods"][1], json({{"channel", "buu_chinh"}}));
  EXPECT_EQ(d["methods"][2]["description"], "có dấu | trong mô tả");
  EXPECT_EQ(d["components"][1], json({{"name", "Giấy tờ khác"}, {"original", 0}, {"certified", 1}, {"photo", 2}, {"mandatory", false}}));
  EXPECT_EQ(d["processing_time"]["amount"], 0.5);
  EXPECT_EQ(d["channel_policy"], json({{"2", {"truc_tuyen"}}}));
  EXPECT_EQ(d["levels"], json({"huyen", "xa"}));
  // And back: the pipe is escaped, the decimal written the Vietnamese way.
  FormPairs back = procedure_to_form(catalog::normalize_procedure(d));
  EXPECT_NE(value(back, "methods").find("Trực tiếp | có dấu \\| trong mô tả"), std::string::npos);
  EXPECT_NE(value(back, "internal_process").find("| một cửa | 0,5"), std::string::npos);
  EXPECT_EQ(value(back, "pt_amount"), "0,5");
}

TEST(ProcedureFormParse, LineErrorsNameTheLineNumber) {
  FormPairs f = minimal();
  f = with(f, "components", "Tờ khai | 1 | 0 | 0\n\nGiấy tờ | một | 0 | 0\nBản sao | 1 | 0 | 0 | có lẽ");
  f = with(f, "fees", "Lệ phí | 5.000\nPhí | năm nghìn\n | 1000\nPhí | 5,5");
  f = with(f, "legal_basis", "60/2014/QH13 | Luật | 31/02/2014\n | Luật không số");
  f = with(f, "internal_process", "Tiếp nhận | Một cửa | thư ký | 1\nKý | Chủ tịch | lãnh đạo\nBước | A | desk | 1 | thừa");
  f = with(f, "methods", "\n\nFax | gửi fax");
  std::vector<FieldError> errs;
  form_to_procedure(f, errs);
  auto comps = messages(errs, "components");
  ASSERT_EQ(comps.size(), 2u);
  EXPECT_EQ(comps[0].rfind("Dòng 3: số bản chính", 0), 0u) << comps[0];
  EXPECT_EQ(comps[1].rfind("Dòng 4: cột bắt buộc", 0), 0u) << comps[1];
  auto fees = messages(errs, "fees");
  ASSERT_EQ(fees.size(), 3u);
  EXPECT_EQ(fees[0].rfind("Dòng 2: số tiền \"năm nghìn\"", 0), 0u) << fees[0];
  EXPECT_EQ(fees[1].rfind("Dòng 3: thiếu tên", 0), 0u) << fees[1];
  EXPECT_EQ(fees[2].rfind("Dòng 4: số tiền", 0), 0u) << fees[2];
  auto legal = messages(errs, "legal_basis");
  ASSERT_EQ(legal.size(), 2u);
  EXPECT_EQ(legal[0].rfind("Dòng 1: ngày ban hành \"31/02/2014\"", 0), 0u) << legal[0];
  EXPECT_EQ(legal[1].rfind("Dòng 2: thiếu số hiệu", 0), 0u) << legal[1];
  auto process = messages(errs, "internal_process");
  ASSERT_EQ(process.size(), 3u);
  EXPECT_EQ(process[0].rfind("Dòng 1: vai trò \"thư ký\"", 0), 0u) << process[0];
  EXPECT_EQ(process[1].rfind("Dòng 2: thiếu số giờ", 0), 0u) << process[1];
  EXPECT_EQ(process[2].rfind("Dòng 3: có 5 cột, tối đa 4", 0), 0u) << process[2];
  auto methods = messages(errs, "methods");
  ASSERT_EQ(methods.size(), 1u);
  EXPECT_EQ(methods[0].rfind("Dòng 3: kênh \"Fax\"", 0), 0u) << methods[0];
}

TEST(ProcedureFormParse, RequiredFieldsAndBadValues) {
  FormPairs f = {{"code", "ABC"}, {"pt_amount", "ba"}, {"target_online_ratio", "150"}, {"legacy_online_level", "7"},
                 {"form_schema", "{\n  \"fields\": [\n    {\"name\": \"a\",}\n  ]\n}"}};
  std::vector<FieldError> errs;
  form_to_procedure(f, errs);
  for (const char* k : {"code", "name", "field_name", "levels", "online_level", "pt_amount", "target_online_ratio", "legacy_online_level"})
    EXPECT_EQ(messages(errs, k).size(), 1u) << k;
  auto schema = messages(errs, "form_schema");
  ASSERT_EQ(schema.size(), 1u);
  EXPECT_EQ(schema[0].rfind("Dòng 3:", 0), 0u) << schema[0];
  errs.clear();
  form_to_procedure(with(minimal(), "form_schema", "[1, 2]"), errs);
  EXPECT_EQ(messages(errs, "form_schema").size(), 1u);
}

TEST(ProcedureFormErrors, NormalizeErrorsMapToInputsAndLines) {
  FormPairs f = with(minimal(), "components", "\nTờ khai | 1\n\nGiấy tờ | 1");
  f = with(f, "pe_by", "Bộ Công an");
  f = with(f, "form_schema", R"({"fields":[{"name":"a","label":"A","type":"text"},{"name":"B","label":"B","type":"magic"}]})");
  std::vector<FieldError> errs;
  json d = form_to_procedure(f, errs);
  ASSERT_TRUE(errs.empty());
  d["components"][1]["original"] = -1;  // as if a line had produced a bad value
  try {
    catalog::normalize_procedure(d);
    FAIL() << "expected DomainError";
  } catch (const DomainError& e) {
    auto mapped = map_procedure_errors(e.fields(), f);
    auto comps = messages(mapped, "components");
    ASSERT_EQ(comps.size(), 1u);
    EXPECT_EQ(comps[0].rfind("Dòng 4: ", 0), 0u) << comps[0];
    EXPECT_EQ(messages(mapped, "pe_url").size(), 1u);
    auto schema = messages(mapped, "form_schema");
    ASSERT_EQ(schema.size(), 2u);
    EXPECT_EQ(schema[0].rfind("Trường thứ 2: ", 0), 0u) << schema[0];
  }
  std::vector<FieldError> pt = map_procedure_errors({{"processing_time.unit", "x"}, {"field", "y"}, {"name", "z"}}, f);
  EXPECT_EQ(pt[0].field, "pt_unit");
  EXPECT_EQ(pt[1].field, "field_name");
  EXPECT_EQ(pt[2].field, "name");
}

}  // namespace
}  // namespace motcua::web
