// The self-pipe signal watcher (see signals.h).
#include "impl/runtime/signals.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace pfmulti {
namespace {

std::atomic<int> g_interrupt{0};  // signo, plus 1024 when it came from the terminal
int g_wake_fd = -1;
constexpr int kFromTerminal = 1024;
constexpr int kWatched[] = {SIGCHLD, SIGINT, SIGTERM};

extern "C" void on_signal(int signo, siginfo_t* info, void*) {
  int saved_errno = errno;
  if (signo != SIGCHLD) {
    int value = signo + (info && info->si_code == SI_KERNEL ? kFromTerminal : 0);
    int expected = 0;
    g_interrupt.compare_exchange_strong(expected, value);
  }
  char byte = static_cast<char>(signo);
  if (g_wake_fd >= 0) (void)!::write(g_wake_fd, &byte, 1);
  errno = saved_errno;
}

}  // namespace

SignalWatcher& SignalWatcher::instance() {
  static SignalWatcher watcher;
  return watcher;
}

SignalWatcher::SignalWatcher() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    read_fd_ = fds[0];
    g_wake_fd = fds[1];
  }
  struct sigaction sa {};
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_NOCLDSTOP;
  sigemptyset(&sa.sa_mask);
  for (int s : kWatched) ::sigaction(s, &sa, nullptr);
}

Interrupt SignalWatcher::take_interrupt() {
  int value = g_interrupt.exchange(0);
  if (value == 0) return {};
  return {value % kFromTerminal, value >= kFromTerminal};
}

void SignalWatcher::wait(int timeout_ms) {
  if (read_fd_ < 0) {  // no pipe: poll by sleeping a little
    ::usleep(static_cast<useconds_t>(timeout_ms < 0 || timeout_ms > 50 ? 50 : timeout_ms) * 1000);
    return;
  }
  struct pollfd p {
    read_fd_, POLLIN, 0
  };
  if (::poll(&p, 1, timeout_ms) > 0) {
    char buf[256];
    while (::read(read_fd_, buf, sizeof buf) > 0) {
    }
  }
}

std::string signal_name(int signo) {
  if (const char* abbrev = ::sigabbrev_np(signo)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signo);
}

bool ensure_standard_fds() {
  for (int fd = 0; fd < 3; ++fd) {
    struct stat st;
    if (::fstat(fd, &st) == 0) continue;
    int got = ::open("/dev/null", O_RDWR);
    if (got != fd) {
      if (got >= 0) ::close(got);
      return false;
    }
  }
  return true;
}

}  // namespace pfmulti
