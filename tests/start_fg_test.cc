// pfmulti start-fg (spec/rules.md R140-R147), one test binary for its parts:
//  - StartFgPlan: the pure plan (model/postmulti/start_fg_plan.h): which checks run first, which
//    masters start in which order with which argv and environment, the stop order, the refusals;
//  - Supervisor: the supervisor (impl/runtime/supervisor.h) over the recording fake runner
//    (tests/support/fake_process_runner.h): checks before masters, the start order, the stop
//    order on SIGTERM, fail fast when a master ends, SIGHUP passed on, SIGKILL after the grace.
// The real programs: tests/e2e/start_fg.sh.
#include <gtest/gtest.h>
#include <signal.h>

#include "impl/runtime/supervisor.h"
#include "model/postmulti/start_fg_plan.h"
#include "tests/scenario_builder.h"
#include "tests/support/fake_process_runner.h"

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

namespace pfmulti {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::vector<std::string> kDirs{"/etc/postfix", "/etc/postfix-a", "/etc/postfix-c"};

// Three enabled instances (master -t, postfix check each) and a disabled one (postfix check).
StartFgPlan three_masters() {
  StartFgPlan p;
  for (const auto& d : kDirs) {
    EnvMap env{{"MAIL_CONFIG", d}};
    p.checks.push_back({StartFgCheck::Kind::kNotRunning, d, true, {"/d/master", "-t"}, env});
    p.checks.push_back({StartFgCheck::Kind::kCheck, d, true, {"/c/postfix", "--", "check"}, env});
    if (d == "/etc/postfix-a")
      p.checks.push_back({StartFgCheck::Kind::kCheck,
                          "/etc/postfix-b",
                          false,
                          {"/c/postfix", "--", "check"},
                          {{"MAIL_CONFIG", "/etc/postfix-b"}}});
    p.masters.push_back({d, "", {"/d/master", "-s"}, env});
  }
  p.stop_order = {2, 1, 0};
  return p;
}

FakeChild exits(int code) {
  FakeChild c;
  c.status.exit_code = code;
  c.runtime = milliseconds(5);
  return c;
}

FakeChild master() {
  FakeChild c;
  c.hangs = true;
  return c;
}

// The script: seven checks that exit 0, then the three masters.
void script_checks(FakeProcessRunner& r, size_t failing = 99, int code = 1) {
  for (size_t i = 0; i < 7; ++i) r.script.push_back(exits(i == failing ? code : 0));
}

struct Outcome {
  SupervisionReport report;
  std::vector<std::string> notes;
};

Outcome supervise_with(FakeProcessRunner& r, const StartFgPlan& plan = three_masters()) {
  Outcome run;
  SupervisorOptions o;
  o.stop_grace = seconds(5);
  run.report = supervise(r, plan, o, [&](NoteLevel level, const std::string& line) {
    run.notes.push_back(std::string(level == NoteLevel::kError     ? "error: "
                                    : level == NoteLevel::kWarning ? "warning: "
                                                                   : "") +
                        line);
  });
  return run;
}

std::string dir_of(const FakeProcessRunner::Started& s) { return s.env.at("MAIL_CONFIG"); }

TEST(Supervisor, SigtermStopsEveryMasterInReverseOrderAndExitsZero) {
  FakeProcessRunner r;
  script_checks(r);
  r.script.push_back(master());
  r.script.push_back(master());
  FakeChild last = master();
  last.interrupts = {{seconds(30), SIGTERM}};
  r.script.push_back(last);
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 0);
  EXPECT_EQ(run.report.ending, SupervisionReport::Ending::kStopped);
  EXPECT_EQ(run.report.signal, SIGTERM);
  ASSERT_EQ(r.started.size(), 10u);  // checks first, then the masters in order
  for (size_t i = 0; i < 7; ++i) EXPECT_NE(r.started[i].argv.back(), "-s");
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.started[7 + i].argv, (std::vector<std::string>{"/d/master", "-s"}));
    EXPECT_EQ(dir_of(r.started[7 + i]), kDirs[i]);
  }
  EXPECT_EQ(run.report.stopped,
            (std::vector<std::string>{"/etc/postfix-c", "/etc/postfix-a", "/etc/postfix"}));
  ASSERT_EQ(r.signals.size(), 3u);  // one SIGTERM each, secondaries first
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.signals[i].signo, SIGTERM);
    EXPECT_EQ(r.signals[i].child, run.report.pids[2 - i]);
  }
  EXPECT_FALSE(run.report.killed);
}

TEST(Supervisor, AMasterThatEndsStopsTheOthersAndExitsNonZero) {
  FakeProcessRunner r;
  script_checks(r);
  r.script.push_back(master());
  FakeChild dies = master();
  dies.hangs = false;
  dies.runtime = seconds(20);
  dies.status = ChildStatus{0, SIGKILL, false};
  r.script.push_back(dies);
  r.script.push_back(master());
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 1);
  EXPECT_EQ(run.report.ending, SupervisionReport::Ending::kMasterDied);
  EXPECT_EQ(run.report.instance, "/etc/postfix-a");
  EXPECT_EQ(run.report.status.signal, SIGKILL);
  EXPECT_EQ(run.report.stopped, (std::vector<std::string>{"/etc/postfix-c", "/etc/postfix"}));
  // Its process group gets SIGTERM (its daemons), then the others theirs, in the stop order.
  ASSERT_EQ(r.signals.size(), 3u);
  EXPECT_EQ(r.signals[0].child, run.report.pids[1]);
  EXPECT_EQ(r.signals[1].child, run.report.pids[2]);
  EXPECT_EQ(r.signals[2].child, run.report.pids[0]);
  bool named = false;
  for (const auto& n : run.notes)
    named = named || n.find(
                         "error: /etc/postfix-a: the master ended unexpectedly (killed by "
                         "SIGKILL)") == 0;
  EXPECT_TRUE(named);
}

TEST(Supervisor, AFailedCheckOfAnEnabledInstanceStartsNoMaster) {
  FakeProcessRunner r;
  script_checks(r, 3);  // postfix check of /etc/postfix-a
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 1);
  EXPECT_EQ(run.report.ending, SupervisionReport::Ending::kCheckFailed);
  EXPECT_EQ(run.report.instance, "/etc/postfix-a");
  EXPECT_EQ(r.started.size(), 4u);
  for (const auto& s : r.started) EXPECT_NE(s.argv.back(), "-s");
}

TEST(Supervisor, ARunningMasterIsRefusedBeforeAnythingStarts) {
  FakeProcessRunner r;
  script_checks(r, 0);  // master -t of the primary: running
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 1);
  EXPECT_EQ(r.started.size(), 1u);
  ASSERT_FALSE(run.notes.empty());
  EXPECT_EQ(run.notes.back(),
            "error: /etc/postfix: the Postfix mail system is already running (master -t: exit "
            "status 1)");
}

TEST(Supervisor, AFailedCheckOfADisabledInstanceIsAWarning) {
  FakeProcessRunner r;
  script_checks(r, 4);  // postfix check of the disabled /etc/postfix-b
  r.script.push_back(master());
  r.script.push_back(master());
  FakeChild last = master();
  last.interrupts = {{seconds(1), SIGINT}};
  r.script.push_back(last);
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 0);
  EXPECT_EQ(r.started.size(), 10u);
  EXPECT_EQ(run.notes.front(),
            "warning: disabled instance /etc/postfix-b: postfix check failed (exit status 1)");
}

TEST(Supervisor, SighupIsPassedOnToEveryMaster) {
  FakeProcessRunner r;
  script_checks(r);
  r.script.push_back(master());
  r.script.push_back(master());
  FakeChild last = master();
  last.ignored_signals = {SIGHUP};
  last.interrupts = {{seconds(1), SIGHUP}, {seconds(2), SIGTERM}};
  r.script.push_back(last);
  FakeChild& first = r.script[7];
  first.ignored_signals = {SIGHUP};
  r.script[8].ignored_signals = {SIGHUP};
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 0);
  ASSERT_GE(r.signals.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.signals[i].signo, SIGHUP);
    EXPECT_EQ(r.signals[i].child, run.report.pids[i]);
  }
  EXPECT_EQ(run.report.stopped.size(), 3u);
}

TEST(Supervisor, AMasterThatIgnoresSigtermGetsSigkillAfterTheGrace) {
  FakeProcessRunner r;
  script_checks(r);
  r.script.push_back(master());
  r.script.push_back(master());
  FakeChild stubborn = master();
  stubborn.ignored_signals = {SIGTERM};
  stubborn.interrupts = {{seconds(1), SIGTERM}};
  r.script.push_back(stubborn);
  Clock::time_point t0 = r.clock;
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 0);
  EXPECT_TRUE(run.report.killed);
  // SIGTERM, then SIGKILL 5 s later (the grace); then the rest at once with SIGKILL.
  ASSERT_GE(r.signals.size(), 2u);
  EXPECT_EQ(r.signals[0].signo, SIGTERM);
  EXPECT_EQ(r.signals[1].signo, SIGKILL);
  EXPECT_EQ(r.signals[1].at - r.signals[0].at, seconds(5));
  for (const auto& s : r.signals) {
    if (s.child != run.report.pids[2]) {
      EXPECT_EQ(s.signo, SIGKILL);
    }
  }
  EXPECT_EQ(run.report.stopped.size(), 3u);
  EXPECT_LE(r.clock - t0, seconds(7));
}

TEST(Supervisor, ASigtermDuringTheChecksStartsNoMasterAndExitsZero) {
  FakeProcessRunner r;
  FakeChild slow = exits(0);
  slow.runtime = seconds(2);
  slow.interrupts = {{seconds(1), SIGTERM}};
  r.script.push_back(slow);
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 0);
  EXPECT_EQ(r.started.size(), 1u);
  ASSERT_EQ(r.signals.size(), 1u);  // passed on to the check
  EXPECT_EQ(r.signals[0].signo, SIGTERM);
}

TEST(Supervisor, AMasterThatCannotStartStopsTheOnesStarted) {
  FakeProcessRunner r;
  script_checks(r);
  r.script.push_back(master());
  FakeChild missing;
  missing.start_error = StartError{"/d/master: No such file or directory", 127};
  r.script.push_back(missing);
  Outcome run = supervise_with(r);
  EXPECT_EQ(run.report.exit_status, 1);
  EXPECT_EQ(run.report.ending, SupervisionReport::Ending::kStartFailed);
  EXPECT_EQ(run.report.instance, "/etc/postfix-a");
  EXPECT_EQ(run.report.stopped, (std::vector<std::string>{"/etc/postfix"}));
}

}  // namespace
}  // namespace pfmulti
