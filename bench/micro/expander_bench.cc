// Micro-benchmarks of parameter expansion (model/main_cf/config.h): reference chains of growing
// depth, every name of the 10,000-parameter file, 1 MiB of text, the exponential file (time to its
// error), conditional forms, list splitting. A fresh Config per iteration (built outside the
// timed region) so that memoization from one iteration does not help the next.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "bench/inputs.h"
#include "model/main_cf/config.h"

namespace {

using pfmulti::Config;
using pfmulti::MainCf;
namespace in = pfmulti::bench;

MainCf parse(const std::string& text) { return pfmulti::read_main_cf(text, "main.cf"); }

// Expands every name in `names` on a fresh Config per iteration.
void run_expand(benchmark::State& state, const MainCf& cf, const std::vector<std::string>& names) {
  for (auto _ : state) {
    state.PauseTiming();
    Config cfg(cf, pfmulti::compiled_defaults(), "/etc/postfix");
    state.ResumeTiming();
    for (const auto& n : names) {
      auto r = cfg.expand(n);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * names.size()));
}

// 100 chains of the given depth; each iteration expands the 100 chain tops.
void BM_ExpandChain(benchmark::State& state) {
  int depth = static_cast<int>(state.range(0));
  std::vector<std::string> tops;
  for (int k = 0; k < 100; ++k) tops.push_back(fmt::format("c{}_{}", k, depth - 1));
  run_expand(state, parse(in::deep_references_main_cf(100, depth)), tops);
}
BENCHMARK(BM_ExpandChain)->Arg(1)->Arg(10)->Arg(20)->Arg(50)->Arg(99);

void BM_ExpandDeep10kAllNames(benchmark::State& state) {
  run_expand(state, parse(in::deep_references_main_cf()), in::deep_references_names());
}
BENCHMARK(BM_ExpandDeep10kAllNames)->Unit(benchmark::kMillisecond);

void BM_ExpandContinuation1MiB(benchmark::State& state) {
  run_expand(state, parse(in::continuation_main_cf()), {"mydestination"});
}
BENCHMARK(BM_ExpandContinuation1MiB)->Unit(benchmark::kMillisecond);

void BM_ExpandExponentialToError(benchmark::State& state) {
  run_expand(state, parse(in::exponential_main_cf()), {"mydestination"});
}
BENCHMARK(BM_ExpandExponentialToError)->Unit(benchmark::kMillisecond);

void BM_ExpandConditionals(benchmark::State& state) {
  std::string text =
      "a = some value\nempty =\n"
      "t1 = ${a?{yes $a}:{no}} ${empty?{x}:{y}} ${a:fallback} ${empty:fallback}\n"
      "t2 = ${{$a} == {some value} ? {eq} : {ne}} ${{10} < {9} ? {lt} : {ge}}\n"
      "t3 = $t1 $t2 ${t1} $(t2) $$literal\n";
  run_expand(state, parse(text), {"t3"});
}
BENCHMARK(BM_ExpandConditionals);

void BM_SplitList(benchmark::State& state) {
  std::string value;
  for (int i = 0; i < state.range(0); ++i) value += fmt::format("/etc/postfix-{},\n    ", i);
  for (auto _ : state) {
    auto v = pfmulti::split_list(value);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SplitList)->Arg(10)->Arg(1000);

}  // namespace
