// Signal names and the standard descriptors. (The self-pipe SignalWatcher that was here is gone:
// SystemProcessRunner catches SIGINT, SIGTERM and SIGHUP with an asio::signal_set, issue 14.)
#pragma once

#include <string>

namespace pfmulti {

// "SIGTERM" for 15; "signal 99" for numbers without a name.
std::string signal_name(int signo);

// Makes sure file descriptors 0, 1 and 2 are open (on /dev/null when closed), as Postfix
// programs do, so that no pipe or file opened later lands on them. Returns false if it cannot.
bool ensure_standard_fds();

}  // namespace pfmulti
