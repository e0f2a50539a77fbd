// Micro-benchmarks of the planner (model/plan/planner.h): a multi-instance `start` over the
// benchmark's instance trees (N = 1, 10, 100, 1000 secondaries, half enabled), as the wrapper
// (postfix-wrapper profile) and as postmulti -p (postmulti profile). Files are in memory; the
// configuration memo (Scenario::config_cache) is dropped before each plan.
#include <benchmark/benchmark.h>

#include <string>

#include "bench/inputs.h"
#include "model/plan/planner.h"

namespace {

using namespace pfmulti;
namespace in = pfmulti::bench;

Scenario tree_scenario(int n, Program program, ProfileName profile) {
  in::TreeLayout t{"/srv/bench", "/etc/postfix", "/srv/bench/cmd", "/usr/lib/postfix/sbin", n};
  Scenario s;
  s.program = program;
  s.profile = profile;
  s.files["/etc/postfix/main.cf"] = in::primary_main_cf(t);
  for (int i = 1; i <= n; ++i)
    s.files[in::secondary_directory(t, i) + "/main.cf"] = in::secondary_main_cf(t, i);
  if (program == Program::kWrapper) {
    s.argv = {"/srv/bench/cmd/postfix-wrapper", "start"};
    s.env = {{"MAIL_CONFIG", "/etc/postfix"},
             {"config_directory", "/etc/postfix"},
             {"command_directory", t.command_directory},
             {"daemon_directory", t.daemon_directory},
             {"PATH", "/bin:/usr/bin:/sbin:/usr/sbin"}};
  } else {
    s.argv = {"postmulti", "-p", "start"};
    s.env = {{"PATH", "/bin:/usr/bin:/sbin:/usr/sbin"}};
  }
  return s;
}

void run_planner(benchmark::State& state, Program program, ProfileName profile) {
  int n = static_cast<int>(state.range(0));
  Scenario s = tree_scenario(n, program, profile);
  size_t actions = 0;
  for (auto _ : state) {
    s.config_cache.reset();  // cold: every main.cf is parsed in each iteration, as in a real run
    Plan p = make_plan(s);
    actions = p.actions.size();
    benchmark::DoNotOptimize(p);
  }
  state.SetLabel(std::to_string(actions) + " actions");
  state.SetItemsProcessed(state.iterations() * (n + 1));
}

void BM_PlanWrapperStart(benchmark::State& state) {
  run_planner(state, Program::kWrapper, ProfileName::kPostfixWrapper);
}
BENCHMARK(BM_PlanWrapperStart)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

void BM_PlanPostmultiStart(benchmark::State& state) {
  run_planner(state, Program::kPostmulti, ProfileName::kPostmulti);
}
BENCHMARK(BM_PlanPostmultiStart)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

}  // namespace
