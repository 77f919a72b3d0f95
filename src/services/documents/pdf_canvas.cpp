#include "services/documents/pdf_canvas.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace motcua::documents {
namespace {

cairo_status_t write_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

LayoutPtr make_layout(cairo_t* cr, double w, std::string_view s, const TextStyle& st) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  PangoContext* ctx = pango_layout_get_context(layout.get());
  pango_cairo_context_set_resolution(ctx, 72.0);
  pango_layout_context_changed(layout.get());

  PangoFontDescription* fd = pango_font_description_from_string("Noto Serif, DejaVu Serif, serif");
  pango_font_description_set_size(fd, static_cast<int>(st.size * PANGO_SCALE));
  pango_font_description_set_weight(fd, st.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(fd, st.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout.get(), fd);
  pango_font_description_free(fd);

  if (w > 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(w * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  switch (st.align) {
    case Align::Left: pango_layout_set_alignment(layout.get(), PANGO_ALIGN_LEFT); break;
    case Align::Center: pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER); break;
    case Align::Right: pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT); break;
    case Align::Justify:
      pango_layout_set_alignment(layout.get(), PANGO_ALIGN_LEFT);
      pango_layout_set_justify(layout.get(), TRUE);
      break;
  }
  std::string text(s);
  if (st.markup) {
    pango_layout_set_markup(layout.get(), text.c_str(), static_cast<int>(text.size()));
  } else {
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
  }
  return layout;
}

double layout_height(PangoLayout* l) {
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

}  // namespace

std::string markup_escape(std::string_view s) {
  gchar* e = g_markup_escape_text(s.data(), static_cast<gssize>(s.size()));
  std::string r(e);
  g_free(e);
  return r;
}

PdfCanvas::PdfCanvas(const std::string& title, bool landscape)
    : width_(landscape ? kA4Long : kA4Short), height_(landscape ? kA4Short : kA4Long) {
  surface_ = cairo_pdf_surface_create_for_stream(write_to_string, &out_, width_, height_);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface_);
    throw std::runtime_error("cairo: cannot create PDF surface");
  }
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "motcua");
  cr_ = cairo_create(surface_);
  if (landscape) set_margins(42.5, 42.5, 42.5, 42.5);
  check();
}

PdfCanvas::~PdfCanvas() {
  if (cr_) cairo_destroy(cr_);
  if (surface_) cairo_surface_destroy(surface_);
}

void PdfCanvas::set_margins(double l, double t, double r, double b) {
  margin_left_ = l;
  margin_top_ = t;
  margin_right_ = r;
  margin_bottom_ = b;
}

void PdfCanvas::check() const {
  if (finished_) throw std::logic_error("PdfCanvas: already finished");
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr_)));
  }
}

double PdfCanvas::text(double x, double y, double w, std::string_view s, const TextStyle& st) {
  check();
  LayoutPtr l = make_layout(cr_, w, s, st);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, l.get());
  return layout_height(l.get());
}

double PdfCanvas::measure(double w, std::string_view s, const TextStyle& st) {
  check();
  LayoutPtr l = make_layout(cr_, w, s, st);
  return layout_height(l.get());
}

double PdfCanvas::text_width(std::string_view s, const TextStyle& st) {
  check();
  LayoutPtr l = make_layout(cr_, 0, s, st);
  int w = 0, h = 0;
  pango_layout_get_size(l.get(), &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, double width) {
  check();
  cairo_set_source_rgb(cr_, 0, 0, 0);
  cairo_set_line_width(cr_, width);
  cairo_move_to(cr_, x1, y1);
  cairo_line_to(cr_, x2, y2);
  cairo_stroke(cr_);
}

void PdfCanvas::rect(double x, double y, double w, double h, double width) {
  check();
  cairo_set_source_rgb(cr_, 0, 0, 0);
  cairo_set_line_width(cr_, width);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
}

bool PdfCanvas::qr(double x, double y, double size, std::string_view data) {
  check();
  std::string s(data);
  if (s.empty()) return false;
  QRcode* code = QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M);
  if (code == nullptr) return false;
  const int n = code->width;
  const int quiet = 2;
  const double m = size / (n + 2 * quiet);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      if (code->data[r * n + c] & 1) {
        cairo_rectangle(cr_, x + (c + quiet) * m, y + (r + quiet) * m, m, m);
      }
    }
  }
  cairo_fill(cr_);
  QRcode_free(code);
  return true;
}

double PdfCanvas::ensure(double y, double needed) {
  if (y + needed <= bottom()) return y;
  new_page();
  return top();
}

void PdfCanvas::new_page() {
  check();
  cairo_show_page(cr_);
  ++pages_;
  check();
}

double PdfCanvas::table(double x, double y, const std::vector<Column>& cols,
                        const std::vector<std::vector<std::string>>& rows, const TextStyle& header,
                        const TextStyle& body, double pad, const std::vector<ColumnGroup>& groups) {
  size_t spanned = 0;
  for (const auto& g : groups) spanned += g.span;
  if (!groups.empty() && spanned != cols.size()) {
    throw std::logic_error("PdfCanvas::table: column groups must span every column");
  }
  auto cell_text = [&](const std::vector<std::string>& cells, size_t i) {
    return i < cells.size() ? std::string_view(cells[i]) : std::string_view();
  };
  auto row_height = [&](const std::vector<std::string>& cells, const TextStyle& st) {
    double h = 0;
    for (size_t i = 0; i < cols.size(); ++i) h = std::max(h, measure(cols[i].width - 2 * pad, cell_text(cells, i), st));
    return h + 2 * pad;
  };
  TextStyle hs = header;
  hs.align = Align::Center;
  hs.markup = false;
  // A header caption, centred both ways in its cell, and the cell's rule.
  auto header_cell = [&](double cx, double top_y, double w, double h, std::string_view s) {
    double th = measure(w - 2 * pad, s, hs);
    text(cx + pad, top_y + (h - th) / 2, w - 2 * pad, s, hs);
    rect(cx, top_y, w, h);
  };
  auto caption_height = [&](double w, std::string_view s) { return measure(w - 2 * pad, s, hs) + 2 * pad; };
  // Header heights: without groups one row (sub_h); with groups the caption row (group_h) over the sub row,
  // a column of an uncaptioned group spanning both.
  double group_h = 0, sub_h = 0, full_h = 0;
  if (groups.empty()) {
    for (const auto& c : cols) sub_h = std::max(sub_h, caption_height(c.width, c.header));
  } else {
    size_t i = 0;
    for (const auto& g : groups) {
      double w = 0;
      for (size_t k = i; k < i + g.span; ++k) {
        w += cols[k].width;
        double ch = caption_height(cols[k].width, cols[k].header);
        if (g.header.empty()) full_h = std::max(full_h, ch);
        else sub_h = std::max(sub_h, ch);
      }
      if (!g.header.empty()) group_h = std::max(group_h, caption_height(w, g.header));
      i += g.span;
    }
    sub_h = std::max(sub_h, full_h - group_h);
  }
  const double hh = group_h + sub_h;
  auto draw_header = [&](double top_y) {
    if (groups.empty()) {
      double cx = x;
      for (const auto& c : cols) {
        header_cell(cx, top_y, c.width, hh, c.header);
        cx += c.width;
      }
      return;
    }
    double cx = x;
    size_t i = 0;
    for (const auto& g : groups) {
      if (g.header.empty()) {
        for (size_t k = i; k < i + g.span; ++k) {
          header_cell(cx, top_y, cols[k].width, hh, cols[k].header);
          cx += cols[k].width;
        }
      } else {
        double w = 0;
        for (size_t k = i; k < i + g.span; ++k) w += cols[k].width;
        header_cell(cx, top_y, w, group_h, g.header);
        for (size_t k = i; k < i + g.span; ++k) {
          header_cell(cx, top_y + group_h, cols[k].width, sub_h, cols[k].header);
          cx += cols[k].width;
        }
      }
      i += g.span;
    }
  };
  auto draw_row = [&](double top_y, double h, const std::vector<std::string>& cells) {
    double cx = x;
    for (size_t i = 0; i < cols.size(); ++i) {
      TextStyle cs = body;
      cs.align = cols[i].align;
      text(cx + pad, top_y + pad, cols[i].width - 2 * pad, cell_text(cells, i), cs);
      rect(cx, top_y, cols[i].width, h);
      cx += cols[i].width;
    }
  };
  const double limit = bottom() - top();
  y = ensure(y, hh + 20);
  draw_header(y);
  y += hh;
  for (const auto& r : rows) {
    double h = std::min(row_height(r, body), limit - hh);
    if (y + h > bottom()) {
      new_page();
      y = top();
      draw_header(y);
      y += hh;
    }
    draw_row(y, h, r);
    y += h;
  }
  return y;
}

std::string PdfCanvas::finish() {
  check();
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  cairo_status_t st = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  finished_ = true;
  if (st != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(st));
  }
  return std::move(out_);
}

}  // namespace motcua::documents
