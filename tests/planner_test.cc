// Unit tests for the planner's entry point, environment defaults and the composing interpreter
// (model/plan/planner.h, model/main_cf/param_defaults.h, model/plan/compose.h; spec/rules.md R19,
// R20, R92, R95).
#include "model/plan/planner.h"

#include <gtest/gtest.h>

#include "model/plan/compose.h"
#include "scenario_builder.h"

namespace pfmulti {
namespace {

using test::instance_cf;
using test::make_scenario;
using test::run_dirs;
using test::whole_failure;

TEST(Planner, CommaOnlyListIsSingleInstance) {
  for (const char* list : {",", " , ,\t", ",,,\n"}) {
    Plan p = make_plan(make_scenario(
        Program::kPostfix, ProfileName::kPostmulti, {"postfix", "start"},
        {{"/etc/postfix/main.cf", std::string("multi_instance_directories = ") + list + "\n"}}));
    ASSERT_EQ(p.actions.size(), 1u);
    EXPECT_EQ(std::get<ExecAction>(p.actions[0]).argv[0], "/usr/lib/postfix/sbin/postfix-script");
  }
}

TEST(Planner, WrapperWithPostmultiProfileIsPostmultiP) {
  FileMap files{{"/etc/postfix/main.cf", "multi_instance_directories = /a\n"},
                {"/a/main.cf", instance_cf("a", "no")}};
  for (ProfileName p : {ProfileName::kPostmulti, ProfileName::kPostmultiStrict}) {
    Plan as_wrapper = make_plan(
        make_scenario(Program::kWrapper, p, {"/usr/sbin/postmulti", "start", "x"}, files));
    Plan as_postmulti = make_plan(make_scenario(
        Program::kPostmulti, p, {"/usr/sbin/postmulti", "-p", "--", "start", "x"}, files));
    EXPECT_EQ(as_wrapper, as_postmulti);
    EXPECT_EQ(run_dirs(as_wrapper), (std::vector<std::string>{"/etc/postfix", "/a"}));
  }
}

TEST(DefaultsEnvironment, ExportedNamesOverrideCompiledDefaults) {
  Environment env{
      {"command_directory", "/opt/sbin"}, {"HOME", "/root"}, {"import_environment", "X"}};
  Defaults d = defaults_with_environment(compiled_defaults(), env);
  EXPECT_EQ(*d.find("command_directory"), "/opt/sbin");
  // Only exported parameters are taken from the environment.
  EXPECT_EQ(d.find("HOME"), nullptr);
  EXPECT_EQ(*d.find("import_environment"), *compiled_defaults().find("import_environment"));
  EXPECT_EQ(*d.find("queue_directory"), *compiled_defaults().find("queue_directory"));
}

TEST(Compose, WrapperThatIsPostfixItself) {
  Scenario s = make_scenario(Program::kPostfix, ProfileName::kPostmulti, {"postfix", "start"},
                             {{"/etc/postfix/main.cf",
                               "multi_instance_directories = /etc/postfix\n"
                               "multi_instance_wrapper = /usr/sbin/postfix\n"}});
  Composition c = compose(s);
  EXPECT_TRUE(c.terminated);
  EXPECT_EQ(c.max_postfix_depth, 2);
  ASSERT_EQ(c.leaves.size(), 1u);
  EXPECT_EQ(c.leaves[0].kind, LeafKind::kPostfixScript);
}

TEST(Compose, ShippedWrapperListingTheDefaultInstance) {
  FileMap files{{"/etc/postfix/main.cf",
                 "multi_instance_directories = /etc/postfix, /etc/postfix-a\n"
                 "multi_instance_wrapper = ${daemon_directory}/postfix-wrapper\n"},
                {"/etc/postfix-a/main.cf", instance_cf("a", "yes")}};
  Composition c = compose(
      make_scenario(Program::kPostfix, ProfileName::kPostfixWrapper, {"postfix", "start"}, files));
  EXPECT_TRUE(c.terminated);
  EXPECT_EQ(c.max_postfix_depth, 2);
  // The default instance twice (as $config_directory and listed; the primary main.cf does not
  // enable it, so both run "check") and postfix-a once: three postfix-script leaves, all below
  // a postfix(1) started by the wrapper with MAIL_CONFIG set.
  int scripts = 0;
  for (const auto& leaf : c.leaves) {
    EXPECT_EQ(leaf.kind, LeafKind::kPostfixScript) << leaf.what;
    scripts += leaf.kind == LeafKind::kPostfixScript;
  }
  EXPECT_EQ(scripts, 3);
}

}  // namespace
}  // namespace pfmulti
