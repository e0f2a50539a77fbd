// Tests of plan and outcome rendering (impl/cli/report.h): dry-run lines say exactly what would run
// (environment, argv, quoted as a shell would need), JSON lines parse back to what was planned
// or happened and keep their bytes (impl/cli/report_json.h), text mode explains only what
// postmulti would leave unexplained.
#include "impl/cli/report.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "model/plan/planner.h"
#include "model/text/json.h"
#include "model/text/strings.h"
#include "scenario_builder.h"

namespace pfmulti {
namespace {

Plan sample_plan() {
  Plan p;
  RunAction r;
  r.config_directory = "/etc/postfix-a";
  r.argv = {"/usr/sbin/postfix", "--", "start"};
  r.env["MAIL_CONFIG"] = "/etc/postfix-a";
  p.actions.push_back(r);
  RunAction odd;
  odd.config_directory = "/etc/post fix";
  odd.argv = {"sh", "-c", "echo 'hi' $X"};
  odd.env["X"] = "a b";
  odd.unset = {"MAIL_DEBUG"};
  odd.reason = "why";
  p.actions.push_back(odd);
  p.actions.push_back(SkipAction{"/etc/postfix-b", "disabled"});
  p.actions.push_back(FailAction{"/etc/postfix-c", "open /etc/postfix-c/main.cf: nope", 1});
  p.exit = ExitRule::kAnyFailureIsOne;
  return p;
}

// A run killed by SIGKILL after its timeout, 5.2 s in: the third action of its plan.
ActionOutcome timed_out_run() {
  ActionOutcome o;
  o.index = 2;
  o.op = "run";
  o.config_directory = "/etc/postfix-a";
  o.argv = {"/usr/sbin/postfix", "--", "stop"};
  o.started = true;
  o.status.signal = SIGKILL;
  o.timed_out = true;
  o.duration = std::chrono::milliseconds(5200);
  return o;
}

TEST(Report, ShellQuoteOnlyWhereNeeded) {
  EXPECT_EQ(shell_quote("/usr/sbin/postfix"), "/usr/sbin/postfix");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("$X"), "'$X'");
}

TEST(Report, DryRunTextShowsEnvironmentArgvAndReasons) {
  std::string text = dry_run_text(sample_plan());
  EXPECT_EQ(
      text,
      " 1. run  /etc/postfix-a: MAIL_CONFIG=/etc/postfix-a /usr/sbin/postfix -- start\n"
      " 2. run  /etc/post fix: env -u MAIL_DEBUG X='a b' sh -c 'echo '\\''hi'\\'' $X'  # why\n"
      " 3. skip /etc/postfix-b  # disabled\n"
      " 4. fail /etc/postfix-c (exit 1)  # open /etc/postfix-c/main.cf: nope\n"
      "exit status: 1 if any instance command fails, else 0 (nothing was run: dry run)\n");
}

// R190: -n shows the stages of a --parallel plan, one header line before each stage's first
// action; the numbered action lines are those of the sequential plan.
TEST(Report, DryRunTextShowsTheStagesOfAParallelPlan) {
  Plan plan = sample_plan();
  plan.stages = {{0}, {1, 2, 3}};
  plan.parallel = 8;
  EXPECT_EQ(
      dry_run_text(plan),
      "stage 1 of 2: alone; ends before the next starts\n"
      " 1. run  /etc/postfix-a: MAIL_CONFIG=/etc/postfix-a /usr/sbin/postfix -- start\n"
      "stage 2 of 2: 3 actions, up to 3 at once, started in list order\n"
      " 2. run  /etc/post fix: env -u MAIL_DEBUG X='a b' sh -c 'echo '\\''hi'\\'' $X'  # why\n"
      " 3. skip /etc/postfix-b  # disabled\n"
      " 4. fail /etc/postfix-c (exit 1)  # open /etc/postfix-c/main.cf: nope\n"
      "exit status: 1 if any instance command fails, else 0 (nothing was run: dry run)\n");
  plan.stages.clear();  // the sequential plan: no stage lines
  plan.parallel = 1;
  EXPECT_EQ(dry_run_text(plan), dry_run_text(sample_plan()));
  Plan one;  // one action in one stage (a whole-command failure): nothing to order, no line
  one.actions.push_back(FailAction{"", "bad", 1});
  one.stages = {{0}};
  one.parallel = 8;
  EXPECT_EQ(dry_run_text(one).find("stage"), std::string::npos) << dry_run_text(one);
}

// R190 on a planned stop: the secondaries first, at most N at once, the primary alone last.
TEST(Report, DryRunTextOfAParallelStopShowsThePrimaryLastAlone) {
  FileMap files{{"/etc/postfix/main.cf",
                 "multi_instance_enable = yes\n"
                 "multi_instance_directories = /etc/postfix-a /etc/postfix-b /etc/postfix-c\n"},
                {"/etc/postfix-a/main.cf", test::instance_cf("a", "yes")},
                {"/etc/postfix-b/main.cf", test::instance_cf("b", "yes")},
                {"/etc/postfix-c/main.cf", test::instance_cf("c", "yes")}};
  Scenario s = test::make_scenario(Program::kPostmulti, ProfileName::kPostmulti,
                                   {"pfmulti", "-p", "stop"}, files);
  s.parallel = 2;
  std::string text = dry_run_text(make_plan(s));
  std::vector<std::string> heads;
  for (const auto& line : split_on(text, "\n"))
    if (line.rfind("stage ", 0) == 0 || line.find(". run ") != std::string::npos)
      heads.push_back(line.substr(0, line.find(':')));
  EXPECT_EQ(heads, (std::vector<std::string>{"stage 1 of 2", " 1. run  /etc/postfix-c",
                                             " 2. run  /etc/postfix-b", " 3. run  /etc/postfix-a",
                                             "stage 2 of 2", " 4. run  /etc/postfix"}))
      << text;
  EXPECT_NE(text.find("stage 1 of 2: 3 actions, up to 2 at once"), std::string::npos) << text;
  EXPECT_NE(text.find("stage 2 of 2: alone\n"), std::string::npos) << text;
}

TEST(Report, DryRunJsonParsesBackToThePlan) {
  Plan plan = sample_plan();
  std::string text = dry_run_json(plan);
  std::vector<Json> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    auto j = parse_json(text.substr(begin, end - begin));
    ASSERT_TRUE(j.is_ok()) << text.substr(begin, end - begin);
    lines.push_back(*j);
    begin = end + 1;
  }
  ASSERT_EQ(lines.size(), 5u);
  const Json& odd = lines[1];
  EXPECT_EQ(odd.find("config_directory")->as_string(), "/etc/post fix");
  EXPECT_EQ(odd.find("argv")->as_array()[2].as_string(), "echo 'hi' $X");
  EXPECT_EQ(odd.find("env")->find("X")->as_string(), "a b");
  EXPECT_EQ(odd.find("unset")->as_array()[0].as_string(), "MAIL_DEBUG");
  EXPECT_EQ(lines[3].find("exit_status")->as_int(), 1);
  EXPECT_EQ(lines[4].find("summary")->find("exit_rule")->as_string(), "any-failure-is-one");
}

// The wire format, byte for byte: one compact line per object, ", " and ": " separators, members
// in this order (scripts read these lines; model/text/json.h's to_json(v, -1) prints them).
TEST(Report, DryRunJsonBytes) {
  EXPECT_EQ(
      dry_run_json(sample_plan()),
      R"({"action": 1, "op": "run", "name": null, "group": null, )"
      R"("config_directory": "/etc/postfix-a", )"
      R"("argv": ["/usr/sbin/postfix", "--", "start"], "env": {"MAIL_CONFIG": "/etc/postfix-a"}, )"
      R"("unset": [], "reason": "", "state": "planned"})"
      "\n"
      R"({"action": 2, "op": "run", "name": null, "group": null, )"
      R"("config_directory": "/etc/post fix", )"
      R"("argv": ["sh", "-c", "echo 'hi' $X"], "env": {"X": "a b"}, )"
      R"("unset": ["MAIL_DEBUG"], "reason": "why", "state": "planned"})"
      "\n"
      R"({"action": 3, "op": "skip", "name": null, "group": null, "config_directory": "/etc/postfix-b", "reason": "disabled", )"
      R"("state": "planned"})"
      "\n"
      R"({"action": 4, "op": "fail", "name": null, "group": null, )"
      R"("config_directory": "/etc/postfix-c", )"
      R"("reason": "open /etc/postfix-c/main.cf: nope", "exit_status": 1, "state": "planned"})"
      "\n"
      R"({"summary": {"dry_run": true, "actions": 4, "exit_rule": "any-failure-is-one"}})"
      "\n");
  Plan p;
  p.actions.push_back(ExecAction{
      {"/usr/sbin/postfix", "start"}, {{"MAIL_CONFIG", "/etc/postfix"}, {"PATH", "/bin"}}, ""});
  p.actions.push_back(FailAction{"", "bad \"x\"\t\xff", 2});
  p.exit = ExitRule::kExec;
  EXPECT_EQ(
      dry_run_json(p),
      R"({"action": 1, "op": "exec", "name": null, "group": null, "config_directory": null, "argv": ["/usr/sbin/postfix", "start"], )"
      R"("env": {"MAIL_CONFIG": "/etc/postfix", "PATH": "/bin"}, "reason": "", "state": "planned"})"
      "\n"
      R"({"action": 2, "op": "fail", "name": null, "group": null, "config_directory": null, "reason": "\u0000base64:YmFkICJ4Ign/", )"
      R"("exit_status": 2, "state": "planned"})"
      "\n"
      R"({"summary": {"dry_run": true, "actions": 2, "exit_rule": "exec"}})"
      "\n");
  EXPECT_EQ(dry_run_json(Plan{}),
            R"({"summary": {"dry_run": true, "actions": 0, "exit_rule": "any-failure-is-one"}})"
            "\n");
}

TEST(Report, OutcomeJsonBytes) {
  ActionOutcome run = timed_out_run();
  run.forwarded_signal = SIGTERM;
  run.reason = "r";
  EXPECT_EQ(outcome_json(run),
            R"({"action": 3, "op": "run", "name": null, "group": null, )"
            R"("config_directory": "/etc/postfix-a", )"
            R"("argv": ["/usr/sbin/postfix", "--", "stop"], "state": "done", "exit_status": null, )"
            R"("signal": "SIGKILL", "duration_ms": 5200, "timed_out": true, )"
            R"("forwarded_signal": "SIGTERM", "reason": "r", "failed": true})");
  ActionOutcome ok = run;
  ok.status = {};
  ok.status.exit_code = 3;
  ok.timed_out = false;
  ok.forwarded_signal = 0;
  ok.reason.clear();
  ok.state = ActionOutcome::State::kInterrupted;
  EXPECT_EQ(
      outcome_json(ok),
      R"({"action": 3, "op": "run", "name": null, "group": null, )"
      R"("config_directory": "/etc/postfix-a", )"
      R"("argv": ["/usr/sbin/postfix", "--", "stop"], "state": "interrupted", "exit_status": 3, )"
      R"("signal": null, "duration_ms": 5200, "timed_out": false, "failed": true})");
  ActionOutcome missing = ok;
  missing.started = false;
  missing.state = ActionOutcome::State::kDone;
  missing.error = "/nope: No such file or directory";
  missing.exit_status = 127;
  missing.duration = std::chrono::milliseconds(0);
  EXPECT_EQ(outcome_json(missing),
            R"({"action": 3, "op": "run", "name": null, "group": null, )"
            R"("config_directory": "/etc/postfix-a", )"
            R"("argv": ["/usr/sbin/postfix", "--", "stop"], "state": "done", "exit_status": 127, )"
            R"("signal": null, "error": "/nope: No such file or directory", "duration_ms": 0, )"
            R"("timed_out": false, "failed": true})");
  ActionOutcome later = run;
  later.state = ActionOutcome::State::kNotStarted;
  EXPECT_EQ(
      outcome_json(later),
      R"({"action": 3, "op": "run", "name": null, "group": null, )"
      R"("config_directory": "/etc/postfix-a", )"
      R"("argv": ["/usr/sbin/postfix", "--", "stop"], "state": "not-started", "reason": "r", )"
      R"("failed": false})");
  ActionOutcome exec;
  exec.op = "exec";
  exec.argv = {"/usr/libexec/postfix/postfix-script", "start"};
  exec.error = "Permission denied";
  exec.exit_status = 126;
  EXPECT_EQ(outcome_json(exec),
            R"({"action": 1, "op": "exec", "name": null, "group": null, )"
            R"("config_directory": null, )"
            R"("argv": ["/usr/libexec/postfix/postfix-script", "start"], "state": "done", )"
            R"("exit_status": 126, "error": "Permission denied", "failed": true})");
  ActionOutcome skip;
  skip.index = 1;
  skip.op = "skip";
  skip.config_directory = "/etc/postfix-b";
  skip.reason = "disabled";
  EXPECT_EQ(
      outcome_json(skip),
      R"({"action": 2, "op": "skip", "name": null, "group": null, "config_directory": "/etc/postfix-b", "state": "done", )"
      R"("reason": "disabled", "failed": false})");
  ActionOutcome fail;
  fail.op = "fail";
  fail.reason = "bad";
  fail.exit_status = 2;
  EXPECT_EQ(
      outcome_json(fail),
      R"({"action": 1, "op": "fail", "name": null, "group": null, "config_directory": null, "state": "done", "exit_status": 2, )"
      R"("reason": "bad", "failed": true})");
}

TEST(Report, SummaryJsonBytes) {
  ExecutionReport r;
  EXPECT_EQ(summary_json(r),
            R"({"summary": {"exit_status": 0, "interrupted_by": null, "done": [], "failed": [], )"
            R"("interrupted": [], "not_started": []}})");
  ActionOutcome a;
  a.op = "run";
  a.config_directory = "/1";
  a.started = true;
  ActionOutcome f;
  f.index = 1;
  f.op = "fail";
  f.exit_status = 1;
  ActionOutcome c = a;
  c.index = 2;
  c.config_directory = "/3";
  c.state = ActionOutcome::State::kNotStarted;
  r.outcomes = {a, f, c};
  r.interrupt_signal = SIGINT;
  r.exit_status = 1;
  r.fatal = "no \"x\"";
  EXPECT_EQ(summary_json(r),
            R"({"summary": {"exit_status": 1, "interrupted_by": "SIGINT", "done": ["/1", "#2"], )"
            R"("failed": ["#2"], "interrupted": [], "not_started": ["/3"], "fatal": "no \"x\""}})");
}

TEST(Report, JsonKeepsBytesThatAreNotUtf8) {
  ActionOutcome o;
  o.op = "run";
  o.config_directory = "/etc/\xff\n";
  o.argv = {"x"};
  o.started = true;
  auto j = parse_json(outcome_json(o));
  ASSERT_TRUE(j.is_ok()) << outcome_json(o);
  EXPECT_EQ(j->find("config_directory")->as_string(), "/etc/\xff\n");
}

TEST(Report, OutcomeJsonForEachKindOfEnd) {
  ActionOutcome o = timed_out_run();
  auto j = parse_json(outcome_json(o));
  ASSERT_TRUE(j.is_ok());
  EXPECT_EQ(j->find("action")->as_int(), 3);
  EXPECT_TRUE(j->find("exit_status")->is_null());
  EXPECT_EQ(j->find("signal")->as_string(), "SIGKILL");
  EXPECT_EQ(j->find("duration_ms")->as_int(), 5200);
  EXPECT_TRUE(j->find("timed_out")->as_bool());
  EXPECT_TRUE(j->find("failed")->as_bool());
  EXPECT_EQ(describe_status(o), "timed out after 5.2 s, killed by SIGKILL");

  ActionOutcome missing = o;
  missing.started = false;
  missing.error = "/nope: No such file or directory";
  missing.exit_status = 127;
  j = parse_json(outcome_json(missing));
  EXPECT_EQ(j->find("exit_status")->as_int(), 127);
  EXPECT_EQ(j->find("error")->as_string(), "/nope: No such file or directory");

  ActionOutcome later = o;
  later.state = ActionOutcome::State::kNotStarted;
  j = parse_json(outcome_json(later));
  EXPECT_EQ(j->find("state")->as_string(), "not-started");
  EXPECT_EQ(j->find("exit_status"), nullptr);
  EXPECT_FALSE(j->find("failed")->as_bool());
}

// Issue 15 item 4: a failure is never silent, verbose or not; the instance is named.
TEST(Report, EveryFailureHasALineNamingTheInstance) {
  ActionOutcome o;
  o.op = "run";
  o.config_directory = "/etc/postfix-a";
  o.argv = {"/usr/sbin/postfix", "--", "start"};
  o.started = true;
  o.status.exit_code = 1;
  EXPECT_EQ(outcome_text(o, false), "/etc/postfix-a: /usr/sbin/postfix -- start: exit status 1");
  EXPECT_EQ(outcome_text(o, false, "postfix-a"),
            "postfix-a (/etc/postfix-a): /usr/sbin/postfix -- start: exit status 1");
  EXPECT_EQ(outcome_text(o, true), "/etc/postfix-a: /usr/sbin/postfix -- start: exit status 1");
  o.status.exit_code = 0;
  EXPECT_EQ(outcome_text(o, false), std::nullopt) << "success is quiet without -v";
  o.status.exit_code = 1;
  o.status = {0, SIGSEGV, true};
  EXPECT_EQ(outcome_text(o, false),
            "/etc/postfix-a: /usr/sbin/postfix -- start: killed by SIGSEGV (core dumped)");
  ActionOutcome skip;
  skip.op = "skip";
  skip.config_directory = "/etc/postfix-b";
  skip.reason = "disabled";
  EXPECT_EQ(outcome_text(skip, false), std::nullopt);
  EXPECT_EQ(outcome_text(skip, true), "/etc/postfix-b: skipped: disabled");
}

TEST(Report, SummaryListsDoneFailedInterruptedAndNotStarted) {
  ExecutionReport r;
  ActionOutcome a;
  a.op = "run";
  a.config_directory = "/1";
  a.started = true;
  ActionOutcome b = a;
  b.config_directory = "/2";
  b.state = ActionOutcome::State::kInterrupted;
  b.status.signal = SIGINT;
  ActionOutcome c = a;
  c.config_directory = "/3";
  c.state = ActionOutcome::State::kNotStarted;
  r.outcomes = {a, b, c};
  r.interrupt_signal = SIGINT;
  r.exit_status = 130;
  auto j = parse_json(summary_json(r));
  ASSERT_TRUE(j.is_ok());
  const Json* s = j->find("summary");
  EXPECT_EQ(s->find("exit_status")->as_int(), 130);
  EXPECT_EQ(s->find("interrupted_by")->as_string(), "SIGINT");
  EXPECT_EQ(s->find("done")->as_array().size(), 1u);
  EXPECT_EQ(s->find("failed")->as_array()[0].as_string(), "/2");
  EXPECT_EQ(s->find("interrupted")->as_array()[0].as_string(), "/2");
  EXPECT_EQ(s->find("not_started")->as_array()[0].as_string(), "/3");
}

// rules.md R182, R180: with the instances known, a record names its instance by name, group and
// config directory; a recorded run carries the child's stdout and stderr with their flags.
TEST(Report, RecordsNameTheInstanceThreeWaysAndCarryTheOutput) {
  InstanceIndex who{{"/etc/postfix-a", {"postfix-a", "mta"}}, {"/etc/postfix", {"", ""}}};
  ActionOutcome o = timed_out_run();
  o.output.out = "queue empty\n";
  o.output.err = "\xff\n";
  o.output.err_truncated = true;
  EXPECT_EQ(outcome_json(o, who, true),
            R"({"action": 3, "op": "run", "name": "postfix-a", "group": "mta", )"
            R"("config_directory": "/etc/postfix-a", )"
            R"("argv": ["/usr/sbin/postfix", "--", "stop"], "state": "done", "exit_status": null, )"
            R"("signal": "SIGKILL", "duration_ms": 5200, "timed_out": true, )"
            R"("stdout": "queue empty\n", "stderr": "\u0000base64:/wo=", )"
            R"("stdout_truncated": false, "stderr_truncated": true, "failed": true})");
  Plan p;
  p.actions.push_back(SkipAction{"/etc/postfix", "disabled"});
  EXPECT_EQ(dry_run_json(p, who).substr(0, 113),
            R"({"action": 1, "op": "skip", "name": null, "group": null, )"
            R"("config_directory": "/etc/postfix", "reason": "disabled")");
}

}  // namespace
}  // namespace pfmulti
