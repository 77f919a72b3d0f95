#include "domain/dossier/slips.h"

#include <gtest/gtest.h>

namespace motcua::dossier {
namespace {

std::string keys(const SlipFacts& f) {
  std::string out;
  for (auto s : available(f)) out += std::string(key(s)) + " ";
  return out;
}

TEST(Slips, EachSlipExistsOnlyAfterItsEvent) {
  EXPECT_EQ(keys({.status = Status::submitted}), "");
  EXPECT_EQ(keys({.status = std::nullopt}), "");
  EXPECT_EQ(keys({.status = Status::processing, .received = true}), "01 ");
  EXPECT_EQ(keys({.status = Status::processing, .received = true, .staff = true}), "01 05 06 ");
  EXPECT_EQ(keys({.status = Status::supplement_requested, .received = true, .supplement_issued = true}), "01 02 ");
  // Asked to complete before acceptance: Mẫu 02 exists, no receipt yet.
  EXPECT_EQ(keys({.status = Status::submitted, .supplement_issued = true}), "02 ");
  EXPECT_EQ(keys({.status = Status::refused, .received = true, .staff = true}), "03 ");
  EXPECT_EQ(keys({.status = Status::processing, .received = true, .apology_issued = true}), "01 04 ");
  EXPECT_EQ(keys({.status = Status::stopped, .received = true}), "01 stop ");
}

TEST(Slips, InternalSlipsAreForStaffOnly) {
  SlipFacts citizen{.status = Status::returned, .received = true};
  EXPECT_TRUE(unavailable_reason(Slip::ledger_line, citizen).has_value());
  EXPECT_TRUE(unavailable_reason(Slip::control, citizen).has_value());
  EXPECT_TRUE(is_internal(Slip::control));
  EXPECT_FALSE(is_internal(Slip::receipt));
}

TEST(Slips, KeysRoundTrip) {
  for (auto k : {"01", "02", "03", "04", "05", "06", "stop"}) {
    auto s = parse_slip(k);
    ASSERT_TRUE(s) << k;
    EXPECT_EQ(key(*s), k);
  }
  EXPECT_FALSE(parse_slip("07"));
  EXPECT_FALSE(parse_slip(""));
}

}  // namespace
}  // namespace motcua::dossier
