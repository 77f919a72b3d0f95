#include "services/documents/forms_pdf.h"

#include <glib.h>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <utility>

#include "services/documents/forms_layout.h"
#include "services/documents/pdf_canvas.h"

namespace motcua::documents {
namespace {

constexpr int64_t kTzMs = 7LL * 3600 * 1000;
constexpr const char* kDots = "……………";

struct Local {
  int y, m, d, hh, mm;
};

Local local(int64_t ms) {
  int64_t t = ms + kTzMs;
  int64_t days = t / 86400000;
  int64_t rem = t % 86400000;
  if (rem < 0) {
    rem += 86400000;
    --days;
  }
  // Howard Hinnant's civil_from_days.
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d),
          static_cast<int>(rem / 3600000), static_cast<int>((rem / 60000) % 60)};
}

std::string or_dots(const std::string& s) { return s.empty() ? kDots : s; }

}  // namespace

std::string vn_date(int64_t ms) {
  if (ms == 0) return "…/…/……";
  Local l = local(ms);
  char b[32];
  std::snprintf(b, sizeof b, "%02d/%02d/%04d", l.d, l.m, l.y);
  return b;
}

std::string vn_time_date(int64_t ms) {
  if (ms == 0) return "… giờ … phút, ngày …/…/……";
  Local l = local(ms);
  char b[64];
  std::snprintf(b, sizeof b, "%02d giờ %02d phút, ngày %02d/%02d/%04d", l.hh, l.mm, l.d, l.m, l.y);
  return b;
}

std::string vn_long_date(int64_t ms) {
  if (ms == 0) return "ngày … tháng … năm ……";
  Local l = local(ms);
  char b[64];
  std::snprintf(b, sizeof b, "ngày %02d tháng %02d năm %04d", l.d, l.m, l.y);
  return b;
}

namespace layout {

std::string upper(std::string_view s) {
  gchar* u = g_utf8_strup(s.data(), static_cast<gssize>(s.size()));
  std::string r(u);
  g_free(u);
  return r;
}

std::string esc(std::string_view s) { return markup_escape(s); }

std::string field(std::string_view label, const std::string& value) {
  return std::string(label) + " " + esc(or_dots(value));
}

double header(PdfCanvas& c, const FormHeader& h, const std::string& number_line) {
  // The header spans a little into the wide left margin, as printed forms do.
  const double x = std::max(c.left() - 30, 42.5);
  const double w = c.right() - x;
  const double lw = w * 0.42, rx = x + lw, rw = w - lw;
  double y = c.top();
  TextStyle st{12, false, false, Align::Center};
  double ly = y;
  if (!h.parent_agency_name.empty()) ly += c.text(x, ly, lw, upper(h.parent_agency_name), st);
  st.bold = true;
  ly += c.text(x, ly, lw, upper(h.agency_name), st);
  c.line(x + lw * 0.35, ly + 3, x + lw * 0.65, ly + 3);
  ly += 8;
  if (!number_line.empty()) {
    ly += c.text(x, ly, lw, number_line, TextStyle{11, false, false, Align::Center});
  }
  double ry = y;
  ry += c.text(rx, ry, rw, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", TextStyle{12, true, false, Align::Center});
  TextStyle motto{13, true, false, Align::Center};
  const char* m = "Độc lập - Tự do - Hạnh phúc";
  ry += c.text(rx, ry, rw, m, motto);
  double mw = c.text_width(m, motto);
  c.line(rx + (rw - mw) / 2, ry + 2, rx + (rw + mw) / 2, ry + 2);
  ry += 10;
  ry += c.text(rx, ry, rw, or_dots(h.place) + ", " + vn_long_date(h.date_ms),
               TextStyle{13, false, true, Align::Center});
  return std::max(ly, ry) + 18;
}

double title(PdfCanvas& c, double y, const std::string& t, double size) {
  return y + c.text(c.left(), y, c.content_width(), t, TextStyle{size, true, false, Align::Center}) + 4;
}

double para(PdfCanvas& c, double y, const std::string& markup, double indent, bool italic) {
  TextStyle st{13, false, italic, Align::Justify, true};
  const double w = c.content_width() - indent;
  y = c.ensure(y, c.measure(w, markup, st));
  return y + c.text(c.left() + indent, y, w, markup, st) + 3;
}

double signatures(PdfCanvas& c, double y, const std::vector<Signature>& sigs) {
  if (sigs.empty()) return y;
  y = c.ensure(y + 10, 110);
  const double n = static_cast<double>(sigs.size());
  const double cw = c.content_width() / (sigs.size() == 1 ? 2 : n);
  double x = sigs.size() == 1 ? c.left() + cw : c.left();
  double bottom = y;
  for (const auto& s : sigs) {
    double sy = y;
    sy += c.text(x, sy, cw, s.title, TextStyle{13, true, false, Align::Center});
    sy += c.text(x, sy, cw, s.hint, TextStyle{12, false, true, Align::Center});
    sy += 60;
    if (!s.name.empty()) sy += c.text(x, sy, cw, s.name, TextStyle{13, true, false, Align::Center});
    bottom = std::max(bottom, sy);
    x += cw;
  }
  return bottom + 6;
}

// The issued copy's verification QR code, below the signatures.
void verify_mark(PdfCanvas& c, double y, const std::string& url) {
  if (url.empty()) return;
  const double qr = 52;
  y = c.ensure(y + 6, qr + 4);
  c.qr(c.left(), y, qr, url);
  c.text(c.left() + qr + 8, y + 10, c.content_width() - qr - 8, "Mã QR xác minh văn bản điện tử:\n" + esc(url), TextStyle{9, false, true, Align::Left, true});
}

std::string person_lines(const DossierView& d) {
  return field("Địa chỉ:", d.applicant_address) + "\nSố điện thoại: " + esc(or_dots(d.applicant_phone)) +
         "        Email: " + esc(or_dots(d.applicant_email));
}

}  // namespace layout

using namespace layout;

std::string form01_receipt(const FormHeader& h, const DossierView& d) {
  const FormName n = form_name(FormKind::receipt, h.era);
  PdfCanvas c(metadata_title(n) + " - " + d.code);
  form_mark(c, n);
  double y = header(c, h, "Số: " + or_dots(d.code) + "/TNHS");
  y = title(c, y, n.title, 14);
  y += c.text(c.left(), y, c.content_width(), "Mã hồ sơ: <b>" + esc(or_dots(d.code)) + "</b>",
              TextStyle{13, false, false, Align::Center, true});
  // QR code of the public lookup page, top right of the body.
  const double qr = 72;
  const double qr_top = y;
  if (!d.lookup_url.empty()) {
    c.qr(c.right() - qr, y - 2, qr, d.lookup_url);
    c.text(c.right() - qr - 20, y + qr - 2, qr + 40, "Tra cứu hồ sơ",
           TextStyle{9, false, true, Align::Center});
  }
  y += 8;
  const double indent_qr = d.lookup_url.empty() ? 0 : qr + 8;
  {
    TextStyle st{13, false, false, Align::Left, true};
    const double w = c.content_width() - indent_qr;
    std::string t = esc(or_dots(d.receiving_unit)) + " tiếp nhận hồ sơ của Ông (Bà): <b>" +
                    esc(or_dots(d.applicant_name)) + "</b>\n" + person_lines(d);
    y += c.text(c.left(), y, w, t, st) + 3;
    if (!d.lookup_url.empty()) y = std::max(y, qr_top + qr + 12);
  }
  y = para(c, y, field("Nội dung yêu cầu giải quyết:", d.procedure_name));
  y = para(c, y, "1. Thành phần hồ sơ nộp gồm:");
  std::vector<Column> cols{{"TT", 30, Align::Center},
                           {"Tên loại giấy tờ", c.content_width() - 30 - 3 * 60, Align::Left},
                           {"Bản chính", 60, Align::Center},
                           {"Bản sao chứng thực", 60, Align::Center},
                           {"Bản photo", 60, Align::Center}};
  std::vector<std::vector<std::string>> rows;
  auto num = [](int n) { return n > 0 ? std::to_string(n) : std::string(); };
  for (size_t i = 0; i < d.components.size(); ++i) {
    const auto& k = d.components[i];
    rows.push_back({std::to_string(i + 1), k.name, num(k.original), num(k.certified), num(k.photo)});
  }
  y = c.table(c.left(), y, cols, rows, TextStyle{11, true}, TextStyle{12}) + 6;
  y = para(c, y, "2. Số lượng hồ sơ: " + std::to_string(d.sets) + " (bộ)");
  y = para(c, y, "3. Thời gian giải quyết hồ sơ theo quy định là: " + esc(or_dots(d.statutory_time)));
  y = para(c, y, "4. Thời gian nhận hồ sơ: " + vn_time_date(d.received_at_ms));
  y = para(c, y, "5. Thời gian trả kết quả giải quyết hồ sơ: <b>" + vn_time_date(d.appointment_ms) + "</b>");
  y = para(c, y, field("6. Đăng ký nhận kết quả tại:", d.delivery_method));
  if (!d.rating_url.empty()) {  // rating without signing in: the QR, or the page and the two codes
    const double q = 48;
    y = c.ensure(y + 2, q + 4);
    c.qr(c.left(), y, q, d.rating_url);
    std::string page = d.rating_url.substr(0, d.rating_url.find('?'));
    c.text(c.left() + q + 8, y + 2, c.content_width() - q - 8,
           "7. Đánh giá mức độ hài lòng sau khi nhận kết quả: quét mã QR, hoặc vào " + esc(page) + ", nhập mã hồ sơ và mã đánh giá <b>" +
               esc(d.rating_code) + "</b>.",
           TextStyle{12, false, false, Align::Left, true});
    y += q + 6;
  }
  y = para(c, y, "Vào Sổ theo dõi hồ sơ, Quyển số: " + esc(or_dots(d.ledger_book)) +
                     "        Số thứ tự: " + esc(or_dots(d.ledger_order)));
  y = para(c, y,
           "Trường hợp hồ sơ được giải quyết sớm hơn thời gian quy định, cơ quan giải quyết sẽ thông báo "
           "cho Ông (Bà) qua tin nhắn SMS hoặc thư điện tử để nhận kết quả trước hẹn.",
           0, true);
  y = signatures(c, y, {{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d.applicant_name},
                    {"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", d.receiving_officer}});
  verify_mark(c, y, d.verify_url);
  return c.finish();
}

std::string form02_supplement(const FormHeader& h, const DossierView& d) {
  const FormName n = form_name(FormKind::supplement, h.era);
  PdfCanvas c(metadata_title(n) + (d.code.empty() ? "" : " - " + d.code));
  form_mark(c, n);
  double y = header(c, h, "Số: " + or_dots(d.code) + "/HDHS");
  y = title(c, y, n.title, 14) + 6;
  y = para(c, y, "Hồ sơ của: <b>" + esc(or_dots(d.applicant_name)) + "</b>");
  y = para(c, y, field("Nội dung yêu cầu giải quyết:", d.procedure_name));
  y = para(c, y, person_lines(d));
  y = para(c, y, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:");
  if (d.items.empty()) y = para(c, y, std::string("1. ") + kDots, 18);
  for (size_t i = 0; i < d.items.size(); ++i) {
    y = para(c, y, std::to_string(i + 1) + ". " + esc(d.items[i]), 18);
  }
  y = para(c, y, "<b>Lý do:</b> " + esc(or_dots(d.reason)));
  std::string help = "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông (Bà) liên hệ với ";
  help += esc(or_dots(d.help_officer)) + ", số điện thoại " + esc(or_dots(d.help_phone));
  if (!d.help_website.empty()) help += " hoặc tra cứu tại " + esc(d.help_website);
  help += " để được hướng dẫn./.";
  y = para(c, y, help);
  y = signatures(c, y, {{"NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", d.receiving_officer}});
  verify_mark(c, y, d.verify_url);
  return c.finish();
}

std::string form03_refusal(const FormHeader& h, const DossierView& d) {
  const FormName n = form_name(FormKind::refusal, h.era);
  PdfCanvas c(metadata_title(n) + (d.code.empty() ? "" : " - " + d.code));
  form_mark(c, n);
  double y = header(c, h, "");
  y = title(c, y, n.title, 14) + 6;
  y = para(c, y, esc(or_dots(d.receiving_unit)) + " tiếp nhận hồ sơ của Ông (Bà): <b>" +
                     esc(or_dots(d.applicant_name)) + "</b>");
  y = para(c, y, person_lines(d));
  y = para(c, y, field("Nội dung yêu cầu giải quyết:", d.procedure_name));
  y = para(c, y, "Qua xem xét hồ sơ và căn cứ quy định pháp luật, " + esc(or_dots(d.receiving_unit)) +
                     " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: <b>" +
                     esc(or_dots(d.reason)) + "</b>",
           18);
  std::string help = "Nếu có vướng mắc, Ông (Bà) liên hệ với " + esc(or_dots(d.help_officer)) +
                     ", số điện thoại " + esc(or_dots(d.help_phone));
  if (!d.help_website.empty()) help += " hoặc tra cứu tại " + esc(d.help_website);
  help += " để được hướng dẫn.";
  y = para(c, y, help, 18);
  y = para(c, y, "Xin thông báo để Ông (Bà) được biết và thực hiện./.", 18);
  y = signatures(c, y, {{"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", d.receiving_officer}});
  verify_mark(c, y, d.verify_url);
  return c.finish();
}

std::string form04_apology(const FormHeader& h, const DossierView& d) {
  const FormName n = form_name(FormKind::apology, h.era);
  PdfCanvas c(metadata_title(n) + " - " + d.code);
  form_mark(c, n);
  double y = header(c, h, "");
  y = title(c, y, n.title, 14) + 6;
  const std::string agency = esc(or_dots(d.solving_agency.empty() ? h.agency_name : d.solving_agency));
  y = para(c, y, "Kính gửi: <b>" + esc(or_dots(d.applicant_name)) + "</b>", 60);
  y = para(c, y, agency + " tiếp nhận hồ sơ của Ông (Bà) ngày " + vn_date(d.received_at_ms) +
                     ", mã hồ sơ <b>" + esc(or_dots(d.code)) + "</b>, nội dung yêu cầu giải quyết: " +
                     esc(or_dots(d.procedure_name)) + ".",
           18);
  const int64_t old_ms = d.old_appointment_ms ? d.old_appointment_ms : d.appointment_ms;
  y = para(c, y, "Ngày hẹn trả kết quả: " + vn_time_date(old_ms) + ".", 18);
  y = para(c, y, "Tuy nhiên đến nay, " + agency + " chưa trả kết quả cho Ông (Bà) được vì lý do: <b>" +
                     esc(or_dots(d.reason)) + "</b>",
           18);
  // 2025 (TT 03/2025, wording [U]): the agency asks to extend the time; 2018: a new appointment.
  const std::string ask = h.era == FormsEra::tt03_2025 ? " xin lỗi Ông (Bà) và đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào: <b>"
                                                       : " xin lỗi Ông (Bà) và hẹn lại ngày trả kết quả là: <b>";
  y = para(c, y, "Sự chậm trễ này đã gây phiền hà cho Ông (Bà). " + agency + ask + vn_time_date(d.new_appointment_ms) + "</b>.", 18);
  y = para(c, y, "Xin trân trọng cảm ơn./.", 18);
  y = signatures(c, y,
             {{d.signer_title.empty() ? "THỦ TRƯỞNG CƠ QUAN" : upper(d.signer_title),
               "(Ký, ghi rõ họ tên và đóng dấu)", d.signer_name}});
  verify_mark(c, y, d.verify_url);
  return c.finish();
}

std::string stop_notice(const FormHeader& h, const DossierView& d) {
  const FormName n = form_name(FormKind::stop, h.era);
  PdfCanvas c(metadata_title(n) + " - " + d.code);
  form_mark(c, n);
  double y = header(c, h, "");
  y = title(c, y, n.title, 14) + 6;
  const std::string agency = esc(or_dots(d.solving_agency.empty() ? h.agency_name : d.solving_agency));
  y = para(c, y, "Kính gửi: <b>" + esc(or_dots(d.applicant_name)) + "</b>", 60);
  y = para(c, y, person_lines(d), 18);
  y = para(c, y, agency + " đã tiếp nhận hồ sơ mã <b>" + esc(or_dots(d.code)) + "</b> ngày " +
                     vn_date(d.received_at_ms) + ", nội dung yêu cầu giải quyết: " +
                     esc(or_dots(d.procedure_name)) + ".",
           18);
  y = para(c, y, agency + " thông báo dừng giải quyết hồ sơ nêu trên với lý do: <b>" +
                     esc(or_dots(d.reason)) + "</b>",
           18);
  y = para(c, y, "Xin thông báo để Ông (Bà) được biết./.", 18);
  y = signatures(c, y,
             {{d.signer_title.empty() ? "THỦ TRƯỞNG CƠ QUAN" : upper(d.signer_title),
               "(Ký, ghi rõ họ tên và đóng dấu)", d.signer_name}});
  verify_mark(c, y, d.verify_url);
  return c.finish();
}

}  // namespace motcua::documents
