// Reaps the children that pfmulti did not start (issue 16; spec/rules.md R146): when pfmulti is
// PID 1 of a container, or a child subreaper (prctl(2) PR_SET_CHILD_SUBREAPER), every orphan of
// its subtree becomes its child (a Postfix daemon whose master died, a process a `docker exec`
// shell left behind), and only a wait(2) of ours ends its zombie. Runs on the io_context of
// SystemProcessRunner: an asio::signal_set for SIGCHLD, then one scan of waitid(2) with WNOWAIT
// (look, do not reap): a child the runner tracks is left to its own wait (Boost.Process v2's
// pidfd wait, or, without pidfds, the runner's own SIGCHLD signal_set: R192; the scan runs
// again when it has reaped it), any other ended child is reaped. No wait loop
// of its own, no handler of ours, no poll.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstddef>
#include <functional>

namespace pfmulti {

class OrphanReaper {
 public:
  // tracked(pid): the runner waits for pid itself (started by it, not yet ended).
  OrphanReaper(boost::asio::io_context& io, std::function<bool(pid_t)> tracked);
  ~OrphanReaper();
  OrphanReaper(const OrphanReaper&) = delete;
  OrphanReaper& operator=(const OrphanReaper&) = delete;

  // Reaps every ended child that is not tracked, up to the first tracked one that has ended.
  void scan();
  size_t reaped() const { return reaped_; }

 private:
  void arm();
  boost::asio::signal_set sigchld_;
  std::function<bool(pid_t)> tracked_;
  size_t reaped_ = 0;
};

}  // namespace pfmulti
