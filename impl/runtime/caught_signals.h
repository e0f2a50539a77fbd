// The signals pfmulti ever catches, in one place (issue 14): the runner's asio::signal_set
// (SIGINT, SIGTERM, SIGHUP), the orphan reaper's and, without pidfds, the runner's (SIGCHLD:
// R192) and a life-cycle transaction's recorder (SIGINT, SIGTERM, SIGHUP). The spawn launcher
// (spawn_launcher.h) resets exactly these to SIG_DFL in a child before its execve, where a
// caught one would run our handler on our memory; the test
// CaughtSignals.EveryHandlerPfmultiInstallsIsListed compares this list with the kernel's SigCgt
// of a process that has installed all of them.
#pragma once

#include <signal.h>

namespace pfmulti {

inline constexpr int kCaughtSignals[] = {SIGHUP, SIGINT, SIGTERM, SIGCHLD};

}  // namespace pfmulti
