// The executor: carries out a Plan (model/plan/plan.h) action by action through a ProcessRunner.
//   run  - start argv with the manager's environment plus env minus unset, wait, record exit
//          status or signal and duration; with a timeout, SIGTERM at expiry, SIGKILL after the
//          grace period, and the run goes on with the next action;
//   exec - replace this process (returns only if that fails);
//   skip - reported;  fail - reported (empty config_directory: the whole command stops).
// An interrupt (SIGINT, SIGTERM or SIGHUP to pfmulti) is forwarded to every running child (unless
// the terminal already delivered it); nothing further starts. Escalation (issue 12 item 10): a
// child still running kill_grace after the first interrupt, or when a second interrupt comes,
// gets SIGKILL, with or without --timeout. The report says which actions were done, interrupted
// and not started.
// --parallel N: the plan's stages (Plan::stages) run one after another; inside a stage up to
// plan.parallel children run at once, started in list order, their output captured and passed
// on line by line, each line prefixed with its instance ("LABEL: ", child_output.h). Outcomes
// are reported as children end; statuses, the exit status and the interruption summary are
// those of the sequential run.
// Children's output (ExecutorOptions::output, rules.md R180, R181): inherited (the default of a
// sequential run), labelled line by line (--tag; always in a parallel stage), or recorded into
// the outcome (--json: stdout stays pfmulti's).
// The exit status follows the plan's ExitRule (postfix-wrapper(5) shipped script: the status of
// the last failure; postmulti(1): 1 on any failure). A signal death counts as a failure; under
// kLastFailure it counts as 128+signo, as the shell in the shipped wrapper reports it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "impl/runtime/child_output.h"
#include "impl/runtime/process_runner.h"
#include "model/plan/plan.h"

namespace pfmulti {

// What happens to a run child's stdout and stderr.
enum class ChildOutput {
  kInherit,  // the child writes to pfmulti's own stdout and stderr (in a parallel stage: kLabel)
  kLabel,    // captured; each line written to the same stream as "LABEL: LINE"
  kRecord,   // captured into ActionOutcome::output (bounded, child_output.h)
};

struct ExecutorOptions {
  std::optional<std::chrono::milliseconds> timeout;  // per run action
  std::chrono::milliseconds kill_grace{5000};        // SIGTERM -> SIGKILL
  Environment base_env;                              // the manager's own environment
  ChildOutput output = ChildOutput::kInherit;
  // The label of an instance's lines (kLabel, parallel stages); unset: its config directory.
  std::function<std::string(const std::string& config_directory)> label;
  // A labelled line (stream 1 or 2, without its newline). Unset: written to that stream as
  // "LABEL: LINE\n" in one write(2).
  std::function<void(const std::string& label, int stream, std::string_view line)> on_output;
};

struct ActionOutcome {
  enum class State {
    kDone,         // carried out (a run ended, possibly badly; a skip or fail reported)
    kInterrupted,  // a run that was going on when the interrupt came
    kNotStarted,   // never reached: an interrupt or a whole-command failure came first
  };
  size_t index = 0;
  std::string op;  // the action's kind name (action_op): "run", "exec", "skip", "fail"
  std::string config_directory;
  std::vector<std::string> argv;
  std::string reason;
  State state = State::kDone;
  bool started = false;  // run/exec: the program started
  ChildStatus status;    // run: how it ended
  std::string error;     // run/exec: why it could not start
  bool timed_out = false;
  int forwarded_signal = 0;  // the interrupt forwarded to the child
  std::chrono::milliseconds duration{0};
  int exit_status = 0;    // fail: the action's exit status; start failure: 126/127
  CapturedOutput output;  // run under ChildOutput::kRecord: what the child printed

  // A run that did not exit 0 (or did not start), an exec that failed, any fail action.
  bool failed() const;
};

struct ExecutionReport {
  std::vector<ActionOutcome> outcomes;  // one per plan action, in plan order
  int exit_status = 0;
  int interrupt_signal = 0;  // non-zero: the run was interrupted by this signal
  std::string fatal;         // a whole-command failure's reason
};

class Executor {
 public:
  using Listener = std::function<void(const ActionOutcome&)>;
  // on_start: a run or exec action is about to start; on_outcome: an action is finished.
  Executor(ProcessRunner& runner, ExecutorOptions options, Listener on_start = {},
           Listener on_outcome = {});
  ExecutionReport run(const Plan& plan);

 private:
  ProcessRunner& runner_;
  ExecutorOptions options_;
  Listener on_start_;
  Listener on_outcome_;
};

// "DIR: LINE\n": a captured line as a parallel run prints it without a label function.
std::string prefixed_line(const std::string& config_directory, std::string_view line);

// The environment a run action's child gets: base with env set and unset removed.
Environment child_environment(const Environment& base, const RunAction& action);

// child_environment for one action after another, without a copy of the map per child: one
// working copy of base, and before each action only the names the previous one set or removed
// are put back. for_action(a) equals child_environment(base, a) whatever came before
// (tests/child_environment_prop_test.cc). The actions must outlive the next call.
class ChildEnvironment {
 public:
  explicit ChildEnvironment(const Environment& base) : base_(base), env_(base) {}
  const Environment& for_action(const RunAction& action);

 private:
  const Environment& base_;
  Environment env_;
  std::vector<const std::string*> touched_;  // names the last action changed (its own strings)
};

// The exit status of a finished (not interrupted) report under rule.
int exit_status_for(ExitRule rule, const std::vector<ActionOutcome>& outcomes);

// spec/rules.md R125: the exit status a real run of plan would have if every run and exec
// succeeded (-n exits with it): a plan with fail actions exits as its exit rule says.
int dry_run_exit_status(const Plan& plan);

// "done: A, B; interrupted: C; not started: D, E" (instances by config_directory).
std::string interruption_summary(const std::vector<ActionOutcome>& outcomes);

}  // namespace pfmulti
