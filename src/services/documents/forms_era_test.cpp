// The two form eras (TT 01/2018/TT-VPCP and TT 03/2025/TT-VPCP): numbers, titles and the number mark
// printed above the header, checked with pdftotext. Needs poppler-utils on PATH.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "domain/text.h"
#include "services/documents/forms_pdf.h"

namespace motcua::documents {
namespace {

constexpr int64_t kAt = 1776907800000LL;  // 23/04/2026 08:30 (UTC+7)

std::string text_of(const std::string& pdf) {
  std::string path = "/tmp/motcua_era_" + std::to_string(::getpid()) + ".pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  FILE* p = ::popen(("pdftotext -layout -enc UTF-8 '" + path + "' - 2>&1").c_str(), "r");
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  std::remove(path.c_str());
  return text::nfc(out);
}

FormHeader header(FormsEra era) {
  FormHeader h{"UBND xã Bến Sung", "UBND huyện Như Thanh", "Bến Sung", kAt};
  h.era = era;
  return h;
}

DossierView view() {
  DossierView d;
  d.code = "000.01.25.H56-260423-0001";
  d.procedure_name = "Đăng ký khai sinh";
  d.applicant_name = "Nguyễn Văn An";
  d.reason = "Cần xác minh";
  d.received_at_ms = kAt;
  d.new_appointment_ms = kAt + 5 * 86400000LL;
  return d;
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(text::nfc(needle)) != std::string::npos; }

TEST(FormsEra, ParsesBothSpellings) {
  EXPECT_EQ(parse_forms_era("2018"), FormsEra::tt01_2018);
  EXPECT_EQ(parse_forms_era("2025"), FormsEra::tt03_2025);
  EXPECT_EQ(parse_forms_era("tt03_2025"), FormsEra::tt03_2025);
  EXPECT_FALSE(parse_forms_era("2020"));
}

TEST(FormsEra, NumbersAndTitlesPerEra) {
  using K = FormKind;
  EXPECT_EQ(form_name(K::ledger, FormsEra::tt01_2018).number, "05");
  EXPECT_EQ(form_name(K::ledger, FormsEra::tt03_2025).number, "07");
  EXPECT_EQ(form_name(K::stop, FormsEra::tt01_2018).number, "");
  EXPECT_EQ(form_name(K::stop, FormsEra::tt03_2025).number, "05");
  EXPECT_EQ(form_name(K::apology, FormsEra::tt01_2018).title, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
  EXPECT_EQ(form_name(K::apology, FormsEra::tt03_2025).title, "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT");
  for (auto k : {K::receipt, K::supplement, K::refusal, K::control})
    EXPECT_EQ(form_name(k, FormsEra::tt01_2018).number, form_name(k, FormsEra::tt03_2025).number);
}

TEST(FormsEra, PrintedMarksAndTitlesSwitch) {
  std::string a18 = text_of(form04_apology(header(FormsEra::tt01_2018), view()));
  std::string a25 = text_of(form04_apology(header(FormsEra::tt03_2025), view()));
  EXPECT_TRUE(has(a18, "Mẫu số 04 (Thông tư số 01/2018/TT-VPCP)")) << a18;
  EXPECT_TRUE(has(a18, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")) << a18;
  EXPECT_TRUE(has(a25, "Mẫu số 04 (Thông tư số 03/2025/TT-VPCP)")) << a25;
  EXPECT_TRUE(has(a25, "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN")) << a25;
  EXPECT_TRUE(has(a25, "đề nghị gia hạn thời gian giải quyết")) << a25;
  std::string s18 = text_of(stop_notice(header(FormsEra::tt01_2018), view()));
  std::string s25 = text_of(stop_notice(header(FormsEra::tt03_2025), view()));
  EXPECT_FALSE(has(s18, "Mẫu số")) << s18;
  EXPECT_TRUE(has(s25, "Mẫu số 05 (Thông tư số 03/2025/TT-VPCP)")) << s25;
  EXPECT_TRUE(has(s25, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")) << s25;
  LedgerView l;
  l.from_ms = l.to_ms = kAt;
  l.book = "MC/2026";
  LedgerRow row;
  row.number = 42;
  row.code = "000.01.25.H56-260423-0001";
  l.rows.push_back(row);
  std::string l18 = text_of(form05_ledger(header(FormsEra::tt01_2018), l));
  std::string l25 = text_of(form05_ledger(header(FormsEra::tt03_2025), l));
  EXPECT_TRUE(has(l18, "Mẫu số 05 (Thông tư số 01/2018/TT-VPCP)")) << l18;
  EXPECT_TRUE(has(l25, "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)")) << l25;
  EXPECT_TRUE(has(l25, "Quyển số: MC/2026")) << l25;
  EXPECT_TRUE(has(l25, "42")) << l25;  // the book's number, not the row position
}

}  // namespace
}  // namespace motcua::documents
