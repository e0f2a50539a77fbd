// `pfmulti conform` (pfmulti-conform): checks a multi-instance manager against the model; see
// conform_command.cc for the options and docs/conformance.md for the method.
#pragma once

#include "impl/cli/cli.h"

namespace pfmulti {

int run_conform_command(CliContext& ctx);

}  // namespace pfmulti
