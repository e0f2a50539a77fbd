// Recording SIGINT, SIGTERM and SIGHUP during a life-cycle transaction (see
// transaction_signals.h).
#include "impl/runtime/transaction_signals.h"

#include <signal.h>

#include <atomic>
#include <cerrno>

namespace pfmulti {
namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
std::atomic<int> g_caught{0};
struct sigaction g_old[NSIG];

extern "C" void on_transaction_signal(int signo, siginfo_t* info, void* context) {
  int saved = errno;
  int expected = 0;
  g_caught.compare_exchange_strong(expected, signo);
  const struct sigaction& old = g_old[signo];
  if (old.sa_flags & SA_SIGINFO) {
    if (old.sa_sigaction) old.sa_sigaction(signo, info, context);
  } else if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler) {
    old.sa_handler(signo);
  }
  errno = saved;
}

}  // namespace

TransactionSignals::TransactionSignals() {
  // The process runner's handlers (SystemProcessRunner's asio::signal_set, installed when the
  // runner was made, before any transaction) stay in g_old, and ours call them.
  g_caught = 0;
  struct sigaction sa {};
  sa.sa_sigaction = on_transaction_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int s : kSignals) ::sigaction(s, &sa, &g_old[s]);
}

TransactionSignals::~TransactionSignals() {
  for (int s : kSignals) ::sigaction(s, &g_old[s], nullptr);
}

int TransactionSignals::caught() const { return g_caught.load(); }

}  // namespace pfmulti
