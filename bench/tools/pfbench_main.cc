// pfbench's entry point: dispatches to the subcommands listed in pfbench.h, and holds the small
// file helpers they share.
#include <errno.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "bench/tools/pfbench.h"

namespace pfmulti::bench {

bool write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out.flush()) {
    fmt::print(stderr, "pfbench: cannot write {}: {}\n", path, std::strerror(errno));
    return false;
  }
  return true;
}

bool read_file(const std::string& path, std::string& content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  content = s.str();
  return true;
}

bool make_directories(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i < path.size() && path[i] != '/') continue;
    std::string prefix = path.substr(0, i);
    if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      fmt::print(stderr, "pfbench: mkdir {}: {}\n", prefix, std::strerror(errno));
      return false;
    }
  }
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

}  // namespace pfmulti::bench

int main(int argc, char** argv) {
  using namespace pfmulti::bench;
  struct Command {
    const char* name;
    int (*run)(const std::vector<std::string>&);
  };
  static const Command commands[] = {
      {"gen-tree", gen_tree_main},
      {"gen-conf", gen_conf_main},
      {"time", time_main},
      {"report", report_main},
  };
  if (argc >= 2) {
    for (const auto& c : commands) {
      if (std::strcmp(argv[1], c.name) == 0) return c.run({argv + 2, argv + argc});
    }
  }
  fmt::print(stderr, "usage: pfbench gen-tree|gen-conf|time|report ARGS... (see bench/run)\n");
  return 2;
}
