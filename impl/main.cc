// pfmulti's entry point: dispatches on the subcommand table (impl/cli.cc), in the manner of
// ninja's kTools. Invoked as postfix-wrapper (a link), it is a multi_instance_wrapper
// (postfix-wrapper(5)); with no subcommand it is postmulti(1)'s iterator mode. All work happens
// in impl/; this file only wires the process to it.
#include <cstring>
#include <string>

#include "impl/cli.h"
#include "impl/signals.h"

int main(int argc, char** argv) {
  pfmulti::ensure_standard_fds();  // as Postfix programs do: nothing may land on fds 0-2
  pfmulti::RealFileSystem fs;
  pfmulti::CliContext ctx;
  std::string self = argc > 0 ? argv[0] : "pfmulti";
  std::string base = self.substr(self.rfind('/') == std::string::npos ? 0 : self.rfind('/') + 1);
  ctx.program = base == "postfix-wrapper" ? base : "pfmulti";
  ctx.env = pfmulti::current_environment();
  ctx.fs = &fs;
  if (base == "postfix-wrapper") {
    ctx.args.assign(argv + 1, argv + argc);
    return pfmulti::run_wrapper(ctx);
  }
  if (argc >= 2) {
    for (const pfmulti::Subcommand* s = pfmulti::subcommands(); s->name; ++s) {
      if (std::strcmp(argv[1], s->name) == 0) {
        ctx.args.assign(argv + 2, argv + argc);
        return s->run(ctx);
      }
    }
  }
  if (argc < 2) {
    std::fputs(pfmulti::usage_text().c_str(), stderr);
    return 2;
  }
  ctx.args.assign(argv + 1, argv + argc);
  return pfmulti::run_iterator(ctx);
}
