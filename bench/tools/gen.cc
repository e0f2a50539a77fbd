// pfbench gen-tree / gen-conf: write the benchmark inputs of bench/inputs.h to disk.
// gen-tree ROOT COMMAND_DIR DAEMON_DIR N: ROOT/primary/{main,master}.cf and, per secondary,
//   ROOT/iNNNN/{main,master}.cf (master.cf empty: postconf warns without one).
// gen-conf DIR deep|cont|exp: DIR/main.cf, an empty DIR/master.cf and, for deep, DIR/names
//   (every parameter name, one a line: the query's arguments).
#include <fmt/format.h>

#include <cstdlib>

#include "bench/inputs.h"
#include "bench/tools/pfbench.h"

namespace pfmulti::bench {

int gen_tree_main(const std::vector<std::string>& args) {
  if (args.size() != 4) {
    fmt::print(stderr, "usage: pfbench gen-tree ROOT COMMAND_DIR DAEMON_DIR N\n");
    return 2;
  }
  TreeLayout t;
  t.root = args[0];
  t.command_directory = args[1];
  t.daemon_directory = args[2];
  t.instances = std::atoi(args[3].c_str());
  auto instance = [&](const std::string& dir, const std::string& main_cf) {
    return make_directories(dir) && write_file(dir + "/main.cf", main_cf) &&
           write_file(dir + "/master.cf", "");
  };
  if (!instance(t.root + "/primary", primary_main_cf(t))) return 1;
  for (int i = 1; i <= t.instances; ++i) {
    if (!instance(secondary_directory(t, i), secondary_main_cf(t, i))) return 1;
  }
  return 0;
}

int gen_conf_main(const std::vector<std::string>& args) {
  if (args.size() != 2) {
    fmt::print(stderr, "usage: pfbench gen-conf DIR deep|cont|exp\n");
    return 2;
  }
  const std::string& dir = args[0];
  std::string main_cf;
  if (args[1] == "deep") {
    main_cf = deep_references_main_cf();
    std::string names;
    for (const auto& n : deep_references_names()) names += n + "\n";
    if (!make_directories(dir) || !write_file(dir + "/names", names)) return 1;
  } else if (args[1] == "cont") {
    main_cf = continuation_main_cf();
  } else if (args[1] == "exp") {
    main_cf = exponential_main_cf();
  } else {
    fmt::print(stderr, "pfbench gen-conf: unknown kind {}\n", args[1]);
    return 2;
  }
  return make_directories(dir) && write_file(dir + "/main.cf", main_cf) &&
                 write_file(dir + "/master.cf", "")
             ? 0
             : 1;
}

}  // namespace pfmulti::bench
