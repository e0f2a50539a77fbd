// pfmulti's entry point: dispatches on the subcommand table (impl/cli/cli.cc), in the manner of
// ninja's kTools. Invoked as postfix-wrapper (a link), it is a multi_instance_wrapper
// (postfix-wrapper(5)); invoked as pfmulti-systemd-generator (a link in
// lib/systemd/system-generators/), a systemd generator (impl/cli/systemd_command.cc); with no
// subcommand it is postmulti(1)'s iterator mode. All work happens in impl/; this file only wires
// the process to it, and checks that what went to standard output got there (finish_output,
// spec/rules.md R124).
#include <malloc.h>

#include <cstring>
#include <string>

#include "impl/cli/cli.h"
#include "impl/runtime/signals.h"
#include "model/text/strings.h"

int main(int argc, char** argv) {
  // pfmulti runs briefly: keep large blocks (a 1 MiB main.cf value, its expansion) on the heap,
  // so that a freed one is reused instead of being unmapped and faulted in again.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  pfmulti::ensure_standard_fds();  // as Postfix programs do: nothing may land on fds 0-2
  pfmulti::RealFileSystem fs;
  pfmulti::CliContext ctx;
  std::string self = argc > 0 ? argv[0] : "pfmulti";
  std::string base = pfmulti::path_basename(self);
  ctx.program = base == "postfix-wrapper" || base == pfmulti::kGeneratorProgram ? base : "pfmulti";
  ctx.env = pfmulti::current_environment();
  ctx.fs = &fs;
  if (base == "postfix-wrapper") {
    ctx.args.assign(argv + 1, argv + argc);
    return pfmulti::finish_output(ctx, pfmulti::run_wrapper(ctx));
  }
  if (base == pfmulti::kGeneratorProgram) {  // systemd.generator(7): NORMAL [EARLY LATE]
    ctx.args.assign(argv + 1, argv + argc);
    return pfmulti::finish_output(ctx, pfmulti::run_systemd_generator(ctx));
  }
  if (argc >= 2) {
    for (const pfmulti::Subcommand* s = pfmulti::subcommands(); s->name; ++s) {
      if (std::strcmp(argv[1], s->name) == 0) {
        ctx.args.assign(argv + 2, argv + argc);
        return pfmulti::finish_output(ctx, s->run(ctx));
      }
    }
  }
  if (argc < 2) {
    std::fputs(pfmulti::usage_text().c_str(), stderr);
    return 2;
  }
  ctx.args.assign(argv + 1, argv + argc);
  return pfmulti::finish_output(ctx, pfmulti::run_iterator(ctx));
}
