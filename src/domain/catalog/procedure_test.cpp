#include "domain/catalog/procedure.h"

#include <gtest/gtest.h>

#include "domain/catalog/form_schema.h"

using namespace motcua;
using namespace motcua::catalog;
using nlohmann::json;

namespace {
json minimal() {
  return {{"code", "1.001193"},
          {"name", "  Đăng ký khai sinh "},
          {"field", {{"code", "HT"}, {"name", "Hộ tịch"}}},
          {"levels", {"xa"}},
          {"online_level", "mot_phan"},
          {"processing_time", {{"amount", 1}, {"unit", "working_days"}}}};
}
std::vector<std::string> fields_of(const DomainError& e) {
  std::vector<std::string> f;
  for (const auto& x : e.fields()) f.push_back(x.field);
  return f;
}
}  // namespace

TEST(Procedure, NormalizeFillsDefaultsAndTrims) {
  json d = normalize_procedure(minimal());
  EXPECT_EQ(d["name"], "Đăng ký khai sinh");
  EXPECT_EQ(d["legacy_online_level"], 3);
  EXPECT_EQ(d["target_online_ratio"], 0);
  EXPECT_EQ(d["sets"], 1);
  EXPECT_TRUE(d["components"].is_array());
  EXPECT_TRUE(d["form_schema"]["fields"].is_array());
}

TEST(Procedure, NormalizeReportsEveryProblem) {
  json bad = minimal();
  bad["code"] = "abc";
  bad["levels"] = {"phuong"};
  bad["processing_time"]["unit"] = "weeks";
  bad["fees"] = {{{"name", "Lệ phí"}, {"amount", -5}}};
  bad["components"] = {{{"name", "Tờ khai"}, {"original", "một"}}};
  try {
    normalize_procedure(bad);
    FAIL() << "expected DomainError";
  } catch (const DomainError& e) {
    auto f = fields_of(e);
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
    for (const char* k : {"code", "levels", "processing_time.unit", "fees[0].amount", "components[0].original"})
      EXPECT_NE(std::find(f.begin(), f.end(), k), f.end()) << k;
  }
}

TEST(Procedure, ProcessingTimeSameDayCutoffAndExactFractions) {
  json d = minimal();
  d["processing_time"] = {{"amount", 0}, {"unit", "same_day"}, {"cutoff", "15:00"}};
  EXPECT_EQ(normalize_procedure(d)["processing_time"]["unit"], "same_day");
  d["processing_time"] = {{"amount", 0.5}, {"unit", "working_days"}, {"online_amount", 0.25}};
  EXPECT_NO_THROW(normalize_procedure(d));
  d["processing_time"] = {{"amount", 1.5}, {"unit", "hours"}};
  EXPECT_NO_THROW(normalize_procedure(d));
  EXPECT_EQ(time_unit_label("same_day"), "trong ngày");
  auto refused = [](json pt, const std::string& field) {
    json d = minimal();
    d["processing_time"] = std::move(pt);
    try {
      normalize_procedure(d);
      ADD_FAILURE() << "expected DomainError for " << field;
    } catch (const DomainError& e) {
      auto f = fields_of(e);
      EXPECT_NE(std::find(f.begin(), f.end(), field), f.end()) << field;
    }
  };
  refused({{"amount", 1.5}, {"unit", "days"}}, "processing_time.amount");
  refused({{"amount", 2}, {"unit", "days"}, {"online_amount", 0.5}}, "processing_time.online_amount");
  refused({{"amount", 0.001}, {"unit", "working_days"}}, "processing_time.amount");
  refused({{"amount", 0}, {"unit", "same_day"}, {"cutoff", "25:00"}}, "processing_time.cutoff");
  refused({{"amount", 0}, {"unit", "same_day"}, {"cutoff", 15}}, "processing_time.cutoff");
  refused({{"amount", 3}, {"unit", "working_days"}, {"cutoff", "15:00"}}, "processing_time.cutoff");
}

TEST(Procedure, NotAnObject) {
  EXPECT_THROW(normalize_procedure(json::array()), DomainError);
}

TEST(Procedure, Codes) {
  EXPECT_TRUE(valid_code("1.001193"));
  EXPECT_TRUE(valid_code("2.000635"));
  EXPECT_TRUE(valid_code("local.12"));
  EXPECT_FALSE(valid_code("1001193"));
  EXPECT_FALSE(valid_code("1.001193."));
  EXPECT_FALSE(valid_code("../etc"));
  EXPECT_FALSE(valid_code("local."));
}

// Every action from every state: allowed exactly where the lifecycle says.
TEST(Procedure, LifecycleTable) {
  struct Case { Action a; ProcState s; bool draft; bool ok; };
  const Case cases[] = {
      {Action::publish, ProcState::draft, true, true},       {Action::publish, ProcState::draft, false, false},
      {Action::publish, ProcState::active, true, true},      {Action::publish, ProcState::suspended, true, false},
      {Action::publish, ProcState::abolished, true, false},  {Action::amend, ProcState::active, false, true},
      {Action::amend, ProcState::active, true, false},       {Action::amend, ProcState::draft, true, false},
      {Action::amend, ProcState::suspended, false, true},    {Action::amend, ProcState::abolished, false, false},
      {Action::suspend, ProcState::active, false, true},     {Action::suspend, ProcState::suspended, false, false},
      {Action::suspend, ProcState::draft, true, false},      {Action::suspend, ProcState::abolished, false, false},
      {Action::resume, ProcState::suspended, false, true},   {Action::resume, ProcState::active, false, false},
      {Action::abolish, ProcState::active, false, true},     {Action::abolish, ProcState::suspended, false, true},
      {Action::abolish, ProcState::draft, true, false},      {Action::abolish, ProcState::abolished, false, false},
      {Action::discard_draft, ProcState::active, true, true}, {Action::discard_draft, ProcState::draft, true, false},
      {Action::discard_draft, ProcState::active, false, false}, {Action::edit_draft, ProcState::draft, true, true},
      {Action::edit_draft, ProcState::abolished, true, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(to_string(c.a)) + " from " + std::string(to_string(c.s)));
    if (c.ok) {
      EXPECT_NO_THROW(check_action(c.a, c.s, c.draft));
    } else {
      try {
        check_action(c.a, c.s, c.draft);
        ADD_FAILURE() << "allowed";
      } catch (const DomainError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::conflict);
        EXPECT_NE(std::string(e.what()).find(std::string(label_vi(c.s))), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_EQ(next_state(Action::publish, ProcState::draft), ProcState::active);
  EXPECT_EQ(next_state(Action::abolish, ProcState::suspended), ProcState::abolished);
  EXPECT_EQ(next_state(Action::amend, ProcState::active), ProcState::active);
}

TEST(FormSchema, SchemaChecks) {
  json schema = {{"fields", {{{"name", "Ho ten"}, {"label", "Họ tên"}, {"type", "text"}},
                             {{"name", "gioi_tinh"}, {"label", "Giới tính"}, {"type", "select"}},
                             {{"name", "x"}, {"label", "X"}, {"type", "text"}, {"pattern", "(["}},
                             {{"name", "x"}, {"label", "X2"}, {"type", "weird"}}}}};
  auto errs = check_schema(schema);
  EXPECT_GE(errs.size(), 5u);
  EXPECT_TRUE(check_schema({{"fields", json::array()}}).empty());
}

TEST(FormSchema, ValuesAreValidatedServerSide) {
  json schema = {{"fields",
                  {{{"name", "ho_ten"}, {"label", "Họ tên"}, {"type", "text"}, {"required", true}, {"max_length", 10}},
                   {{"name", "ngay_sinh"}, {"label", "Ngày sinh"}, {"type", "date"}, {"required", true}, {"max", "today"}},
                   {{"name", "gioi_tinh"}, {"label", "Giới tính"}, {"type", "select"}, {"choices", {{{"value", "nam"}, {"label", "Nam"}}, {{"value", "nu"}, {"label", "Nữ"}}}}},
                   {{"name", "cccd"}, {"label", "Số định danh"}, {"type", "id_number"}},
                   {{"name", "dt"}, {"label", "Điện thoại"}, {"type", "phone"}},
                   {{"name", "so"}, {"label", "Số bản"}, {"type", "number"}, {"min", 1}, {"max", 10}},
                   {{"name", "ma"}, {"label", "Mã"}, {"type", "text"}, {"pattern", "[A-Z]{2}"}, {"pattern_message", "gồm 2 chữ in hoa."}},
                   {{"name", "dong_y"}, {"label", "Cam đoan"}, {"type", "checkbox"}, {"required", true}}}}};
  json good = {{"ho_ten", "Nguyễn An"}, {"ngay_sinh", "2020-01-02"}, {"gioi_tinh", "nu"}, {"cccd", "001090000001"},
               {"dt", "0912345678"}, {"so", "2"}, {"ma", "AB"}, {"dong_y", true}};
  EXPECT_TRUE(validate_values(schema, good, 2026).empty());
  json bad = {{"ho_ten", "Nguyễn Văn Anh Tuấn"}, {"ngay_sinh", "2099-01-01"}, {"gioi_tinh", "khac"}, {"cccd", "12345"},
              {"dt", "12"}, {"so", "0"}, {"ma", "ab"}, {"la", "x"}};
  auto errs = validate_values(schema, bad, 2026);
  std::set<std::string> f;
  for (const auto& e : errs) f.insert(e.field);
  for (const char* k : {"ho_ten", "ngay_sinh", "gioi_tinh", "cccd", "dt", "so", "ma", "dong_y", "la"}) EXPECT_TRUE(f.count(k)) << k;
  EXPECT_FALSE(validate_values(schema, json::array(), 2026).empty());
  EXPECT_FALSE(validate_values(schema, {{"ho_ten", 5}}, 2026).empty());
}
