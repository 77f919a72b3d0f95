// motcua::web — small server-drawn SVG charts (public KPI pages, the supervisor's dashboard). No script, no inline
// style attribute (the pages' CSP refuses them): colours are SVG presentation attributes.
//
// Contract
// - Accessible: <svg role="img" aria-labelledby="<id>-t <id>-d"> with a <title> (the chart's name) and a <desc>
//   (a sentence per series giving every value, so a screen reader gets the data without the picture); every label
//   and legend entry is text. The page still shows the same data as a table beside the chart.
// - Scales to its container (viewBox, width 100 %); labels are 13–14 px at the chart's natural width (520 × 300).
// - All text is HTML-escaped; values are finite numbers (a missing value is nullopt: no bar / a break in the line,
//   and "không có" in the description).
// - stacked_bars: one stacked column per label, series bottom to top; the y axis runs from 0 to a round maximum
//   (1, 2, 5 × 10^k, at least 5) with 5 intervals, so that counts fall on whole numbers.
// - percent_lines: one polyline per series on a 0–100 % axis, a dot at every value.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace motcua::web {

struct ChartSeries {
  std::string name;
  std::string colour;  // "#1d4ed8"; dark enough for 3:1 against white (WCAG 1.4.11)
  std::vector<std::optional<double>> values;  // one per label
};

std::string stacked_bars(const std::string& id, const std::string& title, const std::vector<std::string>& labels,
                         const std::vector<ChartSeries>& series);
std::string percent_lines(const std::string& id, const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series);

// The round axis maximum for a largest value: 0 → 1; 7 → 10; 12 → 20; 430 → 500.
double nice_max(double v);

}  // namespace motcua::web
