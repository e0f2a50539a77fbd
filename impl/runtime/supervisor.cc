// The foreground supervisor (see supervisor.h; spec/rules.md R142-R147).
#include "impl/runtime/supervisor.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <optional>

#include "impl/runtime/signals.h"

namespace pfmulti {
namespace {

using Ending = SupervisionReport::Ending;

Environment env_for(const Environment& base, const EnvMap& set) {
  Environment env = base;
  for (const auto& [name, value] : set) env[name] = value;
  return env;
}

bool is_stop_signal(int signo) { return signo == SIGTERM || signo == SIGINT; }

class Supervisor {
 public:
  Supervisor(ProcessRunner& runner, const StartFgPlan& plan, const SupervisorOptions& options,
             const SupervisorNote& note)
      : runner_(runner), plan_(plan), options_(options), note_(note) {
    report_.pids.assign(plan.masters.size(), 0);
    alive_.assign(plan.masters.size(), false);
  }

  SupervisionReport run() {
    if (run_checks() && start_masters()) watch();
    stop_all();
    if (report_.ending == Ending::kStopped) {
      report_.exit_status = 0;
      say(NoteLevel::kInfo, fmt::format("{}: every instance stopped", signal_name(stop_signal_)));
    } else {
      report_.exit_status = 1;
    }
    report_.signal = stop_signal_;
    return report_;
  }

 private:
  void say(NoteLevel level, const std::string& line) {
    if (note_) note_(level, line);
  }

  // An interrupt outside supervision proper: SIGTERM or SIGINT asks for the stop (true).
  bool interrupted(int signo) {
    if (signo == 0) return false;
    if (is_stop_signal(signo)) {
      if (!stop_signal_) stop_signal_ = signo;
      return true;
    }
    forward(signo);  // R147 SIGHUP: a reload of every running master
    return false;
  }

  void forward(int signo) {
    for (size_t i = 0; i < alive_.size(); ++i)
      if (alive_[i]) runner_.signal(report_.pids[i], signo);
    say(NoteLevel::kInfo, fmt::format("{}: passed on to every master", signal_name(signo)));
  }

  // A check, to its end. A stop signal meanwhile is passed on to it (the check ends; nothing
  // further starts), SIGKILL after the grace.
  ChildStatus run_check(ChildId child) {
    std::optional<Clock::time_point> kill_at;
    for (;;) {
      WaitEvent ev = runner_.wait(child, kill_at);
      if (ev.kind == WaitEvent::Kind::kExited) return ev.status;
      if (ev.kind == WaitEvent::Kind::kDeadline) {
        runner_.signal(child, SIGKILL);
        kill_at.reset();
      } else if (is_stop_signal(ev.interrupt_signal)) {
        if (!stop_signal_) stop_signal_ = ev.interrupt_signal;
        if (!ev.child_got_it) runner_.signal(child, ev.interrupt_signal);
        if (!kill_at) kill_at = runner_.now() + options_.stop_grace;
      }
    }
  }

  // R142, R143: true when the masters may start.
  bool run_checks() {
    for (const StartFgCheck& c : plan_.checks) {
      if (interrupted(runner_.take_interrupt()) || stop_signal_) return false;
      StartError error;
      std::optional<ChildId> child =
          runner_.start(c.argv, env_for(options_.base_env, c.env), error);
      ChildStatus status = child ? run_check(*child) : ChildStatus{error.exit_status, 0, false};
      if (stop_signal_) return false;
      if (status.ok()) continue;
      std::string why = child ? describe_status(status) : error.message;
      if (!c.enabled) {
        say(NoteLevel::kWarning, fmt::format("disabled instance {}: postfix check failed ({})",
                                             c.config_directory, why));
        continue;
      }
      report_.ending = Ending::kCheckFailed;
      report_.instance = c.config_directory;
      report_.status = status;
      say(NoteLevel::kError,
          c.kind == StartFgCheck::Kind::kNotRunning
              ? fmt::format("{}: the Postfix mail system is already running (master -t: {})",
                            c.config_directory, why)
              : fmt::format("{}: postfix check failed ({}): no master started", c.config_directory,
                            why));
      return false;
    }
    return true;
  }

  // R141 every master, in order.
  bool start_masters() {
    for (size_t i = 0; i < plan_.masters.size(); ++i) {
      if (interrupted(runner_.take_interrupt())) return false;
      const StartFgMaster& m = plan_.masters[i];
      StartError error;
      std::optional<ChildId> child =
          runner_.start(m.argv, env_for(options_.base_env, m.env), error);
      if (!child) {
        report_.ending = Ending::kStartFailed;
        report_.instance = m.config_directory;
        say(NoteLevel::kError,
            fmt::format("{}: cannot start the master: {}", m.config_directory, error.message));
        return false;
      }
      report_.pids[i] = *child;
      alive_[i] = true;
      say(NoteLevel::kInfo, fmt::format("{}: master started, pid {}", m.config_directory, *child));
    }
    return true;
  }

  // R145 until a stop signal or the first master that ends by itself.
  void watch() {
    for (;;) {
      std::vector<ChildId> live;
      for (size_t i = 0; i < alive_.size(); ++i)
        if (alive_[i]) live.push_back(report_.pids[i]);
      WaitEvent ev = runner_.wait_any(live, std::nullopt);
      if (ev.kind == WaitEvent::Kind::kExited) {
        size_t i = index_of(ev.child);
        alive_[i] = false;
        report_.ending = Ending::kMasterDied;
        report_.instance = plan_.masters[i].config_directory;
        report_.status = ev.status;
        say(NoteLevel::kError,
            fmt::format("{}: the master ended unexpectedly ({}): stopping the other instances",
                        report_.instance, describe_status(ev.status)));
        runner_.signal_group(report_.pids[i], SIGTERM);  // what its daemons left running
        return;
      }
      if (ev.kind == WaitEvent::Kind::kInterrupt && interrupted(ev.interrupt_signal)) return;
    }
  }

  size_t index_of(ChildId child) const {
    auto it = std::find(report_.pids.begin(), report_.pids.end(), child);
    if (it != report_.pids.end() && alive_[static_cast<size_t>(it - report_.pids.begin())])
      return static_cast<size_t>(it - report_.pids.begin());
    for (size_t i = 0; i < alive_.size(); ++i)  // a runner that names no child: the first
      if (alive_[i]) return i;
    return 0;
  }

  // R144 in the stop order, SIGTERM each and wait; once the grace (counted from the first stop)
  // has passed, or at a second stop signal, SIGKILL to each remaining master's process group.
  void stop_all() {
    if (std::none_of(alive_.begin(), alive_.end(), [](bool a) { return a; })) return;
    if (stop_signal_)
      say(NoteLevel::kInfo, fmt::format("{}: stopping every instance", signal_name(stop_signal_)));
    Clock::time_point deadline = runner_.now() + options_.stop_grace;
    bool hurry = false;
    for (size_t i : plan_.stop_order) {
      if (i >= alive_.size() || !alive_[i]) continue;
      ChildId pid = report_.pids[i];
      const std::string& dir = plan_.masters[i].config_directory;
      if (hurry || runner_.now() >= deadline) {
        force(i);
      } else {
        runner_.signal(pid, SIGTERM);
      }
      ChildStatus status;
      for (;;) {
        WaitEvent ev = runner_.wait(pid, hurry ? std::nullopt : std::optional(deadline));
        if (ev.kind == WaitEvent::Kind::kExited) {
          status = ev.status;
          break;
        }
        if (ev.kind == WaitEvent::Kind::kDeadline ||
            (ev.kind == WaitEvent::Kind::kInterrupt && is_stop_signal(ev.interrupt_signal))) {
          if (ev.kind == WaitEvent::Kind::kDeadline)
            say(NoteLevel::kWarning, fmt::format("{}: the master is still running after {} ms", dir,
                                                 options_.stop_grace.count()));
          hurry = true;
          force(i);
        }
      }
      alive_[i] = false;
      report_.stopped.push_back(dir);
      say(NoteLevel::kInfo, fmt::format("{}: master stopped ({})", dir, describe_status(status)));
    }
  }

  void force(size_t i) {
    runner_.signal_group(report_.pids[i], SIGKILL);
    runner_.signal(report_.pids[i], SIGKILL);
    report_.killed = true;
  }

  ProcessRunner& runner_;
  const StartFgPlan& plan_;
  const SupervisorOptions& options_;
  const SupervisorNote& note_;
  SupervisionReport report_;
  std::vector<bool> alive_;
  int stop_signal_ = 0;
};

}  // namespace

std::string describe_status(const ChildStatus& status) {
  if (status.signal) return fmt::format("killed by {}", signal_name(status.signal));
  return fmt::format("exit status {}", status.exit_code);
}

SupervisionReport supervise(ProcessRunner& runner, const StartFgPlan& plan,
                            const SupervisorOptions& options, const SupervisorNote& note) {
  return Supervisor(runner, plan, options, note).run();
}

}  // namespace pfmulti
