// Internal layout helpers shared by the form renderers (forms_pdf.cpp, forms_tables.cpp).
//
// Contract:
//  - header() draws the official two-column header at the top of the current page (agency left with
//    `number_line` such as "Số: …/HDHS" under it; national motto and "<place>, ngày … tháng … năm …"
//    right) and returns the y below it.
//  - title() draws a centred bold title; para() draws a justified pango-markup paragraph (escape user
//    data with esc()), starting a new page when it does not fit; signatures() draws one or more signature
//    blocks side by side (a single block goes to the right half). Each returns the y below what it drew.
//  - field(label, value) = "label value" with value escaped, or dots when empty.
//  - upper() is Unicode upper case (g_utf8_strup).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "services/documents/forms_pdf.h"
#include "services/documents/pdf_canvas.h"

namespace motcua::documents::layout {

struct Signature {
  std::string title, hint, name;
};

std::string upper(std::string_view s);
std::string esc(std::string_view s);
std::string field(std::string_view label, const std::string& value);
double header(PdfCanvas& c, const FormHeader& h, const std::string& number_line);
double title(PdfCanvas& c, double y, const std::string& t, double size);
double para(PdfCanvas& c, double y, const std::string& markup, double indent = 0, bool italic = false);
double signatures(PdfCanvas& c, double y, const std::vector<Signature>& sigs);
std::string person_lines(const DossierView& d);
// "Mẫu 01 - Giấy tiếp nhận …" (or the bare name when the era gives no number) for the PDF metadata.
std::string metadata_title(const FormName& n);
// "Mẫu số 01 (Thông tư số …)" in the top margin; nothing when the form has no number in the era.
void form_mark(PdfCanvas& c, const FormName& n);

}  // namespace motcua::documents::layout
