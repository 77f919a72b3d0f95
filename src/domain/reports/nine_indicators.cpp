// The 9-indicator evaluation of a dossier — contract in nine_indicators.h.
#include "domain/reports/nine_indicators.h"

#include <numeric>

namespace motcua::reports {

int NineIndicators::total() const { return std::accumulate(points.begin(), points.end(), 0); }

NineIndicators evaluate_dossier(const DossierEvaluationFacts& f) {
  NineIndicators n;
  const bool late = f.timeliness == Timeliness::late;
  const int by_time = f.timeliness == Timeliness::early ? 2 : late ? 0 : 1;
  n.points[0] = by_time;
  n.points[1] = late ? 0 : (f.consultations_late > 0 ? 1 : 2);
  n.points[2] = f.supplement_requests == 0 ? 2 : f.supplement_requests == 1 ? 1 : 0;
  n.points[3] = f.online_submission && f.result_not_at_desk ? 2 : 1;
  n.points[4] = 2;
  n.points[5] = f.published ? 2 : 0;
  n.points[6] = f.rating && *f.rating == "unsatisfied" ? 0 : by_time;
  n.points[7] = f.petitions == 0 ? 2 : 0;
  if (!f.agency_online_ratio) n.points[8] = 0;
  else if (*f.agency_online_ratio >= 30 && !f.agency_late_online) n.points[8] = 2;
  else if (*f.agency_online_ratio >= 15) n.points[8] = 1;
  else n.points[8] = 0;
  return n;
}

const char* indicator_name(int index) noexcept {
  static constexpr const char* names[9] = {
      "Tổng thời gian giải quyết thủ tục hành chính so với thời gian quy định",
      "Thời gian thực hiện tại cơ quan, đơn vị tham gia giải quyết",
      "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ",
      "Số cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ",
      "Thực hiện tiếp nhận, giải quyết, trả kết quả qua Bộ phận Một cửa",
      "Công khai thủ tục hành chính",
      "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ",
      "Tiếp nhận, xử lý phản ánh, kiến nghị",
      "Cung cấp dịch vụ công trực tuyến"};
  return index >= 0 && index < 9 ? names[index] : "";
}

std::string grade(int total) {
  if (total >= 16) return "Xuất sắc";
  if (total >= 12) return "Tốt";
  if (total >= 9) return "Khá";
  if (total >= 6) return "Trung bình";
  return "Yếu";
}

}  // namespace motcua::reports
