// Unit tests for postfix(1)'s dispatch (model/postfix/postfix_dispatch.h; spec/rules.md R40-R49).
// Expected values follow postfix.c and the 3.7 binary's strings; the conformance vectors
// (spec/vectors/postfix-*) cover the same rules with whole plans.
#include <gtest/gtest.h>

#include "model/plan/planner.h"
#include "scenario_builder.h"

namespace pfmulti {
namespace {

using test::make_scenario;
using test::whole_failure;

const char* kMulti =
    "multi_instance_directories = /etc/postfix-a\n"
    "multi_instance_wrapper = ${command_directory}/postmulti -p --\n";

Plan postfix(std::vector<std::string> argv, FileMap files, EnvMap env = {}) {
  return make_plan(make_scenario(Program::kPostfix, ProfileName::kPostmulti, std::move(argv),
                                 std::move(files), std::move(env)));
}

// A copy: callers pass temporaries.
ExecAction only_exec(const Plan& plan) {
  if (plan.actions.size() != 1 || !std::holds_alternative<ExecAction>(plan.actions[0])) {
    ADD_FAILURE() << "expected a single exec:\n" << plan;
    return {};
  }
  return std::get<ExecAction>(plan.actions[0]);
}

TEST(PostfixDispatch, UnknownOptionIsUsage) {
  Plan p = postfix({"/usr/sbin/postfix", "-q", "start"}, {{"/etc/postfix/main.cf", ""}});
  EXPECT_EQ(whole_failure(p), "usage: postfix [-c config_dir] [-Dv] command");
  EXPECT_EQ(std::get<FailAction>(p.actions[0]).exit_status, 1);
}

TEST(PostfixDispatch, OptionsStopAtFirstOperand) {
  Plan p = postfix({"postfix", "-D", "flush", "-c", "rel"}, {{"/etc/postfix/main.cf", kMulti}});
  ExecAction e = only_exec(p);
  EXPECT_EQ(e.argv,
            (std::vector<std::string>{"/usr/sbin/postmulti", "-p", "--", "flush", "-c", "rel"}));
  // "--" ends the options and is not passed on.
  Plan q = postfix({"postfix", "--", "-v"}, {{"/etc/postfix/main.cf", ""}});
  EXPECT_EQ(only_exec(q).argv,
            (std::vector<std::string>{"/usr/lib/postfix/sbin/postfix-script", "-v"}));
}

TEST(PostfixDispatch, RelativeDashCIsFatal) {
  EXPECT_EQ(whole_failure(postfix({"postfix", "-c", "etc", "start"}, {})),
            "-c requires absolute pathname");
  EXPECT_EQ(whole_failure(postfix({"postfix", "-c", "", "start"}, {})),
            "-c requires absolute pathname");
  // Attached form.
  EXPECT_EQ(whole_failure(postfix({"postfix", "-cetc", "start"}, {})),
            "-c requires absolute pathname");
}

TEST(PostfixDispatch, DebugSurvivesVerboseDoesNot) {
  ExecAction e = only_exec(postfix({"postfix", "-Dv", "check"}, {{"/etc/postfix/main.cf", ""}}));
  EXPECT_EQ(e.env.count("MAIL_DEBUG"), 1u);
  EXPECT_EQ(e.env.count("MAIL_VERBOSE"), 0u);
  // Importing MAIL_VERBOSE keeps it.
  ExecAction f =
      only_exec(postfix({"postfix", "-v", "check"},
                        {{"/etc/postfix/main.cf", "import_environment = MAIL_VERBOSE\n"}}));
  EXPECT_EQ(f.env.count("MAIL_VERBOSE"), 1u);
}

TEST(PostfixDispatch, MailConfigForcesSingleInstance) {
  FileMap files{{"/etc/postfix/main.cf", kMulti}, {"/etc/postfix-a/main.cf", ""}};
  ExecAction e =
      only_exec(postfix({"postfix", "start"}, files, {{"MAIL_CONFIG", "/etc/postfix-a"}}));
  EXPECT_EQ(e.argv[0], "/usr/lib/postfix/sbin/postfix-script");
  EXPECT_EQ(e.env.at("MAIL_CONFIG"), "/etc/postfix-a");
  // Even an empty MAIL_CONFIG is "present": main.cf is then read from "/main.cf".
  Plan p = postfix({"postfix", "start"}, files, {{"MAIL_CONFIG", ""}});
  EXPECT_EQ(whole_failure(p), "open /main.cf: No such file or directory");
}

TEST(PostfixDispatch, AbsentMainCfIsFatal) {
  EXPECT_EQ(whole_failure(postfix({"postfix", "start"}, {})),
            "open /etc/postfix/main.cf: No such file or directory");
  EXPECT_EQ(whole_failure(postfix({"postfix", "start"},
                                  {{"/etc/postfix/main.cf", Unreadable{"Is a directory"}}})),
            "open /etc/postfix/main.cf: Is a directory");
}

TEST(PostfixDispatch, ExportsInstallationParameters) {
  ExecAction e =
      only_exec(postfix({"postfix", "start"},
                        {{"/etc/postfix/main.cf", "queue_directory = /srv/q\nmail_owner = pfx\n"}},
                        {{"HOME", "/root"}, {"TZ", "UTC"}}));
  for (const auto& name : exported_parameter_names()) EXPECT_EQ(e.env.count(name), 1u) << name;
  EXPECT_EQ(e.env.at("queue_directory"), "/srv/q");
  EXPECT_EQ(e.env.at("mail_owner"), "pfx");
  EXPECT_EQ(e.env.at("PATH"), "/bin:/usr/bin:/sbin:/usr/sbin");
  EXPECT_EQ(e.env.at("MAIL_CONFIG"), "/etc/postfix");
  EXPECT_EQ(e.env.at("TZ"), "UTC");
  EXPECT_EQ(e.env.count("HOME"), 0u);
}

TEST(PostfixDispatch, MailLogtagIsSyslogNameSetBeforeCleaning) {
  // Measured with postfix 3.7.11 (a wrapper that prints $MAIL_LOGTAG): the default syslog_name
  // gives "postfix", or the instance name; the value is expanded; an inherited MAIL_LOGTAG is
  // replaced; an import_environment without MAIL_LOGTAG drops it; an empty one is fatal.
  auto logtag = [](const std::string& main_cf, EnvMap env = {}) {
    ExecAction e = only_exec(
        postfix({"postfix", "start"}, {{"/etc/postfix/main.cf", main_cf}}, std::move(env)));
    auto it = e.env.find("MAIL_LOGTAG");
    return it == e.env.end() ? std::string("<unset>") : it->second;
  };
  EXPECT_EQ(logtag(""), "postfix");
  EXPECT_EQ(logtag("", {{"MAIL_LOGTAG", "zzz"}}), "postfix");
  EXPECT_EQ(logtag("multi_instance_name = postfix-p\n"), "postfix-p");
  EXPECT_EQ(logtag("syslog_name = ${foo}-x\nfoo = bar\n"), "bar-x");
  EXPECT_EQ(logtag("import_environment = MAIL_CONFIG LANG=C\n", {{"MAIL_LOGTAG", "zzz"}}),
            "<unset>");
  EXPECT_EQ(
      whole_failure(postfix({"postfix", "start"}, {{"/etc/postfix/main.cf", "syslog_name =\n"}})),
      "bad string length 0 < 1: syslog_name = ");
}

TEST(PostfixDispatch, MissingQueueDirectoryIsFatal) {
  Scenario s = make_scenario(Program::kPostfix, ProfileName::kPostmulti, {"postfix", "start"},
                             {{"/etc/postfix/main.cf", "queue_directory = /srv/q/\n"}});
  s.directories = std::vector<std::string>{"/usr/sbin", "/usr/lib/postfix/sbin", "/srv/q"};
  // A trailing slash names the same directory.
  EXPECT_EQ(whole_failure(make_plan(s)), "");
  s.directories = std::vector<std::string>{"/usr/sbin", "/usr/lib/postfix/sbin"};
  EXPECT_EQ(whole_failure(make_plan(s)), "chdir(/srv/q/): No such file or directory");
}

TEST(PostfixDispatch, EmptyListExecsPostfixScript) {
  ExecAction e = only_exec(
      postfix({"postfix", "start", "-x"}, {{"/etc/postfix/main.cf", "daemon_directory = /d\n"}}));
  EXPECT_EQ(e.argv, (std::vector<std::string>{"/d/postfix-script", "start", "-x"}));
}

TEST(PostfixDispatch, HandOffSplitsWrapperOnWhiteSpace) {
  ExecAction e = only_exec(
      postfix({"postfix", "reload"},
              {{"/etc/postfix/main.cf",
                "multi_instance_directories = /a\nmulti_instance_wrapper = w\tx\r\n  y,z\n"}}));
  EXPECT_EQ(e.argv, (std::vector<std::string>{"w", "x", "y,z", "reload"}));
}

TEST(PostfixDispatch, EmptyWrapperIsFatal) {
  EXPECT_EQ(whole_failure(postfix({"postfix", "start"}, {{"/etc/postfix/main.cf",
                                                          "multi_instance_directories = /a\nw =\n"
                                                          "multi_instance_wrapper = $w\n"}})),
            "multi-instance support is requested, but multi_instance_wrapper is empty");
}

}  // namespace
}  // namespace pfmulti
