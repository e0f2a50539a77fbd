// The start-fg plan (model/postmulti/start_fg_plan.h; spec/rules.md R140-R145): which checks run
// first, which masters start in which order with which argv and environment, the stop order, and
// the refusals.
#include "model/postmulti/start_fg_plan.h"

#include <gtest/gtest.h>

#include "tests/scenario_builder.h"

namespace pfmulti {
namespace {

using test::instance_cf;
using test::make_scenario;

constexpr const char* kDaemon = "/usr/lib/postfix/sbin";
constexpr const char* kPostfix = "/usr/sbin/postfix";

// A primary (enabled) and postfix-a (enabled, group mta), postfix-b (disabled), postfix-c
// (enabled, group mta), as tests/e2e/sandbox.sh has them.
FileMap four_instances() {
  return {{"/etc/postfix/main.cf",
           "multi_instance_enable = yes\n"
           "multi_instance_directories = /etc/postfix-a /etc/postfix-b /etc/postfix-c\n"},
          {"/etc/postfix-a/main.cf", instance_cf("a", "yes", "mta")},
          {"/etc/postfix-b/main.cf", instance_cf("b", "no")},
          {"/etc/postfix-c/main.cf", instance_cf("c", "yes", "mta")}};
}

Result<StartFgPlan> plan(std::vector<std::string> args, FileMap files = four_instances()) {
  std::vector<std::string> argv{"pfmulti"};
  argv.insert(argv.end(), args.begin(), args.end());
  return plan_start_fg(make_scenario(Program::kPostmulti, ProfileName::kPostmulti, argv, files));
}

std::vector<std::string> master_dirs(const StartFgPlan& p) {
  std::vector<std::string> out;
  for (const auto& m : p.masters) out.push_back(m.config_directory);
  return out;
}

TEST(StartFgPlan, EveryEnabledMasterPrimaryFirstInTheListsOrder) {
  auto p = plan({"-p", "start-fg"});
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(master_dirs(p.value()),
            (std::vector<std::string>{"/etc/postfix", "/etc/postfix-a", "/etc/postfix-c"}));
  for (const auto& m : p.value().masters) {
    EXPECT_EQ(m.argv, (std::vector<std::string>{std::string(kDaemon) + "/master", "-s"}));
    EXPECT_EQ(m.env, (EnvMap{{"MAIL_CONFIG", m.config_directory}}));
  }
  EXPECT_EQ(p.value().masters[1].name, "postfix-a");
}

TEST(StartFgPlan, StopOrderIsTheReverseSecondariesFirstPrimaryLast) {
  auto p = plan({"-p", "start-fg"});
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p.value().stop_order, (std::vector<size_t>{2, 1, 0}));
}

TEST(StartFgPlan, EnabledInstancesAreTestedAndCheckedDisabledOnesChecked) {
  auto p = plan({"-p", "start-fg"});
  ASSERT_TRUE(p) << p.error();
  std::vector<std::string> got;
  for (const auto& c : p.value().checks)
    got.push_back(c.config_directory + (c.enabled ? " " : " disabled ") +
                  (c.argv.back() == "-t" ? "master -t" : "postfix check"));
  EXPECT_EQ(got,
            (std::vector<std::string>{"/etc/postfix master -t", "/etc/postfix postfix check",
                                      "/etc/postfix-a master -t", "/etc/postfix-a postfix check",
                                      "/etc/postfix-b disabled postfix check",
                                      "/etc/postfix-c master -t", "/etc/postfix-c postfix check"}));
  const StartFgCheck& check = p.value().checks[1];
  EXPECT_EQ(check.argv, (std::vector<std::string>{kPostfix, "--", "check"}));
  EXPECT_EQ(check.env, (EnvMap{{"MAIL_CONFIG", "/etc/postfix"}}));
}

TEST(StartFgPlan, TheInstancesOwnDaemonDirectoryRunsItsMaster) {
  FileMap files = four_instances();
  files["/etc/postfix-a/main.cf"] =
      instance_cf("a", "yes", "mta", "daemon_directory = /opt/pf/libexec\n");
  auto p = plan({"-p", "start-fg"}, files);
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p.value().masters[1].argv.front(), "/opt/pf/libexec/master");
  EXPECT_EQ(p.value().masters[0].argv.front(), std::string(kDaemon) + "/master");
}

TEST(StartFgPlan, SelectionPicksTheInstances) {
  auto p = plan({"-g", "mta", "-p", "start-fg"});
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(master_dirs(p.value()), (std::vector<std::string>{"/etc/postfix-a", "/etc/postfix-c"}));
  auto one = plan({"-i", "a", "-p", "--", "start-fg"});
  ASSERT_TRUE(one) << one.error();
  EXPECT_EQ(master_dirs(one.value()), (std::vector<std::string>{"/etc/postfix-a"}));
}

TEST(StartFgPlan, RefusesArgumentsNothingMatchingAndNothingEnabled) {
  auto args = plan({"-p", "start-fg", "now"});
  ASSERT_FALSE(args);
  EXPECT_EQ(args.error(), "start-fg takes no arguments: \"now\"");
  auto none = plan({"-i", "nosuch", "-p", "start-fg"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error(), "No matching instances");
  auto disabled = plan({"-i", "b", "-p", "start-fg"});
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error(), "start-fg: no selected instance is enabled");
  EXPECT_FALSE(plan({"-x", "start-fg"}));
}

TEST(StartFgPlan, ASelectedDamagedInstanceStopsEverything) {
  FileMap files = four_instances();
  files["/etc/postfix-c/main.cf"] = instance_cf("c", "maybe", "mta");
  auto p = plan({"-p", "start-fg"}, files);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("instance /etc/postfix-c: "), std::string::npos) << p.error();
  EXPECT_NE(p.error().find("maybe"), std::string::npos) << p.error();
  // Not selected (by directory): no refusal.
  auto other = plan({"-i", "/etc/postfix-a", "-p", "start-fg"}, files);
  ASSERT_TRUE(other) << other.error();
}

TEST(StartFgPlan, RecognizesOnlyDashPStartFg) {
  EXPECT_TRUE(is_start_fg_command({"pfmulti", "-p", "start-fg"}));
  EXPECT_TRUE(is_start_fg_command({"pfmulti", "-i", "a", "-p", "--", "start-fg"}));
  EXPECT_FALSE(is_start_fg_command({"pfmulti", "-p", "start"}));
  EXPECT_FALSE(is_start_fg_command({"pfmulti", "-x", "start-fg"}));
  EXPECT_FALSE(is_start_fg_command({"pfmulti", "-l"}));
}

}  // namespace
}  // namespace pfmulti
