// `pfmulti -e ACTION ...`: postmulti(1) life-cycle mode (init, create, import, deport, destroy,
// enable, disable, assign) with pfmulti's options (-n/--dry-run prints the plan; -c DIR names the
// primary instance; -v prints each step as it is carried out). Plans with the pure life-cycle
// planner on facts gathered from the system, takes the edit lock, plans again under the lock,
// and carries the plan out with the life-cycle executor. Errors are one line, exit status 1,
// nothing changed.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "impl/cli/cli.h"
#include "impl/cli/cli_options.h"
#include "impl/runtime/file_ops.h"
#include "impl/runtime/lifecycle_facts.h"
#include "impl/runtime/process_runner.h"
#include "impl/runtime/system_process_runner.h"

namespace pfmulti {

// What the command uses from the outside world; tests replace any of it.
struct LifecycleSetup {
  Defaults defaults = compiled_defaults();
  FileOps* ops = nullptr;           // default: PosixFileOps
  ProcessRunner* runner = nullptr;  // default: SystemProcessRunner
  StatusProbe probe;                // default: run_status_probe
  std::chrono::milliseconds lock_wait{5000};
  std::string self_path;  // default: /proc/self/exe
};

// The real effects for what a LifecycleSetup leaves unset (-e and `pfmulti apply` share them):
// PosixFileOps, a SystemProcessRunner (owned here), run_status_probe, /proc/self/exe.
class LifecycleEffects {
 public:
  explicit LifecycleEffects(LifecycleSetup& setup);

 private:
  PosixFileOps posix_ops_;
  std::unique_ptr<SystemProcessRunner> runner_;
};

// "A, B, C and 3 more" (at most six items): the files a run changed, in -e's and apply's messages.
std::string summary(const std::vector<std::string>& items);

int run_lifecycle(CliContext& ctx, const CliOptions& options);
int run_lifecycle(CliContext& ctx, const CliOptions& options, LifecycleSetup setup);

}  // namespace pfmulti
