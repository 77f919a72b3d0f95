// The cell values of an XLSX workbook's first sheet as CSV, read by a real reader: gnumeric's ssconvert (HOME set to
// a fresh directory so that it writes no settings elsewhere). A failed conversion is a test failure.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/http_client.h"

namespace motcua::testing {

inline std::string csv_of_xlsx(const std::string& xlsx) {
  std::string dir = make_temp_dir("motcua-xlsx-");
  { std::ofstream(dir + "/r.xlsx", std::ios::binary) << xlsx; }
  std::string cmd = "HOME='" + dir + "' ssconvert --export-type=Gnumeric_stf:stf_csv '" + dir + "/r.xlsx' '" + dir + "/r.csv' >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << "ssconvert (gnumeric) failed";
  std::ifstream in(dir + "/r.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace motcua::testing
