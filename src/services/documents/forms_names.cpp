// Form numbers and titles per era (see forms_pdf.h for the sources and what is unconfirmed).
#include "services/documents/forms_layout.h"
#include "services/documents/forms_pdf.h"

namespace motcua::documents {

std::optional<FormsEra> parse_forms_era(std::string_view s) {
  if (s == "2018" || s == "tt01_2018") return FormsEra::tt01_2018;
  if (s == "2025" || s == "tt03_2025") return FormsEra::tt03_2025;
  return std::nullopt;
}

FormKind form_kind(dossier::Slip s) {
  switch (s) {
    case dossier::Slip::receipt: return FormKind::receipt;
    case dossier::Slip::supplement: return FormKind::supplement;
    case dossier::Slip::refusal: return FormKind::refusal;
    case dossier::Slip::apology: return FormKind::apology;
    case dossier::Slip::ledger_line: return FormKind::ledger;
    case dossier::Slip::control: return FormKind::control;
    case dossier::Slip::stop: return FormKind::stop;
  }
  return FormKind::receipt;
}

FormName form_name(FormKind k, FormsEra era) {
  const bool y2025 = era == FormsEra::tt03_2025;
  FormName n;
  n.basis = y2025 ? "Thông tư số 03/2025/TT-VPCP" : "Thông tư số 01/2018/TT-VPCP";
  switch (k) {
    case FormKind::receipt:
      n = {"01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", n.basis};
      break;
    case FormKind::supplement:
      n = {"02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", n.basis};
      break;
    case FormKind::refusal:
      n = {"03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", n.basis};
      break;
    case FormKind::apology:
      // 2025: name confirmed from the Phụ lục I list; the printed heading is [U].
      n = y2025 ? FormName{"04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
                           "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", n.basis}
                : FormName{"04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", n.basis};
      break;
    case FormKind::stop:
      // 2025: Mẫu số 05 (confirmed number and name; heading [U]). 2018: no such form, no number.
      n = {y2025 ? "05" : "", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Thông báo dừng giải quyết hồ sơ", n.basis};
      break;
    case FormKind::control:
      n = {"06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Phiếu kiểm soát quá trình giải quyết hồ sơ", n.basis};
      break;
    case FormKind::ledger:
      n = {y2025 ? "07" : "05", "SỔ THEO DÕI HỒ SƠ", "Sổ theo dõi hồ sơ", n.basis};
      break;
  }
  return n;
}

namespace layout {

std::string metadata_title(const FormName& n) { return n.number.empty() ? n.name : "Mẫu " + n.number + " - " + n.name; }

void form_mark(PdfCanvas& c, const FormName& n) {
  if (n.number.empty()) return;
  // In the top margin, right-aligned, as the appendix forms carry it.
  c.text(c.left(), c.top() - 30, c.content_width(), "Mẫu số " + n.number + " (" + n.basis + ")",
         TextStyle{10, false, true, Align::Right});
}

}  // namespace layout
}  // namespace motcua::documents
