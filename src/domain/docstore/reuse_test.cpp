#include "domain/docstore/reuse.h"

#include <gtest/gtest.h>

namespace motcua::docstore {
namespace {

TEST(DocStore, CodesFollowR14) {
  EXPECT_EQ(item_code("001090000001", "GKS"), "001090000001.GKS");
  EXPECT_EQ(item_code("", "GKS"), "");
  EXPECT_TRUE(valid_doc_type_code("GKS"));
  EXPECT_TRUE(valid_doc_type_code("HT.TL-KH_2"));
  EXPECT_FALSE(valid_doc_type_code("gks"));
  EXPECT_FALSE(valid_doc_type_code(""));
  EXPECT_FALSE(valid_doc_type_code("GIAY KHAI SINH"));
  EXPECT_FALSE(valid_doc_type_code(std::string(21, 'A')));
}

TEST(DocStore, ReuseNeedsTheOwnerTheTypeAndAValidItem) {
  Item it{.owner_user_id = 7, .doc_type_code = "GKS", .valid_until = 0, .revoked = false};
  EXPECT_TRUE(reusable(it, "GKS", 7, 1000));
  EXPECT_NE(why_not(it, "GKS", 8, 1000).find("kho dữ liệu của người nộp"), std::string::npos);  // someone else's store
  EXPECT_NE(why_not(it, "GCNKH", 7, 1000).find("không đúng loại"), std::string::npos);
  EXPECT_FALSE(reusable(it, "", 7, 1000));  // the component names no document type
  it.valid_until = 999;
  EXPECT_NE(why_not(it, "GKS", 7, 1000).find("hết hiệu lực"), std::string::npos);
  it.valid_until = 0;
  it.revoked = true;
  EXPECT_NE(why_not(it, "GKS", 7, 1000).find("thu hồi"), std::string::npos);
  Item nobody;
  EXPECT_FALSE(reusable(nobody, "", 0, 0));
}

TEST(DocStore, ArrivalAndShares) {
  EXPECT_EQ(arrival_label("reuse"), "Tái sử dụng từ kho dữ liệu");
  EXPECT_EQ(arrival_label("desk"), "Số hóa tại Bộ phận Một cửa");
  EXPECT_EQ(arrival_label("?"), "");
  Shares s = shares({.dossiers = 3, .digitized = 1, .reused = 2, .e_result = 0});
  EXPECT_DOUBLE_EQ(s.digitized, 33.3);
  EXPECT_DOUBLE_EQ(s.reused, 66.7);
  EXPECT_DOUBLE_EQ(s.e_result, 0);
  EXPECT_DOUBLE_EQ(shares({}).reused, 0);
}

TEST(Reuse, MandatoryDigitizationR15) {
  EXPECT_TRUE(digitization_mandatory(paper_of_component(true)));    // a paper an authority issued: an earlier result
  EXPECT_FALSE(digitization_mandatory(paper_of_component(false)));  // the applicant's own paper: on request
  EXPECT_TRUE(digitization_mandatory(Paper::agency_result));
  EXPECT_TRUE(digitization_mandatory(Paper::final_result));
}

}  // namespace
}  // namespace motcua::docstore
