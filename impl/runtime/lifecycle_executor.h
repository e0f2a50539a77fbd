// Carries out a life-cycle plan (model/lifecycle/lifecycle_plan.h) as a transaction:
//   write   impl/runtime/atomic_file.h (old or new file, never a mix; no other writer's bytes
//           are lost);
//   mkdir   mkdir(2) with the planned mode, then chmod to it (whatever the umask);
//   remove  unlink(2) / rmdir(2), best effort: a failure is a warning, as in postmulti-script;
//   run     through the executor (impl/runtime/executor.h): no shell.
// The journal (plan.journal_write) is written before the first step and removed after the last.
// A failing step, or SIGINT/SIGTERM/SIGHUP (impl/runtime/transaction_signals.h) seen before the
// next step, up to and including plan.commit_step, undoes every step done so far in reverse order
// (a replaced file gets its old bytes back; a created file goes; a created directory goes with
// whatever a failed set-permissions put in it), and the outcome lists what was undone. Past the
// commit step, the remaining (best-effort) steps are finished and a failure is a warning.
// A signal ends the run with exit status 128 + its number.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "impl/runtime/executor.h"
#include "impl/runtime/file_ops.h"
#include "impl/runtime/process_runner.h"
#include "model/lifecycle/lifecycle_plan.h"

namespace pfmulti {

struct LifecycleOutcome {
  int exit_status = 0;
  std::string error;                  // the step that failed, one line
  std::vector<std::string> warnings;  // best-effort steps that failed
  bool rolled_back = false;
  std::vector<std::string> rollback_errors;  // undo steps that failed too (rare)
  std::vector<std::string> undone;           // "removed DIR", "restored FILE", in undo order
  bool changed_by_other = false;             // the error: another writer changed a file first
  int signal = 0;                            // the catchable signal that interrupted the run
  size_t steps_done = 0;
};

struct LifecycleExecutorOptions {
  Environment base_env;  // the environment run steps inherit
  // Called before each step with its description (verbose output).
  std::function<void(const LifecycleStep&)> on_step;
  // What happens to the output of run steps' children (executor.h; -e --json: labelled lines
  // handed to on_output, which writes them to stderr, rules.md R184).
  ChildOutput output = ChildOutput::kInherit;
  std::function<void(const std::string& label, int stream, std::string_view line)> on_output;
};

LifecycleOutcome execute_lifecycle(const LifecyclePlan& plan, FileOps& ops, ProcessRunner& runner,
                                   const LifecycleExecutorOptions& options);

}  // namespace pfmulti
