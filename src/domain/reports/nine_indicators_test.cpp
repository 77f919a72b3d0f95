#include "domain/reports/nine_indicators.h"

#include <gtest/gtest.h>

namespace motcua::reports {
namespace {

TEST(NineIndicators, ABestCaseScoresEighteen) {
  DossierEvaluationFacts f;
  f.timeliness = Timeliness::early;
  f.online_submission = true;
  f.result_not_at_desk = true;
  f.rating = "very_satisfied";
  f.agency_online_ratio = 45.0;
  auto n = evaluate_dossier(f);
  EXPECT_EQ(n.total(), 18);
  EXPECT_EQ(grade(n.total()), "Xuất sắc");
}

TEST(NineIndicators, EachIndicatorFollowsItsRule) {
  DossierEvaluationFacts f;  // on time, at the desk, nothing else
  auto n = evaluate_dossier(f);
  EXPECT_EQ(n.points[0], 1);
  EXPECT_EQ(n.points[1], 2);
  EXPECT_EQ(n.points[2], 2);
  EXPECT_EQ(n.points[3], 1);  // only the desk
  EXPECT_EQ(n.points[6], 1);  // on time, no complaint
  EXPECT_EQ(n.points[8], 0);  // agency ratio unknown
  f.consultations = 2, f.consultations_late = 1;
  EXPECT_EQ(evaluate_dossier(f).points[1], 1);
  f.supplement_requests = 1;
  EXPECT_EQ(evaluate_dossier(f).points[2], 1);
  f.supplement_requests = 2;
  EXPECT_EQ(evaluate_dossier(f).points[2], 0);
  f.rating = "unsatisfied";
  EXPECT_EQ(evaluate_dossier(f).points[6], 0);
  f.timeliness = Timeliness::late;
  f.rating = std::nullopt;
  auto late = evaluate_dossier(f);
  EXPECT_EQ(late.points[0], 0);
  EXPECT_EQ(late.points[1], 0);
  EXPECT_EQ(late.points[6], 0);
  f.published = false;
  EXPECT_EQ(evaluate_dossier(f).points[5], 0);
  f.petitions = 1;
  EXPECT_EQ(evaluate_dossier(f).points[7], 0);
  f.agency_online_ratio = 20.0;
  EXPECT_EQ(evaluate_dossier(f).points[8], 1);
  f.agency_online_ratio = 35.0;
  f.agency_late_online = true;  // a late online dossier caps it at 1
  EXPECT_EQ(evaluate_dossier(f).points[8], 1);
}

TEST(NineIndicators, GradesPartitionTheScale) {
  EXPECT_EQ(grade(18), "Xuất sắc");
  EXPECT_EQ(grade(16), "Xuất sắc");
  EXPECT_EQ(grade(15), "Tốt");
  EXPECT_EQ(grade(12), "Tốt");
  EXPECT_EQ(grade(11), "Khá");
  EXPECT_EQ(grade(9), "Khá");
  EXPECT_EQ(grade(8), "Trung bình");
  EXPECT_EQ(grade(6), "Trung bình");
  EXPECT_EQ(grade(5), "Yếu");
  EXPECT_EQ(grade(0), "Yếu");
}

}  // namespace
}  // namespace motcua::reports
