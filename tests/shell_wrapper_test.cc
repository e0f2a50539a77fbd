// Unit tests for the shell wrapper profiles seed and postfix-wrapper
// (model/wrapper/shell_wrapper.h; spec/rules.md R50-R61, R9, R20). Expectations follow the shipped
// script's text, the seed and measured behaviour of dash and postconf 3.7 (postconf -h prints raw,
// collapsed values).
#include <gtest/gtest.h>

#include "model/plan/planner.h"
#include "scenario_builder.h"

namespace pfmulti {
namespace {

using test::actions_of;
using test::instance_cf;
using test::make_scenario;
using test::run_dirs;
using test::whole_failure;
using test::wrapper_env;

std::string primary(const std::string& list) {
  return "multi_instance_enable = yes\nmulti_instance_directories = " + list + "\n";
}

FileMap three(const std::string& a_enable = "yes", const std::string& b_enable = "no") {
  return {{"/etc/postfix/main.cf", primary("/etc/postfix-a /etc/postfix-b")},
          {"/etc/postfix-a/main.cf", instance_cf("a", a_enable)},
          {"/etc/postfix-b/main.cf", instance_cf("b", b_enable)}};
}

Plan wrap(ProfileName p, std::vector<std::string> args, FileMap files, EnvMap env = wrapper_env()) {
  std::vector<std::string> argv{"/usr/lib/postfix/sbin/postfix-wrapper"};
  argv.insert(argv.end(), args.begin(), args.end());
  return make_plan(make_scenario(Program::kWrapper, p, argv, std::move(files), std::move(env)));
}

const std::vector<std::string> kAll{"/etc/postfix", "/etc/postfix-a", "/etc/postfix-b"};
const std::vector<std::string> kAllReversed{"/etc/postfix-b", "/etc/postfix-a", "/etc/postfix"};

TEST(ShellWrapper, UnsetDaemonDirectoryFailsOnlyTheScript) {
  EnvMap env = wrapper_env();
  env.erase("daemon_directory");
  Plan script = wrap(ProfileName::kPostfixWrapper, {"status"}, three(), env);
  EXPECT_EQ(whole_failure(script), "daemon_directory: do not invoke this command directly");
  EXPECT_EQ(std::get<FailAction>(script.actions.back()).exit_status, 2);
  EXPECT_EQ(run_dirs(wrap(ProfileName::kSeed, {"status"}, three(), env)), kAll);
  // Set but empty passes ${var?msg}.
  env["daemon_directory"] = "";
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"status"}, three(), env)), kAll);
}

TEST(ShellWrapper, OnlyFirstCommaBecomesSpace) {
  // postfix-wrapper-strict on 3.7 (the default release): `sed 's/,/ /'`.
  FileMap files = three();
  files["/etc/postfix/main.cf"] = primary("/x,/y,/z, /w");
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapperStrict, {"status"}, files)),
            (std::vector<std::string>{"/etc/postfix", "/x", "/y,/z,", "/w"}));
}

// R107: the script of 3.8 and 3.9 still turns only the first comma into a space; 3.10 and 3.11
// turn every one (`sed 'y/,/ /'`); the seed follows its release's manual page.
TEST(ShellWrapper, StrictProfileSplitsCommasAsTheReleaseDoes) {
  FileMap files = three();
  files["/etc/postfix/main.cf"] = primary("/x,/y,/z, /w");
  const std::vector<std::string> first{"/etc/postfix", "/x", "/y,/z,", "/w"};
  const std::vector<std::string> all{"/etc/postfix", "/x", "/y", "/z", "/w"};
  for (ProfileName p : {ProfileName::kPostfixWrapperStrict, ProfileName::kSeed}) {
    for (PostfixRelease r : all_releases()) {
      Scenario s;
      s.program = Program::kWrapper;
      s.profile = p;
      s.release = r;
      s.argv = {"/usr/lib/postfix/sbin/postfix-wrapper", "status"};
      s.env = wrapper_env();
      s.files = files;
      bool fixed = r == PostfixRelease::k3_10 || r == PostfixRelease::k3_11;
      EXPECT_EQ(run_dirs(make_plan(s)), fixed ? all : first) << release_id(r);
    }
  }
}

// R107: pfmulti's drop-in profile splits on every comma whatever the release: the 3.7-3.9 bug
// is reproduced only by postfix-wrapper-strict.
TEST(ShellWrapper, DropInProfileSplitsEveryCommaOnEveryRelease) {
  FileMap files = three();
  files["/etc/postfix/main.cf"] = primary("/x,/y,/z, /w");
  for (PostfixRelease r : all_releases()) {
    Scenario s;
    s.program = Program::kWrapper;
    s.profile = ProfileName::kPostfixWrapper;
    s.release = r;
    s.argv = {"/usr/lib/postfix/sbin/postfix-wrapper", "status"};
    s.env = wrapper_env();
    s.files = files;
    EXPECT_EQ(run_dirs(make_plan(s)),
              (std::vector<std::string>{"/etc/postfix", "/x", "/y", "/z", "/w"}))
        << release_id(r);
  }
}

TEST(ShellWrapper, UnreadablePrimaryGivesEmptyList) {
  FileMap files = three();
  files["/etc/postfix/main.cf"] = Unreadable{"Permission denied"};
  Plan p = wrap(ProfileName::kSeed, {"status"}, files);
  EXPECT_EQ(run_dirs(p), (std::vector<std::string>{"/etc/postfix"}));
  EXPECT_EQ(p.warnings.size(), 1u);
  // A syntax error makes postconf fail the same way.
  files["/etc/postfix/main.cf"] = "multi_instance_directories /etc/postfix-a\n";
  EXPECT_EQ(run_dirs(wrap(ProfileName::kSeed, {"status"}, files)),
            (std::vector<std::string>{"/etc/postfix"}));
}

TEST(ShellWrapper, PrimaryFailingStartupCheckGivesEmptyList) {
  // Real postconf 3.7.11 expands every known parameter's main.cf value at start-up: a truncated
  // `${` in multi_instance_group makes `postconf -h multi_instance_directories` fail ("fatal:
  // macro processing error", nothing on stdout); the same `${` in an unknown parameter does not.
  FileMap files = three();
  files["/etc/postfix/main.cf"] =
      primary("/etc/postfix-a /etc/postfix-b") + "multi_instance_group = ${oops\n";
  Plan p = wrap(ProfileName::kPostfixWrapper, {"status"}, files);
  EXPECT_EQ(run_dirs(p), (std::vector<std::string>{"/etc/postfix"}));
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].find("postconf cannot evaluate /etc/postfix/main.cf"), std::string::npos)
      << p.warnings[0];
  files["/etc/postfix/main.cf"] = primary("/etc/postfix-a /etc/postfix-b") + "p = ${oops\n";
  EXPECT_EQ(run_dirs(wrap(ProfileName::kSeed, {"status"}, files)), kAll);
}

TEST(ShellWrapper, SecondaryPostconfCannotEvaluateCountsAsDisabled) {
  // Each of these makes real postconf 3.7.11 print nothing for `-c DIR -h multi_instance_enable`
  // (measured): the two lines that crash it (SIGSEGV), a reference cycle reached from a known
  // parameter ("unreasonable macro call nesting") and a truncated `${` in one.
  const char* damaged[] = {
      "multi_instance_name = $p\np = ${{$p} == {x} ? {a} : {b}}\n",
      "multi_instance_group = $loop1\nloop1 = $loop2\nloop2 = $loop1\n",
      "multi_instance_group = ${oops\n",
  };
  for (const char* extra : damaged) {
    FileMap files = three("yes", "yes");
    files["/etc/postfix-a/main.cf"] = instance_cf("a", "yes", "", extra);
    for (ProfileName profile : {ProfileName::kSeed, ProfileName::kPostfixWrapper}) {
      Plan reload = wrap(profile, {"reload"}, files);
      EXPECT_EQ(run_dirs(reload), (std::vector<std::string>{"/etc/postfix", "/etc/postfix-b"}))
          << extra;
      Plan start = wrap(profile, {"start"}, files);
      auto runs = actions_of<RunAction>(start);
      ASSERT_EQ(runs.size(), 3u) << extra;
      EXPECT_EQ(runs[1].argv,
                (std::vector<std::string>{"/usr/sbin/postfix", "-c", "/etc/postfix-a", "check"}))
          << extra;
      EXPECT_NE(runs[1].reason.find("postconf cannot evaluate /etc/postfix-a/main.cf"),
                std::string::npos)
          << runs[1].reason;
    }
  }
  // A broken parameter that no known parameter reaches is never expanded: still enabled.
  FileMap files = three("yes", "yes");
  files["/etc/postfix-a/main.cf"] = instance_cf("a", "yes", "", "p = ${{$p} == {x} ? {a} : {b}}\n");
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"reload"}, files)), kAll);
}

TEST(ShellWrapper, ConfigDirectoryFromEnvironmentIsSplit) {
  EnvMap env = wrapper_env();
  env["config_directory"] = " /c1\t/c2\n";
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"status"}, three(), env)),
            (std::vector<std::string>{"/c1", "/c2", "/etc/postfix-a", "/etc/postfix-b"}));
  env.erase("config_directory");
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"status"}, three(), env)),
            (std::vector<std::string>{"/etc/postfix-a", "/etc/postfix-b"}));
}

TEST(ShellWrapper, GlobExpandsAgainstKnownPaths) {
  FileMap files = three();
  files["/etc/postfix/main.cf"] = primary("/etc/postfix-? /etc/.hidden* /none*");
  files["/etc/.hidden-x/main.cf"] = "";
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"status"}, files)),
            (std::vector<std::string>{"/etc/postfix", "/etc/postfix-a", "/etc/postfix-b",
                                      "/etc/.hidden-x", "/none*"}));
}

TEST(ShellWrapper, ScriptReversesStopSeedDoesNot) {
  for (const char* cmd : {"stop", "quick-stop", "abort", "drain"}) {
    Plan script = wrap(ProfileName::kPostfixWrapper, {cmd}, three("yes", "yes"));
    Plan seed = wrap(ProfileName::kSeed, {cmd}, three("yes", "yes"));
    EXPECT_EQ(run_dirs(script), kAllReversed) << cmd;
    EXPECT_EQ(run_dirs(seed), kAll) << cmd;
  }
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"flush"}, three("yes", "yes"))), kAll);
}

TEST(ShellWrapper, EnableIsExactRawYes) {
  for (const char* value : {"YES", "Yes", "$on", "yes # on", "true", "1"}) {
    Plan p = wrap(ProfileName::kPostfixWrapper, {"stop"}, three(value, "yes"));
    EXPECT_EQ(run_dirs(p), (std::vector<std::string>{"/etc/postfix-b", "/etc/postfix"})) << value;
  }
  EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {"stop"}, three("yes  ", "yes"))),
            kAllReversed);
}

TEST(ShellWrapper, EnableValueIsCollapsedBeforeComparison) {
  // postconf -h collapses white space: "yes" continued by a blank-only line stays "yes", but a
  // value that is two words never equals "yes".
  FileMap files = three();
  files["/etc/postfix-a/main.cf"] = "multi_instance_enable = yes\n \t\n";
  files["/etc/postfix-b/main.cf"] = "multi_instance_enable = yes\n  yes\n";
  EXPECT_EQ(run_dirs(wrap(ProfileName::kSeed, {"reload"}, files)),
            (std::vector<std::string>{"/etc/postfix", "/etc/postfix-a"}));
}

TEST(ShellWrapper, StartOnDisabledRunsCheckWithoutArguments) {
  Plan p = wrap(ProfileName::kPostfixWrapper, {"start", "-v"}, three());
  auto runs = actions_of<RunAction>(p);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[1].argv,
            (std::vector<std::string>{"/usr/sbin/postfix", "-c", "/etc/postfix-a", "start", "-v"}));
  EXPECT_EQ(runs[2].argv,
            (std::vector<std::string>{"/usr/sbin/postfix", "-c", "/etc/postfix-b", "check"}));
}

TEST(ShellWrapper, QuickStopIsNeverSkipped) {
  for (ProfileName p : {ProfileName::kSeed, ProfileName::kPostfixWrapper}) {
    EXPECT_EQ(actions_of<SkipAction>(wrap(p, {"quick-stop"}, three("no", "no"))).size(), 0u);
    EXPECT_EQ(actions_of<SkipAction>(wrap(p, {"stop"}, three("no", "no"))).size(), 2u);
  }
}

TEST(ShellWrapper, StatusRunsEverywhere) {
  FileMap files = three("no", "no");
  files["/etc/postfix-b/main.cf"] = Unreadable{"Permission denied"};
  for (const char* cmd : {"status", "check", "set-permissions", "upgrade-configuration"})
    EXPECT_EQ(run_dirs(wrap(ProfileName::kPostfixWrapper, {cmd}, files)), kAll) << cmd;
}

TEST(ShellWrapper, ExitRuleIsLastFailure) {
  EXPECT_EQ(wrap(ProfileName::kSeed, {"status"}, three()).exit, ExitRule::kLastFailure);
  EXPECT_EQ(wrap(ProfileName::kPostfixWrapper, {"status"}, three()).exit, ExitRule::kLastFailure);
}

TEST(ShellWrapper, NoCommandRunsBarePostfix) {
  auto runs = actions_of<RunAction>(wrap(ProfileName::kPostfixWrapper, {}, three()));
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& r : runs) EXPECT_EQ(r.argv.size(), 3u);
}

TEST(ShellWrapper, CommandWordsAreCaseSensitive) {
  Plan p = wrap(ProfileName::kPostfixWrapper, {"STOP"}, three());
  EXPECT_EQ(run_dirs(p), kAll);
  EXPECT_EQ(actions_of<SkipAction>(p).size(), 0u);
}

TEST(ShellWrapper, CommandDirectoryComesFromEnvironment) {
  EnvMap env = wrapper_env();
  env["command_directory"] = "/opt/sbin";
  FileMap files = three();
  // main.cf's command_directory does not matter to the wrapper.
  files["/etc/postfix/main.cf"] = primary("/etc/postfix-a") + "command_directory = /elsewhere\n";
  for (const auto& r : actions_of<RunAction>(wrap(ProfileName::kSeed, {"status"}, files, env)))
    EXPECT_EQ(r.argv[0], "/opt/sbin/postfix");
}

}  // namespace
}  // namespace pfmulti
