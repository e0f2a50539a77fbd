// A recording, scripted ProcessRunner for the executor's tests: no process is started. Each
// start() takes the next FakeChild from the script (how long it runs, how it ends, which signals
// it survives, which interrupts pfmulti receives meanwhile); time is a fake clock that wait()
// advances. Everything started, signalled or exec'd is recorded. Several children may run at
// once (wait_any): the one whose end comes first on the fake clock ends first, so generated
// runtimes give adversarial completion orders; trace records every start and reported end, and
// max_running the most children started and not yet reported ended.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <utility>

#include "impl/runtime/process_runner.h"

namespace pfmulti {

struct FakeChild {
  std::optional<StartError> start_error;  // start() fails with this
  ChildStatus status;                     // how it ends by itself
  std::chrono::milliseconds runtime{0};
  bool hangs = false;                // never ends by itself
  std::vector<int> ignored_signals;  // signals it survives; any other signal kills it
  // Interrupt signals pfmulti receives while this child runs: (time after start, signo).
  std::vector<std::pair<std::chrono::milliseconds, int>> interrupts;
  bool interrupts_from_terminal = false;
};

class FakeProcessRunner final : public ProcessRunner {
 public:
  struct Started {
    std::vector<std::string> argv;
    Environment env;
    Clock::time_point at;
  };
  struct Sent {
    ChildId child;
    int signo;
    Clock::time_point at;
  };

  std::deque<FakeChild> script;  // consumed by start(); when empty, a child exits 0 at once
  std::vector<Started> started;  // every start() that succeeded
  std::vector<Sent> signals;
  std::optional<Started> exec_call;
  StartError exec_result{"exec: faked", 126};
  int pending_interrupt = 0;  // returned once by take_interrupt()
  Clock::time_point clock{};

  std::optional<ChildId> start(const std::vector<std::string>& argv, const Environment& env,
                               StartError& error) override;
  WaitEvent wait(ChildId child, std::optional<Clock::time_point> deadline) override;
  WaitEvent wait_any(const std::vector<ChildId>& children,
                     std::optional<Clock::time_point> deadline) override;
  std::optional<ChildId> start_with(const std::vector<std::string>& argv, const Environment& env,
                                    StartError& error, const StartOptions& options) override;

  struct TraceEvent {
    bool start = true;  // false: the end of the child was reported
    ChildId child = 0;
    std::string config_directory;  // the child's MAIL_CONFIG, or "" when unset
  };
  std::vector<TraceEvent> trace;
  size_t max_running = 0;
  std::vector<bool> captured;  // per start: whether output capture was asked for
  void signal(ChildId child, int signo) override;
  StartError exec(const std::vector<std::string>& argv, const Environment& env) override;
  int take_interrupt() override;
  Clock::time_point now() override { return clock; }

 private:
  struct Running {
    FakeChild script;
    Clock::time_point started;
    std::optional<ChildStatus> ended;
    size_t next_interrupt = 0;
    std::string config_directory;
    bool reported = false;
  };
  std::map<ChildId, Running> children_;
  size_t running_ = 0;
  ChildId next_id_ = 1000;
};

}  // namespace pfmulti
