// In-memory PDF drawing surface for the official forms (cairo + pango).
//
// Contract:
//  - PdfCanvas(title, landscape) opens an A4 PDF (595.28 x 841.89 pt, or rotated) rendered into memory
//    (cairo_pdf_surface_create_for_stream); the PDF metadata Title is `title`, Creator "motcua".
//    All coordinates are PDF points, origin top-left of the current page.
//  - Text is UTF-8, laid out and shaped by pango at 72 dpi (so TextStyle::size is in points), with the
//    serif family "Noto Serif" (fallback DejaVu Serif), wrapped at word boundaries within the given width.
//    With TextStyle::markup the string is pango markup: escape user data with markup_escape().
//  - text() draws and returns the height used; measure() returns it without drawing.
//  - table() draws a ruled table with a bold header row; cells wrap (and may contain '\n'); when a row
//    does not fit above bottom() a new page is started (same orientation) and the header row is repeated.
//    It returns the y just below the table. With `groups` (their spans adding up to the number of columns)
//    the header has two rows: each captioned group's caption over its columns' headers, and the header of a
//    column in an uncaptioned group spanning both rows (merged cells); the two rows are repeated together.
//    Body cells are plain text, or pango markup when `body.markup` (escape data with markup_escape()).
//  - qr() draws a QR code (libqrencode, level M, 8-bit mode) as filled black squares in a size x size
//    square with a quiet zone; returns false (and draws nothing) when the data cannot be encoded.
//  - new_page() starts a page; finish() closes the document and returns the PDF bytes; the canvas cannot
//    be drawn on afterwards. Any cairo error throws std::runtime_error.
//  - Not thread-safe per instance; separate instances may be used from separate threads.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace motcua::documents {

enum class Align { Left, Center, Right, Justify };

struct TextStyle {
  double size = 13;
  bool bold = false;
  bool italic = false;
  Align align = Align::Left;
  bool markup = false;
};

struct Column {
  std::string header;
  double width = 0;
  Align align = Align::Left;
};

// A caption over `span` adjacent columns of a table's header; an empty caption: each of those columns' headers
// fills both header rows.
struct ColumnGroup {
  std::string header;
  size_t span = 1;
};

std::string markup_escape(std::string_view s);

class PdfCanvas {
 public:
  static constexpr double kA4Short = 595.2756;
  static constexpr double kA4Long = 841.8898;

  explicit PdfCanvas(const std::string& title, bool landscape = false);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  double page_width() const { return width_; }
  double page_height() const { return height_; }
  // Margins per Decree 30/2020 layout: left 30 mm, right 15 mm, top/bottom 20 mm.
  double left() const { return margin_left_; }
  double right() const { return width_ - margin_right_; }
  double content_width() const { return right() - left(); }
  double top() const { return margin_top_; }
  double bottom() const { return height_ - margin_bottom_; }
  void set_margins(double left, double top, double right, double bottom);
  int page_count() const { return pages_; }

  double text(double x, double y, double w, std::string_view s, const TextStyle& st);
  double measure(double w, std::string_view s, const TextStyle& st);
  // Width of a single-line (unwrapped) text.
  double text_width(std::string_view s, const TextStyle& st);
  void line(double x1, double y1, double x2, double y2, double width = 0.6);
  void rect(double x, double y, double w, double h, double width = 0.6);
  bool qr(double x, double y, double size, std::string_view data);
  double table(double x, double y, const std::vector<Column>& cols,
               const std::vector<std::vector<std::string>>& rows, const TextStyle& header,
               const TextStyle& body, double pad = 3, const std::vector<ColumnGroup>& groups = {});
  // Starts a new page if `needed` points do not fit below y; returns the y to draw at.
  double ensure(double y, double needed);
  void new_page();
  std::string finish();

 private:
  void check() const;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  std::string out_;
  double width_, height_;
  double margin_left_ = 85, margin_top_ = 57, margin_right_ = 42.5, margin_bottom_ = 57;
  int pages_ = 1;
  bool finished_ = false;
};

}  // namespace motcua::documents
