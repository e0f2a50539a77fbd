// The planner's stages for --parallel N (R127; model/plan/planner.cc make_plan): the primary
// alone first for start-class and other commands, last for stop-class ones, in every profile;
// --parallel 1 gives today's plan; the JSON form carries the stages and reads back.
#include <gtest/gtest.h>

#include "model/plan/plan_json.h"
#include "model/plan/planner.h"
#include "scenario_builder.h"

namespace pfmulti {
namespace {

using test::instance_cf;
using test::make_scenario;
using test::run_dirs;
using Stages = std::vector<std::vector<size_t>>;

FileMap four() {
  return {{"/etc/postfix/main.cf",
           "multi_instance_enable = yes\n"
           "multi_instance_directories = /etc/postfix-a /etc/postfix-b /etc/postfix-c\n"},
          {"/etc/postfix-a/main.cf", instance_cf("a", "yes")},
          {"/etc/postfix-b/main.cf", instance_cf("b", "yes")},
          {"/etc/postfix-c/main.cf", instance_cf("c", "yes")}};
}

Plan postmulti(std::vector<std::string> args, size_t parallel) {
  std::vector<std::string> argv{"pfmulti"};
  argv.insert(argv.end(), args.begin(), args.end());
  Scenario s = make_scenario(Program::kPostmulti, ProfileName::kPostmulti, argv, four());
  s.parallel = parallel;
  return make_plan(s);
}

Plan wrapper(std::string command, size_t parallel) {
  EnvMap env = test::wrapper_env();
  env["config_directory"] = "/etc/postfix";
  Scenario s = make_scenario(Program::kWrapper, ProfileName::kPostfixWrapper,
                             {"postfix-wrapper", command}, four(), env);
  s.parallel = parallel;
  return make_plan(s);
}

TEST(ParallelPlan, StartRunsThePrimaryAloneFirstAndStopLast) {
  Plan start = postmulti({"-p", "start"}, 8);
  EXPECT_EQ(run_dirs(start), (std::vector<std::string>{"/etc/postfix", "/etc/postfix-a",
                                                       "/etc/postfix-b", "/etc/postfix-c"}));
  EXPECT_EQ(start.stages, (Stages{{0}, {1, 2, 3}}));
  EXPECT_EQ(start.parallel, 8u);
  Plan stop = postmulti({"-p", "stop"}, 8);
  EXPECT_EQ(run_dirs(stop).back(), "/etc/postfix");
  EXPECT_EQ(stop.stages, (Stages{{0, 1, 2}, {3}}));
  // The shipped script's profile: the same order rules (R52, R54).
  EXPECT_EQ(wrapper("start", 8).stages, (Stages{{0}, {1, 2, 3}}));
  EXPECT_EQ(wrapper("stop", 8).stages, (Stages{{0, 1, 2}, {3}}));
  // Other commands (control class, -x) also run the primary first.
  EXPECT_EQ(postmulti({"-p", "reload"}, 2).stages, (Stages{{0}, {1, 2, 3}}));
  EXPECT_EQ(postmulti({"-x", "true"}, 2).stages, (Stages{{0}, {1, 2, 3}}));
}

TEST(ParallelPlan, ASelectionWithoutThePrimaryIsOneStage) {
  EXPECT_EQ(postmulti({"-i", "postfix-b", "-p", "start"}, 4).stages, (Stages{{0}}));
}

TEST(ParallelPlan, ParallelOneIsExactlyTodaysPlan) {
  for (auto args : std::vector<std::vector<std::string>>{{"-p", "start"}, {"-p", "stop"}}) {
    Plan one = postmulti(args, 1);
    EXPECT_TRUE(one.stages.empty());
    EXPECT_EQ(one.parallel, 1u);
    EXPECT_EQ(to_json(plan_to_json(one)).find("stages"), std::string::npos);
    Plan eight = postmulti(args, 8);
    EXPECT_EQ(eight.actions, one.actions);
    EXPECT_EQ(eight.exit, one.exit);
  }
}

TEST(ParallelPlan, StagesReadBackFromJson) {
  Plan p = postmulti({"-p", "stop"}, 8);
  auto back = plan_from_json(plan_to_json(p));
  ASSERT_TRUE(back.is_ok()) << back.error();
  EXPECT_EQ(back.value(), p);
  Json bad = plan_to_json(p);
  Json stages = Json::array();
  stages.push(Json::array());
  bad.set("stages", stages);
  EXPECT_FALSE(plan_from_json(bad).is_ok());
}

TEST(ParallelPlan, PostfixItselfIsNeverStaged) {
  Scenario s =
      make_scenario(Program::kPostfix, ProfileName::kPostmulti, {"postfix", "start"}, four());
  s.parallel = 8;
  EXPECT_TRUE(make_plan(s).stages.empty());
}

}  // namespace
}  // namespace pfmulti
