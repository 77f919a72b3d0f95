// Hand-over rules (handover.h): what is signed, freshness, which dossiers may go, package and status checks.
#include "domain/handover/handover.h"

#include <gtest/gtest.h>

namespace motcua::handover {
namespace {

using nlohmann::json;

json package() {
  return {{"format", "motcua.handover/1"},
          {"handover_id", "abc"},
          {"target_agency", "000.01.25.H56"},
          {"dossier", {{"id", "x"}, {"code", "000.01.25.H56-261203-0001"}, {"procedure_code", "1.001653"}, {"procedure_name", "Đổi giấy"}, {"status", 2},
                       {"applicant", {{"name", "Trần Thị Bình"}}}, {"form", json::object()}}},
          {"documents", {{{"component_code", "KTT-01"}, {"name", "don.pdf"}, {"sha256", std::string(64, 'a')}, {"data", "JVBERi0="}}}}};
}

TEST(Handover, SigningInputBindsMethodPathTimeAndBody) {
  EXPECT_EQ(signing_input("POST", "/api/v1/handover/packages", 1700000000000, "ab12"), "motcua-handover/1\nPOST\n/api/v1/handover/packages\n1700000000000\nab12");
  EXPECT_NE(signing_input("POST", "/api/v1/handover/statuses", 1, "x"), signing_input("POST", "/api/v1/handover/packages", 1, "x"));
}

TEST(Handover, FreshnessWindowIsFiveMinutesEitherWay) {
  EXPECT_FALSE(stale(1'000'000, 1'000'000 + kMaxSkewMs));
  EXPECT_TRUE(stale(1'000'000, 1'000'001 + kMaxSkewMs));
  EXPECT_FALSE(stale(1'000'000 + kMaxSkewMs, 1'000'000));
  EXPECT_TRUE(stale(1'000'001 + kMaxSkewMs, 1'000'000));
}

TEST(Handover, OnlyReceivedUndecidedDossiersGo) {
  for (int s = 0; s <= 10; ++s) EXPECT_EQ(may_hand_over(s), s == 2 || s == 4) << s;
}

TEST(Handover, PackageAndStatusChecks) {
  EXPECT_TRUE(check_package(package()).empty());
  auto p = package();
  p["format"] = "other";
  p["dossier"].erase("procedure_code");
  p["documents"][0].erase("sha256");
  EXPECT_EQ(check_package(p).size(), 3u);
  EXPECT_FALSE(check_package(json::array()).empty());
  p = package();
  p["documents"] = json::array();
  for (size_t i = 0; i <= kMaxDocuments; ++i) p["documents"].push_back(package()["documents"][0]);
  EXPECT_FALSE(check_package(p).empty());
  EXPECT_TRUE(check_status({{"handover_id", "abc"}, {"status", 4}, {"seq", 12}}).empty());
  EXPECT_FALSE(check_status({{"handover_id", "abc"}, {"status", 11}, {"seq", 12}}).empty());
  EXPECT_FALSE(check_status({{"status", 4}}).empty());
  EXPECT_TRUE(newer_status(3, 4));
  EXPECT_FALSE(newer_status(4, 4));
}

}  // namespace
}  // namespace motcua::handover

namespace motcua::handover {
namespace {

TEST(Handover, TheDeskOrLeaderOfTheCompetentAgencySends) {
  accounts::Principal desk;
  desk.kind = accounts::Kind::staff;
  desk.grants = {{accounts::Role::desk, "000.01.25.H56", "MC"}};
  accounts::Principal province = desk;
  province.grants = {{accounts::Role::leader, "000.00.00.H56", ""}};
  accounts::Principal specialist = desk;
  specialist.grants = {{accounts::Role::specialist, "000.01.25.H56", "TP"}};
  EXPECT_TRUE(may_send(desk, "000.01.25.H56", 2));
  EXPECT_TRUE(may_send(desk, "000.01.25.H56", 4));
  EXPECT_FALSE(may_send(desk, "000.01.25.H56", 9));
  EXPECT_FALSE(may_send(province, "000.01.25.H56", 2)) << "an ancestor's leader does not act on a commune's dossier";
  EXPECT_FALSE(may_send(specialist, "000.01.25.H56", 2));
}

}  // namespace
}  // namespace motcua::handover
