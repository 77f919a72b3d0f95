#include "domain/format.h"

#include <gtest/gtest.h>

using namespace motcua;

TEST(Format, Money) {
  EXPECT_EQ(fmt::money(1250000), "1.250.000 đ");
  EXPECT_EQ(fmt::money(0), "0 đ");
  EXPECT_EQ(fmt::money(999), "999 đ");
  EXPECT_EQ(fmt::money(1000), "1.000 đ");
  EXPECT_EQ(fmt::money(-8000), "-8.000 đ");
  EXPECT_EQ(fmt::number(1000), "1.000");
  EXPECT_EQ(fmt::number(999), "999");
  EXPECT_EQ(fmt::number(1234567), "1.234.567");
}

TEST(Format, DatesAreInVietnamTime) {
  // 2026-04-24T03:00:00Z is 10:00 in Hà Nội.
  int64_t ms = 1777000000000;  // 2026-04-24T03:06:40Z
  EXPECT_EQ(fmt::date(ms), "24/04/2026");
  EXPECT_EQ(fmt::datetime(ms), "10:06 24/04/2026");
  EXPECT_EQ(fmt::iso_datetime(ms), "2026-04-24T10:06:40+07:00");
  // 17:30Z is already the next day in Vietnam.
  EXPECT_EQ(fmt::date(*fmt::parse_iso_date("2026-12-31") + 86400000 - 1), "31/12/2026");
}

TEST(Format, ParseIsoDate) {
  auto d = fmt::parse_iso_date("2026-04-24");
  ASSERT_TRUE(d);
  EXPECT_EQ(fmt::iso_date(*d), "2026-04-24");
  EXPECT_EQ(fmt::datetime(*d), "00:00 24/04/2026");
  EXPECT_FALSE(fmt::parse_iso_date("2026-02-30"));
  EXPECT_FALSE(fmt::parse_iso_date("2026-13-01"));
  EXPECT_FALSE(fmt::parse_iso_date("24/04/2026"));
  EXPECT_FALSE(fmt::parse_iso_date(""));
  EXPECT_TRUE(fmt::parse_iso_date("2024-02-29"));
  EXPECT_FALSE(fmt::parse_iso_date("2023-02-29"));
}
