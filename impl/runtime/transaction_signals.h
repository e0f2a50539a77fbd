// Catchable signals during a life-cycle transaction (issue 12 item 5): while a
// TransactionSignals object lives, SIGINT, SIGTERM and SIGHUP do not end pfmulti; the first one
// is recorded (caught()) so that the life-cycle executor can roll back at the next step
// boundary. The handlers that were installed before (SystemProcessRunner's asio::signal_set,
// which forwards an interrupt to a running child) are still called;
// SIGHUP's default action (death) is not. The old dispositions come back on destruction.
#pragma once

namespace pfmulti {

class TransactionSignals {
 public:
  TransactionSignals();
  ~TransactionSignals();
  TransactionSignals(const TransactionSignals&) = delete;
  TransactionSignals& operator=(const TransactionSignals&) = delete;
  int caught() const;  // the first signal since construction, 0 if none
};

}  // namespace pfmulti
