// The orphan reaper (see orphan_reaper.h).
#include "impl/runtime/orphan_reaper.h"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>

namespace pfmulti {

OrphanReaper::OrphanReaper(boost::asio::io_context& io, std::function<bool(pid_t)> tracked)
    : sigchld_(io, SIGCHLD), tracked_(std::move(tracked)) {
  arm();
  scan();  // orphans that ended before the handler was in place
}

OrphanReaper::~OrphanReaper() {
  boost::system::error_code ec;
  sigchld_.cancel(ec);
}

void OrphanReaper::arm() {
  sigchld_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    scan();
    arm();
  });
}

void OrphanReaper::scan() {
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return;  // ECHILD: none
    if (info.si_pid == 0) return;                                             // none has ended
    if (tracked_(info.si_pid)) return;  // its own wait reaps it, then scan() runs again
    siginfo_t gone{};
    if (::waitid(P_PID, static_cast<id_t>(info.si_pid), &gone, WEXITED | WNOHANG) == 0) ++reaped_;
  }
}

}  // namespace pfmulti
