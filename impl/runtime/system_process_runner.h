// The real ProcessRunner: children start with posix_spawn(3) (glibc: a vfork-style clone that
// shares no writable state with us and resets caught signals; exec failures come back as its
// return value); no library beyond libc. (It replaced a fork + error pipe + environment object per
// child that cost 2x the floor in bench/run: docs/performance.md, "Findings".) Waiting is a
// waitpid(WNOHANG) loop that sleeps in poll(2) on the SignalWatcher's self-pipe (signals.h) until
// a child ends, an interrupt arrives or the deadline passes. exec() is execve(2).
#pragma once

#include "impl/runtime/process_runner.h"

namespace pfmulti {

class SystemProcessRunner final : public ProcessRunner {
 public:
  SystemProcessRunner();
  std::optional<ChildId> start(const std::vector<std::string>& argv, const Environment& env,
                               StartError& error) override;
  WaitEvent wait(ChildId child, std::optional<Clock::time_point> deadline) override;
  void signal(ChildId child, int signo) override;
  StartError exec(const std::vector<std::string>& argv, const Environment& env) override;
  int take_interrupt() override;
  Clock::time_point now() override { return Clock::now(); }
};

// The program argv0 names: itself when it holds a slash, else the first executable regular
// file in path's directories (an empty element is the current directory). Empty if none.
std::string resolve_program(const std::string& argv0, const std::string& path);

}  // namespace pfmulti
