#include "domain/dossier/dossier_code.h"

#include <gtest/gtest.h>

#include <string>

#include "domain/errors.h"

namespace motcua::dossier {
namespace {

TEST(DossierCode, FormatsTheDomainExample) {
  EXPECT_EQ(format_code("000.00.06.H56", {2023, 10, 27}, 361), "000.00.06.H56-231027-0361");
  EXPECT_EQ(format_code("000.00.06.H56", {2026, 1, 2}, 1), "000.00.06.H56-260102-0001");
  EXPECT_EQ(format_code("000.00.06.H56", {2099, 12, 31}, 9999), "000.00.06.H56-991231-9999");
  EXPECT_EQ(format_code("000.00.06.H56", {2000, 2, 29}, 10), "000.00.06.H56-000229-0010");
}

TEST(DossierCode, ParsesTheDomainExample) {
  auto c = parse_code("000.00.06.H56-231027-0361");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->agency, "000.00.06.H56");
  EXPECT_EQ(c->date, (cal::Date{2023, 10, 27}));
  EXPECT_EQ(c->sequence, 361);
  EXPECT_TRUE(is_valid_code("000.00.06.H56-231027-0361"));
}

TEST(DossierCode, RoundTrips) {
  const char* agencies[] = {"000.00.06.H56", "000.00.00.H23", "G22", "A", "X_1.2"};
  const cal::Date dates[] = {{2000, 1, 1}, {2024, 2, 29}, {2026, 4, 30}, {2035, 12, 31}, {2099, 7, 15}};
  for (const char* a : agencies)
    for (cal::Date d : dates)
      for (int seq : {1, 9, 10, 99, 100, 361, 999, 1000, 4321, 9999}) {
        const std::string s = format_code(a, d, seq);
        auto p = parse_code(s);
        ASSERT_TRUE(p) << s;
        EXPECT_EQ(*p, (DossierCode{a, d, seq})) << s;
        EXPECT_EQ(format_code(*p), s);
      }
}

TEST(DossierCode, SequenceBeyond9999IsAnError) {
  try {
    format_code("000.00.06.H56", {2023, 10, 27}, 10000);
    FAIL();
  } catch (const DomainError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
    EXPECT_EQ(e.code(), "dossier_sequence_exhausted");
  }
  for (int bad : {0, -1}) {
    try {
      format_code("000.00.06.H56", {2023, 10, 27}, bad);
      ADD_FAILURE() << bad;
    } catch (const DomainError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid);
      EXPECT_EQ(e.code(), "dossier_code_invalid");
    }
  }
}

TEST(DossierCode, FormatRejectsBadAgencyOrDate) {
  for (const char* a : {"", "000-00", ".H56", "H56.", "000 00", "Ủy ban", "0000000000000000000000000000000000000000X"})
    EXPECT_THROW(format_code(a, {2023, 10, 27}, 1), DomainError) << a;
  for (cal::Date d : {cal::Date{2023, 2, 29}, cal::Date{2023, 13, 1}, cal::Date{2023, 4, 31}, cal::Date{1999, 12, 31},
                      cal::Date{2100, 1, 1}})
    EXPECT_THROW(format_code("000.00.06.H56", d, 1), DomainError) << d.year << "-" << d.month << "-" << d.day;
}

TEST(DossierCode, ParseRejects) {
  const char* bad[] = {
      "",
      "-231027-0361",                    // no agency
      "000.00.06.H56",                   // no tail
      "000.00.06.H56-231027-361",        // 3-digit sequence
      "000.00.06.H56-231027-03610",      // 5-digit sequence (agency would end in '-')
      "000.00.06.H56-231027-0000",       // sequence 0
      "000.00.06.H56-230229-0001",       // 29 Feb 2023
      "000.00.06.H56-231327-0001",       // month 13
      "000.00.06.H56-231000-0001",       // day 0
      "000.00.06.H56-2310270-361",       // misplaced separator
      "000.00.06.H56_231027_0361",       // wrong separators
      "000.00.06.H56-23102a-0361",       // non-digit
      "000.00.06.H56-231027-03 1",       // space
      " 000.00.06.H56-231027-0361",      // leading space
      "000.00.06.H56-231027-0361 ",      // trailing space
      "000.00.06.H56--231027-0361",      // agency ends with '-'
      "000-00.06.H56-231027-0361",       // '-' inside the agency
      "000.00.06.H56-+31027-0361",       // sign
  };
  for (const char* s : bad) EXPECT_FALSE(parse_code(s)) << s;
}

TEST(DossierCode, AgencyIdentifierRule) {
  EXPECT_TRUE(is_valid_agency_identifier("000.00.06.H56"));
  EXPECT_TRUE(is_valid_agency_identifier("H56"));
  EXPECT_TRUE(is_valid_agency_identifier(std::string(40, '1')));
  EXPECT_FALSE(is_valid_agency_identifier(std::string(41, '1')));
  EXPECT_FALSE(is_valid_agency_identifier("a-b"));
  EXPECT_FALSE(is_valid_agency_identifier("_a"));
}

TEST(DossierCode, NormalizeAcceptsCodesAsPeopleTypeThem) {
  EXPECT_EQ(normalize_code("  000.01.25.h56-260424-0001 \n"), "000.01.25.H56-260424-0001");
  EXPECT_TRUE(is_valid_code(normalize_code("000.01.25.h56-260424-0001")));
  EXPECT_EQ(normalize_code("000.01.25.H56-260424-0001"), "000.01.25.H56-260424-0001");
  EXPECT_FALSE(is_valid_code(normalize_code("000.01.25.H56 260424 0001")));  // inner spaces are not fixed
  EXPECT_EQ(normalize_code(""), "");
}

}  // namespace
}  // namespace motcua::dossier
