// Helper programs on a pipe (child_process.h): input and output flow at once (a megabyte through cat does not
// deadlock), exit codes come back, a child that ignores its input is judged by its exit, a hung child is killed
// at the timeout, a missing program is "not started".
#include "services/process/child_process.h"

#include <gtest/gtest.h>

#include <chrono>

namespace motcua::services {
namespace {

using std::chrono::milliseconds;

TEST(ChildProcess, InputAndOutputFlowAtOnce) {
  std::string big(1 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
  ChildRun r = run_child({find_program("cat")}, big, milliseconds(20000), true);
  ASSERT_TRUE(r.started);
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, big);
}

TEST(ChildProcess, ExitCodesAndIgnoredInput) {
  ChildRun r = run_child({find_program("sh"), "-c", "echo -n xin chào; exit 3"}, std::string(1 << 20, 'y'), milliseconds(20000), true);
  EXPECT_TRUE(r.exited);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "xin chào");
  r = run_child({find_program("true")}, "", milliseconds(20000), false);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.empty());
}

TEST(ChildProcess, OutputIsCappedAndHungChildrenKilled) {
  ChildRun r = run_child({find_program("sh"), "-c", "head -c 100000 /dev/zero"}, "", milliseconds(20000), true, 1000);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.size(), 1000u);
  const auto t0 = std::chrono::steady_clock::now();
  r = run_child({find_program("sleep"), "30"}, "", milliseconds(300), true);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.exited);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

TEST(ChildProcess, MissingProgramIsNotStarted) {
  EXPECT_EQ(find_program("no-such-program-motcua"), "");
  ChildRun r = run_child({"/nonexistent/program"}, "x", milliseconds(1000), true);
  EXPECT_FALSE(r.started);
  EXPECT_FALSE(r.exited);
}

}  // namespace
}  // namespace motcua::services
