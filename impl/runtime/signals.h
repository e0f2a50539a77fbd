// Signal handling for the executor (issue: SIGINT/SIGTERM to pfmulti are forwarded to the running
// child, and nothing further runs). A self-pipe: handlers for SIGCHLD, SIGINT and SIGTERM write
// a byte to a close-on-exec pipe, so a poll(2) on it wakes when a child ends or an interrupt
// arrives; the first interrupt signal is also kept in an atomic, so none is lost when the pipe
// is full. SystemProcessRunner::wait (system_process_runner.h) sleeps on this pipe between its
// waitpid(WNOHANG) checks, so a wait with a deadline needs neither a thread nor a timer signal.
#pragma once

#include <string>

namespace pfmulti {

struct Interrupt {
  int signo = 0;               // 0: none
  bool from_terminal = false;  // sent by the kernel to the process group (^C, ^\): the child has
                               // it too
};

class SignalWatcher {
 public:
  // The process-wide watcher; installs its handlers on first use.
  static SignalWatcher& instance();

  // Returns and clears the first interrupt received since the last call.
  Interrupt take_interrupt();
  // Blocks until a watched signal arrives or timeout_ms passes (-1: no limit). Spurious
  // wake-ups are allowed: callers re-check their condition.
  void wait(int timeout_ms);

 private:
  SignalWatcher();
  int read_fd_ = -1;
};

// "SIGTERM" for 15; "signal 99" for numbers without a name.
std::string signal_name(int signo);

// Makes sure file descriptors 0, 1 and 2 are open (on /dev/null when closed), as Postfix
// programs do, so that no pipe or file opened later lands on them. Returns false if it cannot.
bool ensure_standard_fds();

}  // namespace pfmulti
