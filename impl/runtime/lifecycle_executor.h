// Carries out a life-cycle plan (model/lifecycle/lifecycle_plan.h) step by step:
//   write   impl/runtime/atomic_file.h (old or new file, never a mix; a file changed behind
//           our back is not overwritten);
//   mkdir   mkdir(2) with the planned mode, then chmod to it (whatever the umask);
//   remove  unlink(2) / rmdir(2), best effort: a failure is a warning, as in postmulti-script;
//   run     through the executor (impl/runtime/executor.h): no shell.
// When a write or mkdir fails, the steps done so far are undone in reverse order (a replaced
// file gets its old bytes back, a created file or directory goes), so a failed action leaves the
// tree as it was. Run steps come last in every plan; a failed command is reported (exit 1), not
// undone, as postmulti does.
#pragma once

#include <functional>
#include <string>
#include <vector>

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
  size_t steps_done = 0;
};

struct LifecycleExecutorOptions {
  Environment base_env;  // the environment run steps inherit
  // Called before each step with its description (verbose output).
  std::function<void(const LifecycleStep&)> on_step;
};

LifecycleOutcome execute_lifecycle(const LifecyclePlan& plan, FileOps& ops, ProcessRunner& runner,
                                   const LifecycleExecutorOptions& options);

}  // namespace pfmulti
