// The real ProcessRunner: Boost.Process v1 starts children (fork + execve, with exec failures
// reported back through a close-on-exec pipe); waiting is our own waitpid(WNOHANG) loop woken
// by the SignalWatcher's self-pipe, because boost::process::child::wait_for is broken in
// Boost 1.74. exec() is execve(2).
#pragma once

#include "impl/process_runner.h"

namespace pfmulti {

class BoostProcessRunner final : public ProcessRunner {
 public:
  BoostProcessRunner();
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
