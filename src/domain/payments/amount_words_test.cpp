// Amounts in Vietnamese words, as receipts print them.
#include "domain/payments/amount_words.h"

#include <gtest/gtest.h>

#include <limits>

#include "domain/text.h"

namespace motcua::payments {
namespace {

TEST(AmountWords, HeaderExamples) {
  EXPECT_EQ(amount_in_words(1'250'000), "Một triệu hai trăm năm mươi nghìn đồng");
  EXPECT_EQ(amount_in_words(0), "Không đồng");
  EXPECT_EQ(amount_in_words(5'000), "Năm nghìn đồng");
  EXPECT_EQ(amount_in_words(8'000), "Tám nghìn đồng");
  EXPECT_EQ(amount_in_words(105'000), "Một trăm linh năm nghìn đồng");
  EXPECT_EQ(amount_in_words(21'000), "Hai mươi mốt nghìn đồng");
  EXPECT_EQ(amount_in_words(15'000), "Mười lăm nghìn đồng");
  EXPECT_EQ(amount_in_words(25), "Hai mươi lăm đồng");
  EXPECT_EQ(amount_in_words(1'000'000'000), "Một tỷ đồng");
  EXPECT_EQ(amount_in_words(1'000'005), "Một triệu không trăm linh năm đồng");
  EXPECT_EQ(amount_in_words(2'014), "Hai nghìn không trăm mười bốn đồng");
  EXPECT_EQ(amount_in_words(24), "Hai mươi tư đồng");
}

TEST(AmountWords, TensAndUnits) {
  EXPECT_EQ(amount_in_words(1), "Một đồng");
  EXPECT_EQ(amount_in_words(4), "Bốn đồng");
  EXPECT_EQ(amount_in_words(5), "Năm đồng");
  EXPECT_EQ(amount_in_words(10), "Mười đồng");
  EXPECT_EQ(amount_in_words(11), "Mười một đồng");
  EXPECT_EQ(amount_in_words(14), "Mười bốn đồng");
  EXPECT_EQ(amount_in_words(20), "Hai mươi đồng");
  EXPECT_EQ(amount_in_words(31), "Ba mươi mốt đồng");
  EXPECT_EQ(amount_in_words(55), "Năm mươi lăm đồng");
  EXPECT_EQ(amount_in_words(94), "Chín mươi tư đồng");
  EXPECT_EQ(amount_in_words(100), "Một trăm đồng");
  EXPECT_EQ(amount_in_words(101), "Một trăm linh một đồng");
  EXPECT_EQ(amount_in_words(104), "Một trăm linh bốn đồng");
  EXPECT_EQ(amount_in_words(115), "Một trăm mười lăm đồng");
  EXPECT_EQ(amount_in_words(999), "Chín trăm chín mươi chín đồng");
}

TEST(AmountWords, Groups) {
  EXPECT_EQ(amount_in_words(10'000), "Mười nghìn đồng");
  EXPECT_EQ(amount_in_words(110'000), "Một trăm mười nghìn đồng");
  EXPECT_EQ(amount_in_words(1'000), "Một nghìn đồng");
  EXPECT_EQ(amount_in_words(1'001), "Một nghìn không trăm linh một đồng");
  EXPECT_EQ(amount_in_words(1'010), "Một nghìn không trăm mười đồng");
  EXPECT_EQ(amount_in_words(1'100), "Một nghìn một trăm đồng");
  EXPECT_EQ(amount_in_words(50'500), "Năm mươi nghìn năm trăm đồng");
  EXPECT_EQ(amount_in_words(1'000'000), "Một triệu đồng");
  EXPECT_EQ(amount_in_words(2'005'000), "Hai triệu không trăm linh năm nghìn đồng");
  EXPECT_EQ(amount_in_words(12'345'678), "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng");
  EXPECT_EQ(amount_in_words(1'000'000'005), "Một tỷ không trăm linh năm đồng");
  EXPECT_EQ(amount_in_words(3'020'000'000), "Ba tỷ không trăm hai mươi triệu đồng");
}

TEST(AmountWords, BeyondTy) {
  EXPECT_EQ(amount_in_words(1'000'000'000'000), "Một nghìn tỷ đồng");
  EXPECT_EQ(amount_in_words(1'001'000'000'000), "Một nghìn không trăm linh một tỷ đồng");
  EXPECT_EQ(amount_in_words(25'000'000'000'000), "Hai mươi lăm nghìn tỷ đồng");
  EXPECT_EQ(amount_in_words(1'000'000'000'000'000), "Một triệu tỷ đồng");
  EXPECT_EQ(amount_in_words(1'000'000'000'001'000), "Một triệu tỷ không trăm linh một nghìn đồng");
  EXPECT_EQ(amount_in_words(999'999'999'999'999'999),
            "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ "
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng");
}

TEST(AmountWords, Negative) {
  EXPECT_EQ(amount_in_words(-5'000), "Âm năm nghìn đồng");
  EXPECT_EQ(amount_in_words(-21), "Âm hai mươi mốt đồng");
  // The whole int64 range is read without overflow.
  const std::string ty_ty = "chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu "
                            "bảy trăm bảy mươi lăm nghìn tám trăm linh ";
  EXPECT_EQ(amount_in_words(std::numeric_limits<int64_t>::min()), "Âm " + ty_ty + "tám đồng");
  EXPECT_EQ(amount_in_words(std::numeric_limits<int64_t>::max()), "C" + ty_ty.substr(1) + "bảy đồng");
}

TEST(AmountWords, NfcAndCapitalization) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{24}, int64_t{105'000}, int64_t{1'250'000}, int64_t{-7}, int64_t{987'654'321'012}}) {
    std::string w = amount_in_words(v);
    EXPECT_TRUE(text::valid_utf8(w)) << v;
    EXPECT_EQ(text::nfc(w), w) << v;
    const unsigned char first = static_cast<unsigned char>(w[0]);
    EXPECT_TRUE((first >= 'A' && first <= 'Z') || w.rfind("Âm ", 0) == 0) << w;
    // Nothing else upper case (ASCII check: the other letters of the words are lower case).
    for (size_t i = 1; i < w.size(); ++i) EXPECT_FALSE(w[i] >= 'A' && w[i] <= 'Z') << w;
    EXPECT_EQ(w.find("  "), std::string::npos) << w;
  }
}

}  // namespace
}  // namespace motcua::payments
