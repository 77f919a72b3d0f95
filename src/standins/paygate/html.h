// motcua-paygate, the HTML pages' frame: one accessible layout (WCAG 2.1 AA: lang="vi", a viewport meta, contrast
// ≥ 4.5:1, visible focus, 44 px targets, usable at 390 px) branded per merchant protocol.
//
// Contract
// - esc(s): s with & < > " ' escaped for HTML text and attribute values.
// - page(brand, title, body): a whole document; <title> is "<title> — <brand.name>" (just brand.name when title is
//   empty), the header banner says brand.banner, body goes inside <main>.
// - respond_html(c, status, brand, title, body) writes page(…) as text/html; charset=utf-8.
// - error_page(c, status, brand, title, problems): an <h1>, the problems as a list and a note asking to go back to
//   the merchant's page and try again.
// - kVnpay: "Cổng thanh toán VNPAY (thử nghiệm)" (blue banner); kPaygov: "Nền tảng thanh toán – Cổng Dịch vụ công
//   quốc gia (thử nghiệm)" (red banner, plus styles for a radio group in a fieldset).
#pragma once
#include <string>
#include <vector>

#include "standins/listen.h"

namespace motcua::standins::paygate {

struct Brand {
  const char* name;       // in <title>
  const char* banner;     // the header's text
  const char* extra_css;  // appended to the common style
};

extern const Brand kVnpay, kPaygov;

std::string esc(const std::string& s);
std::string page(const Brand& brand, const std::string& title, const std::string& body);
void respond_html(Conn& c, int status, const Brand& brand, const std::string& title, const std::string& body);
void error_page(Conn& c, int status, const Brand& brand, const std::string& title, const std::vector<std::string>& problems);

}  // namespace motcua::standins::paygate
