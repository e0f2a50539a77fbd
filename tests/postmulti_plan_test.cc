// Unit tests for postmulti(1) iterator mode and pfmulti's default profile
// (model/postmulti/postmulti_plan.h; spec/rules.md R70-R91). Expectations follow postmulti.c (3.7)
// and the option string and messages of the 3.7 binary.
#include <gtest/gtest.h>

#include "model/plan/release.h"

#include "model/plan/planner.h"
#include "scenario_builder.h"

namespace pfmulti {
namespace {

using test::actions_of;
using test::instance_cf;
using test::make_scenario;
using test::run_dirs;
using test::whole_failure;

const char* kPrimary =
    "multi_instance_enable = yes\n"
    "multi_instance_directories = /etc/postfix-a, /etc/postfix-b\n";

FileMap three(const std::string& a = instance_cf("a", "yes", "mta"),
              const std::string& b = instance_cf("b", "no", "msa")) {
  return {{"/etc/postfix/main.cf", kPrimary},
          {"/etc/postfix-a/main.cf", a},
          {"/etc/postfix-b/main.cf", b}};
}

Plan pm(std::vector<std::string> args, FileMap files = three(),
        ProfileName profile = ProfileName::kPostmulti, EnvMap env = {}) {
  std::vector<std::string> argv{"postmulti"};
  argv.insert(argv.end(), args.begin(), args.end());
  return make_plan(make_scenario(Program::kPostmulti, profile, argv, std::move(files), env));
}

const std::vector<std::string> kAll{"/etc/postfix", "/etc/postfix-a", "/etc/postfix-b"};

TEST(Postmulti, NonDefaultMailConfigIsFatal) {
  FileMap files = three();
  files["/etc/postfix-a/main.cf"] = kPrimary;
  EXPECT_EQ(whole_failure(
                pm({"-l"}, files, ProfileName::kPostmulti, {{"MAIL_CONFIG", "/etc/postfix-a"}})),
            "Non-default configuration directory: MAIL_CONFIG=/etc/postfix-a");
  // The main.cf is read first: an absent one is reported before MAIL_CONFIG is checked.
  EXPECT_EQ(whole_failure(pm({"-l"}, three(), ProfileName::kPostmulti, {{"MAIL_CONFIG", "/x"}})),
            "open /x/main.cf: No such file or directory");
  // The default directory itself is fine.
  EXPECT_EQ(whole_failure(
                pm({"-l"}, three(), ProfileName::kPostmulti, {{"MAIL_CONFIG", "/etc/postfix"}})),
            "");
}

TEST(Postmulti, PrimaryDamageIsFatalInEveryProfile) {
  for (ProfileName p : {ProfileName::kPostmulti, ProfileName::kPostmultiStrict}) {
    FileMap files = three();
    files["/etc/postfix/main.cf"] = Unreadable{"Permission denied"};
    EXPECT_EQ(whole_failure(pm({"-p", "start"}, files, p)),
              "open /etc/postfix/main.cf: Permission denied");
    files["/etc/postfix/main.cf"] = "multi_instance_directories = $x\nx = ${x\n";
    EXPECT_NE(whole_failure(pm({"-p", "start"}, files, p)), "");
  }
}

TEST(Postmulti, ReverseToggles) {
  EXPECT_EQ(run_dirs(pm({"-R", "-R", "-x", "true"})), kAll);
  EXPECT_EQ(run_dirs(pm({"-R", "-x", "true"})),
            (std::vector<std::string>{"/etc/postfix-b", "/etc/postfix-a", "/etc/postfix"}));
  EXPECT_EQ(whole_failure(pm({"-R", "-R", "-R", "-p", "status"})),
            "The '-p' and '-e' options preclude the use of '-R'");
}

TEST(Postmulti, OptionCombinationsInOrder) {
  // The first failing check wins, in postmulti.c's order.
  EXPECT_EQ(whole_failure(pm({"-a", "-g", "x"})), "Specity no more than one of '-a', '-g', '-i'");
  EXPECT_EQ(whole_failure(pm({"-a", "-a", "-l", "-p"})),
            "Specify exactly one of '-e', '-l', '-p', '-x'");
  EXPECT_EQ(whole_failure(pm({"-l", "-l", "x"})), "Command not allowed with '-l'");
  EXPECT_EQ(whole_failure(pm({"-x"})), "Command required with '-p' or '-x' option");
  EXPECT_EQ(whole_failure(pm({"-G", "g", "-p", "status"})),
            "Cannot assign instance name or group without '-e assign'");
  EXPECT_EQ(whole_failure(pm({"-G", "g", "-e", "enable"})),
            "Cannot assign instance name or group with '-e enable'");
  EXPECT_EQ(whole_failure(pm({"-e", "assign", "-i", "x"})),
            "Specify new instance name or group with '-e assign'");
  EXPECT_EQ(whole_failure(pm({"-e", "deport", "-i", "x", "a=b"})),
            "Parameter overrides not valid with '-e deport'");
  EXPECT_EQ(whole_failure(pm({"-I", "a", "-I", "b"})), "Specify at most one '-I' option");
  // "+" getopt: options after the command are the command's.
  EXPECT_EQ(actions_of<RunAction>(pm({"-p", "status", "-R"}))[0].argv.back(), "-R");
}

TEST(Postmulti, SharedDirectoryClaims) {
  FileMap files = three();
  files["/etc/postfix/main.cf"] = std::string(kPrimary) + "shlib_directory = /usr/sbin\n";
  EXPECT_EQ(whole_failure(pm({"-l"}, files)),
            "instance /etc/postfix, shlib_directory=/usr/sbin conflicts with instance "
            "/etc/postfix, command_directory=/usr/sbin");
  // meta_directory is not claimed (it usually equals config_directory).
  files["/etc/postfix/main.cf"] = std::string(kPrimary) + "meta_directory = /usr/sbin\n";
  EXPECT_EQ(whole_failure(pm({"-l"}, files)), "");
  // A secondary whose queue directory is a shared directory conflicts with the primary.
  FileMap bad = three(instance_cf("a", "yes", "", "queue_directory = /usr/lib/postfix\n"));
  Plan p = pm({"-p", "status"}, bad, ProfileName::kPostmultiStrict);
  EXPECT_EQ(whole_failure(p),
            "instance /etc/postfix-a, queue_directory=/usr/lib/postfix conflicts with instance "
            "/etc/postfix, shlib_directory=/usr/lib/postfix");
}

TEST(Postmulti, SingleInstanceModeEnablesPrimary) {
  FileMap files{{"/etc/postfix/main.cf", "multi_instance_enable = no\n"}};
  EXPECT_EQ(run_dirs(pm({"-p", "reload"}, files)), (std::vector<std::string>{"/etc/postfix"}));
  // With a list, the same primary is disabled.
  files["/etc/postfix/main.cf"] = "multi_instance_enable = no\nmulti_instance_directories = /a\n";
  files["/a/main.cf"] = instance_cf("x", "yes");
  EXPECT_EQ(run_dirs(pm({"-p", "reload"}, files)), (std::vector<std::string>{"/a"}));
}

TEST(Postmulti, ListFormat) {
  Plan p = pm({"-l"});
  EXPECT_EQ(p.output,
            "-               -               y         /etc/postfix\n"
            "postfix-a       mta             y         /etc/postfix-a\n"
            "postfix-b       msa             n         /etc/postfix-b\n");
  EXPECT_TRUE(p.actions.empty());
  // Names longer than the column push the rest right; -l never says "No matching".
  Plan q = pm({"-l", "-g", "nosuch"});
  EXPECT_EQ(q.output, "");
  EXPECT_EQ(whole_failure(q), "");
}

TEST(Postmulti, StrictAbortsOnDamagedSecondary) {
  FileMap files = three();
  files.erase("/etc/postfix-a/main.cf");
  Plan p = pm({"-p", "status"}, files, ProfileName::kPostmultiStrict);
  EXPECT_EQ(p.actions.size(), 1u);
  EXPECT_EQ(whole_failure(p), "Failed to obtain all required /etc/postfix-a/main.cf parameters");
}

TEST(Postmulti, EnableIsCaseInsensitiveBoolean) {
  for (const char* v : {"yes", "YES", "yEs"})
    EXPECT_EQ(run_dirs(pm({"-p", "reload"}, three(instance_cf("a", "no"), instance_cf("b", v)))),
              (std::vector<std::string>{"/etc/postfix", "/etc/postfix-b"}))
        << v;
  EXPECT_EQ(whole_failure(pm({"-l"}, three(instance_cf("a", "on")), ProfileName::kPostmultiStrict)),
            "Unexpected /etc/postfix-a/main.cf entry: multi_instance_enable = on");
}

TEST(Postmulti, CommandClassesFromMainCf) {
  FileMap files = three();
  files["/etc/postfix/main.cf"] = std::string(kPrimary) +
                                  "postmulti_start_commands = start, go\n"
                                  "postmulti_stop_commands =\n"
                                  "postmulti_control_commands = stop\n";
  // "go" is start-class: b runs check.
  auto go = actions_of<RunAction>(pm({"-p", "go"}, files));
  ASSERT_EQ(go.size(), 3u);
  EXPECT_EQ(go[2].argv[2], "check");
  // "stop" is only control-class now: skip b, no reversal.
  EXPECT_EQ(run_dirs(pm({"-p", "stop"}, files)),
            (std::vector<std::string>{"/etc/postfix", "/etc/postfix-a"}));
  // A command in two lists takes the first class (start before stop).
  files["/etc/postfix/main.cf"] = std::string(kPrimary) + "postmulti_stop_commands = start\n";
  EXPECT_EQ(run_dirs(pm({"-p", "start"}, files)), kAll);
}

TEST(Postmulti, StartOnDisabledKeepsArguments) {
  auto runs = actions_of<RunAction>(pm({"-p", "start", "-x", "y"}));
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[2].argv,
            (std::vector<std::string>{"/usr/sbin/postfix", "--", "check", "-x", "y"}));
  EXPECT_EQ(runs[2].env, (EnvMap{{"MAIL_CONFIG", "/etc/postfix-b"}, {"MAIL_LOGTAG", "postfix"}}));
}

TEST(Postmulti, DisabledSkippedBeforeSelection) {
  // Selecting the disabled instance for a stop-class command matches nothing.
  EXPECT_EQ(whole_failure(pm({"-i", "postfix-b", "-p", "stop"})), "No matching instances");
  EXPECT_EQ(run_dirs(pm({"-i", "postfix-b", "-p", "status"})),
            (std::vector<std::string>{"/etc/postfix-b"}));
}

TEST(Postmulti, SelectByNameSuffixPathAndDash) {
  EXPECT_EQ(run_dirs(pm({"-i", "b", "-p", "status"})),
            (std::vector<std::string>{"/etc/postfix-b"}));
  EXPECT_EQ(run_dirs(pm({"-i", "postfix-b", "-p", "status"})),
            (std::vector<std::string>{"/etc/postfix-b"}));
  EXPECT_EQ(run_dirs(pm({"-i", "/etc/postfix-a", "-p", "status"})),
            (std::vector<std::string>{"/etc/postfix-a"}));
  EXPECT_EQ(run_dirs(pm({"-i", "-", "-p", "status"})), (std::vector<std::string>{"/etc/postfix"}));
  // The primary has no name: it matches by path.
  EXPECT_EQ(run_dirs(pm({"-i", "/etc/postfix", "-p", "status"})),
            (std::vector<std::string>{"/etc/postfix"}));
  // A nameless secondary is matched by its directory, compared as a string.
  FileMap files =
      three("queue_directory = /qa\ndata_directory = /da\nmulti_instance_enable = yes\n");
  EXPECT_EQ(whole_failure(pm({"-i", "etc/postfix-a", "-p", "status"}, files)),
            "No matching instances");
  // An empty group never matches -g "".
  EXPECT_EQ(whole_failure(pm({"-g", "", "-p", "status"}, files)), "No matching instances");
}

TEST(Postmulti, NoMatchIsFatal) {
  Plan p = pm({"-g", "nosuch", "-p", "status"});
  EXPECT_EQ(whole_failure(p), "No matching instances");
  EXPECT_EQ(p.actions.size(), 1u);
}

TEST(Postmulti, ExitRuleIsAnyFailure) {
  EXPECT_EQ(pm({"-p", "status"}).exit, ExitRule::kAnyFailureIsOne);
  EXPECT_EQ(pm({"-x", "true"}).exit, ExitRule::kAnyFailureIsOne);
}

TEST(Postmulti, GenericCommandEnvironment) {
  auto runs = actions_of<RunAction>(
      pm({"-i", "b", "-x", "env"}, three(), ProfileName::kPostmulti, {{"PATH", ""}}));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].argv, (std::vector<std::string>{"env"}));
  EXPECT_EQ(runs[0].env.at("PATH"), "/usr/sbin:/bin:/usr/bin:/sbin:/usr/sbin");
  EXPECT_EQ(runs[0].env.at("multi_instance_enable"), "no");
  EXPECT_EQ(runs[0].env.at("multi_instance_group"), "msa");
  EXPECT_EQ(runs[0].env.at("queue_directory"), "/var/spool/postfix-b");
  EXPECT_EQ(runs[0].env.size(), 11u);  // the nine of R86, PATH and MAIL_LOGTAG (R94)
}

TEST(Postmulti, ChildrenGetThePrimarysSyslogNameAsMailLogtag) {
  // Measured with postmulti 3.7.11 (-x sh -c 'echo $MAIL_LOGTAG'): every child, the secondary
  // instances' too, gets the primary's expanded syslog_name, whatever MAIL_LOGTAG postmulti
  // inherited; an instance's own syslog_name does not matter.
  FileMap files = three();
  std::get<std::string>(files["/etc/postfix/main.cf"]) += "syslog_name = ${tag}-x\ntag = bar\n";
  std::get<std::string>(files["/etc/postfix-a/main.cf"]) += "syslog_name = own\n";
  auto runs = actions_of<RunAction>(
      pm({"-x", "true"}, files, ProfileName::kPostmulti, {{"MAIL_LOGTAG", "zzz"}}));
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& r : runs) EXPECT_EQ(r.env.at("MAIL_LOGTAG"), "bar-x") << r.config_directory;
  // The default follows multi_instance_name; -p children get it too.
  files = three();
  std::get<std::string>(files["/etc/postfix/main.cf"]) += "multi_instance_name = postfix-main\n";
  for (const auto& r : actions_of<RunAction>(pm({"-p", "status"}, files)))
    EXPECT_EQ(r.env.at("MAIL_LOGTAG"), "postfix-main");
  // An empty syslog_name is fatal, as for every Postfix program (mail_params_init).
  std::get<std::string>(files["/etc/postfix/main.cf"]) += "syslog_name =\n";
  EXPECT_EQ(whole_failure(pm({"-p", "status"}, files)), "bad string length 0 < 1: syslog_name = ");
}

// R116, measured (postmulti -x printenv MAIL_LOGTAG): 3.7.11 expands syslog_name with the
// built-in defaults in place, 3.10.13 and 3.11.7 from main.cf alone, so $config_directory and
// $queue_directory are undefined there; a value main.cf sets is seen by both.
TEST(Postmulti, LogtagSeesNoBuiltInDefaultFromRelease310) {
  FileMap files = three();
  std::get<std::string>(files["/etc/postfix/main.cf"]) +=
      "multi_instance_name = ${config_directory:{unset}}x${queue_directory:{-q}}${tag:{-t}}\n"
      "tag = here\n";
  auto logtags = [&](PostfixRelease r) {
    Scenario s = make_scenario(Program::kPostmulti, ProfileName::kPostmulti,
                               {"postmulti", "-x", "true"}, files, {});
    s.release = r;
    std::vector<std::string> out;
    for (const auto& run : actions_of<RunAction>(make_plan(s)))
      out.push_back(run.env.at("MAIL_LOGTAG"));
    return out;
  };
  EXPECT_EQ(logtags(PostfixRelease::k3_7), std::vector<std::string>(3, "x"));
  EXPECT_EQ(logtags(PostfixRelease::k3_10), std::vector<std::string>(3, "unsetx-q"));
  EXPECT_EQ(logtags(PostfixRelease::k3_11), std::vector<std::string>(3, "unsetx-q"));
}

TEST(Postmulti, VerboseReachesChildren) {
  for (const auto& r : actions_of<RunAction>(pm({"-v", "-v", "-x", "true"})))
    EXPECT_EQ(r.env.at("MAIL_VERBOSE"), "");
}

TEST(Postmulti, LifeCycleIsUnsupported) {
  for (const char* action : {"init", "create", "import", "destroy", "deport", "enable", "disable"})
    EXPECT_EQ(whole_failure(pm({"-e", action})),
              std::string("unsupported: life-cycle management (-e ") + action + ") is not planned");
}

TEST(Postmulti, DamagedSecondaryFailsAlone) {
  FileMap files = three();
  files["/etc/postfix-a/main.cf"] = "multi_instance_enable = yes\nqueue_directory\n";
  Plan p = pm({"-p", "stop"}, files);
  ASSERT_EQ(p.actions.size(), 3u);
  // Order: b (skipped, disabled), a (failed), primary (runs).
  EXPECT_TRUE(std::holds_alternative<SkipAction>(p.actions[0]));
  const auto& f = std::get<FailAction>(p.actions[1]);
  EXPECT_EQ(f.config_directory, "/etc/postfix-a");
  EXPECT_NE(f.reason.find("/etc/postfix-a/main.cf, line 2"), std::string::npos) << f.reason;
  EXPECT_EQ(run_dirs(p), (std::vector<std::string>{"/etc/postfix"}));
  EXPECT_EQ(p.exit, ExitRule::kAnyFailureIsOne);
}

TEST(Postmulti, UndecidableDamageIsAWarning) {
  FileMap files = three();
  files["/etc/postfix-b/main.cf"] = Unreadable{"Permission denied"};
  Plan by_name = pm({"-i", "postfix-a", "-p", "status"}, files);
  EXPECT_EQ(run_dirs(by_name), (std::vector<std::string>{"/etc/postfix-a"}));
  EXPECT_EQ(actions_of<FailAction>(by_name).size(), 0u);
  EXPECT_EQ(by_name.warnings.size(), 1u);
  // By path it is decided: the damaged instance is the one selected.
  Plan by_path = pm({"-i", "/etc/postfix-b", "-p", "status"}, files);
  ASSERT_EQ(actions_of<FailAction>(by_path).size(), 1u);
  EXPECT_EQ(whole_failure(by_path), "");
}

}  // namespace
}  // namespace pfmulti
