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

TEST(Text, DisplayTextIsAlwaysSafeToShow) {
  EXPECT_EQ(display_text("Mozilla/5.0 (Cốc Cốc)", 300), "Mozilla/5.0 (Cốc Cốc)");
  std::string bad = display_text(std::string("ab\xff\xfe\x00\x01\x1b[31m\x7f\xC2\x85z\r\n", 15), 300);
  EXPECT_TRUE(valid_utf8(bad));
  for (unsigned char c : bad) EXPECT_TRUE(c >= 0x20 && c != 0x7f) << int(c);
  EXPECT_EQ(bad.find('\x1b'), std::string::npos);
  EXPECT_EQ(bad.rfind("ab\xEF\xBF\xBD", 0), 0u);  // invalid bytes → U+FFFD
  // The cut lands on a code point boundary even in the middle of multi-byte characters.
  std::string many;
  for (int i = 0; i < 400; ++i) many += "ộ";
  std::string cut = display_text(many, 300);
  EXPECT_TRUE(valid_utf8(cut));
  EXPECT_EQ(length(cut), 300u);
  EXPECT_EQ(display_text(std::string(100000, 'a'), 10), "aaaaaaaaaa");
}
