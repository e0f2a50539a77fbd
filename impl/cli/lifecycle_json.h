// The JSON lines of `pfmulti -e ACTION --json` (spec/lifecycle.schema.json; rules.md R184), as
// Json values printed compact, one per line, like report_json.h's:
//   a planned step (-n):  {"step": N, "op": "write-file"|"make-directory"|"remove-file"|
//                          "remove-directory"|"run", "path" (file steps) or "argv" (run),
//                          ["what"] (write-file), "description"}
//   the summary:          {"summary": {"action", "dry_run", "name", "group",
//                          "config_directory" (the instance the action is for; null for none),
//                          "steps", then for a run "steps_done", "exit_status", "error"
//                          (null: none), "rolled_back", "undone", "interrupted_by",
//                          "warnings"}}
// A plan refused before any step (its error) is a summary with "steps": 0 and the error.
#pragma once

#include <cstddef>

#include "impl/runtime/lifecycle_executor.h"
#include "model/lifecycle/lifecycle_plan.h"
#include "model/text/json.h"

namespace pfmulti {

Json lifecycle_step_to_json(const LifecycleStep& step, size_t index);
// outcome null: the dry run's summary (or a refused plan's, with plan.error).
Json lifecycle_summary_to_json(const LifecyclePlan& plan, const LifecycleOutcome* outcome,
                               bool dry_run);

}  // namespace pfmulti
