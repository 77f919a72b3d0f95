// motcua::reports — the 9-indicator evaluation of one resolved dossier (đánh giá việc giải quyết thủ tục hành chính
// theo 9 chỉ số; NĐ 61/2018, TT 01/2018; DOMAIN.md §5), computed from what the system recorded. Pure; no I/O.
//
// Contract
// - Each indicator scores 0, 1 or 2; the total is 0–18. From the dossier's facts (DossierEvaluationFacts):
//     1 total time        early 2, on time 1, late 0 (the one clock's classification at approval)
//     2 units' time       every consultation of another unit answered by its deadline and the dossier not late 2;
//                         a consultation answered late (or never) but the dossier not late 1; the dossier late 0
//     3 contacts          supplement requests: none 2, one 1, more 0 (a request is a contact the applicant had to make)
//     4 bodies contacted  none in person (submitted online and the result returned online or by post) 2; only the
//                         one-stop desk 1 (the system never sends an applicant to another body, so never 0)
//     5 one-stop desk     intake, processing and return through the one-stop desk: 2 for every dossier of this system
//     6 publicity         the procedure published in the catalog at submission 2, otherwise 0
//     7 attitude          rated "Không hài lòng" 0; else early 2, on time 1, late 0
//     8 petitions         no petition recorded about the dossier 2 (this deployment has no petitions yet)
//     9 online service    the agency's online progress: online ratio ≥ 30 % with no late online dossier 2,
//                         ≥ 15 % 1, else 0 (agency facts; nullopt → 0)
// - grade(total) [U]: 16–18 Xuất sắc, 12–15 Tốt, 9–11 Khá, 6–8 Trung bình, 0–5 Yếu — DOMAIN's "> 15, 12–15, 9–12,
//   6–9, < 6" with each boundary in exactly one grade (the lower bound inclusive).
// - The citizen-facing questionnaire (domain/ratings) asks 1, 2, 3, 4, 6 and 7; this evaluation is the system's own
//   reading, shown beside the citizen's answers, never replacing them.
#pragma once
#include <array>
#include <optional>
#include <string>

namespace motcua::reports {

enum class Timeliness { early, on_time, late };

struct DossierEvaluationFacts {
  Timeliness timeliness = Timeliness::on_time;
  int consultations = 0, consultations_late = 0;  // to other units / agencies; late = answered after the deadline or not at all
  int supplement_requests = 0;
  bool online_submission = false;
  bool result_not_at_desk = false;  // returned online or by post
  bool published = true;
  std::optional<std::string> rating;  // very_satisfied | satisfied | unsatisfied
  int petitions = 0;
  std::optional<double> agency_online_ratio;
  bool agency_late_online = false;
};

struct NineIndicators {
  std::array<int, 9> points{};
  int total() const;
};

NineIndicators evaluate_dossier(const DossierEvaluationFacts& f);
// The indicator's name as TT 01/2018 words it (index 0–8); "" outside.
const char* indicator_name(int index) noexcept;
std::string grade(int total);  // "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"

}  // namespace motcua::reports
