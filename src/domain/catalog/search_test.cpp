#include "domain/catalog/search.h"

#include <gtest/gtest.h>

using namespace motcua::catalog;

namespace {
SearchIndex seed() {
  SearchIndex idx;
  idx.add({"1.001193", "Đăng ký khai sinh", "Hộ tịch"});
  idx.add({"1.000894", "Đăng ký kết hôn", "Hộ tịch"});
  idx.add({"1.000656", "Đăng ký khai tử", "Hộ tịch"});
  idx.add({"2.000635", "Cấp bản sao trích lục hộ tịch", "Hộ tịch"});
  idx.add({"1.003622", "Thủ tục thông báo tổ chức lễ hội cấp xã", "Văn hóa cơ sở"});
  idx.add({"local.9", "Đăng ký lại khai sinh", "Hộ tịch"});
  return idx;
}
}  // namespace

TEST(CatalogSearch, DiacriticInsensitiveIncludingD) {
  auto idx = seed();
  auto h = idx.search("dang ky khai sinh");
  ASSERT_GE(h.size(), 1u);
  EXPECT_EQ(h[0].pos, 0u);  // exact phrase at the start ranks first
  auto k = idx.search("ket hon");
  ASSERT_GE(k.size(), 1u);
  EXPECT_EQ(k[0].pos, 1u);
  EXPECT_EQ(idx.search("ĐĂNG KÝ KẾT HÔN")[0].pos, 1u);
  EXPECT_EQ(idx.search("le hoi")[0].pos, 4u);
}

TEST(CatalogSearch, PrefixAndAllTokensMustMatch) {
  auto idx = seed();
  auto h = idx.search("khai s");
  ASSERT_EQ(h.size(), 2u);  // khai sinh, đăng ký lại khai sinh (not khai tử)
  EXPECT_TRUE(idx.search("khai sinh ket hon").empty());
  EXPECT_TRUE(idx.search("xyz").empty());
}

TEST(CatalogSearch, CodeAndFieldMatch) {
  auto idx = seed();
  auto h = idx.search("2.000635");
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h[0].pos, 3u);
  EXPECT_EQ(idx.search("van hoa co so").size(), 1u);
}

TEST(CatalogSearch, EmptyQueryReturnsAllInOrder) {
  auto idx = seed();
  auto h = idx.search("   ");
  ASSERT_EQ(h.size(), 6u);
  for (size_t i = 0; i < h.size(); ++i) EXPECT_EQ(h[i].pos, i);
}
