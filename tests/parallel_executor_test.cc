// --parallel N over the fake runner (impl/runtime/executor.h, tests/arbitrary_parallel.h): the
// laws of issue 14. A parallel trace is a linearization of the plan's partial order; outcomes
// and exit status equal the sequential run's for the same child results; never more than N
// children at once; the primary never runs beside a secondary. Plus the planner's stages
// (model/plan/plan.h parallel_stages) and interrupts in a parallel stage.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <signal.h>

#include <deque>
#include <map>

#include "impl/runtime/executor.h"
#include "tests/arbitrary_parallel.h"
#include "tests/support/fake_process_runner.h"

namespace pfmulti {
namespace {

using std::chrono::milliseconds;

struct Run {
  ExecutionReport report;
  FakeProcessRunner runner;
};

Run run(const Plan& plan, const std::vector<FakeChild>& script) {
  Run r;
  r.runner.script = std::deque<FakeChild>(script.begin(), script.end());
  ExecutorOptions options;
  r.report = Executor(r.runner, options).run(plan);
  return r;
}

Plan staged(const ParallelCase& c) {
  Plan p = c.plan;
  p.stages = parallel_stages(p.actions.size(), c.primary, c.parallel);
  p.parallel = c.parallel;
  return p;
}

// The stage of each action index.
std::map<std::string, size_t> stage_of_dir(const Plan& p) {
  std::map<std::string, size_t> m;
  for (size_t s = 0; s < p.stages.size(); ++s)
    for (size_t i : p.stages[s])
      if (const auto* r = std::get_if<RunAction>(&p.actions[i])) m[r->config_directory] = s;
  return m;
}

RC_GTEST_PROP(ParallelLaws, trace_is_a_linearization_of_the_plans_partial_order, ()) {
  ParallelCase c = *gen_parallel_case();
  Plan p = staged(c);
  RC_TAG(p.stages.size());
  RC_ASSERT(stages_are_valid(p.stages, p.actions.size()));
  Run r = run(p, c.script);
  auto stage = stage_of_dir(p);
  // Every child of a stage has ended before any child of a later stage starts, and within a
  // stage children start in list order.
  std::map<size_t, size_t> running_per_stage;
  size_t highest_started = 0;
  std::string last_started;
  for (const auto& e : r.runner.trace) {
    size_t s = stage.at(e.config_directory);
    if (e.start) {
      for (const auto& [other, count] : running_per_stage)
        if (other != s) RC_ASSERT(count == 0u);
      RC_ASSERT(s >= highest_started);
      highest_started = s;
      ++running_per_stage[s];
    } else {
      --running_per_stage[s];
    }
  }
  // Start order = list order of the run actions.
  std::vector<std::string> started, listed;
  for (const auto& e : r.runner.trace)
    if (e.start) started.push_back(e.config_directory);
  for (const auto& o : r.report.outcomes)
    if (o.started) listed.push_back(o.config_directory);
  RC_ASSERT(started == listed);
}

RC_GTEST_PROP(ParallelLaws, outcomes_and_exit_status_equal_the_sequential_run, ()) {
  ParallelCase c = *gen_parallel_case();
  Run seq = run(c.plan, c.script);
  Run par = run(staged(c), c.script);
  RC_ASSERT(par.report.exit_status == seq.report.exit_status);
  RC_ASSERT(par.report.fatal == seq.report.fatal);
  RC_ASSERT(par.report.outcomes.size() == seq.report.outcomes.size());
  for (size_t i = 0; i < seq.report.outcomes.size(); ++i) {
    const auto &a = seq.report.outcomes[i], &b = par.report.outcomes[i];
    RC_ASSERT(a.state == b.state);
    RC_ASSERT(a.started == b.started);
    RC_ASSERT(a.status == b.status);
    RC_ASSERT(a.failed() == b.failed());
    RC_ASSERT(a.exit_status == b.exit_status);
  }
  RC_ASSERT(interruption_summary(par.report.outcomes) == interruption_summary(seq.report.outcomes));
}

RC_GTEST_PROP(ParallelLaws, never_more_than_n_children_at_once, ()) {
  ParallelCase c = *gen_parallel_case();
  Run r = run(staged(c), c.script);
  RC_CLASSIFY(r.runner.max_running > 1, "children overlapped");
  RC_ASSERT(r.runner.max_running <= c.parallel);
  Run seq = run(c.plan, c.script);
  RC_ASSERT(seq.runner.max_running <= 1u);
}

RC_GTEST_PROP(ParallelLaws, primary_never_runs_beside_a_secondary, ()) {
  ParallelCase c = *gen_parallel_case();
  Run r = run(staged(c), c.script);
  size_t running = 0;
  bool primary_running = false;
  for (const auto& e : r.runner.trace) {
    bool primary = e.config_directory == "/etc/postfix";
    if (e.start) {
      RC_ASSERT(!primary_running);
      if (primary) RC_ASSERT(running == 0u);
      ++running;
      primary_running = primary_running || primary;
    } else {
      --running;
      if (primary) primary_running = false;
    }
  }
}

TEST(ParallelStages, PrimaryAloneFirstThenTheSecondaries) {
  EXPECT_EQ(parallel_stages(4, {0}, 8), (std::vector<std::vector<size_t>>{{0}, {1, 2, 3}}));
}

TEST(ParallelStages, StopClassRunsTheSecondariesThenThePrimary) {
  EXPECT_EQ(parallel_stages(4, {3}, 8), (std::vector<std::vector<size_t>>{{0, 1, 2}, {3}}));
}

TEST(ParallelStages, ParallelOneIsTheSequentialPlan) {
  EXPECT_TRUE(parallel_stages(4, {0}, 1).empty());
}

TEST(ParallelStages, APrimaryInTheMiddleSplitsTheSecondaries) {
  EXPECT_EQ(parallel_stages(5, {2}, 3), (std::vector<std::vector<size_t>>{{0, 1}, {2}, {3, 4}}));
  EXPECT_TRUE(stages_are_valid({{0, 1}, {2}, {3, 4}}, 5));
  EXPECT_FALSE(stages_are_valid({{0, 2}, {1}}, 3));
  EXPECT_FALSE(stages_are_valid({{0}}, 2));
}

TEST(ParallelExecutor, InterruptReachesEveryRunningChildAndNothingFurtherStarts) {
  FakeProcessRunner runner;
  FakeChild hang;
  hang.hangs = true;
  FakeChild interrupted = hang;
  interrupted.interrupts = {{milliseconds(20), SIGTERM}};
  runner.script = {FakeChild{}, interrupted, hang, FakeChild{}};
  Plan p;
  for (std::string d : {"/p", "/a", "/b", "/c"}) {
    RunAction r;
    r.config_directory = d;
    r.argv = {"postfix", "start"};
    p.actions.push_back(r);
  }
  p.stages = {{0}, {1, 2, 3}};
  p.parallel = 2;
  ExecutionReport r = Executor(runner, {}).run(p);
  EXPECT_EQ(r.interrupt_signal, SIGTERM);
  ASSERT_EQ(runner.signals.size(), 2u);  // /a and /b, both running
  EXPECT_EQ(r.outcomes[1].forwarded_signal, SIGTERM);
  EXPECT_EQ(r.outcomes[2].forwarded_signal, SIGTERM);
  EXPECT_EQ(interruption_summary(r.outcomes), "done: /p; interrupted: /a, /b; not started: /c");
  EXPECT_EQ(r.exit_status, 128 + SIGTERM);
}

TEST(ParallelExecutor, ParallelStagesAskForCapturedOutputAndSequentialDoesNot) {
  FakeProcessRunner runner;
  Plan p;
  for (std::string d : {"/p", "/a"}) {
    RunAction r;
    r.config_directory = d;
    r.argv = {"postfix", "start"};
    p.actions.push_back(r);
  }
  Executor(runner, {}).run(p);
  p.stages = {{0}, {1}};
  p.parallel = 4;
  Executor(runner, {}).run(p);
  EXPECT_EQ(runner.captured, (std::vector<bool>{false, false, true, true}));
}

}  // namespace
}  // namespace pfmulti
