// Tests of `pfmulti lint`'s checker (model/lint/lint.h): each problem of the list is found,
// with the file and line it comes from; a clean configuration has no problem at all.
#include "model/lint/lint.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "arbitrary_scenario.h"
#include "model/lint/lint_modes.h"

namespace pfmulti {
namespace {

class Lint : public ::testing::Test {
 protected:
  void SetUp() override {
    in_.primary_dir = "/etc/postfix";
    in_.is_executable = [this](std::string_view p) {
      return std::find(executables_.begin(), executables_.end(), p) != executables_.end();
    };
    primary("multi_instance_directories = /etc/postfix-a /etc/postfix-b\n");
    instance("a");
    instance("b");
  }
  // The primary main.cf: line 1 wrapper, line 2 enable, then `rest` from line 3 on.
  void primary(const std::string& rest) {
    in_.files["/etc/postfix/main.cf"] =
        "multi_instance_wrapper = /usr/sbin/pfmulti -p --\nmulti_instance_enable = yes\n" + rest;
  }
  // An instance main.cf: lines 1-4 name, queue, data, enable, then `extra`.
  void instance(const std::string& n, const std::string& extra = "",
                const std::string& enable = "yes") {
    in_.files["/etc/postfix-" + n + "/main.cf"] =
        "multi_instance_name = postfix-" + n + "\nqueue_directory = /var/spool/postfix-" + n +
        "\ndata_directory = /var/lib/postfix-" + n + "\nmulti_instance_enable = " + enable + "\n" +
        extra;
  }
  std::vector<std::string> problems() {
    std::vector<std::string> out;
    for (const auto& p : lint(in_)) out.push_back(p.str());
    return out;
  }
  // The one problem found (fails the test unless there is exactly one).
  std::string only() {
    auto p = problems();
    EXPECT_EQ(p.size(), 1u) << ::testing::PrintToString(p);
    return p.empty() ? "" : p[0];
  }
  LintInput in_;
  std::vector<std::string> executables_ = {"/usr/sbin/pfmulti"};
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(Lint, CleanConfigurationHasNoProblem) { EXPECT_EQ(problems(), std::vector<std::string>{}); }

TEST_F(Lint, RelativeDirectoryIsAnErrorAtTheListLine) {
  primary("# list\nmulti_instance_directories = /etc/postfix-a postfix-b\n");
  std::string p = only();
  EXPECT_TRUE(p.starts_with("/etc/postfix/main.cf:4: error: ")) << p;
  EXPECT_TRUE(has(p, "relative directory \"postfix-b\"")) << p;
}

// R123: a directory listed twice runs twice (postmulti 3.7, spec/postfix-facts.md §9.7): a
// warning, not an error, since no mode fails on it.
TEST_F(Lint, DuplicateDirectoryIsAWarningEvenWhenSpelledDifferently) {
  primary("multi_instance_directories = /etc/postfix-a /etc/postfix-b /etc/postfix-a\n");
  std::string p = only();
  EXPECT_TRUE(p.starts_with("/etc/postfix/main.cf:3: warning: ")) << p;
  EXPECT_TRUE(has(p, "\"/etc/postfix-a\" twice")) << p;
  // Spelled differently, the two owners differ as strings (R79): postmulti fails, an error.
  primary("multi_instance_directories = /etc/postfix-a /etc/postfix-b /etc//postfix-a/\n");
  auto all = problems();
  ASSERT_EQ(all.size(), 2u) << ::testing::PrintToString(all);
  EXPECT_TRUE(has(all[0], "\"/etc//postfix-a/\" twice (also as \"/etc/postfix-a\")")) << all[0];
  EXPECT_TRUE(
      all[1].starts_with("/etc/postfix-a/main.cf:1: error: postmulti -l fails: instance "
                         "/etc//postfix-a/, multi_instance_name=postfix-a conflicts"))
      << all[1];
}

TEST_F(Lint, DefaultInstanceInItsOwnListIsAWarning) {
  primary("multi_instance_directories = /etc/postfix-a /etc/postfix /etc/postfix-b\n");
  std::string p = only();
  EXPECT_TRUE(has(p, "main.cf:3: warning: ")) << p;
  EXPECT_TRUE(has(p, "\"/etc/postfix\", the default instance's own")) << p;
}

TEST_F(Lint, ListedDirectoryWithoutMainCfIsAnErrorAtTheListLine) {
  primary("multi_instance_directories =\n  /etc/postfix-a,\n  /etc/postfix-x /etc/postfix-b\n");
  std::string p = only();
  EXPECT_TRUE(p.starts_with("/etc/postfix/main.cf:3: error: ")) << p;
  EXPECT_TRUE(has(p, "/etc/postfix-x/main.cf: No such file or directory")) << p;
}

TEST_F(Lint, UnreadableFileIsAnErrorOnThatFile) {
  in_.files["/etc/postfix-b/main.cf"] = Unreadable{"Permission denied"};
  EXPECT_EQ(only(), "/etc/postfix-b/main.cf: error: cannot read: Permission denied");
}

TEST_F(Lint, AbsentPrimaryIsAnError) {
  in_.files.erase("/etc/postfix/main.cf");
  EXPECT_EQ(only(), "/etc/postfix/main.cf: error: No such file or directory");
}

TEST_F(Lint, ConflictingQueueDirectoryIsAnErrorAtTheSecondDefinition) {
  instance("b", "# shared by mistake\nqueue_directory = /var/spool/postfix-a\n");
  auto p = problems();
  ASSERT_EQ(p.size(), 2u) << ::testing::PrintToString(p);
  EXPECT_TRUE(has(p[0], "main.cf, line 6: overriding earlier entry") || has(p[0], "warning"))
      << p[0];
  EXPECT_TRUE(p[1].starts_with("/etc/postfix-b/main.cf:6: error: ")) << p[1];
  EXPECT_TRUE(has(p[1],
                  "queue_directory = /var/spool/postfix-a conflicts with instance "
                  "/etc/postfix-a, queue_directory"))
      << p[1];
}

TEST_F(Lint, DefaultDataDirectoryConflictsWithThePrimary) {
  in_.files["/etc/postfix-b/main.cf"] =
      "multi_instance_name = postfix-b\nqueue_directory = /var/spool/postfix-b\n"
      "multi_instance_enable = yes\n";
  std::string p = only();
  EXPECT_TRUE(
      p.starts_with("/etc/postfix-b/main.cf: error: data_directory = /var/lib/postfix "
                    "(not set in this file: the default) conflicts with instance "
                    "/etc/postfix, data_directory"))
      << p;
}

TEST_F(Lint, ConflictingNamesAndCrossParameterClaims) {
  instance("b", "multi_instance_name = postfix-a\n");
  auto p = problems();
  ASSERT_FALSE(p.empty());
  EXPECT_TRUE(has(p.back(),
                  "/etc/postfix-b/main.cf:5: error: multi_instance_name = postfix-a "
                  "conflicts with instance /etc/postfix-a, multi_instance_name"))
      << p.back();
  SetUp();
  instance("b", "data_directory = /var/spool/postfix-a\n");  // another's queue directory
  p = problems();
  ASSERT_FALSE(p.empty());
  EXPECT_TRUE(has(p.back(),
                  "data_directory = /var/spool/postfix-a conflicts with instance "
                  "/etc/postfix-a, queue_directory"))
      << p.back();
}

TEST_F(Lint, BadEnableValueIsAnErrorAndShellWrapperMisreadsAreWarnings) {
  instance("a", "", "maybe");
  std::string p = only();
  EXPECT_EQ(p,
            "/etc/postfix-a/main.cf:4: error: multi_instance_enable = \"maybe\" is not \"yes\" "
            "or \"no\"");
  instance("a", "", "YES");
  p = only();
  EXPECT_TRUE(p.starts_with("/etc/postfix-a/main.cf:4: warning: multi_instance_enable = \"YES\""))
      << p;
  instance("a", "on = yes\n", "$on");
  p = only();
  EXPECT_TRUE(has(p, "warning: multi_instance_enable = \"$on\"")) << p;
}

TEST_F(Lint, WrapperThatCannotRunIsAnError) {
  executables_.clear();
  std::string p = only();
  EXPECT_EQ(p,
            "/etc/postfix/main.cf:1: error: multi_instance_wrapper program "
            "\"/usr/sbin/pfmulti\" is not an executable file");
  in_.files["/etc/postfix/main.cf"] =
      "multi_instance_enable = yes\nmulti_instance_directories = /etc/postfix-a /etc/postfix-b\n";
  p = only();
  EXPECT_TRUE(
      p.starts_with("/etc/postfix/main.cf:2: error: multi_instance_directories lists "
                    "instances, but multi_instance_wrapper is empty"))
      << p;
  in_.files["/etc/postfix/main.cf"] =
      "multi_instance_wrapper = postmulti -p --\nmulti_instance_enable = yes\n"
      "multi_instance_directories = /etc/postfix-a /etc/postfix-b\n";
  p = only();
  EXPECT_TRUE(has(p, "\"postmulti\" is not in postfix(1)'s PATH")) << p;
  executables_ = {"/usr/sbin/postmulti"};
  EXPECT_EQ(problems(), std::vector<std::string>{});
}

TEST_F(Lint, NoWrapperNeededWithoutInstances) {
  executables_.clear();
  primary("multi_instance_directories =\n");
  EXPECT_EQ(problems(), std::vector<std::string>{});
}

TEST_F(Lint, NamesWithoutPostfixPrefixAreWarnings) {
  instance("b", "multi_instance_name = mailout\n");
  auto p = problems();
  ASSERT_EQ(p.size(), 2u) << ::testing::PrintToString(p);
  EXPECT_TRUE(has(p[1],
                  "/etc/postfix-b/main.cf:5: warning: multi_instance_name = \"mailout\" "
                  "does not start with \"postfix-\""))
      << p[1];
}

TEST_F(Lint, TwoCommasAreAWarningForTheShippedWrapper) {
  instance("c");
  primary("multi_instance_directories = /etc/postfix-a, /etc/postfix-b, /etc/postfix-c\n");
  std::string p = only();
  EXPECT_TRUE(has(p, "main.cf:3: warning: the shipped postfix-wrapper script")) << p;
  EXPECT_TRUE(has(p, "\"/etc/postfix-b,\"")) << p;
}

TEST_F(Lint, SyntaxErrorsAndReaderWarningsCarryTheirLines) {
  in_.files["/etc/postfix-a/main.cf"] = std::string("multi_instance_name = postfix-a\n") +
                                        "queue_directory = /var/spool/postfix-a\n" +
                                        "data_directory = /var/lib/postfix-a\n" +
                                        "multi_instance_enable = yes\n  indented\n";
  auto p = problems();
  ASSERT_FALSE(p.empty());
  EXPECT_TRUE(has(p[0], "/etc/postfix-a/main.cf")) << p[0];
}

TEST_F(Lint, EveryProblemIsReportedNotJustTheFirst) {
  primary(
      "multi_instance_directories = rel /etc/postfix-a /etc/postfix-a /etc/postfix-x "
      "/etc/postfix-b\n");
  instance("b", "", "maybe");
  auto p = problems();
  int errors = 0;
  for (const auto& s : p) errors += has(s, ": error: ");
  EXPECT_EQ(errors, 3) << ::testing::PrintToString(p);  // the duplicate is a warning (R123)
}

// R123 (issue 12 item 4): a multi_instance_group that cannot be expanded (a cycle, over the
// size cap, a deep chain) linted clean while -l and -p failed on it.
TEST_F(Lint, UnexpandableGroupIsAnErrorWithItsLine) {
  std::string chain;
  for (int k = 0; k < 120; ++k) chain += fmt::format("c{} = $c{}\n", k, k + 1);
  std::string big = "e0 = xxxxxxxx\n";
  for (int k = 1; k <= 23; ++k) big += fmt::format("e{} = $e{}$e{}\n", k, k - 1, k - 1);
  for (std::string group :
       {std::string("multi_instance_group = $multi_instance_group\n"),
        "multi_instance_group = $c0\n" + chain, "multi_instance_group = $e23\n" + big}) {
    instance("b", group);
    auto p = problems();
    bool found = false;
    for (const auto& line : p)
      if (line.rfind("/etc/postfix-b/main.cf:5: error: ", 0) == 0) found = true;
    EXPECT_TRUE(found) << group.substr(0, 60) << "\n" << ::testing::PrintToString(p);
  }
}

// R120 (issue 12 item 1): a config_directory line that names another directory (another
// instance's, empty, $undefined, relative) linted clean; it moves nothing, so it is a warning.
TEST_F(Lint, ConfigDirectoryLineIsAWarningThatItMovesNothing) {
  for (std::string value : {"/etc/postfix-a", "", "$undefined", "postfix-a"}) {
    primary("multi_instance_directories = /etc/postfix-a /etc/postfix-b\nconfig_directory = " +
            value + "\n");
    std::string p = only();
    EXPECT_TRUE(p.starts_with("/etc/postfix/main.cf:4: warning: config_directory = \"" + value +
                              "\" is ignored"))
        << p;
  }
  primary(
      "multi_instance_directories = /etc/postfix-a /etc/postfix-b\nconfig_directory = "
      "/etc/postfix/\n");
  EXPECT_TRUE(problems().empty()) << ::testing::PrintToString(problems());
}

// R123 the law, over the hostile generator (tests/arbitrary_scenario.h): lint reports an error
// exactly when some mode's plan fails, and every error names a file.
RC_GTEST_PROP(LintLaws, errors_exactly_when_some_mode_fails, ()) {
  test::TreeOptions o;
  o.hostile = *rc::gen::arbitrary<bool>();
  o.max_instances = 6;
  test::Tree t = *test::gen_tree(o);
  LintInput in;
  in.primary_dir = "/etc/postfix";
  in.files = t.files();
  bool lint_error = false;
  for (const auto& p : lint(in))
    if (p.severity == LintProblem::Severity::kError) {
      lint_error = true;
      RC_ASSERT(!p.file.empty());
      RC_ASSERT(p.line >= 0);
    }
  // The modes, planned here (not through lint): postmulti -l, -p (each class), -x, postfix start.
  bool fails = false;
  for (const auto& argv : lint_modes()) {
    Scenario s;
    s.program = argv[0] == "postfix" ? Program::kPostfix : Program::kPostmulti;
    s.argv = argv;
    s.files = in.files;
    for (const auto& a : make_plan(s).actions)
      if (std::holds_alternative<FailAction>(a)) fails = true;
  }
  RC_ASSERT(lint_error == fails);
}

}  // namespace
}  // namespace pfmulti
