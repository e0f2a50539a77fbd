// pfmulti's entry point: dispatches on the subcommand table (impl/cli.cc), in the manner of
// ninja's kTools. All work happens in impl/; this file only wires the process to it.
#include <fmt/format.h>

#include <cstring>

#include "impl/cli.h"

int main(int argc, char** argv) {
  pfmulti::RealFileSystem fs;
  pfmulti::CliContext ctx;
  ctx.program = "pfmulti";
  ctx.env = pfmulti::current_environment();
  ctx.fs = &fs;
  if (argc >= 2) {
    for (const pfmulti::Subcommand* s = pfmulti::subcommands(); s->name; ++s) {
      if (std::strcmp(argv[1], s->name) == 0) {
        ctx.args.assign(argv + 2, argv + argc);
        return s->run(ctx);
      }
    }
  }
  fmt::print(stderr, "usage: pfmulti SUBCOMMAND [ARGS...]\nsubcommands:\n");
  for (const pfmulti::Subcommand* s = pfmulti::subcommands(); s->name; ++s)
    fmt::print(stderr, "  {:10} {}\n", s->name, s->summary);
  return 2;
}
