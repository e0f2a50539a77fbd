// pfmulti-conform: the conformance runner's own binary (docs/conformance.md); `pfmulti conform
// ARGS...` execs it with the same arguments. Messages name it "pfmulti conform", as users call it.
#include "impl/cli/cli.h"
#include "impl/conform/conform_command.h"
#include "impl/runtime/file_system.h"
#include "impl/runtime/signals.h"

int main(int argc, char** argv) {
  pfmulti::ensure_standard_fds();
  pfmulti::RealFileSystem fs;
  pfmulti::CliContext ctx;
  ctx.program = "pfmulti";
  ctx.env = pfmulti::current_environment();
  ctx.fs = &fs;
  ctx.args.assign(argv + 1, argv + argc);
  return pfmulti::run_conform_command(ctx);
}
