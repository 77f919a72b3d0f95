#include "domain/dossier/search.h"

#include <gtest/gtest.h>

#include <string>

namespace motcua::dossier {
namespace {

TEST(DossierSearch, KeyFoldsTheNameAndKeepsNumbersAsWords) {
  EXPECT_EQ(applicant_search_key("Nguyễn Văn An", "038090012345", "0912 345 678"), " nguyen van an 038090012345 0912345678");
  EXPECT_EQ(applicant_search_key("Đặng Thị Đào", "", ""), " dang thi dao");
  EXPECT_EQ(applicant_search_key("Công ty TNHH Hòa Bình", "0101234567-001", "+84 912 345 678"), " cong ty tnhh hoa binh 0101234567 001 0912345678");
  EXPECT_EQ(applicant_search_key("", "", ""), "");
  EXPECT_EQ(applicant_search_key("  Lê  ", "", "không có"), " le");
}

TEST(DossierSearch, TokensAreFoldedWordsWhateverIsTyped) {
  EXPECT_EQ(search_tokens("nguyen van an"), (std::vector<std::string>{"nguyen", "van", "an"}));
  EXPECT_EQ(search_tokens("NGUYỄN Văn  Ân"), (std::vector<std::string>{"nguyen", "van", "an"}));
  EXPECT_EQ(search_tokens("đào"), (std::vector<std::string>{"dao"}));
  // FTS5 and LIKE syntax is only separators.
  EXPECT_TRUE(search_tokens("\"*()-+^:%_\\'").empty());
  EXPECT_EQ(search_tokens("\"an\" NEAR(van, 2) -le*"), (std::vector<std::string>{"an", "near", "van", "2", "le"}));
  EXPECT_EQ(search_tokens("a%b_c"), (std::vector<std::string>{"a", "b", "c"}));
  // Invalid UTF-8 and control characters never reach a token.
  EXPECT_EQ(search_tokens(std::string("an\xff\xfe\x01van", 8)), (std::vector<std::string>{"an", "van"}));
  EXPECT_TRUE(search_tokens(std::string("\xc3\x28\x00", 3)).empty());
}

TEST(DossierSearch, TokensAreBounded) {
  auto many = search_tokens("a b c d e f g h i j k l");
  EXPECT_EQ(many.size(), kMaxSearchTokens);
  EXPECT_EQ(many.front(), "a");
  auto longest = search_tokens(std::string(500, 'x'));
  ASSERT_EQ(longest.size(), 1u);
  EXPECT_EQ(longest[0].size(), kMaxSearchTokenBytes);
  // A long word of other scripts is cut on a character boundary (3-byte characters).
  std::string cjk;
  for (int i = 0; i < 30; ++i) cjk += "\xe5\x90\x8d";  // 名
  auto cut = search_tokens(cjk);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].size() % 3, 0u);
  EXPECT_LE(cut[0].size(), kMaxSearchTokenBytes);
}

}  // namespace
}  // namespace motcua::dossier
