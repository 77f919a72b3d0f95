#include "domain/docstore/reuse.h"

#include <cmath>

namespace motcua::docstore {

bool valid_doc_type_code(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) return false;
  return true;
}

std::string item_code(std::string_view id_number, std::string_view doc_type_code) {
  if (id_number.empty() || doc_type_code.empty()) return "";
  return std::string(id_number) + "." + std::string(doc_type_code);
}

std::string why_not(const Item& item, std::string_view wanted, int64_t owner_user_id, int64_t now_ms) {
  if (item.owner_user_id == 0 || item.owner_user_id != owner_user_id) return "Giấy tờ không có trong kho dữ liệu của người nộp hồ sơ.";
  if (wanted.empty() || wanted != item.doc_type_code) return "Giấy tờ trong kho không đúng loại giấy tờ của thành phần hồ sơ này.";
  if (item.revoked) return "Giấy tờ trong kho đã bị thu hồi, không dùng lại được.";
  if (item.valid_until != 0 && now_ms > item.valid_until) return "Giấy tờ trong kho đã hết hiệu lực, không dùng lại được.";
  return "";
}

std::string_view arrival_label(std::string_view source) {
  if (source == "applicant") return "Người nộp tải lên";
  if (source == "supplement") return "Bổ sung";
  if (source == "desk") return "Số hóa tại Bộ phận Một cửa";
  if (source == "reuse") return "Tái sử dụng từ kho dữ liệu";
  return "";
}

Paper paper_of_component(bool names_doc_type) { return names_doc_type ? Paper::earlier_result : Paper::applicant_paper; }

bool digitization_mandatory(Paper p) { return p != Paper::applicant_paper; }

Shares shares(const Counts& c) {
  auto pct = [&](int64_t n) { return c.dossiers <= 0 ? 0.0 : std::round(1000.0 * static_cast<double>(n) / static_cast<double>(c.dossiers)) / 10.0; };
  return {pct(c.digitized), pct(c.reused), pct(c.e_result)};
}

}  // namespace motcua::docstore
