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
  auto mc = env.find("MAIL_CONFIG");
  std::string dir = mc == env.end() ? std::string() : mc->second;
  children_[id] = Running{std::move(child), clock, std::nullopt, 0, dir, false};
  trace.push_back({true, id, dir});
  max_running = std::max(max_running, ++running_);
  return id;
}

std::optional<ChildId> FakeProcessRunner::start_with(const std::vector<std::string>& argv,
                                                     const Environment& env, StartError& error,
                                                     const StartOptions& options) {
  captured.push_back(options.capture_output);
  return start(argv, env, error);
}

WaitEvent FakeProcessRunner::wait(ChildId child, std::optional<Clock::time_point> deadline) {
  return wait_any({child}, deadline);
}

WaitEvent FakeProcessRunner::wait_any(const std::vector<ChildId>& children,
                                      std::optional<Clock::time_point> deadline) {
  // The earliest event wins; on a tie a child's end comes first (the first listed), then an
  // interrupt, then the deadline. A child ended by a signal ends now.
  std::optional<Clock::time_point> end, interrupt;
  ChildId ender = 0, interrupter = 0;
  for (ChildId id : children) {
    Running& r = children_.at(id);
    std::optional<Clock::time_point> e;
    if (r.ended) {
      e = clock;
    } else if (!r.script.hangs) {
      e = r.started + r.script.runtime;
    }
    if (e && (!end || *e < *end)) {
      end = e;
      ender = id;
    }
    if (!r.ended && r.next_interrupt < r.script.interrupts.size()) {
      Clock::time_point t = r.started + r.script.interrupts[r.next_interrupt].first;
      if (!interrupt || t < *interrupt) {
        interrupt = t;
        interrupter = id;
      }
    }
  }
  auto first = [](std::optional<Clock::time_point> a, std::optional<Clock::time_point> b) {
    return a && (!b || *a <= *b);
  };
  if (first(end, interrupt) && first(end, deadline)) {
    clock = std::max(clock, *end);
    Running& r = children_.at(ender);
    if (!r.ended) r.ended = r.script.status;
    WaitEvent ev{WaitEvent::Kind::kExited, *r.ended, 0, false, ender};
    if (!r.reported) {
      r.reported = true;
      --running_;
      trace.push_back({false, ender, r.config_directory});
    }
    return ev;
  }
  if (first(interrupt, deadline)) {
    clock = std::max(clock, *interrupt);
    Running& r = children_.at(interrupter);
    int signo = r.script.interrupts[r.next_interrupt++].second;
    return {WaitEvent::Kind::kInterrupt, {}, signo, r.script.interrupts_from_terminal, 0};
  }
  if (deadline) {
    clock = std::max(clock, *deadline);
    return {WaitEvent::Kind::kDeadline, {}, 0, false, 0};
  }
  throw std::logic_error("FakeProcessRunner: the children would hang forever");
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
