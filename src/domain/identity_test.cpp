#include "domain/identity.h"

#include <gtest/gtest.h>

using namespace motcua::identity;

TEST(Identity, ValidCccd) {
  EXPECT_EQ(check_cccd("001090000001", 2026), std::nullopt);  // Hà Nội, male, 1990
  EXPECT_EQ(cccd_birth_year("001090000001"), 1990);
  EXPECT_FALSE(cccd_is_female("001090000001"));
  EXPECT_EQ(check_cccd("038305012345", 2026), std::nullopt);  // Thanh Hóa, female, 2005
  EXPECT_EQ(cccd_birth_year("038305012345"), 2005);
  EXPECT_TRUE(cccd_is_female("038305012345"));
}

TEST(Identity, InvalidCccdHasPreciseMessages) {
  EXPECT_NE(check_cccd("", 2026)->find("Vui lòng nhập"), std::string::npos);
  EXPECT_NE(check_cccd("00109000000", 2026)->find("12 chữ số (đã nhập 11"), std::string::npos);
  EXPECT_NE(check_cccd("00109000000a", 2026)->find("chỉ gồm chữ số"), std::string::npos);
  EXPECT_NE(check_cccd("003090000001", 2026)->find("(003)"), std::string::npos);  // 003 is not a province code
  EXPECT_NE(check_cccd("097090000001", 2026)->find("(097)"), std::string::npos);
  EXPECT_NE(check_cccd("001230000001", 2026)->find("2030"), std::string::npos);  // born 2030: future
  EXPECT_NE(check_cccd("001850000001", 2026)->find("tương lai"), std::string::npos);  // digit 8 → 2300s
}

TEST(Identity, TaxCode) {
  EXPECT_EQ(check_tax_code("0101234567"), std::nullopt);
  EXPECT_EQ(check_tax_code("0101234567-001"), std::nullopt);
  EXPECT_NE(check_tax_code("010123456"), std::nullopt);
  EXPECT_NE(check_tax_code("0101234567001"), std::nullopt);
}
