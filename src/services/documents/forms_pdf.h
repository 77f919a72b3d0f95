// Official dossier forms rendered to PDF, in either era (FormsEra, chosen by configuration):
//  - TT 01/2018/TT-VPCP: Mẫu 01 receipt, 02 supplement request, 03 refusal, 04 apology and new
//    appointment, 05 ledger (Sổ theo dõi hồ sơ), 06 control slip; the stop notice has no number there.
//  - TT 03/2025/TT-VPCP (Phụ lục I): 01 receipt, 02 supplement request, 03 refusal, 04 "Văn bản xin lỗi
//    và đề nghị gia hạn thời gian giải quyết", 05 "Thông báo dừng giải quyết hồ sơ", 06 control slip,
//    07 ledger. Source: the list of Phụ lục I of TT 03/2025/TT-VPCP (15/9/2025) as published on
//    thuviennhadat.vn ("Tải file word biểu mẫu Thông tư 03/2025/TT-VPCP …"), found with the `search`
//    tool; numbers and names confirmed there. UNCONFIRMED [U]: the exact upper-case headings printed on
//    the 2025 forms 04 and 05 and their body wording (the official form text was not available), so
//    they follow the names in that list.
//
// Contract:
//  - Pure functions of plain input structs: no database, no HTTP, no clock (every date comes from the
//    input). Each returns the complete PDF file as bytes (A4; Mẫu 05 landscape), with the PDF metadata
//    Title set to the form's name and dossier code. Thread-safe (each call owns its cairo surface).
//  - Every form starts with the official header: parent agency (upper case) and agency (upper case, bold)
//    on the left; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc" and
//    "<place>, ngày dd tháng mm năm yyyy" (FormHeader::date_ms) on the right.
//  - Dates are shown in Asia/Ho_Chi_Minh (UTC+7) as dd/mm/yyyy, times as "HH giờ MM phút, ngày dd/mm/yyyy".
//    A time of 0 ms means "unknown" and prints as dots to fill in by hand.
//  - Text is UTF-8 (NFC expected) and is shaped by pango; long values wrap, table cells wrap, long tables
//    continue on further pages with the header row repeated.
//  - form01_receipt draws a QR code of DossierView::lookup_url (omitted when empty), and item 7 with the rating
//    code and a QR code of rating_url (omitted when empty).
//  - Forms 01–04 and the stop notice end with a QR code of DossierView::verify_url and that address ("Mã QR xác
//    minh văn bản"), below the signatures, when it is not empty (the issued copy's verification page).
//  - Throws std::runtime_error if cairo fails.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/dossier/slips.h"

namespace motcua::documents {

enum class FormsEra { tt01_2018, tt03_2025 };
// "2018" / "2025" (also "tt01_2018" / "tt03_2025"); nullopt otherwise.
std::optional<FormsEra> parse_forms_era(std::string_view s);

enum class FormKind { receipt, supplement, refusal, apology, stop, control, ledger };
struct FormName {
  std::string number;  // "01" … "07"; empty when the era has no numbered form (stop notice in 2018)
  std::string title;   // printed heading, upper case
  std::string name;    // sentence case, for the PDF metadata Title
  std::string basis;   // "Thông tư số 01/2018/TT-VPCP" / "Thông tư số 03/2025/TT-VPCP"
};
FormName form_name(FormKind k, FormsEra era);
// The printed form of a dossier's slip (domain/dossier/slips.h): ledger_line → ledger.
FormKind form_kind(dossier::Slip s);

struct FormHeader {
  std::string agency_name;         // e.g. "UBND xã Bến Sung" (left, bold)
  std::string parent_agency_name;  // e.g. "UBND huyện Như Thanh" (left, above); may be empty
  std::string place;               // e.g. "Bến Sung"
  int64_t date_ms = 0;             // date printed in "<place>, ngày … tháng … năm …"
  FormsEra era = FormsEra::tt03_2025;  // numbering and titles; the number is printed above the header
};

struct ComponentLine {
  std::string name;
  int original = 0;   // bản chính
  int certified = 0;  // bản sao chứng thực
  int photo = 0;      // bản photo
};

struct HandOver {  // one row of Mẫu 06
  std::string from_unit;  // "Bộ phận TN & TKQ" for the first row
  std::string to_unit;
  int64_t at_ms = 0;
  std::string result;  // "Trước hạn" / "Đúng hạn" / "Quá hạn" (empty while pending)
  std::string note;
};

struct DossierView {
  std::string code;  // mã hồ sơ, e.g. "000.00.06.H56-231027-0361"
  std::string procedure_name;
  std::string applicant_name, applicant_address, applicant_phone, applicant_email;
  std::vector<ComponentLine> components;
  int sets = 1;
  std::string statutory_time;  // "1 ngày làm việc"
  int64_t received_at_ms = 0;
  int64_t appointment_ms = 0;
  std::string delivery_method;  // "Bộ phận Tiếp nhận và Trả kết quả" / "Dịch vụ bưu chính" / "Trực tuyến"
  std::string ledger_book, ledger_order;
  std::string receiving_unit = "Bộ phận Tiếp nhận và Trả kết quả";
  std::string receiving_officer;
  std::string lookup_url;  // QR target (public lookup page)
  std::string rating_url, rating_code;  // Mẫu 01: rating without signing in (/danh-gia?ma=…&k=…; the 6-digit code); empty: none
  std::string verify_url;  // QR target of the issued copy's verification page (xác minh); empty: none
  // Mẫu 02 / 03 / stop notice
  std::string reason;
  std::vector<std::string> items;  // Mẫu 02: what to supplement / complete
  std::string help_website, help_officer, help_phone;
  // Mẫu 04
  int64_t old_appointment_ms = 0, new_appointment_ms = 0;
  std::string solving_agency;  // cơ quan giải quyết (Mẫu 04 sender, Mẫu 06, stop notice)
  std::string signer_name, signer_title;  // head of the solving agency (Mẫu 04, stop notice)
  // Mẫu 06
  std::vector<std::string> coordinating_units;
  std::vector<HandOver> hand_overs;
};

struct LedgerRow {  // columns of the ledger (Mẫu 05 in 2018, 07 in 2025)
  int64_t number = 0;  // số thứ tự in the book (STT); 0 = not numbered, the row's position is shown
  std::string code, procedure_name;
  int sets = 1;
  std::string applicant_name, address_phone, lead_agency;
  int64_t received_ms = 0, appointment_ms = 0;
  int64_t transferred_ms = 0;      // chuyển hồ sơ đến cơ quan giải quyết (0 = not yet)
  int64_t result_received_ms = 0;  // nhận kết quả từ cơ quan giải quyết
  int64_t returned_ms = 0;         // trả kết quả
  std::string returned_to;         // ký nhận (who received the result)
  std::string note;
};

struct LedgerView {
  int64_t from_ms = 0, to_ms = 0;  // date range (inclusive) shown in the title
  std::string book;                // quyển số
  std::vector<LedgerRow> rows;
};

std::string form01_receipt(const FormHeader& h, const DossierView& d);
std::string form02_supplement(const FormHeader& h, const DossierView& d);
std::string form03_refusal(const FormHeader& h, const DossierView& d);
std::string form04_apology(const FormHeader& h, const DossierView& d);
std::string form05_ledger(const FormHeader& h, const LedgerView& l);
std::string form06_control(const FormHeader& h, const DossierView& d);
std::string stop_notice(const FormHeader& h, const DossierView& d);

// Helpers (exposed for tests): local date "dd/mm/yyyy", "HH giờ MM phút, ngày dd/mm/yyyy",
// "ngày dd tháng mm năm yyyy".
std::string vn_date(int64_t ms);
std::string vn_time_date(int64_t ms);
std::string vn_long_date(int64_t ms);

}  // namespace motcua::documents
