// Property test for the executor's environment overlay (impl/runtime/executor.h,
// ChildEnvironment): one working copy of the base environment, put back before each action only
// where the previous action changed it, must give every action exactly what the plain definition
// child_environment(base, action) gives (a fresh copy with unset removed and env set). Names come
// from a small alphabet, so that actions set what an earlier one removed, remove what is not
// there, set and remove the same name, and list a name twice. rapidcheck prints the seed on
// failure (re-run with RC_PARAMS="seed=N").
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "impl/runtime/executor.h"
#include "tests/arbitrary_environment.h"

namespace pfmulti {
namespace {

const bool kParamsSet = [] {
  setenv("RC_PARAMS", "max_success=1000", 0);
  return true;
}();

RC_GTEST_PROP(ChildEnvironmentProp, each_action_in_turn_gets_exactly_a_fresh_child_environment,
              ()) {
  const Environment base = *arbitrary_environment();
  const auto actions = *rc::gen::container<std::vector<RunAction>>(arbitrary_env_change());
  ChildEnvironment overlay(base);
  for (const RunAction& a : actions) RC_ASSERT(overlay.for_action(a) == child_environment(base, a));
}

// The shape the wrapper's plans have: the same names with another value for each instance.
TEST(ChildEnvironment, ASecondInstanceSeesItsOwnMailConfigAndTheBaseBackWhereTheFirstRemovedIt) {
  const Environment base = {{"MAIL_CONFIG", "/etc/postfix"}, {"TZ", "UTC"}, {"PATH", "/bin"}};
  RunAction first, second;
  first.env = {{"MAIL_CONFIG", "/etc/postfix-a"}};
  first.unset = {"TZ"};
  second.env = {{"MAIL_CONFIG", "/etc/postfix-b"}, {"LANG", "C"}};
  ChildEnvironment overlay(base);
  EXPECT_EQ(overlay.for_action(first),
            (Environment{{"MAIL_CONFIG", "/etc/postfix-a"}, {"PATH", "/bin"}}));
  EXPECT_EQ(
      overlay.for_action(second),
      (Environment{
          {"LANG", "C"}, {"MAIL_CONFIG", "/etc/postfix-b"}, {"PATH", "/bin"}, {"TZ", "UTC"}}));
  EXPECT_EQ(overlay.for_action(RunAction{}), base);
}

}  // namespace
}  // namespace pfmulti
