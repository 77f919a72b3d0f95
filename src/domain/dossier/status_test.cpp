#include "domain/dossier/status.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace motcua::dossier {
namespace {

TEST(DossierStatus, NationalCodesAndLabels) {
  const std::pair<int, const char*> expected[] = {
      {1, "Mới đăng ký"},
      {2, "Được tiếp nhận"},
      {3, "Không được tiếp nhận"},
      {4, "Đang xử lý"},
      {5, "Yêu cầu bổ sung giấy tờ"},
      {6, "Yêu cầu thực hiện nghĩa vụ tài chính"},
      {7, "Công dân yêu cầu rút hồ sơ"},
      {8, "Dừng xử lý"},
      {9, "Đã xử lý xong"},
      {10, "Đã trả kết quả"},
  };
  ASSERT_EQ(all_statuses().size(), 10u);
  for (auto [n, label] : expected) {
    auto s = status_from_code(n);
    ASSERT_TRUE(s) << n;
    EXPECT_EQ(code(*s), n);
    EXPECT_EQ(label_vi(*s), label);
    EXPECT_EQ(all_statuses()[static_cast<std::size_t>(n - 1)], *s);
  }
  EXPECT_FALSE(status_from_code(0));
  EXPECT_FALSE(status_from_code(11));
  EXPECT_FALSE(status_from_code(-1));
}

TEST(DossierStatus, KeysParseBothWays) {
  std::set<std::string> keys;
  for (Status s : all_statuses()) {
    keys.insert(std::string(to_string(s)));
    EXPECT_EQ(parse_status(to_string(s)), s);
    EXPECT_EQ(parse_status(std::to_string(code(s))), s);
  }
  EXPECT_EQ(keys.size(), 10u);
  EXPECT_FALSE(parse_status(""));
  EXPECT_FALSE(parse_status("11"));
  EXPECT_FALSE(parse_status("4 "));
  EXPECT_FALSE(parse_status("Processing"));
}

TEST(DossierStatus, TerminalIsExactly3_8_10) {
  for (Status s : all_statuses()) {
    const int n = code(s);
    EXPECT_EQ(is_terminal(s), n == 3 || n == 8 || n == 10) << n;
  }
}

TEST(DossierChannel, CodesAndLabels) {
  EXPECT_EQ(code(Channel::desk), 1);
  EXPECT_EQ(code(Channel::online), 2);
  EXPECT_EQ(code(Channel::post), 3);
  EXPECT_EQ(label_vi(Channel::desk), "Trực tiếp");
  EXPECT_EQ(label_vi(Channel::online), "Trực tuyến");
  EXPECT_EQ(label_vi(Channel::post), "Bưu chính công ích");
  for (Channel c : all_channels()) {
    EXPECT_EQ(channel_from_code(code(c)), c);
    EXPECT_EQ(parse_channel(to_string(c)), c);
    EXPECT_EQ(parse_channel(std::to_string(code(c))), c);
  }
  EXPECT_FALSE(channel_from_code(0));
  EXPECT_FALSE(channel_from_code(4));
  EXPECT_FALSE(parse_channel("mail"));
}

TEST(DossierApplicantType, CodesAndLabels) {
  EXPECT_EQ(code(ApplicantType::citizen), 1);
  EXPECT_EQ(code(ApplicantType::business), 2);
  EXPECT_EQ(code(ApplicantType::state_body), 3);
  EXPECT_EQ(code(ApplicantType::other_organisation), 4);
  std::set<std::string> labels;
  for (ApplicantType t : all_applicant_types()) {
    labels.insert(std::string(label_vi(t)));
    EXPECT_EQ(applicant_type_from_code(code(t)), t);
    EXPECT_EQ(parse_applicant_type(to_string(t)), t);
    EXPECT_EQ(parse_applicant_type(std::to_string(code(t))), t);
  }
  EXPECT_EQ(labels.size(), 4u);
  EXPECT_EQ(label_vi(ApplicantType::citizen), "Công dân");
  EXPECT_FALSE(applicant_type_from_code(5));
  EXPECT_FALSE(parse_applicant_type("0"));
}

}  // namespace
}  // namespace motcua::dossier
