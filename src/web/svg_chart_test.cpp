#include "web/svg_chart.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(SvgChart, NiceMaximum) {
  EXPECT_EQ(nice_max(0), 1);
  EXPECT_EQ(nice_max(-3), 1);
  EXPECT_EQ(nice_max(1), 1);
  EXPECT_EQ(nice_max(7), 10);
  EXPECT_EQ(nice_max(12), 20);
  EXPECT_EQ(nice_max(430), 500);
  EXPECT_EQ(nice_max(1000), 1000);
}

TEST(SvgChart, StackedBarsAreLabelledAndDescribed) {
  std::string svg = stacked_bars("c1", "Hồ sơ <đã> giải quyết", {"11/2026", "12/2026"},
                                 {{"Đúng hạn", "#15803d", {3.0, 1234.0}}, {"Quá hạn", "#b91c1c", {1.0, std::nullopt}}});
  EXPECT_EQ(svg.rfind("<svg class=\"chart\" id=\"c1\"", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"c1-t c1-d\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"c1-t\">Hồ sơ &lt;đã&gt; giải quyết</title>"), std::string::npos);  // escaped
  EXPECT_NE(svg.find("Đúng hạn: 11/2026 3, 12/2026 1.234. Quá hạn: 11/2026 1, 12/2026 không có."), std::string::npos) << svg;
  EXPECT_EQ(count(svg, "<rect x="), 3u + 2u);  // three bars + two legend keys (no bar for the missing value)
  EXPECT_EQ(svg.find("style="), std::string::npos);  // the pages' CSP refuses inline styles
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(SvgChart, PercentLinesBreakAtAMissingValue) {
  std::string svg = percent_lines("c2", "Tỷ lệ", {"1", "2", "3", "4"}, {{"Trực tuyến", "#1d4ed8", {10.0, 20.0, std::nullopt, 40.5}}});
  EXPECT_EQ(count(svg, "<polyline"), 2u);
  EXPECT_EQ(count(svg, "<circle"), 3u);
  EXPECT_NE(svg.find("Trực tuyến: 1 10 %, 2 20 %, 3 không có, 4 40,5 %."), std::string::npos) << svg;
  EXPECT_NE(svg.find(">100 %</text>"), std::string::npos);
}

}  // namespace
}  // namespace motcua::web
