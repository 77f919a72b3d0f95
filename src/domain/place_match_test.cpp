#include "domain/place_match.h"

#include <gtest/gtest.h>

using motcua::place::agency_for_address;
using motcua::place::Candidate;

namespace {
const std::vector<Candidate> kAgencies = {
    {"xa.bensung", {"Ủy ban nhân dân thị trấn Bến Sung", "Ủy ban nhân dân huyện Như Thanh", "Ủy ban nhân dân tỉnh Thanh Hóa"}},
    {"xa.linhtoai", {"Ủy ban nhân dân xã Lĩnh Toại", "Ủy ban nhân dân huyện Hà Trung", "Ủy ban nhân dân tỉnh Thanh Hóa"}},
    {"xa.hailinh.a", {"Ủy ban nhân dân xã Hải Lĩnh", "Ủy ban nhân dân huyện Tĩnh Gia", "Ủy ban nhân dân tỉnh Thanh Hóa"}},
    {"xa.hailinh.b", {"Ủy ban nhân dân xã Hải Lĩnh", "Ủy ban nhân dân huyện Khác", "Ủy ban nhân dân tỉnh Thanh Hóa"}},
};
}

TEST(PlaceMatch, AnAddressFindsItsCommune) {
  EXPECT_EQ(agency_for_address("Số 12, khu phố 2, thị trấn Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa", kAgencies), "xa.bensung");
  EXPECT_EQ(agency_for_address("so 12 kp2 TT. Ben Sung", kAgencies), "xa.bensung");           // no diacritics, abbreviation
  EXPECT_EQ(agency_for_address("Thôn 3, Lĩnh Toại, Hà Trung", kAgencies), "xa.linhtoai");    // bare names
  // Two communes of the same name: the district decides; without it, nothing is guessed.
  EXPECT_EQ(agency_for_address("xã Hải Lĩnh, huyện Tĩnh Gia", kAgencies), "xa.hailinh.a");
  EXPECT_EQ(agency_for_address("xã Hải Lĩnh", kAgencies), "");
  // Only the province, a word inside another word, or nothing: no match.
  EXPECT_EQ(agency_for_address("tỉnh Thanh Hóa", kAgencies), "");
  EXPECT_EQ(agency_for_address("Bến Sungxyz", kAgencies), "");
  EXPECT_EQ(agency_for_address("", kAgencies), "");
}
