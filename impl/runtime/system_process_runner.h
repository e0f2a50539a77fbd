// The real ProcessRunner, on Boost.Process v2 and Boost.Asio (issue 14). Children start through
// SpawnLauncher (spawn_launcher.h: posix_spawn(3) semantics on a clone of ours: signals blocked
// around the clone, caught handlers reset in the child, exec errors returned); each is then a v2
// process handle (a pidfd on Linux) whose async_wait completes when it ends. One io_context
// runs everything a wait needs: the children's async waits, a steady_timer for the deadline, an
// asio::signal_set for SIGINT, SIGTERM and SIGHUP (pfmulti's own interrupts, kept in arrival
// order), and, for captured children, async reads of their stdout and stderr pipes cut into
// lines for the output sink. No SIGCHLD handler, no self-pipe, no poll loop of ours.
// Without pidfds (spec/rules.md R192: a kernel before 5.2/5.3, or a seccomp policy refusing
// CLONE_PIDFD and pidfd_open; spawn_launcher.h decides once per process), a child is waited for
// on the same io_context through one asio::signal_set for SIGCHLD (from the first such child
// on, SA_RESTART added): each SIGCHLD, and once right after the start (a SIGCHLD that came
// before the set), waitpid(pid, WNOHANG) for each such child still running. A child that cannot
// be waited for (ECHILD) ends as a failure (127) with one line on stderr, never an abort.
// exec() is execve(2). reap_orphans() (issue 16) adds the orphan reaper of orphan_reaper.h to
// the same io_context, for pfmulti as PID 1 or a child subreaper.
#pragma once

#include <deque>
#include <map>
#include <memory>

#include "impl/runtime/process_runner.h"

namespace pfmulti {

class SystemProcessRunner final : public ProcessRunner {
 public:
  SystemProcessRunner();
  ~SystemProcessRunner() override;
  std::optional<ChildId> start(const std::vector<std::string>& argv, const Environment& env,
                               StartError& error) override;
  std::optional<ChildId> start_with(const std::vector<std::string>& argv, const Environment& env,
                                    StartError& error, const StartOptions& options) override;
  WaitEvent wait(ChildId child, std::optional<Clock::time_point> deadline) override;
  WaitEvent wait_any(const std::vector<ChildId>& children,
                     std::optional<Clock::time_point> deadline) override;
  void signal(ChildId child, int signo) override;
  StartError exec(const std::vector<std::string>& argv, const Environment& env) override;
  int take_interrupt() override;
  Clock::time_point now() override { return Clock::now(); }
  void set_output_sink(OutputSink sink) override;
  void signal_group(ChildId child, int signo) override;  // kill(-child, signo)
  // From now on, every other child that ends is reaped during waits (orphan_reaper.h); when
  // pfmulti is not PID 1 it also becomes a child subreaper. Every child must then be started
  // through this runner. orphans_reaped(): how many so far.
  void reap_orphans();
  size_t orphans_reaped() const;

  struct State;  // the io_context and what runs on it (system_process_runner.cc)

 private:
  std::unique_ptr<State> state_;
};

// The program argv0 names: itself when it holds a slash, else the first executable regular
// file in path's directories (an empty element is the current directory). Empty if none.
std::string resolve_program(const std::string& argv0, const std::string& path);

}  // namespace pfmulti
