// The JSON shapes of pfmulti's --json lines, as Json values (model/text/json.h); impl/cli/report.h
// prints each with to_json(value, -1), one line per value. No schema yet: tests/report_test.cc
// pins the shapes byte for byte.
//   a planned action (-n):  {"action": N, "op": KIND, then per kind
//                              run:  "instance", "argv", "env", "unset", "reason",
//                              exec: "argv", "env", "reason",
//                              skip: "instance", "reason",
//                              fail: "instance" (null for the whole command), "reason",
//                                    "exit_status",
//                            "state": "planned"}
//   the dry-run summary:    {"summary": {"dry_run": true, "actions": N, "exit_rule": RULE}}
//   an action outcome:      {"action": N, "op": KIND, "instance": DIR|null, ["argv"], "state":
//                            "done"|"interrupted"|"not-started", then how it ended (run:
//                            "exit_status", "signal", ["error"], "duration_ms", "timed_out",
//                            ["forwarded_signal"]; exec: "exit_status", "error"; fail:
//                            "exit_status"), ["reason"], "failed"}
//   the run summary:        {"summary": {"exit_status", "interrupted_by", "done", "failed",
//                            "interrupted", "not_started", ["fatal"]}}
// KIND is the action's kind name (kKind, model/plan/plan.h), RULE its plan's exit_rule_id.
#pragma once

#include <cstddef>

#include "impl/runtime/executor.h"
#include "model/plan/plan.h"
#include "model/text/json.h"

namespace pfmulti {

// The dry-run (-n --json) line of the plan action at index (shown as "action": index + 1).
Json planned_action_to_json(const Action& action, size_t index);
Json dry_run_summary_to_json(const Plan& plan);

Json outcome_to_json(const ActionOutcome& outcome);
Json run_summary_to_json(const ExecutionReport& report);

}  // namespace pfmulti
