// pfbench: the driver behind bench/run. Subcommands (one file each):
//   gen-tree ROOT COMMAND_DIR DAEMON_DIR N   an instance tree of N secondaries (gen.cc)
//   gen-conf DIR deep|cont|exp               a large main.cf for the conf benchmark (gen.cc)
//   time [--reps R] [--warmup W] --out FILE SPEC
//                                            alternating timed runs (time_runs.cc)
//   report RESULTS_DIR                       medians, ratios, targets, plot data (report.cc)
#pragma once

#include <string>
#include <vector>

namespace pfmulti::bench {

int gen_tree_main(const std::vector<std::string>& args);
int gen_conf_main(const std::vector<std::string>& args);
int time_main(const std::vector<std::string>& args);
int report_main(const std::vector<std::string>& args);

// Whole-file helpers; they print a message naming the file and return false on failure.
bool write_file(const std::string& path, const std::string& content);
bool read_file(const std::string& path, std::string& content);
bool make_directories(const std::string& path);

// Splits on `sep`, keeping empty fields.
std::vector<std::string> split(const std::string& s, char sep);

}  // namespace pfmulti::bench
