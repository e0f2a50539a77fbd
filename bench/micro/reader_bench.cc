// Micro-benchmarks of the main.cf reader (model/main_cf/main_cf.h): typical files of growing size,
// one parameter of 1 MiB of continuation lines, 10,000 definitions. Bytes per second are reported.
#include <benchmark/benchmark.h>

#include "bench/inputs.h"
#include "model/main_cf/main_cf.h"

namespace {

using pfmulti::read_main_cf;
namespace in = pfmulti::bench;

void run_reader(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    pfmulti::MainCf cf = read_main_cf(text, "main.cf");
    benchmark::DoNotOptimize(cf);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_ReadTypical(benchmark::State& state) {
  run_reader(state, in::typical_main_cf(static_cast<int>(state.range(0))));
}
BENCHMARK(BM_ReadTypical)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

void BM_ReadContinuation1MiB(benchmark::State& state) {
  run_reader(state, in::continuation_main_cf());
}
BENCHMARK(BM_ReadContinuation1MiB);

void BM_ReadDeep10k(benchmark::State& state) { run_reader(state, in::deep_references_main_cf()); }
BENCHMARK(BM_ReadDeep10k);

void BM_ReadInstanceMainCf(benchmark::State& state) {
  in::TreeLayout t{"/srv/bench", "/etc/postfix", "/usr/sbin", "/usr/lib/postfix/sbin", 1000};
  run_reader(state, in::primary_main_cf(t));
}
BENCHMARK(BM_ReadInstanceMainCf);

}  // namespace
