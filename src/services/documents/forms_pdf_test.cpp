// Renders every form and checks the text poppler extracts (pdftotext -layout), the page count and size
// (pdfinfo) and that the QR code is drawn (pdftoppm raster). Needs poppler-utils on PATH.
#include "services/documents/forms_pdf.h"

#include <gtest/gtest.h>

#include "support/run_command.h"
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "domain/text.h"
#include "services/documents/pdf_canvas.h"

namespace motcua::documents {
namespace {

// 2026-04-23 08:30 (UTC+7) = 01:30 UTC.
constexpr int64_t kReceived = 1776907800000LL;
constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

std::string tmp_path(const std::string& name) {
  return "/tmp/motcua_forms_" + std::to_string(::getpid()) + "_" + name;
}

std::string run(const std::string& cmd) { return motcua::testing::run_command(cmd); }

// MOTCUA_FORMS_KEEP=1 keeps the PDFs in /tmp for eyeballing.
void discard(const std::string& path) {
  if (std::getenv("MOTCUA_FORMS_KEEP") == nullptr) std::remove(path.c_str());
}

std::string write_pdf(const std::string& name, const std::string& bytes) {
  std::string path = tmp_path(name + ".pdf");
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// Whitespace (spaces, newlines) collapsed to single spaces so wrapped lines join up again.
std::string flat(const std::string& raw) {
  std::string out;
  for (char ch : raw) {
    const bool ws = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f';
    if (ws) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

// NFC text from pdftotext -layout (keeps lines, so headers and paragraphs read in order), followed by
// the default reading-order mode (keeps each wrapped table cell together), both flattened.
std::string pdf_text(const std::string& name, const std::string& bytes) {
  std::string path = write_pdf(name, bytes);
  std::string layout = run("pdftotext -layout -enc UTF-8 '" + path + "' - 2>&1");
  std::string reading = run("pdftotext -enc UTF-8 '" + path + "' - 2>&1");
  discard(path);
  return text::nfc(flat(layout) + "\n=====\n" + flat(reading));
}

std::string pdf_info(const std::string& name, const std::string& bytes) {
  std::string path = write_pdf(name, bytes);
  std::string info = run("pdfinfo '" + path + "' 2>&1");
  discard(path);
  return text::nfc(info);
}

int page_count(const std::string& info) {
  auto at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

#define EXPECT_HAS(hay, needle) EXPECT_NE((hay).find(text::nfc(needle)), std::string::npos) << "missing: " << (needle) << "\n---\n" << (hay)

FormHeader header() {
  return {"UBND xã Bến Sung", "UBND huyện Như Thanh", "Bến Sung", kReceived};
}

DossierView dossier() {
  DossierView d;
  d.code = "000.00.06.H56-260423-0007";
  d.procedure_name = "Đăng ký khai sinh";
  d.applicant_name = "Nguyễn Văn An";
  d.applicant_address = "Thôn Đồng Xuân, xã Bến Sung, huyện Như Thanh, tỉnh Thanh Hóa";
  d.applicant_phone = "0912345678";
  d.applicant_email = "an.nguyen@example.vn";
  d.components = {{"Tờ khai đăng ký khai sinh", 1, 0, 0},
                  {"Giấy chứng sinh", 1, 0, 0},
                  {"Căn cước công dân của người đi đăng ký", 0, 0, 1}};
  d.sets = 1;
  d.statutory_time = "1 ngày làm việc";
  d.received_at_ms = kReceived;
  d.appointment_ms = kReceived + kDay;  // 24/04/2026 08:30
  d.delivery_method = "Bộ phận Tiếp nhận và Trả kết quả";
  d.ledger_book = "01";
  d.ledger_order = "0007";
  d.receiving_officer = "Lê Thị Hồng";
  d.lookup_url = "https://motcua.example.vn/tra-cuu?ma=000.00.06.H56-260423-0007";
  return d;
}

TEST(FormsPdfHelpers, DatesAreInVietnamTime) {
  EXPECT_EQ(vn_date(kReceived), "23/04/2026");
  EXPECT_EQ(vn_time_date(kReceived), "08 giờ 30 phút, ngày 23/04/2026");
  EXPECT_EQ(vn_long_date(kReceived), "ngày 23 tháng 04 năm 2026");
  // 17:30 UTC is already the next day in Hà Nội.
  EXPECT_EQ(vn_date(kReceived + 16 * kHour), "24/04/2026");
  EXPECT_EQ(vn_time_date(kReceived + 16 * kHour), "00 giờ 30 phút, ngày 24/04/2026");
  EXPECT_EQ(vn_date(0), "…/…/……");
}

TEST(FormsPdf01, ReceiptHasHeaderApplicantComponentsAndAppointment) {
  std::string pdf = form01_receipt(header(), dossier());
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  std::string t = pdf_text("01", pdf);
  EXPECT_HAS(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_HAS(t, "Độc lập - Tự do - Hạnh phúc");
  EXPECT_HAS(t, "UBND XÃ BẾN SUNG");
  EXPECT_HAS(t, "Bến Sung, ngày 23 tháng 04 năm 2026");
  EXPECT_HAS(t, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
  EXPECT_HAS(t, "000.00.06.H56-260423-0007");
  EXPECT_HAS(t, "Nguyễn Văn An");
  EXPECT_HAS(t, "Tờ khai đăng ký khai sinh");
  EXPECT_HAS(t, "Giấy chứng sinh");
  EXPECT_HAS(t, "Đăng ký khai sinh");
  EXPECT_HAS(t, "1 ngày làm việc");
  EXPECT_HAS(t, "08 giờ 30 phút, ngày 23/04/2026");
  EXPECT_HAS(t, "08 giờ 30 phút, ngày 24/04/2026");
  EXPECT_HAS(t, "Quyển số: 01");
  EXPECT_HAS(t, "Số thứ tự: 0007");
  EXPECT_HAS(t, "NGƯỜI TIẾP NHẬN HỒ SƠ");
  EXPECT_HAS(t, "Lê Thị Hồng");
  std::string info = pdf_info("01", pdf);
  EXPECT_EQ(page_count(info), 1);
  EXPECT_HAS(info, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
  EXPECT_HAS(info, "595.276 x 841.89");
}

// Fraction of dark pixels of the top-right QR area (rendered at 72 dpi, greyscale).
double dark_fraction_top_right(const std::string& pdf, const std::string& name) {
  std::string path = write_pdf(name, pdf);
  std::string prefix = tmp_path(name + "_img");
  // QR is at x in [481, 553], y ~ [150, 240] pt for the test header; crop generously.
  run("pdftoppm -gray -r 72 -f 1 -l 1 -x 481 -y 120 -W 72 -H 150 -singlefile '" + path + "' '" + prefix + "'");
  std::ifstream in(prefix + ".pgm", std::ios::binary);
  std::string magic;
  int w = 0, h = 0, maxv = 0;
  in >> magic >> w >> h >> maxv;
  in.get();
  std::string px((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  discard(path);
  std::remove((prefix + ".pgm").c_str());
  if (magic != "P5" || px.empty()) return -1;
  size_t dark = 0;
  for (unsigned char ch : px) dark += ch < 128;
  return static_cast<double>(dark) / px.size();
}

TEST(FormsPdf01, QrCodeIsDrawnOnlyWithLookupUrl) {
  DossierView d = dossier();
  double with = dark_fraction_top_right(form01_receipt(header(), d), "qr1");
  d.lookup_url.clear();
  double without = dark_fraction_top_right(form01_receipt(header(), d), "qr0");
  EXPECT_GT(with, 0.15);
  EXPECT_LT(without, 0.05);
}

TEST(FormsPdf02, SupplementRequest) {
  DossierView d = dossier();
  d.items = {"Bổ sung bản sao Giấy chứng nhận kết hôn của cha mẹ", "Ký lại tờ khai"};
  d.reason = "Tờ khai thiếu chữ ký của người đi đăng ký";
  d.help_officer = "công chức Tư pháp - Hộ tịch";
  d.help_phone = "0237 3888 999";
  std::string t = pdf_text("02", form02_supplement(header(), d));
  EXPECT_HAS(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_HAS(t, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ");
  EXPECT_HAS(t, "Số: 000.00.06.H56-260423-0007/HDHS");
  EXPECT_HAS(t, "Nguyễn Văn An");
  EXPECT_HAS(t, "1. Bổ sung bản sao Giấy chứng nhận kết hôn của cha mẹ");
  EXPECT_HAS(t, "2. Ký lại tờ khai");
  EXPECT_HAS(t, "Tờ khai thiếu chữ ký của người đi đăng ký");
  EXPECT_HAS(t, "0237 3888 999");
  EXPECT_HAS(t, "NGƯỜI HƯỚNG DẪN");
}

TEST(FormsPdf03, Refusal) {
  DossierView d = dossier();
  d.reason = "Không thuộc thẩm quyền giải quyết của UBND xã";
  std::string t = pdf_text("03", form03_refusal(header(), d));
  EXPECT_HAS(t, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Nguyễn Văn An");
  EXPECT_HAS(t, "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau");
  EXPECT_HAS(t, "Không thuộc thẩm quyền giải quyết của UBND xã");
  EXPECT_HAS(t, "Độc lập - Tự do - Hạnh phúc");
}

TEST(FormsPdf04, ApologyWithNewAppointment) {
  DossierView d = dossier();
  d.solving_agency = "UBND xã Bến Sung";
  d.reason = "Cần xác minh thông tin với UBND xã nơi cư trú trước đây";
  d.old_appointment_ms = kReceived + kDay;
  d.new_appointment_ms = kReceived + 4 * kDay + 6 * kHour;  // 27/04/2026 14:30
  d.signer_title = "Chủ tịch";
  d.signer_name = "Trần Đức Thắng";
  FormHeader h = header();
  h.era = FormsEra::tt01_2018;
  std::string t = pdf_text("04", form04_apology(h, d));
  EXPECT_HAS(t, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
  EXPECT_HAS(t, "Mẫu số 04 (Thông tư số 01/2018/TT-VPCP)");
  EXPECT_HAS(t, "Kính gửi: Nguyễn Văn An");
  EXPECT_HAS(t, "000.00.06.H56-260423-0007");
  EXPECT_HAS(t, "08 giờ 30 phút, ngày 24/04/2026");
  EXPECT_HAS(t, "14 giờ 30 phút, ngày 27/04/2026");
  EXPECT_HAS(t, "Cần xác minh thông tin");
  EXPECT_HAS(t, "CHỦ TỊCH");
  EXPECT_HAS(t, "Trần Đức Thắng");
}

TEST(FormsPdf05, LongLedgerIsLandscapeAndSpansPages) {
  LedgerView l;
  l.from_ms = kReceived - 22 * kDay;  // 01/04/2026
  l.to_ms = kReceived + 7 * kDay;     // 30/04/2026
  l.book = "01/2026";
  for (int i = 0; i < 60; ++i) {
    LedgerRow r;
    char code[64];
    std::snprintf(code, sizeof code, "000.00.06.H56-2604%02d-%04d", 1 + i % 28, i + 1);
    r.code = code;
    r.procedure_name = i % 2 ? "Đăng ký khai sinh" : "Chứng thực bản sao từ bản chính giấy tờ, văn bản";
    r.applicant_name = i % 3 ? "Nguyễn Văn An" : "Phạm Thị Ngọc Ánh";
    r.address_phone = "Thôn Đồng Xuân, xã Bến Sung; 0912345678";
    r.lead_agency = "UBND xã Bến Sung";
    r.received_ms = l.from_ms + i * 8 * kHour;
    r.appointment_ms = r.received_ms + kDay;
    r.transferred_ms = r.received_ms + kHour;
    if (i % 4 == 0) {
      r.result_received_ms = r.appointment_ms - kHour;
      r.returned_ms = r.appointment_ms;
      r.returned_to = "Đã ký nhận";
    }
    r.note = i % 5 ? "" : "Trả qua bưu điện";
    l.rows.push_back(r);
  }
  std::string pdf = form05_ledger(header(), l);
  std::string info = pdf_info("05", pdf);
  EXPECT_GT(page_count(info), 1);
  EXPECT_HAS(info, "841.89 x 595.276");
  EXPECT_HAS(info, "Sổ theo dõi hồ sơ");
  std::string t = pdf_text("05", pdf);
  EXPECT_HAS(t, "SỔ THEO DÕI HỒ SƠ");
  EXPECT_HAS(t, "Từ ngày 01/04/2026 đến ngày 30/04/2026");
  EXPECT_HAS(t, "000.00.06.H56-260401-0001");
  EXPECT_HAS(t, "000.00.06.H56-260404-0060");
  EXPECT_HAS(t, "Phạm Thị Ngọc Ánh");
  EXPECT_HAS(t, "Tổng số: 60 hồ sơ");
  EXPECT_HAS(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  // Every page that carries ledger rows repeats the header row.
  std::string path = write_pdf("05pages", pdf);
  int pages_with_rows = 0;
  for (int p = 1; p <= page_count(info); ++p) {
    const std::string n = std::to_string(p);
    std::string page = text::nfc(run("pdftotext -layout -f " + n + " -l " + n + " '" + path + "' - 2>&1"));
    if (page.find("000.00.06.H56") == std::string::npos) continue;
    ++pages_with_rows;
    EXPECT_NE(page.find(text::nfc("Mã hồ sơ")), std::string::npos) << "page " << p;
  }
  discard(path);
  EXPECT_GT(pages_with_rows, 1);
}

TEST(FormsPdf06, ControlSlipRows) {
  DossierView d = dossier();
  d.solving_agency = "Công chức Tư pháp - Hộ tịch";
  d.coordinating_units = {"Công an xã Bến Sung"};
  d.hand_overs = {
      {"Bộ phận TN & TKQ", "Công chức Tư pháp - Hộ tịch", kReceived + kHour, "Trước hạn", ""},
      {"Công chức Tư pháp - Hộ tịch", "Lãnh đạo UBND xã", kReceived + 5 * kHour, "Đúng hạn", ""},
      {"Lãnh đạo UBND xã", "Bộ phận TN & TKQ", kReceived + 26 * kHour, "Quá hạn", "Chờ ký số"}};
  std::string t = pdf_text("06", form06_control(header(), d));
  EXPECT_HAS(t, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Mã hồ sơ: 000.00.06.H56-260423-0007");
  EXPECT_HAS(t, "TÊN CƠ QUAN");
  EXPECT_HAS(t, "THỜI GIAN GIAO, NHẬN HỒ SƠ");
  EXPECT_HAS(t, "GHI CHÚ");
  EXPECT_HAS(t, "1. Giao: Bộ phận TN & TKQ");
  EXPECT_HAS(t, "Công an xã Bến Sung");
  EXPECT_HAS(t, "09 giờ 30 phút, ngày 23/04/2026");
  EXPECT_HAS(t, "Trước hạn");
  EXPECT_HAS(t, "Đúng hạn");
  EXPECT_HAS(t, "Quá hạn");
  EXPECT_HAS(t, "Chờ ký số");
}

TEST(FormsPdfStop, StopNoticeWithReason) {
  DossierView d = dossier();
  d.reason = "Quá thời hạn bổ sung hồ sơ";
  std::string pdf = stop_notice(header(), d);
  std::string t = pdf_text("stop", pdf);
  EXPECT_HAS(t, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ");
  EXPECT_HAS(t, "Quá thời hạn bổ sung hồ sơ");
  EXPECT_HAS(t, "Nguyễn Văn An");
  EXPECT_HAS(pdf_info("stop", pdf), "Thông báo dừng giải quyết hồ sơ");
}

TEST(FormsPdfCanvas, EscapesMarkupInUserData) {
  DossierView d = dossier();
  d.applicant_name = "Công ty <TNHH> A & B";
  std::string t = pdf_text("esc", form01_receipt(header(), d));
  EXPECT_HAS(t, "Công ty <TNHH> A & B");
}

}  // namespace
}  // namespace motcua::documents
