// The foreground supervisor of `pfmulti start-fg` (issue 16 part 2; spec/rules.md R142-R147):
// carries out a StartFgPlan (model/postmulti/start_fg_plan.h) through a ProcessRunner.
//   1. the checks, one at a time (`master -t`, `postfix check`): a failed check of an enabled
//      instance stops everything before any master starts (exit 1); of a disabled one, a warning;
//   2. the masters, in the plan's order, each a child of pfmulti (`master -s`: its own session
//      and process group, logs on the standard output pfmulti gives it);
//   3. supervision: SIGTERM or SIGINT to pfmulti stops every master in the plan's stop order
//      (SIGTERM, as `postfix stop` sends; once the stop deadline has passed, SIGKILL to the
//      master's process group, as postfix-script's forced stop does) and exits 0; SIGHUP is
//      passed on to every master (a reload); a master that ends by itself is an error: its
//      process group gets SIGTERM, the others are stopped, and pfmulti exits 1 (fail fast).
// Orphans are reaped by the runner (SystemProcessRunner::reap_orphans, orphan_reaper.h) while
// this waits. Tested with the recording FakeProcessRunner (tests/start_fg_test.cc) and with
// real Postfix 3.7 masters in a PID namespace, pfmulti as PID 1 (tests/e2e/start_fg.sh).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "impl/runtime/process_runner.h"
#include "model/postmulti/start_fg_plan.h"

namespace pfmulti {

struct SupervisorOptions {
  Environment base_env;  // pfmulti's own environment; each command's env is set on top
  // From the first stop signal: how long the masters get, all together, to end after their
  // SIGTERM before the rest get SIGKILL (pfmulti's --kill-grace, default 5 s).
  std::chrono::milliseconds stop_grace{5000};
};

struct SupervisionReport {
  enum class Ending {
    kCheckFailed,  // a check of an enabled instance failed (or could not start): nothing ran
    kStartFailed,  // a master could not be started: the others were stopped
    kStopped,      // SIGTERM or SIGINT: every master was stopped
    kMasterDied,   // a master ended by itself: the others were stopped
  };
  Ending ending = Ending::kStopped;
  int exit_status = 0;
  int signal = 0;                    // kStopped: the signal
  std::string instance;              // kCheckFailed, kStartFailed, kMasterDied: the instance
  ChildStatus status;                // kMasterDied: how its master ended; kCheckFailed: the check's
  std::vector<ChildId> pids;         // the masters started, in the plan's order (0: not started)
  std::vector<std::string> stopped;  // config directories, in the order they were stopped
  bool killed = false;               // some master needed SIGKILL
};

// One line for the log (pfmulti's standard error): an info line, or a warning or error.
enum class NoteLevel { kInfo, kWarning, kError };
using SupervisorNote = std::function<void(NoteLevel, const std::string&)>;

SupervisionReport supervise(ProcessRunner& runner, const StartFgPlan& plan,
                            const SupervisorOptions& options, const SupervisorNote& note);

// "exit status 3", "killed by SIGKILL".
std::string describe_status(const ChildStatus& status);

}  // namespace pfmulti
