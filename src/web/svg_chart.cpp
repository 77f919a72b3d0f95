// Server-drawn SVG charts — contract in svg_chart.h.
#include "web/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/text.h"

namespace motcua::web {

namespace {

constexpr double kW = 520, kH = 300, kLeft = 58, kRight = 12, kTop = 40, kBottom = 60;  // the legend above the plot
constexpr int kIntervals = 5;  // grid lines: 0, 20, …, 100 % and whole numbers for counts (max ≥ 5)

std::string f1(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// "1.234" / "12,5" — the way the pages write numbers.
std::string vi_number(double v) {
  char b[48];
  if (std::fabs(v - std::round(v)) < 1e-9) {
    std::snprintf(b, sizeof b, "%.0f", v);
    std::string s = b, out;
    size_t start = s[0] == '-' ? 1 : 0;
    for (size_t i = 0; i < s.size(); ++i) {
      if (i > start && (s.size() - i) % 3 == 0) out += '.';
      out += s[i];
    }
    return out;
  }
  std::snprintf(b, sizeof b, "%.1f", v);
  std::string s = b;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string open_svg(const std::string& id, const std::string& title, const std::string& desc) {
  const std::string e = text::escape_html(id);
  return "<svg class=\"chart\" id=\"" + e + "\" viewBox=\"0 0 " + f1(kW) + " " + f1(kH) + "\" width=\"100%\" role=\"img\" aria-labelledby=\"" + e +
         "-t " + e + "-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"" + e + "-t\">" + text::escape_html(title) + "</title><desc id=\"" + e +
         "-d\">" + text::escape_html(desc) + "</desc>";
}

// "Tên: 11/2026 12, 12/2026 không có. " for each series.
std::string describe(const std::vector<std::string>& labels, const std::vector<ChartSeries>& series, const std::string& unit) {
  std::string d;
  for (const auto& s : series) {
    d += s.name + ": ";
    for (size_t i = 0; i < labels.size(); ++i) {
      auto v = i < s.values.size() ? s.values[i] : std::nullopt;
      d += labels[i] + " " + (v ? vi_number(*v) + unit : std::string("không có")) + (i + 1 < labels.size() ? ", " : ". ");
    }
  }
  return d;
}

std::string text(double x, double y, const std::string& s, const char* anchor = "middle") {
  return "<text x=\"" + f1(x) + "\" y=\"" + f1(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"14\" fill=\"#1f2937\">" + text::escape_html(s) + "</text>";
}

// Grid lines and y labels for [0, max]; x labels under each slot.
std::string axes(double max, const std::vector<std::string>& labels, const std::string& unit) {
  std::string g = "<g aria-hidden=\"true\">";
  const double plot_h = kH - kTop - kBottom, plot_w = kW - kLeft - kRight;
  for (int i = 0; i <= kIntervals; ++i) {
    double v = max * i / kIntervals, y = kTop + plot_h - plot_h * i / kIntervals;
    g += "<line x1=\"" + f1(kLeft) + "\" x2=\"" + f1(kW - kRight) + "\" y1=\"" + f1(y) + "\" y2=\"" + f1(y) + "\" stroke=\"#9ca3af\" stroke-width=\"1\"/>";
    g += text(kLeft - 6, y + 4, vi_number(v) + unit, "end");
  }
  const double slot = labels.empty() ? plot_w : plot_w / static_cast<double>(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    double x = kLeft + slot * (static_cast<double>(i) + 0.5), y = kH - kBottom + 18;
    g += "<text x=\"" + f1(x) + "\" y=\"" + f1(y) + "\" text-anchor=\"end\" font-size=\"13\" fill=\"#1f2937\" transform=\"rotate(-40 " + f1(x) + " " +
         f1(y) + ")\">" + text::escape_html(labels[i]) + "</text>";
  }
  return g + "</g>";
}

std::string legend(const std::vector<ChartSeries>& series) {
  std::string g = "<g aria-hidden=\"true\">";
  double x = kLeft;
  for (const auto& s : series) {
    g += "<rect x=\"" + f1(x) + "\" y=\"8\" width=\"12\" height=\"12\" fill=\"" + text::escape_html(s.colour) + "\"/>";
    g += text(x + 16, 19, s.name, "start");
    x += 30 + 7.2 * static_cast<double>(s.name.size());
  }
  return g + "</g>";
}

}  // namespace

double nice_max(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 1;
  double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (v <= m * p + 1e-9) return m * p;
  return 10 * p;
}

std::string stacked_bars(const std::string& id, const std::string& title, const std::vector<std::string>& labels,
                         const std::vector<ChartSeries>& series) {
  double top = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    double sum = 0;
    for (const auto& s : series)
      if (i < s.values.size() && s.values[i] && std::isfinite(*s.values[i])) sum += std::max(0.0, *s.values[i]);
    top = std::max(top, sum);
  }
  const double max = std::max(5.0, nice_max(top)), plot_h = kH - kTop - kBottom, plot_w = kW - kLeft - kRight;
  const double slot = labels.empty() ? plot_w : plot_w / static_cast<double>(labels.size()), bar = slot * 0.6;
  std::string svg = open_svg(id, title, describe(labels, series, "")) + axes(max, labels, "") + "<g aria-hidden=\"true\">";
  for (size_t i = 0; i < labels.size(); ++i) {
    double base = kTop + plot_h, x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    for (const auto& s : series) {
      if (i >= s.values.size() || !s.values[i] || !std::isfinite(*s.values[i]) || *s.values[i] <= 0) continue;
      double h = plot_h * *s.values[i] / max;
      base -= h;
      svg += "<rect x=\"" + f1(x) + "\" y=\"" + f1(base) + "\" width=\"" + f1(bar) + "\" height=\"" + f1(h) + "\" fill=\"" + text::escape_html(s.colour) + "\"/>";
    }
  }
  return svg + "</g>" + legend(series) + "</svg>";
}

std::string percent_lines(const std::string& id, const std::string& title, const std::vector<std::string>& labels,
                          const std::vector<ChartSeries>& series) {
  const double plot_h = kH - kTop - kBottom, plot_w = kW - kLeft - kRight;
  const double slot = labels.empty() ? plot_w : plot_w / static_cast<double>(labels.size());
  std::string svg = open_svg(id, title, describe(labels, series, " %")) + axes(100, labels, " %") + "<g aria-hidden=\"true\">";
  for (const auto& s : series) {
    std::string points, dots;
    auto flush = [&] {
      if (!points.empty())
        svg += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + text::escape_html(s.colour) + "\" stroke-width=\"2.5\"/>";
      points.clear();
    };
    for (size_t i = 0; i < labels.size(); ++i) {
      auto v = i < s.values.size() ? s.values[i] : std::nullopt;
      if (!v || !std::isfinite(*v)) {
        flush();
        continue;
      }
      double x = kLeft + slot * (static_cast<double>(i) + 0.5), y = kTop + plot_h - plot_h * std::clamp(*v, 0.0, 100.0) / 100;
      points += (points.empty() ? "" : " ") + f1(x) + "," + f1(y);
      dots += "<circle cx=\"" + f1(x) + "\" cy=\"" + f1(y) + "\" r=\"3.5\" fill=\"" + text::escape_html(s.colour) + "\"/>";
    }
    flush();
    svg += dots;
  }
  return svg + "</g>" + legend(series) + "</svg>";
}

}  // namespace motcua::web
