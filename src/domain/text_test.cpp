#include "domain/text.h"

#include <gtest/gtest.h>

using namespace motcua::text;

TEST(Text, FoldRemovesDiacriticsAndD) {
  EXPECT_EQ(fold("Đăng ký khai sinh"), "dang ky khai sinh");
  EXPECT_EQ(fold("ĐĂNG KÝ KẾT HÔN"), "dang ky ket hon");
  EXPECT_EQ(fold("Thủ tục thôi làm tuyên truyền viên pháp luật"), "thu tuc thoi lam tuyen truyen vien phap luat");
  EXPECT_EQ(fold("  Văn hóa – Xã hội!! "), "van hoa xa hoi");
  EXPECT_EQ(fold("1.001193"), "1 001193");
}

TEST(Text, FoldHandlesDecomposedInput) {
  // "Đăng" typed as D-stroke + a + combining breve, as macOS keyboards may send.
  EXPECT_EQ(fold("\xC4\x90\x61\xCC\x86ng"), "dang");
  EXPECT_EQ(nfc("a\xCC\x86"), "\xC4\x83");  // ă
}

TEST(Text, TokensAndTrim) {
  auto t = tokens("Cấp bản sao trích lục hộ tịch");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0], "cap");
  EXPECT_EQ(t[6], "tich");
  EXPECT_EQ(trim("\xC2\xA0 xin chào \n"), "xin chào");
  EXPECT_TRUE(tokens("  ").empty());
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(valid_utf8("Hộ tịch"));
  EXPECT_FALSE(valid_utf8("\xC3\x28"));
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(length("Hộ tịch"), 7u);
}
