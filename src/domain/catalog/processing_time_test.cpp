#include "domain/catalog/processing_time.h"

#include <gtest/gtest.h>

using namespace motcua;
using nlohmann::json;

TEST(ProcessingTime, OnlineAmountOnlyForOnlineDossiers) {
  json doc = {{"processing_time", {{"amount", 3}, {"online_amount", 2}, {"unit", "working_days"}}}};
  EXPECT_EQ(catalog::statutory_amount(doc, 1), 3);
  EXPECT_EQ(catalog::statutory_amount(doc, 3), 3);
  EXPECT_EQ(catalog::statutory_amount(doc, 2), 2);
  EXPECT_EQ(catalog::statutory_time_text(doc, 1), "3 ngày làm việc");
  EXPECT_EQ(catalog::statutory_time_text(doc, 2), "2 ngày làm việc");
}

TEST(ProcessingTime, UnitsAndFractions) {
  EXPECT_EQ(catalog::statutory_time_text({{"processing_time", {{"amount", 15}, {"unit", "days"}}}}, 2), "15 ngày");
  EXPECT_EQ(catalog::statutory_time_text({{"processing_time", {{"amount", 0.5}, {"unit", "working_days"}}}}, 1), "0,5 ngày làm việc");
  EXPECT_EQ(catalog::statutory_time_text(json::object(), 1), "");
}
