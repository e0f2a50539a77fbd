// The process interface of the executor: start a program with an exact argv and environment
// (no shell, ever), wait for it with an optional deadline, signal it, or replace this process
// with it; several children may run at once (wait_any), and their output may be captured line by
// line (start_with, set_output_sink) for --parallel. A real implementation (SystemProcessRunner,
// impl/runtime/system_process_runner.h) and a recording fake (FakeProcessRunner,
// tests/support/fake_process_runner.h) for the executor's tests. postmulti(1) run_user_command /
// postfix-wrapper(5): children inherit stdin, stdout, stderr.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/main_cf/param_defaults.h"

namespace pfmulti {

using Clock = std::chrono::steady_clock;
using ChildId = int;  // a process id for the real runner

// How a child ended: by exit(exit_code), or killed by signal (signal != 0).
struct ChildStatus {
  int exit_code = 0;
  int signal = 0;
  bool core_dumped = false;
  bool ok() const { return signal == 0 && exit_code == 0; }
  friend bool operator==(const ChildStatus&, const ChildStatus&) = default;
};

// What ended a wait.
struct WaitEvent {
  enum class Kind {
    kExited,     // the child ended: status
    kDeadline,   // the deadline passed; the child still runs
    kInterrupt,  // pfmulti itself got SIGINT, SIGTERM or SIGHUP: interrupt_signal
  };
  Kind kind = Kind::kExited;
  ChildStatus status;
  int interrupt_signal = 0;
  // For kInterrupt: true when the signal already reached the child as well (a terminal's ^C goes
  // to the whole foreground process group), so forwarding it would deliver it twice.
  bool child_got_it = false;
  ChildId child = 0;  // wait_any, kExited: which child ended
};

// How start_with starts a child.
struct StartOptions {
  // The child's stdout and stderr go to pipes of ours; their lines reach the output sink.
  bool capture_output = false;
};

// A captured line (without its newline; a last piece without one at the end), stream 1 or 2.
using OutputSink = std::function<void(ChildId child, int stream, std::string_view line)>;

// A failure to start: why, and the exit status a shell would give (127 not found, 126 else).
struct StartError {
  std::string message;
  int exit_status = 127;
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;

  // Starts argv[0] with argv and exactly env as its environment. argv[0] without a slash is
  // searched in env's PATH (execvp's rule, default "/bin:/usr/bin"). Inherits stdin, stdout,
  // stderr. On failure, nothing runs and error says why.
  virtual std::optional<ChildId> start(const std::vector<std::string>& argv, const Environment& env,
                                       StartError& error) = 0;

  // Waits until the child ends, the deadline passes, or an interrupt signal arrives.
  virtual WaitEvent wait(ChildId child, std::optional<Clock::time_point> deadline) = 0;

  // Sends signo to the child (no effect once it has been waited for).
  virtual void signal(ChildId child, int signo) = 0;

  // Replaces this process (argv[0] searched as in start). Returns only on failure.
  virtual StartError exec(const std::vector<std::string>& argv, const Environment& env) = 0;

  // An interrupt signal received while no child was being waited for: returns and clears it
  // (0: none).
  virtual int take_interrupt() = 0;

  virtual Clock::time_point now() = 0;

  // start() with options; a runner that cannot capture output starts the child as start() does.
  virtual std::optional<ChildId> start_with(const std::vector<std::string>& argv,
                                            const Environment& env, StartError& error,
                                            const StartOptions& /*options*/) {
    return start(argv, env, error);
  }

  // Waits until one of children (not empty) ends, the deadline passes, or an interrupt arrives;
  // event.child names the child that ended. Every child's captured output up to its end has
  // reached the sink before its kExited. The default waits for the first child only.
  virtual WaitEvent wait_any(const std::vector<ChildId>& children,
                             std::optional<Clock::time_point> deadline) {
    WaitEvent ev = wait(children.front(), deadline);
    ev.child = children.front();
    return ev;
  }

  // Where captured lines go (called during wait/wait_any).
  virtual void set_output_sink(OutputSink /*sink*/) {}

  // Sends signo to the process group whose id is child's pid: a child that made itself a group
  // leader (a Postfix master's setsid, spec/postfix-facts.md §12), also after it ended, while the
  // group has members (the supervisor, impl/runtime/supervisor.h). The default signals the child.
  virtual void signal_group(ChildId child, int signo) { signal(child, signo); }
};

}  // namespace pfmulti
