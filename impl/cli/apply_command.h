// `pfmulti apply [-c DIR] [-n] [--diff] [--json] [--prune] [-v] FILE|-` and
// `pfmulti apply [-c DIR] --export` (issue 18 item 2; docs/apply.md; spec/rules.md R160-R172):
// reads the document of desired instances (spec/apply.schema.json), plans with the pure apply
// planner (model/apply/apply_plan.h) on facts gathered from the system, shows the steps (-n) and
// the unified diff of every main.cf it changes (--diff), takes the edit lock, plans again under
// it, and carries the plan out as ONE life-cycle transaction (impl/runtime/lifecycle_executor.h).
// --json: one result object (spec/apply-result.schema.json) with changed, the changes and the
// diff. Errors: one line naming the JSON path or instance, exit status 1, nothing changed;
// usage errors exit 2.
#pragma once

#include "impl/cli/cli.h"
#include "impl/cli/lifecycle_command.h"

namespace pfmulti {

int run_apply(CliContext& ctx);
int run_apply(CliContext& ctx, LifecycleSetup setup);

}  // namespace pfmulti
