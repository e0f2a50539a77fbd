// The JSON shapes of pfmulti's --json lines, as Json values (model/text/json.h); impl/cli/report.h
// prints each with to_json(value, -1), one line per value. spec/run.schema.json is their schema;
// tests/report_test.cc pins the shapes byte for byte. WHO is the instance, named three ways
// (rules.md R182): "name", "group" (null for none, or when unknown) and "config_directory"
// (all three null for an action of the whole command).
//   a planned action (-n):  {"action": N, "op": KIND, WHO, then per kind
//                              run:  "argv", "env", "unset", "reason",
//                              exec: "argv", "env", "reason",
//                              skip: "reason",
//                              fail: "reason", "exit_status",
//                            "state": "planned"}
//   the dry-run summary:    {"summary": {"dry_run": true, "actions": N, "exit_rule": RULE}}
//   an action outcome:      {"action": N, "op": KIND, WHO, ["argv"], "state":
//                            "done"|"interrupted"|"not-started", then how it ended (run:
//                            "exit_status", "signal", ["error"], "duration_ms", "timed_out",
//                            ["forwarded_signal"], and with recorded output "stdout",
//                            "stderr", "stdout_truncated", "stderr_truncated" (R180); exec:
//                            "exit_status", "error"; fail: "exit_status"), ["reason"], "failed"}
//   the run summary:        {"summary": {"exit_status", "interrupted_by", "done", "failed",
//                            "interrupted", "not_started", ["fatal"]}}
// KIND is the action's kind name (kKind, model/plan/plan.h), RULE its plan's exit_rule_id.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "impl/runtime/executor.h"
#include "model/plan/plan.h"
#include "model/text/json.h"

namespace pfmulti {

// An instance's name and group ("" = none), by config directory.
struct InstanceIdentity {
  std::string name, group;
};
using InstanceIndex = std::map<std::string, InstanceIdentity, std::less<>>;

// "name", "group", "config_directory" of the instance at config_directory into o (null for
// none; a directory missing from instances has null name and group).
void set_instance_members(Json& o, const std::string& config_directory,
                          const InstanceIndex& instances);

// The dry-run (-n --json) line of the plan action at index (shown as "action": index + 1).
Json planned_action_to_json(const Action& action, size_t index,
                            const InstanceIndex& instances = {});
Json dry_run_summary_to_json(const Plan& plan);

// with_output: the run's recorded stdout and stderr (ChildOutput::kRecord) are members.
Json outcome_to_json(const ActionOutcome& outcome, const InstanceIndex& instances = {},
                     bool with_output = false);
Json run_summary_to_json(const ExecutionReport& report);

}  // namespace pfmulti
