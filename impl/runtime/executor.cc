// The executor (see executor.h).
#include "impl/runtime/executor.h"

#include <fmt/format.h>
#include <signal.h>

#include <type_traits>

namespace pfmulti {
namespace {

constexpr int kExecFailureStatus = 1;  // postfix(1) exits 1 when its exec fails (msg_fatal)

// The status a failed outcome stands for when the last failure decides (kLastFailure).
int failure_status(const ActionOutcome& o) {
  if (o.op == FailAction::kKind || o.op == ExecAction::kKind || !o.started) return o.exit_status;
  if (o.status.signal) return 128 + o.status.signal;
  return o.status.exit_code ? o.status.exit_code : 1;  // e.g. timed out, then exited 0
}

}  // namespace

bool ActionOutcome::failed() const {
  if (state == State::kNotStarted) return false;
  if (op == FailAction::kKind || op == ExecAction::kKind) return true;
  if (op == RunAction::kKind) return !started || timed_out || !status.ok();
  return false;
}

Environment child_environment(const Environment& base, const RunAction& action) {
  Environment env = base;
  for (const auto& name : action.unset) env.erase(name);
  for (const auto& [name, value] : action.env) env[name] = value;
  return env;
}

int exit_status_for(ExitRule rule, const std::vector<ActionOutcome>& outcomes) {
  switch (rule) {
    case ExitRule::kLastFailure: {
      int status = 0;
      for (const auto& o : outcomes)
        if (o.failed()) status = failure_status(o);
      return status;
    }
    case ExitRule::kFail:
      for (const auto& o : outcomes)
        if (o.op == FailAction::kKind) return o.exit_status;
      [[fallthrough]];
    case ExitRule::kExec:
      for (const auto& o : outcomes)
        if (o.op == ExecAction::kKind && o.failed()) return o.exit_status;
      [[fallthrough]];
    case ExitRule::kAnyFailureIsOne:
      for (const auto& o : outcomes)
        if (o.failed()) return 1;
      return 0;
  }
  return 1;
}

int dry_run_exit_status(const Plan& plan) {
  std::vector<ActionOutcome> outcomes;
  for (const auto& a : plan.actions) {
    ActionOutcome o;
    o.op = std::string(action_op(a));
    o.started = true;  // a run: as if it exited 0
    if (const auto* f = std::get_if<FailAction>(&a)) o.exit_status = f->exit_status;
    if (std::holds_alternative<ExecAction>(a)) o.state = ActionOutcome::State::kNotStarted;
    outcomes.push_back(std::move(o));
  }
  return exit_status_for(plan.exit, outcomes);
}

std::string interruption_summary(const std::vector<ActionOutcome>& outcomes) {
  std::vector<std::string> done, interrupted, not_started;
  for (const auto& o : outcomes) {
    std::string who =
        o.config_directory.empty() ? fmt::format("#{}", o.index + 1) : o.config_directory;
    if (o.state == ActionOutcome::State::kInterrupted) {
      interrupted.push_back(who);
    } else if (o.state == ActionOutcome::State::kNotStarted) {
      not_started.push_back(who);
    } else if (o.op == RunAction::kKind || o.op == ExecAction::kKind) {
      done.push_back(who);
    } else {
      done.push_back(fmt::format("{} ({})", who, o.op == SkipAction::kKind ? "skipped" : "failed"));
    }
  }
  auto list = [](const std::vector<std::string>& v) {
    return v.empty() ? std::string("none") : fmt::format("{}", fmt::join(v, ", "));
  };
  return fmt::format("done: {}; interrupted: {}; not started: {}", list(done), list(interrupted),
                     list(not_started));
}

Executor::Executor(ProcessRunner& runner, ExecutorOptions options, Listener on_start,
                   Listener on_outcome)
    : runner_(runner),
      options_(std::move(options)),
      on_start_(std::move(on_start)),
      on_outcome_(std::move(on_outcome)) {}

ActionOutcome Executor::run_child(const RunAction& action, ExecutionReport& report) {
  ActionOutcome o;
  StartError error;
  Clock::time_point t0 = runner_.now();
  std::optional<ChildId> child =
      runner_.start(action.argv, child_environment(options_.base_env, action), error);
  if (!child) {
    o.error = error.message;
    o.exit_status = error.exit_status;
    return o;
  }
  o.started = true;
  std::optional<Clock::time_point> deadline;
  if (options_.timeout) deadline = t0 + *options_.timeout;
  for (;;) {
    WaitEvent ev = runner_.wait(*child, deadline);
    if (ev.kind == WaitEvent::Kind::kExited) {
      o.status = ev.status;
      break;
    }
    if (ev.kind == WaitEvent::Kind::kDeadline) {
      if (!o.timed_out) {
        o.timed_out = true;
        runner_.signal(*child, SIGTERM);
        deadline = runner_.now() + options_.kill_grace;
      } else {
        runner_.signal(*child, SIGKILL);
        deadline.reset();
      }
      continue;
    }
    // An interrupt: pass it on (unless the terminal already did), finish this child, stop.
    if (!report.interrupt_signal) report.interrupt_signal = ev.interrupt_signal;
    o.state = ActionOutcome::State::kInterrupted;
    if (!ev.child_got_it) {
      runner_.signal(*child, ev.interrupt_signal);
      o.forwarded_signal = ev.interrupt_signal;
    }
  }
  o.duration = std::chrono::duration_cast<std::chrono::milliseconds>(runner_.now() - t0);
  return o;
}

ExecutionReport Executor::run(const Plan& plan) {
  ExecutionReport report;
  bool stop = false;
  std::optional<int> stop_status;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    ActionOutcome head;
    head.index = i;
    head.op = action_op(action);
    std::visit(
        [&](const auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, RunAction>) {
            head.config_directory = a.config_directory;
            head.argv = a.argv;
          } else if constexpr (std::is_same_v<T, ExecAction>) {
            head.argv = a.argv;
          } else if constexpr (std::is_same_v<T, SkipAction>) {
            head.config_directory = a.config_directory;
          } else {
            head.config_directory = a.config_directory;
          }
          head.reason = a.reason;
        },
        action);

    if (!stop) {
      if (int s = runner_.take_interrupt()) {
        report.interrupt_signal = s;
        stop = true;
      }
    }
    if (stop) {
      head.state = ActionOutcome::State::kNotStarted;
      report.outcomes.push_back(head);
      if (on_outcome_) on_outcome_(head);
      continue;
    }

    ActionOutcome o = head;
    if (const auto* run = std::get_if<RunAction>(&action)) {
      if (on_start_) on_start_(head);
      ActionOutcome r = run_child(*run, report);
      o.started = r.started;
      o.status = r.status;
      o.error = r.error;
      o.timed_out = r.timed_out;
      o.forwarded_signal = r.forwarded_signal;
      o.duration = r.duration;
      o.exit_status = r.exit_status;
      o.state = r.state;
      if (report.interrupt_signal) stop = true;
    } else if (const auto* exec = std::get_if<ExecAction>(&action)) {
      if (on_start_) on_start_(head);
      StartError e = runner_.exec(exec->argv, exec->env);
      o.error = e.message;
      o.exit_status = kExecFailureStatus;
      stop = true;
      stop_status = kExecFailureStatus;
    } else if (const auto* fail = std::get_if<FailAction>(&action)) {
      o.exit_status = fail->exit_status;
      if (fail->config_directory.empty()) {
        report.fatal = fail->reason;
        stop = true;
        stop_status = fail->exit_status;
      }
    }
    report.outcomes.push_back(o);
    if (on_outcome_) on_outcome_(o);
  }
  if (report.interrupt_signal) {
    report.exit_status = 128 + report.interrupt_signal;
  } else if (stop_status) {
    report.exit_status = *stop_status;
  } else {
    report.exit_status = exit_status_for(plan.exit, report.outcomes);
  }
  return report;
}

}  // namespace pfmulti
