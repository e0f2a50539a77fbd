// `pfmulti conform ...`: the conformance runner lives in its own binary, pfmulti-conform
// (impl/conform/), so that the production wrapper path neither links nor loads it. This
// subcommand execs it from pfmulti's own directory (/proc/self/exe), argv only, no PATH search.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "impl/cli/cli.h"

namespace pfmulti {

int run_conform(CliContext& ctx) {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return fatal(ctx, "conform: cannot tell where pfmulti runs from (/proc/self/exe)");
  std::string self(buf, static_cast<size_t>(n));
  std::string runner = self.substr(0, self.rfind('/') + 1) + "pfmulti-conform";
  std::vector<std::string> args{runner};
  args.insert(args.end(), ctx.args.begin(), ctx.args.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(ctx.out);
  std::fflush(ctx.err);
  ::execv(runner.c_str(), argv.data());
  return fatal(ctx, fmt::format("conform: cannot run {}: {} (the conformance runner is installed "
                                "beside pfmulti)",
                                runner, std::strerror(errno)));
}

}  // namespace pfmulti
