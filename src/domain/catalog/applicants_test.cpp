#include "domain/catalog/applicants.h"

#include <gtest/gtest.h>

#include "domain/errors.h"

using namespace motcua;
using nlohmann::json;

TEST(Applicants, OnlyListedTypesMayFile) {
  json orgs_only = {{"applicants", {4}}};
  EXPECT_FALSE(catalog::applicant_allowed(orgs_only, 1));
  EXPECT_FALSE(catalog::applicant_allowed(orgs_only, 2));
  EXPECT_TRUE(catalog::applicant_allowed(orgs_only, 4));
  json citizens = {{"applicants", {1, 3}}};
  EXPECT_TRUE(catalog::applicant_allowed(citizens, 1));
  EXPECT_TRUE(catalog::applicant_allowed(citizens, 3));
  EXPECT_FALSE(catalog::applicant_allowed(citizens, 2));
  EXPECT_FALSE(catalog::applicant_allowed(citizens, 0));
  EXPECT_FALSE(catalog::applicant_allowed(citizens, 5));
  // No list: no restriction (but the type must still be 1..4).
  EXPECT_TRUE(catalog::applicant_allowed(json::object(), 2));
  EXPECT_FALSE(catalog::applicant_allowed(json::object(), 7));
}

TEST(Applicants, RefusalNamesWhoMayFileInVietnamese) {
  json orgs_only = {{"applicants", {4}}};
  try {
    catalog::check_applicant_type(orgs_only, 1);
    FAIL() << "expected a refusal";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
    EXPECT_EQ(e.code(), "applicant_type_not_allowed");
    std::string m = e.what();
    EXPECT_NE(m.find("Tổ chức khác"), std::string::npos) << m;
    EXPECT_NE(m.find("Công dân không được nộp"), std::string::npos) << m;
  }
  EXPECT_NO_THROW(catalog::check_applicant_type(orgs_only, 4));
}
