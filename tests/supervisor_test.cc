// The foreground supervisor (impl/runtime/supervisor.h; spec/rules.md R142-R147) over the
// recording fake runner (tests/support/fake_process_runner.h): checks before masters, the start
// order, the stop order on SIGTERM, fail fast when a master ends, SIGHUP passed on, SIGKILL after
// the grace. The real programs: tests/e2e/start_fg.sh.
#include "impl/runtime/supervisor.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/fake_process_runner.h"

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
