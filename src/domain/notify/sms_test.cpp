// SMS length rules: GSM-7 160/153, UCS-2 70/67, extension characters counted twice, Vietnamese stripped.
#include "domain/notify/sms.h"

#include <gtest/gtest.h>

#include "domain/text.h"

using namespace motcua::notify;

TEST(SmsLength, Gsm7SingleAndConcatenated) {
  EXPECT_EQ(sms_length("").segments, 0u);
  auto one = sms_length(std::string(160, 'a'));
  EXPECT_EQ(one.encoding, SmsEncoding::gsm7);
  EXPECT_EQ(one.segments, 1u);
  EXPECT_EQ(sms_length(std::string(161, 'a')).segments, 2u);
  EXPECT_EQ(sms_length(std::string(306, 'a')).segments, 2u);
  EXPECT_EQ(sms_length(std::string(307, 'a')).segments, 3u);
  auto ext = sms_length(std::string(80, '{'));  // extension characters take two septets
  EXPECT_EQ(ext.units, 160u);
  EXPECT_EQ(ext.segments, 1u);
  EXPECT_EQ(sms_length(std::string(81, '{')).segments, 2u);
  EXPECT_EQ(sms_length("Giá 100€ à").encoding, SmsEncoding::ucs2);  // "á" is not GSM
  EXPECT_EQ(sms_length("Prix 100€ à").encoding, SmsEncoding::gsm7);
}

TEST(SmsLength, Ucs2ForVietnamese) {
  std::string s;
  for (int i = 0; i < 70; ++i) s += "ệ";
  auto one = sms_length(s);
  EXPECT_EQ(one.encoding, SmsEncoding::ucs2);
  EXPECT_EQ(one.units, 70u);
  EXPECT_EQ(one.segments, 1u);
  EXPECT_EQ(sms_length(s + "a").segments, 2u);
  std::string l;
  for (int i = 0; i < 134; ++i) l += "ư";
  EXPECT_EQ(sms_length(l).segments, 2u);
  EXPECT_EQ(sms_length(l + "ư").segments, 3u);
}

TEST(SmsText, StripsDiacriticsKeepingCase) {
  EXPECT_EQ(motcua::text::strip_diacritics("Đăng ký Khai sinh: Hồ sơ ĐÃ TIẾP NHẬN"), "Dang ky Khai sinh: Ho so DA TIEP NHAN");
  std::string t = sms_text("Mã xác thực của bạn là 123456.", true);
  EXPECT_EQ(t, "Ma xac thuc cua ban la 123456.");
  EXPECT_EQ(sms_length(t).encoding, SmsEncoding::gsm7);
  EXPECT_EQ(sms_text("Mã", false), "Mã");
}
