// Executor tests over the recording fake runner (impl/runtime/executor.h,
// tests/support/fake_process_runner.h): environments, exit rules (postfix-wrapper(5) shipped script
// vs postmulti(1)), skips, failures, timeouts (SIGTERM, then SIGKILL after the grace period) and
// interrupts.
#include "impl/runtime/executor.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "tests/support/fake_process_runner.h"

namespace pfmulti {
namespace {

using std::chrono::milliseconds;

Plan plan_of(std::vector<Action> actions, ExitRule rule) {
  Plan p;
  p.actions = std::move(actions);
  p.exit = rule;
  return p;
}

RunAction run(std::string dir, std::vector<std::string> argv = {"/usr/sbin/postfix", "start"}) {
  RunAction a;
  a.config_directory = std::move(dir);
  a.argv = std::move(argv);
  a.env["MAIL_CONFIG"] = a.config_directory;
  return a;
}

FakeChild exits(int code, milliseconds runtime = milliseconds(10)) {
  FakeChild c;
  c.status.exit_code = code;
  c.runtime = runtime;
  return c;
}

FakeChild killed(int signo) {
  FakeChild c;
  c.status.signal = signo;
  return c;
}

FakeChild hangs(std::vector<int> ignored = {}) {
  FakeChild c;
  c.hangs = true;
  c.ignored_signals = std::move(ignored);
  return c;
}

struct Harness {
  FakeProcessRunner runner;
  ExecutorOptions options;
  std::vector<std::string> events;
  ExecutionReport go(const Plan& plan) {
    Executor ex(
        runner, options, [&](const ActionOutcome& o) { events.push_back("start " + o.op); },
        [&](const ActionOutcome& o) { events.push_back("end " + o.op); });
    return ex.run(plan);
  }
};

TEST(Executor, ChildEnvironmentIsBasePlusSetMinusUnset) {
  Harness h;
  h.options.base_env = {{"PATH", "/bin"}, {"MAIL_CONFIG", "/old"}, {"GONE", "x"}};
  RunAction a = run("/etc/postfix-a");
  a.unset = {"GONE", "NOT_THERE"};
  a.env["EMPTY"] = "";
  Plan plan = plan_of({a}, ExitRule::kAnyFailureIsOne);
  h.go(plan);
  ASSERT_EQ(h.runner.started.size(), 1u);
  Environment want{{"PATH", "/bin"}, {"MAIL_CONFIG", "/etc/postfix-a"}, {"EMPTY", ""}};
  EXPECT_EQ(h.runner.started[0].env, want);
  EXPECT_EQ(h.runner.started[0].argv, a.argv);
}

TEST(Executor, RunsEveryActionInPlanOrderAndSkipsStartNothing) {
  Harness h;
  Plan plan =
      plan_of({run("/a"), SkipAction{"/b", "disabled"}, run("/c")}, ExitRule::kAnyFailureIsOne);
  ExecutionReport r = h.go(plan);
  ASSERT_EQ(h.runner.started.size(), 2u);
  EXPECT_EQ(h.runner.started[0].env.at("MAIL_CONFIG"), "/a");
  EXPECT_EQ(h.runner.started[1].env.at("MAIL_CONFIG"), "/c");
  EXPECT_EQ(h.events,
            (std::vector<std::string>{"start run", "end run", "end skip", "start run", "end run"}));
  ASSERT_EQ(r.outcomes.size(), 3u);
  EXPECT_EQ(r.outcomes[1].op, "skip");
  EXPECT_EQ(r.outcomes[1].reason, "disabled");
  EXPECT_EQ(r.exit_status, 0);
}

TEST(Executor, LastFailureRuleGivesTheStatusOfTheLastFailedRun) {
  Harness h;
  h.runner.script = {exits(0), exits(3), exits(0), exits(5), exits(0)};
  Plan plan =
      plan_of({run("/1"), run("/2"), run("/3"), run("/4"), run("/5")}, ExitRule::kLastFailure);
  EXPECT_EQ(h.go(plan).exit_status, 5);
}

TEST(Executor, LastFailureRuleCountsASignalDeathAs128PlusSignal) {
  Harness h;
  h.runner.script = {exits(7), killed(SIGSEGV), exits(0)};
  Plan plan = plan_of({run("/1"), run("/2"), run("/3")}, ExitRule::kLastFailure);
  ExecutionReport r = h.go(plan);
  EXPECT_EQ(r.exit_status, 128 + SIGSEGV);
  EXPECT_TRUE(r.outcomes[1].failed());
  EXPECT_EQ(r.outcomes[1].status.signal, SIGSEGV);
}

TEST(Executor, AnyFailureRuleGivesOneForAnExitOrASignal) {
  for (FakeChild bad : {exits(42), killed(SIGKILL)}) {
    Harness h;
    h.runner.script = {exits(0), bad, exits(0)};
    Plan plan = plan_of({run("/1"), run("/2"), run("/3")}, ExitRule::kAnyFailureIsOne);
    ExecutionReport r = h.go(plan);
    EXPECT_EQ(r.exit_status, 1);
    EXPECT_EQ(h.runner.started.size(), 3u) << "a failure does not stop the others";
  }
}

TEST(Executor, AllSuccessfulIsZeroUnderEveryIterationRule) {
  for (ExitRule rule : {ExitRule::kLastFailure, ExitRule::kAnyFailureIsOne}) {
    Harness h;
    Plan plan = plan_of({run("/1"), SkipAction{"/2", "off"}, run("/3")}, rule);
    EXPECT_EQ(h.go(plan).exit_status, 0);
  }
}

TEST(Executor, StartFailureIsAFailureWithTheShellStatus) {
  Harness h;
  FakeChild missing;
  missing.start_error = StartError{"/nope: No such file or directory", 127};
  h.runner.script = {missing, exits(0)};
  Plan plan = plan_of({run("/1", {"/nope"}), run("/2")}, ExitRule::kLastFailure);
  ExecutionReport r = h.go(plan);
  EXPECT_EQ(r.exit_status, 127);
  EXPECT_FALSE(r.outcomes[0].started);
  EXPECT_EQ(r.outcomes[0].error, "/nope: No such file or directory");
  EXPECT_EQ(h.runner.started.size(), 1u);
}

TEST(Executor, InstanceFailActionIsReportedAndTheOthersStillRun) {
  Harness h;
  Plan plan = plan_of({run("/1"), FailAction{"/2", "/2/main.cf: bad", 1}, run("/3")},
                      ExitRule::kAnyFailureIsOne);
  ExecutionReport r = h.go(plan);
  EXPECT_EQ(h.runner.started.size(), 2u);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_TRUE(r.fatal.empty());
}

TEST(Executor, WholeCommandFailStopsEverythingWithItsStatus) {
  Harness h;
  Plan plan = plan_of({FailAction{"", "no matching instances", 2}, run("/1")}, ExitRule::kFail);
  ExecutionReport r = h.go(plan);
  EXPECT_TRUE(h.runner.started.empty());
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(r.fatal, "no matching instances");
  EXPECT_EQ(r.outcomes[1].state, ActionOutcome::State::kNotStarted);
}

TEST(Executor, ExecGetsTheCompleteEnvironmentAndAFailureExitsOne) {
  Harness h;
  h.options.base_env = {{"NOT_PASSED", "1"}};
  ExecAction e{{"/usr/lib/postfix/sbin/postfix-script", "start"},
               {{"MAIL_CONFIG", "/etc/postfix"}},
               "single instance"};
  Plan plan = plan_of({e}, ExitRule::kExec);
  ExecutionReport r = h.go(plan);
  ASSERT_TRUE(h.runner.exec_call.has_value());
  EXPECT_EQ(h.runner.exec_call->env, e.env);
  EXPECT_EQ(h.runner.exec_call->argv, e.argv);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.outcomes[0].error, "exec: faked");
}

TEST(Executor, TimeoutSendsTermAndTheRunGoesOn) {
  Harness h;
  h.options.timeout = milliseconds(1000);
  h.runner.script = {hangs(), exits(0)};
  Plan plan = plan_of({run("/1"), run("/2")}, ExitRule::kAnyFailureIsOne);
  ExecutionReport r = h.go(plan);
  ASSERT_EQ(h.runner.signals.size(), 1u);
  EXPECT_EQ(h.runner.signals[0].signo, SIGTERM);
  EXPECT_EQ(h.runner.signals[0].at - h.runner.started[0].at, milliseconds(1000));
  EXPECT_TRUE(r.outcomes[0].timed_out);
  EXPECT_EQ(r.outcomes[0].status.signal, SIGTERM);
  EXPECT_EQ(r.outcomes[0].duration, milliseconds(1000));
  EXPECT_EQ(h.runner.started.size(), 2u);
  EXPECT_EQ(r.exit_status, 1);
}

TEST(Executor, TimeoutEscalatesToKillAfterTheGracePeriod) {
  Harness h;
  h.options.timeout = milliseconds(1000);
  h.options.kill_grace = milliseconds(300);
  h.runner.script = {hangs({SIGTERM})};
  Plan plan = plan_of({run("/1")}, ExitRule::kLastFailure);
  ExecutionReport r = h.go(plan);
  ASSERT_EQ(h.runner.signals.size(), 2u);
  EXPECT_EQ(h.runner.signals[1].signo, SIGKILL);
  EXPECT_EQ(h.runner.signals[1].at - h.runner.signals[0].at, milliseconds(300));
  EXPECT_EQ(r.outcomes[0].status.signal, SIGKILL);
  EXPECT_EQ(r.exit_status, 128 + SIGKILL);
}

TEST(Executor, ChildThatEndsBeforeTheTimeoutIsNotSignalled) {
  Harness h;
  h.options.timeout = milliseconds(1000);
  h.runner.script = {exits(0, milliseconds(999))};
  ExecutionReport r = h.go(plan_of({run("/1")}, ExitRule::kAnyFailureIsOne));
  EXPECT_TRUE(h.runner.signals.empty());
  EXPECT_FALSE(r.outcomes[0].timed_out);
  EXPECT_EQ(r.outcomes[0].duration, milliseconds(999));
}

TEST(Executor, InterruptIsForwardedAndNothingFurtherStarts) {
  Harness h;
  FakeChild c = hangs();
  c.interrupts = {{milliseconds(50), SIGTERM}};
  h.runner.script = {exits(0), c, exits(0)};
  Plan plan = plan_of({run("/1"), run("/2"), SkipAction{"/3", "disabled"}, run("/4")},
                      ExitRule::kAnyFailureIsOne);
  ExecutionReport r = h.go(plan);
  ASSERT_EQ(h.runner.signals.size(), 1u);
  EXPECT_EQ(h.runner.signals[0].signo, SIGTERM);
  EXPECT_EQ(h.runner.started.size(), 2u);
  EXPECT_EQ(r.interrupt_signal, SIGTERM);
  EXPECT_EQ(r.exit_status, 128 + SIGTERM);
  EXPECT_EQ(r.outcomes[1].state, ActionOutcome::State::kInterrupted);
  EXPECT_EQ(r.outcomes[1].forwarded_signal, SIGTERM);
  EXPECT_EQ(r.outcomes[2].state, ActionOutcome::State::kNotStarted);
  EXPECT_EQ(r.outcomes[3].state, ActionOutcome::State::kNotStarted);
  EXPECT_EQ(interruption_summary(r.outcomes), "done: /1; interrupted: /2; not started: /3, /4");
}

TEST(Executor, TerminalInterruptIsNotDeliveredTwice) {
  Harness h;
  FakeChild c;
  c.runtime = milliseconds(100);  // the child got ^C itself and ends on its own
  c.status.signal = SIGINT;
  c.interrupts = {{milliseconds(50), SIGINT}};
  c.interrupts_from_terminal = true;
  h.runner.script = {c};
  ExecutionReport r = h.go(plan_of({run("/1"), run("/2")}, ExitRule::kAnyFailureIsOne));
  EXPECT_TRUE(h.runner.signals.empty());
  EXPECT_EQ(r.interrupt_signal, SIGINT);
  EXPECT_EQ(r.outcomes[1].state, ActionOutcome::State::kNotStarted);
}

TEST(Executor, InterruptBeforeTheFirstActionStartsNothing) {
  Harness h;
  h.runner.pending_interrupt = SIGINT;
  ExecutionReport r = h.go(plan_of({run("/1"), run("/2")}, ExitRule::kAnyFailureIsOne));
  EXPECT_TRUE(h.runner.started.empty());
  EXPECT_EQ(r.exit_status, 128 + SIGINT);
  EXPECT_EQ(interruption_summary(r.outcomes), "done: none; interrupted: none; not started: /1, /2");
}

TEST(Executor, EmptyPlanSucceeds) {
  Harness h;
  EXPECT_EQ(h.go(Plan{}).exit_status, 0);
}

// rules.md R180: a recorded stream keeps whole lines up to the limit; the first line that does
// not fit sets the flag, and nothing after it is kept (a later short line neither).
TEST(ChildOutput, RecordKeepsWholeLinesUpToTheLimitThenFlags) {
  CapturedOutput o;
  record_line(o, 1, "abc", 10);
  record_line(o, 2, "e", 10);
  record_line(o, 1, "defgh", 10);
  EXPECT_EQ(o.out, "abc\ndefgh\n");
  EXPECT_FALSE(o.out_truncated);
  record_line(o, 1, "", 10);  // would make 11 bytes
  EXPECT_TRUE(o.out_truncated);
  record_line(o, 1, "", 100);
  EXPECT_EQ(o.out, "abc\ndefgh\n");
  EXPECT_EQ(o.err, "e\n");
  EXPECT_FALSE(o.err_truncated);
  EXPECT_EQ(labelled_line("postfix-a", "x"), "postfix-a: x\n");
  EXPECT_EQ(labelled_line("", "x"), "-: x\n");
}

}  // namespace
}  // namespace pfmulti
