// handling_pdf (report_service.h): the text poppler extracts (pdftotext -layout for the lines and rows, -raw for the
// wrapped header cells), the page size and Title (pdfinfo), the numbers written the Vietnamese way, N/A for a
// missing ratio, the below-target mark, and a long report continuing on further pages with both header rows
// repeated. Needs poppler-utils on PATH. MOTCUA_REPORT_PDF_KEEP=1 keeps the PDFs in /tmp for eyeballing.
#include <gtest/gtest.h>

#include "support/run_command.h"
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "domain/text.h"
#include "services/documents/pdf_canvas.h"
#include "services/reports/report_service.h"

namespace motcua::services {
namespace {

constexpr int64_t kJune1 = 1780246800000LL;  // 2026-06-01T00:00+07:00
constexpr int64_t kJuly1 = 1782838800000LL;  // 2026-07-01T00:00+07:00
constexpr int64_t kAsOf = 1781940900000LL;   // 2026-06-20T14:35+07:00

std::string run(const std::string& cmd) { return text::nfc(motcua::testing::run_command(cmd)); }

struct PdfFile {
  std::string path;
  PdfFile(const std::string& name, const std::string& bytes) : path("/tmp/motcua_report_" + std::to_string(::getpid()) + "_" + name + ".pdf") {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~PdfFile() {
    if (std::getenv("MOTCUA_REPORT_PDF_KEEP") == nullptr) std::remove(path.c_str());
  }
  std::string layout(int page = 0) const {
    std::string pages = page ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return run("pdftotext -layout -enc UTF-8" + pages + " '" + path + "' - 2>&1");
  }
  // The content stream's order (-raw) keeps a wrapped header cell's lines together; whitespace flattened so they
  // join up again.
  std::string flat(int page = 0) const {
    std::string pages = page ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    std::string raw = run("pdftotext -raw -enc UTF-8" + pages + " '" + path + "' - 2>&1"), out;
    for (char ch : raw) {
      if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\f') {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += ch;
      }
    }
    return out;
  }
  std::string info() const { return run("pdfinfo '" + path + "' 2>&1"); }
};

int page_count(const std::string& info) {
  auto at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

// The line of `text` holding `needle`, whitespace-separated into words.
std::vector<std::string> words_of_line(const std::string& text, const std::string& needle) {
  std::vector<std::string> words;
  auto at = text.find(text::nfc(needle));
  if (at == std::string::npos) return words;
  auto begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  auto end = text.find('\n', at);
  std::string line = text.substr(begin, end == std::string::npos ? std::string::npos : end - begin), w;
  for (char ch : line + " ") {
    if (ch == ' ' || ch == '\f') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w += ch;
    }
  }
  return words;
}

#define EXPECT_HAS(hay, needle) EXPECT_NE((hay).find(text::nfc(needle)), std::string::npos) << "missing: " << (needle) << "\n---\n" << (hay)

HandlingRow row(std::string key, std::string label, reports::HandlingCounts k, std::optional<double> target) {
  HandlingRow r;
  r.key = std::move(key);
  r.label = std::move(label);
  r.counts = k;
  r.online_ratio = reports::online_ratio(k);
  r.target = target;
  r.below_target = reports::below_target(r.online_ratio, target);
  return r;
}

reports::HandlingCounts counts(std::int64_t online, std::int64_t direct, std::int64_t postal, std::int64_t carried) {
  reports::HandlingCounts k;
  k.online = online;
  k.direct = direct;
  k.postal = postal;
  k.carried_over = carried;
  // Everything received is resolved on time except one overdue when there is one to spare.
  const std::int64_t all = online + direct + postal + carried;
  k.overdue = all > 0 ? 1 : 0;
  k.on_time = all - k.overdue;
  return k;
}

HandlingReport report(ReportGroup g) {
  HandlingReport r;
  r.agency = "000.01.25.H56";
  r.agency_name = "Ủy ban nhân dân thị trấn Bến Sung";
  r.from = "2026-06-01";
  r.to = "2026-06-30";
  r.group = g;
  r.from_ms = kJune1;
  r.to_ms = kJuly1;
  r.as_of_ms = kAsOf;
  return r;
}

void add_total(HandlingReport& r, std::optional<double> target) {
  reports::HandlingCounts t;
  for (const auto& x : r.rows) t += x.counts;
  r.total = row("", "Tổng cộng", t, target);
}

TEST(ReportPdf, OfficialHeaderTableAndVietnameseNumbers) {
  HandlingReport r = report(ReportGroup::unit);
  r.rows.push_back(row("000.01.25.H56/TP", "Tư pháp – Hộ tịch", counts(250, 1000, 0, 0), 20.0));  // 20 %: at its target
  r.rows.push_back(row("000.01.25.H56/VH", "Văn hóa – Xã hội", counts(1, 2, 1, 3), 50.0));       // 25 %: below
  r.rows.push_back(row("000.01.25.H56/", "Chưa chuyển xử lý", counts(0, 0, 0, 4), 50.0));         // nothing received
  add_total(r, 50.0);
  const PdfFile f("unit", handling_pdf(r));

  const std::string info = f.info();
  EXPECT_HAS(info, "841.89 x 595.276");
  EXPECT_HAS(info, "Title:");
  EXPECT_HAS(info, "Báo cáo tình hình giải quyết hồ sơ 2026-06-01–2026-06-30");
  EXPECT_EQ(page_count(info), 1) << info;

  const std::string t = f.layout(), flat = f.flat();
  EXPECT_HAS(t, "ỦY BAN NHÂN DÂN THỊ TRẤN BẾN SUNG");
  EXPECT_HAS(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_HAS(t, "Độc lập - Tự do - Hạnh phúc");
  EXPECT_HAS(t, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH");
  EXPECT_HAS(t, "Kỳ báo cáo: từ ngày 01/06/2026 đến ngày 30/06/2026");
  EXPECT_HAS(t, "Số liệu tính đến 14 giờ 35 phút, ngày 20/06/2026");
  EXPECT_HAS(t, "Theo: Đơn vị");
  for (const char* h : {"Số hồ sơ tiếp nhận", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết", "Tổng số", "Trực tuyến", "Trực tiếp",
                        "Bưu chính công ích", "Kỳ trước chuyển qua", "Trước hạn", "Đúng hạn", "Quá hạn", "Trong hạn", "Không được tiếp nhận",
                        "Dừng xử lý", "Rút hồ sơ", "Tỷ lệ trực tuyến (%)", "Chỉ tiêu (%)", "Đánh giá", "STT", "Đơn vị"})
    EXPECT_HAS(flat, h);
  // Rows: thousands with a dot, decimals with a comma, no "%" in the cells (the heading has it).
  //                      total  online direct postal carried | resolved early on_time late | open within overdue | refused stopped withdrawn
  EXPECT_EQ(words_of_line(t, "Tư pháp – Hộ tịch"),
            (std::vector<std::string>{"1", "Tư", "pháp", "–", "Hộ", "tịch", "1.250", "250", "1.000", "0", "0", "1.249", "0", "1.249", "0", "1", "0", "1",
                                      "0", "0", "0", "20,00", "20,00", "Đạt"}));
  EXPECT_EQ(words_of_line(t, "Văn hóa – Xã hội"),
            (std::vector<std::string>{"2", "Văn", "hóa", "–", "Xã", "hội", "7", "1", "2", "1", "3", "6", "0", "6", "0", "1", "0", "1", "0", "0", "0",
                                      "25,00", "▼", "50,00", "Chưa", "đạt"}));
  EXPECT_EQ(words_of_line(t, "Chưa chuyển xử lý"),
            (std::vector<std::string>{"3", "Chưa", "chuyển", "xử", "lý", "4", "0", "0", "0", "4", "3", "0", "3", "0", "1", "0", "1", "0", "0", "0",
                                      "N/A", "50,00"}));
  // 251 ÷ 1.254 = 20,02 % < 50 %.
  EXPECT_EQ(words_of_line(t, "Tổng cộng"),
            (std::vector<std::string>{"Tổng", "cộng", "1.261", "251", "1.002", "1", "7", "1.258", "0", "1.258", "0", "3", "0", "3", "0", "0", "0",
                                      "20,02", "▼", "50,00", "Chưa", "đạt"}));
  EXPECT_HAS(t, "▼ dưới chỉ tiêu");
  EXPECT_HAS(t, "N/A: không tiếp nhận hồ sơ nào trong kỳ");
  EXPECT_HAS(t, "NGƯỜI LẬP BIỂU");
  EXPECT_HAS(t, "THỦ TRƯỞNG CƠ QUAN");
}

TEST(ReportPdf, EmptyReportHasTheTotalRowWithNA) {
  HandlingReport r = report(ReportGroup::agency);
  add_total(r, 50.0);
  const PdfFile f("empty", handling_pdf(r));
  const std::string t = f.layout();
  EXPECT_HAS(t, "Theo: Cơ quan");
  EXPECT_EQ(words_of_line(t, "Tổng cộng"),
            (std::vector<std::string>{"Tổng", "cộng", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "N/A", "50,00"}));
}

TEST(ReportPdf, LongReportContinuesWithTheHeaderRepeated) {
  HandlingReport r = report(ReportGroup::procedure);
  for (int i = 0; i < 90; ++i) {
    std::string name = "Thủ tục số " + std::to_string(i + 1) + (i % 3 ? "" : ": chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp");
    r.rows.push_back(row("local." + std::to_string(i + 1), name, counts(i % 4, 2 + i % 3, i % 2, 1), std::nullopt));
  }
  add_total(r, 50.0);
  const PdfFile f("long", handling_pdf(r));
  const std::string info = f.info();
  const int pages = page_count(info);
  ASSERT_GE(pages, 3) << info;
  EXPECT_HAS(info, "841.89 x 595.276");
  int pages_with_rows = 0;
  for (int p = 1; p <= pages; ++p) {
    const std::string page = f.layout(p), flat = f.flat(p);
    if (page.find("Thủ tục số") == std::string::npos) continue;
    ++pages_with_rows;
    EXPECT_HAS(page, "Số hồ sơ tiếp nhận");
    EXPECT_HAS(page, "Số hồ sơ đang giải quyết");
    EXPECT_HAS(flat, "Kỳ trước chuyển qua");
    EXPECT_HAS(flat, "Tỷ lệ trực tuyến (%)");
  }
  EXPECT_GE(pages_with_rows, 2);
  EXPECT_HAS(f.layout(1), "Theo: Thủ tục");
  const std::string all = f.layout();
  EXPECT_HAS(all, "Thủ tục số 90");
  EXPECT_HAS(all, "Tổng cộng");
}

TEST(ReportPdf, ColumnGroupsMustSpanEveryColumn) {
  documents::PdfCanvas c("t", true);
  std::vector<documents::Column> cols{{"A", 50, documents::Align::Left}, {"B", 50, documents::Align::Left}};
  EXPECT_THROW(c.table(c.left(), c.top(), cols, {}, documents::TextStyle{}, documents::TextStyle{}, 3, {{"AB", 1}}), std::logic_error);
  EXPECT_GT(c.table(c.left(), c.top(), cols, {{"1", "2"}}, documents::TextStyle{}, documents::TextStyle{}, 3, {{"AB", 2}}), c.top());
}

}  // namespace
}  // namespace motcua::services
