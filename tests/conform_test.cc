// Tests of `pfmulti conform`'s pure parts (impl/conform/core/conform_case.h,
// impl/conform/core/conform_trace.h, impl/conform/conform_run.h plan_case): how a plan becomes the
// observable trace (spec/rules.md R59 last-failure with the shell's 128+N for a killed call, R85
// any-failure-is-one), the recording stub's trace format, call identity (postfix(1)'s -c beats
// MAIL_CONFIG), the comparison's kinds, and laws of the case generator and shrinker over many
// seeds. The CI runs against real managers are tests/conform/run.sh (ctest conform.*).
#include <gtest/gtest.h>

#include <set>

#include "impl/conform/conform_run.h"
#include "impl/conform/core/conform_case.h"
#include "impl/conform/core/conform_trace.h"

namespace pfmulti {
namespace {

Ending exit_of(int n) { return Ending{false, n, false}; }

OutcomeOf table(std::map<std::string, Ending> t) {
  return [t](const std::string& dir) {
    auto it = t.find(dir);
    return it == t.end() ? Ending{} : it->second;
  };
}

const EnvMap kManagerEnv = {
    {"MAIL_CONFIG", "/p"}, {"PATH", "/bin"}, {"HOME", "/root"}, {"command_directory", "/c"}};

TEST(ConformTrace, RunActionsBecomeCallsInOrderSkipsAndFailuresMakeNone) {
  Plan plan;
  plan.actions = {
      RunAction{"/a", {"/c/postfix", "-c", "/a", "start"}, {}, {}, ""},
      SkipAction{"/b", "disabled"}, FailAction{"/x", "damaged", 1},
      RunAction{"/d", {"/c/postfix", "--", "start"}, {{"MAIL_CONFIG", "/d"}}, {"PATH"}, ""}};
  plan.exit = ExitRule::kAnyFailureIsOne;
  Trace t = expected_trace(plan, kManagerEnv, table({}));
  ASSERT_EQ(t.calls.size(), 2u);
  EXPECT_EQ(t.calls[0].args, (std::vector<std::string>{"-c", "/a", "start"}));
  EXPECT_EQ(t.calls[0].env.at("MAIL_CONFIG"), "/p");  // inherited
  EXPECT_EQ(t.calls[0].env.count("HOME"), 0u);        // not a watched variable
  EXPECT_EQ(t.calls[1].env.at("MAIL_CONFIG"), "/d");  // set by the action
  EXPECT_EQ(t.calls[1].env.count("PATH"), 0u);        // unset by the action
  EXPECT_EQ(call_instance(t.calls[0]), "/a");
  EXPECT_EQ(call_instance(t.calls[1]), "/d");
  // The instance failure alone makes the exit status 1 (R85).
  ASSERT_TRUE(t.ending);
  EXPECT_EQ(t.ending->value, 1);
}

TEST(ConformTrace, LastFailureIsTheShellStatusOfTheLastFailedCall) {
  Plan plan;
  plan.exit = ExitRule::kLastFailure;
  for (const char* d : {"/a", "/b", "/c"})
    plan.actions.push_back(RunAction{d, {"/c/postfix", "-c", d, "stop"}, {}, {}, ""});
  auto t = expected_trace(plan, kManagerEnv,
                          table({{"/a", exit_of(3)}, {"/b", Ending{true, 9, false}}}));
  EXPECT_EQ(t.ending->value, 128 + 9);  // sh's $? for a child killed by SIGKILL
  t = expected_trace(plan, kManagerEnv, table({{"/b", exit_of(3)}, {"/c", exit_of(4)}}));
  EXPECT_EQ(t.ending->value, 4);
  t = expected_trace(plan, kManagerEnv, table({}));
  EXPECT_EQ(t.ending->value, 0);
}

TEST(ConformTrace, AnyFailureIsOneAndWholeCommandFailureKeepsItsStatus) {
  Plan plan;
  plan.exit = ExitRule::kAnyFailureIsOne;
  plan.actions = {RunAction{"/a", {"/c/postfix", "--", "status"}, {{"MAIL_CONFIG", "/a"}}, {}, ""}};
  EXPECT_EQ(expected_trace(plan, kManagerEnv, table({{"/a", exit_of(7)}})).ending->value, 1);
  EXPECT_EQ(expected_trace(plan, kManagerEnv, table({})).ending->value, 0);
  Plan fatal;
  fatal.exit = ExitRule::kFail;
  fatal.actions = {FailAction{"", "Non-default configuration directory", 2}};
  auto t = expected_trace(fatal, kManagerEnv, table({}));
  EXPECT_TRUE(t.calls.empty());
  EXPECT_EQ(t.ending->value, 2);
}

TEST(ConformTrace, CallInstanceIsDashCElseMailConfigAsPostfixParsesIt) {
  Call c{"/c/postfix", {"-vc", "/x//", "start"}, {{"MAIL_CONFIG", "/p"}}};
  EXPECT_EQ(call_instance(c), "/x");
  EXPECT_EQ(call_words(c), (std::vector<std::string>{"start"}));
  Call d{"/c/postfix", {"--", "-c", "/y"}, {{"MAIL_CONFIG", "/p/"}}};
  EXPECT_EQ(call_instance(d), "/p");  // after "--", -c is a command word
  EXPECT_EQ(call_words(d), (std::vector<std::string>{"-c", "/y"}));
}

TEST(ConformTrace, RecordedCallsDecodeTheStubsPercentEncoding) {
  auto calls = parse_recorded_calls(
      "call /r/bin//postfix /r/bin/postfix -c /r/a%20b % start env MAIL_CONFIG=/p HOME=/x "
      "LANG=C\ncall /r/bin/postfix postfix -- check env\n");
  ASSERT_TRUE(calls) << calls.error();
  ASSERT_EQ(calls->size(), 2u);
  EXPECT_EQ((*calls)[0].program, "/r/bin/postfix");
  EXPECT_EQ((*calls)[0].args, (std::vector<std::string>{"-c", "/r/a b", "", "start"}));
  EXPECT_EQ((*calls)[0].env,
            (std::map<std::string, std::string>{{"LANG", "C"}, {"MAIL_CONFIG", "/p"}}));
  EXPECT_TRUE((*calls)[1].env.empty());
  EXPECT_FALSE(parse_recorded_calls("call /x postfix start env"));  // no newline: cut short
  EXPECT_FALSE(parse_recorded_calls("exec /x\n"));
}

std::string plain(const std::string& dir) { return "secondary[enable=yes] " + dir; }

TEST(ConformTrace, CallFormDifferenceIsSeparateFromAbstractDifference) {
  Trace e, a;
  e.calls = {Call{"/c/postfix", {"-c", "/a", "start"}, {{"MAIL_CONFIG", "/p"}}}};
  a.calls = {Call{"/c/postfix", {"--", "start"}, {{"MAIL_CONFIG", "/a"}}}};
  e.ending = a.ending = exit_of(0);
  auto d = compare_traces(e, a, plain);
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->form_only);
  a.calls[0].args = {"--", "stop"};
  d = compare_traces(e, a, plain);
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->form_only);
  EXPECT_EQ(d->call_index, 0u);
  a = e;
  EXPECT_FALSE(compare_traces(e, a, plain));
  a.ending = exit_of(1);
  d = compare_traces(e, a, plain);
  ASSERT_TRUE(d);
  EXPECT_NE(d->signature.find("exit status"), std::string::npos);
}

TEST(ConformTrace, KindsNameMissingExtraAndReorderedCalls) {
  auto call = [](const char* dir) { return Call{"/c/postfix", {"-c", dir, "stop"}, {}}; };
  Trace e, a;
  e.ending = a.ending = exit_of(0);
  e.calls = {call("/a"), call("/b")};
  a.calls = {call("/b"), call("/a")};
  EXPECT_EQ(compare_traces(e, a, plain)->signature.rfind("order:", 0), 0u);
  a.calls = {call("/b")};
  EXPECT_EQ(compare_traces(e, a, plain)->signature.rfind("missing call:", 0), 0u);
  a.calls = {call("/a"), call("/z"), call("/b")};
  EXPECT_EQ(compare_traces(e, a, plain)->signature.rfind("extra call:", 0), 0u);
}

TEST(ConformCase, GeneratorIsDeterministicPerSeed) {
  CaseGenerator g1(42), g2(42), g3(43);
  bool any_differs = false;
  for (int i = 0; i < 50; ++i) {
    CaseSpec a = g1.next(i * 2), b = g2.next(i * 2), c = g3.next(i * 2);
    EXPECT_EQ(a, b);
    any_differs |= !(a == c);
  }
  EXPECT_TRUE(any_differs);
}

TEST(ConformCase, JsonRoundTripsEveryGeneratedCase) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    CaseGenerator g(seed);
    for (int i = 0; i < 20; ++i) {
      CaseSpec c = g.next(i * 5);
      auto back = case_from_json(case_to_json(c));
      ASSERT_TRUE(back) << back.error();
      EXPECT_EQ(*back, c) << "seed " << seed << " case " << i;
    }
  }
}

TEST(ConformCase, ShrinkCandidatesAreSmallerAndKeepTheListNonEmpty) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    CaseGenerator g(seed);
    for (int i = 0; i < 10; ++i) {
      CaseSpec c = g.next(100);
      for (const auto& s : shrink_candidates(c)) {
        EXPECT_LT(case_size(s), case_size(c)) << "seed " << seed;
        EXPECT_FALSE(s.list.empty()) << "seed " << seed;
        EXPECT_EQ(s.separators.size(), s.list.size() + 1) << "seed " << seed;
        EXPECT_FALSE(s.instances.empty());
      }
    }
  }
}

TEST(ConformRun, GeneratedCasesReachTheManagerWithPostfixsEnvironment) {
  ConformConfig config;
  config.implementation = {"/opt/manager"};
  config.profile = ProfileName::kPostfixWrapper;
  CasePaths paths{"/r", "/r/primary"};
  CaseGenerator g(7);
  int reachable = 0;
  for (int i = 0; i < 100; ++i) {
    CaseSpec spec = g.next(i);
    CaseRun run = plan_case(config, spec, paths);
    if (!run.reachable) continue;
    ++reachable;
    // R46: postfix(1) exports MAIL_CONFIG and command_directory to the manager; the shell
    // wrappers run $command_directory/postfix for every instance (R58).
    EXPECT_EQ(run.scenario.env.at("MAIL_CONFIG"), "/r/primary");
    EXPECT_EQ(run.scenario.env.at("command_directory"), "/r/bin");
    for (const auto& c : run.expected.calls) EXPECT_EQ(c.program, "/r/bin/postfix");
    ASSERT_TRUE(run.expected.ending);
  }
  EXPECT_GT(reachable, 90);
}

}  // namespace
}  // namespace pfmulti
