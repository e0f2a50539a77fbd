// The scripted fake process runner (see fake_process_runner.h).
#include "tests/support/fake_process_runner.h"

#include <signal.h>

#include <algorithm>
#include <stdexcept>

namespace pfmulti {

std::optional<ChildId> FakeProcessRunner::start(const std::vector<std::string>& argv,
                                                const Environment& env, StartError& error) {
  FakeChild child;
  if (!script.empty()) {
    child = std::move(script.front());
    script.pop_front();
  }
  if (child.start_error) {
    error = *child.start_error;
    return std::nullopt;
  }
  started.push_back({argv, env, clock});
  ChildId id = next_id_++;
  children_[id] = Running{std::move(child), clock, std::nullopt, 0};
  return id;
}

WaitEvent FakeProcessRunner::wait(ChildId child, std::optional<Clock::time_point> deadline) {
  Running& r = children_.at(child);
  if (r.ended) return {WaitEvent::Kind::kExited, *r.ended, 0, false};
  std::optional<Clock::time_point> end;
  if (!r.script.hangs) end = r.started + r.script.runtime;
  std::optional<Clock::time_point> interrupt;
  if (r.next_interrupt < r.script.interrupts.size())
    interrupt = r.started + r.script.interrupts[r.next_interrupt].first;
  // The earliest event wins; on a tie the child's end comes first, then the interrupt.
  auto earliest = [](std::optional<Clock::time_point> a, std::optional<Clock::time_point> b) {
    return a && (!b || *a <= *b);
  };
  if (earliest(end, interrupt) && earliest(end, deadline)) {
    clock = std::max(clock, *end);
    r.ended = r.script.status;
    return {WaitEvent::Kind::kExited, *r.ended, 0, false};
  }
  if (earliest(interrupt, deadline)) {
    clock = std::max(clock, *interrupt);
    int signo = r.script.interrupts[r.next_interrupt++].second;
    return {WaitEvent::Kind::kInterrupt, {}, signo, r.script.interrupts_from_terminal};
  }
  if (deadline) {
    clock = std::max(clock, *deadline);
    return {WaitEvent::Kind::kDeadline, {}, 0, false};
  }
  throw std::logic_error("FakeProcessRunner: the child would hang forever");
}

void FakeProcessRunner::signal(ChildId child, int signo) {
  signals.push_back({child, signo, clock});
  auto it = children_.find(child);
  if (it == children_.end() || it->second.ended) return;
  const auto& ignored = it->second.script.ignored_signals;
  if (signo == SIGKILL || std::find(ignored.begin(), ignored.end(), signo) == ignored.end())
    it->second.ended = ChildStatus{0, signo, false};
}

StartError FakeProcessRunner::exec(const std::vector<std::string>& argv, const Environment& env) {
  exec_call = Started{argv, env, clock};
  return exec_result;
}

int FakeProcessRunner::take_interrupt() { return std::exchange(pending_interrupt, 0); }

}  // namespace pfmulti
