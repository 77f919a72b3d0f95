// motcua-paygate: the pages' frame and style (see html.h).
#include "standins/paygate/html.h"

#include "domain/text.h"

namespace motcua::standins::paygate {

namespace {

// Colours (WCAG AA): text #1a1a1a on #fff (17:1), primary #00529b with white (7.8:1), danger #a4001d on white
// (8.1:1), notes #474d55 (8.5:1), control borders #5f6670 (5.8:1), focus ring #1a1a1a.
constexpr const char* kStyle = R"(<style>
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1a1a1a;background:#f2f4f7}
header{background:#00529b;color:#fff;padding:.75rem 1rem}
header p{margin:0;font-weight:600}
main{max-width:32rem;margin:1rem auto;padding:1rem;background:#fff;border:1px solid #c4c9d0;border-radius:.5rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}
dl{margin:0 0 1rem}
dt{font-weight:600;margin-top:.5rem}
dd{margin:0;overflow-wrap:anywhere}
.amount{font-size:1.5rem;font-weight:700}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
select{width:100%;min-height:2.75rem;font:inherit;padding:.5rem;border:1px solid #5f6670;border-radius:.375rem;background:#fff;color:#1a1a1a}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
button{flex:1 1 10rem;min-height:2.75rem;font:inherit;font-weight:600;border-radius:.375rem;padding:.5rem 1rem;cursor:pointer}
.pay{background:#00529b;color:#fff;border:2px solid #00529b}
.cancel{background:#fff;color:#a4001d;border:2px solid #a4001d}
button:focus-visible,select:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.note{color:#474d55;font-size:.9375rem}
.problems li{margin:.25rem 0}
</style>)";

// The radio group (PayGov's provider choice); the banner in the portal's red (white on #a4001d: 8.1:1).
constexpr const char* kPaygovStyle = R"(<style>
header{background:#a4001d}
fieldset{margin:1rem 0 0;padding:.25rem 1rem .75rem;border:1px solid #5f6670;border-radius:.375rem}
legend{font-weight:600;padding:0 .25rem}
.choice{display:flex;align-items:center;gap:.75rem;min-height:2.75rem}
.choice input{width:1.25rem;height:1.25rem;margin:0;accent-color:#00529b;flex:none}
.choice label{display:block;flex:1;margin:0;padding:.5rem 0;font-weight:400;cursor:pointer}
.choice input:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
</style>)";

}  // namespace

const Brand kVnpay{"Cổng thanh toán VNPAY (thử nghiệm)", "Cổng thanh toán VNPAY — môi trường thử nghiệm", ""};
const Brand kPaygov{"Nền tảng thanh toán – Cổng Dịch vụ công quốc gia (thử nghiệm)",
                    "Nền tảng thanh toán trực tuyến – Cổng Dịch vụ công quốc gia — môi trường thử nghiệm", kPaygovStyle};

std::string esc(const std::string& s) { return motcua::text::escape_html(s); }

std::string page(const Brand& brand, const std::string& title, const std::string& body) {
  const std::string full_title = title.empty() ? std::string(brand.name) : title + " — " + brand.name;
  return "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         esc(full_title) + "</title>" + kStyle + brand.extra_css + "</head><body><header><p>" + esc(brand.banner) + "</p></header><main>" + body +
         "</main></body></html>\n";
}

void respond_html(Conn& c, int status, const Brand& brand, const std::string& title, const std::string& body) {
  respond(c, status, "text/html; charset=utf-8", page(brand, title, body));
}

void error_page(Conn& c, int status, const Brand& brand, const std::string& title, const std::vector<std::string>& problems) {
  std::string body = "<h1>" + esc(title) + "</h1><ul class=\"problems\">";
  for (const auto& p : problems) body += "<li>" + esc(p) + "</li>";
  body += "</ul><p class=\"note\">Vui lòng quay lại trang của đơn vị bán hàng và thực hiện lại giao dịch.</p>";
  respond_html(c, status, brand, title, body);
}

}  // namespace motcua::standins::paygate
