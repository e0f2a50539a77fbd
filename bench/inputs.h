// Generators for the benchmark inputs (bench/README in docs/performance.md): the instance trees
// of the multi-instance benchmark and the large main.cf files of the `conf` benchmark. Shared by
// the pfbench tool (which writes them to disk) and the Google Benchmark micro-benchmarks (which
// feed them to the reader and the expander in memory). Deterministic: same arguments, same bytes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pfmulti::bench {

// 10,000 parameters by default: `chains` chains of `depth` parameters, c<k>_<d> referencing
// c<k>_<d-1> (alternating $name, ${name} and $(name)), plus one known parameter (mydestination)
// referencing every chain top so that real postconf knows every name.
std::string deep_references_main_cf(int chains = 500, int depth = 20);
// Every parameter name of deep_references_main_cf, file order, mydestination last.
std::vector<std::string> deep_references_names(int chains = 500, int depth = 20);

// One parameter (mydestination) whose value is `bytes` bytes of continuation lines, in total
// (the file is exactly `bytes` long).
std::string continuation_main_cf(size_t bytes = size_t{1} << 20);

// spec/postfix-facts.md §4: mydestination = $a1, a<n> = $a<n+1>$a<n+1>, ..., a<lines-1> = x.
// 27 lines expand mydestination to 2^25 bytes (32 MiB).
std::string exponential_main_cf(int lines = 27);

// A typical hand-written main.cf of about `lines` lines (comments, blank lines, continuation
// lines, references), for the reader micro-benchmark.
std::string typical_main_cf(int lines);

// One instance tree of the multi-instance benchmark.
struct TreeLayout {
  std::string root;               // where the secondaries live: ROOT/i0001 ...
  std::string primary;            // the primary's config directory as the programs see it
  std::string command_directory;  // holds `postfix` (the stub) and `postconf`
  std::string daemon_directory;
  int instances = 0;  // N secondaries; N + 1 instances in all
};

// Secondary i (1-based) is enabled when i is odd: ceil(N/2) of N.
inline bool secondary_enabled(int i) { return i % 2 == 1; }
std::string secondary_directory(const TreeLayout& t, int i);

// The primary's main.cf. multi_instance_directories lists the N secondaries with ONE comma
// (after the first entry: the shipped 3.7 script turns only the first comma into a space),
// spaces, and continuation lines of 8 entries.
std::string primary_main_cf(const TreeLayout& t);
std::string secondary_main_cf(const TreeLayout& t, int i);

}  // namespace pfmulti::bench
