// The executor (see executor.h).
#include "impl/runtime/executor.h"

#include <fmt/format.h>
#include <signal.h>

#include <unistd.h>

#include <algorithm>
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

const Environment& ChildEnvironment::for_action(const RunAction& action) {
  for (const std::string* name : touched_) {
    auto b = base_.find(*name);
    auto e = env_.find(*name);
    if (b == base_.end()) {
      if (e != env_.end()) env_.erase(e);
    } else if (e == env_.end()) {
      env_.emplace(b->first, b->second);
    } else {
      e->second = b->second;
    }
  }
  touched_.clear();
  for (const auto& name : action.unset) {
    if (auto e = env_.find(name); e != env_.end()) env_.erase(e);
    touched_.push_back(&name);
  }
  for (const auto& [name, value] : action.env) {
    if (auto e = env_.find(name); e != env_.end()) {
      e->second = value;
    } else {
      env_.emplace(name, value);
    }
    touched_.push_back(&name);
  }
  return env_;
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

std::string prefixed_line(const std::string& config_directory, std::string_view line) {
  return labelled_line(config_directory, line);
}

Executor::Executor(ProcessRunner& runner, ExecutorOptions options, Listener on_start,
                   Listener on_outcome)
    : runner_(runner),
      options_(std::move(options)),
      on_start_(std::move(on_start)),
      on_outcome_(std::move(on_outcome)) {}

namespace {

ActionOutcome head_of(const Action& action, size_t index) {
  ActionOutcome head;
  head.index = index;
  head.op = action_op(action);
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, RunAction>) {
          head.config_directory = a.config_directory;
          head.argv = a.argv;
        } else if constexpr (std::is_same_v<T, ExecAction>) {
          head.argv = a.argv;
        } else {
          head.config_directory = a.config_directory;
        }
        head.reason = a.reason;
      },
      action);
  return head;
}

// A child that runs, with the deadlines that apply to it.
struct Running {
  size_t index = 0;
  ChildId child = 0;
  Clock::time_point t0;
  std::optional<Clock::time_point> term_at;  // --timeout: SIGTERM
  std::optional<Clock::time_point> kill_at;  // grace over: SIGKILL
};

std::optional<Clock::time_point> earliest(std::optional<Clock::time_point> a,
                                          std::optional<Clock::time_point> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

ExecutionReport Executor::run(const Plan& plan) {
  const size_t n = plan.actions.size();
  ExecutionReport report;
  for (size_t i = 0; i < n; ++i) report.outcomes.push_back(head_of(plan.actions[i], i));
  std::vector<bool> reported(n, false);
  auto finish = [&](size_t i) {
    reported[i] = true;
    if (on_outcome_) on_outcome_(report.outcomes[i]);
  };

  // The partial order: the plan's stages, or one action at a time.
  std::vector<std::vector<size_t>> stages = plan.stages;
  size_t limit = std::max<size_t>(1, plan.parallel);
  if (stages.empty() || !stages_are_valid(stages, n)) {
    stages.clear();
    for (size_t i = 0; i < n; ++i) stages.push_back({i});
    limit = 1;
  }
  ChildOutput mode = options_.output;
  if (mode == ChildOutput::kInherit && limit > 1) mode = ChildOutput::kLabel;
  const bool capture = mode != ChildOutput::kInherit;
  std::vector<Running> running;
  ChildEnvironment child_env(options_.base_env);
  if (capture) {
    runner_.set_output_sink([&](ChildId child, int stream, std::string_view line) {
      auto r = std::find_if(running.begin(), running.end(),
                            [&](const Running& x) { return x.child == child; });
      if (r == running.end()) return;  // not a child of this run
      ActionOutcome& o = report.outcomes[r->index];
      if (mode == ChildOutput::kRecord) return record_line(o.output, stream, line);
      std::string label = options_.label ? options_.label(o.config_directory) : o.config_directory;
      if (options_.on_output) return options_.on_output(label, stream, line);
      (void)write_whole(stream, labelled_line(label, line));
    });
  }

  bool stop = false;
  std::optional<int> stop_status;
  int interrupts = 0;
  // An interrupt: the first is passed on to every running child (unless the terminal did) and
  // starts the grace; the second ends them with SIGKILL.
  auto interrupt = [&](int signo, bool child_got_it) {
    ++interrupts;
    if (!report.interrupt_signal) report.interrupt_signal = signo;
    stop = true;
    Clock::time_point now = runner_.now();
    for (Running& r : running) {
      ActionOutcome& o = report.outcomes[r.index];
      o.state = ActionOutcome::State::kInterrupted;
      if (interrupts == 1) {
        if (!child_got_it) {
          runner_.signal(r.child, signo);
          o.forwarded_signal = signo;
        }
        r.kill_at = earliest(r.kill_at, now + options_.kill_grace);
      } else {
        runner_.signal(r.child, SIGKILL);
        r.kill_at.reset();
        r.term_at.reset();
      }
    }
  };

  for (const auto& stage : stages) {
    if (stop) break;
    size_t next = 0;
    for (;;) {
      while (!stop && next < stage.size() && running.size() < limit) {
        if (int s = runner_.take_interrupt()) {
          interrupt(s, false);
          break;
        }
        size_t i = stage[next++];
        const Action& action = plan.actions[i];
        ActionOutcome& o = report.outcomes[i];
        if (const auto* run = std::get_if<RunAction>(&action)) {
          if (on_start_) on_start_(o);
          StartError error;
          Clock::time_point t0 = runner_.now();
          std::optional<ChildId> child = runner_.start_with(run->argv, child_env.for_action(*run),
                                                            error, StartOptions{capture});
          if (!child) {
            o.error = error.message;
            o.exit_status = error.exit_status;
            finish(i);
            continue;
          }
          o.started = true;
          Running r{i, *child, t0, std::nullopt, std::nullopt};
          if (options_.timeout) r.term_at = t0 + *options_.timeout;
          running.push_back(r);
        } else if (const auto* exec = std::get_if<ExecAction>(&action)) {
          if (on_start_) on_start_(o);
          StartError e = runner_.exec(exec->argv, exec->env);
          o.error = e.message;
          o.exit_status = kExecFailureStatus;
          stop = true;
          stop_status = kExecFailureStatus;
          finish(i);
        } else {
          if (const auto* fail = std::get_if<FailAction>(&action)) {
            o.exit_status = fail->exit_status;
            if (fail->config_directory.empty()) {
              report.fatal = fail->reason;
              stop = true;
              stop_status = fail->exit_status;
            }
          }
          finish(i);
        }
      }
      if (running.empty()) break;

      std::optional<Clock::time_point> deadline;
      std::vector<ChildId> children;
      for (const Running& r : running) {
        children.push_back(r.child);
        deadline = earliest(deadline, earliest(r.term_at, r.kill_at));
      }
      WaitEvent ev = runner_.wait_any(children, deadline);
      if (ev.kind == WaitEvent::Kind::kExited) {
        auto it = std::find_if(running.begin(), running.end(),
                               [&](const Running& r) { return r.child == ev.child; });
        if (it == running.end()) it = running.begin();  // a runner that names no child
        ActionOutcome& o = report.outcomes[it->index];
        o.status = ev.status;
        o.duration = std::chrono::duration_cast<std::chrono::milliseconds>(runner_.now() - it->t0);
        size_t i = it->index;
        running.erase(it);
        finish(i);
      } else if (ev.kind == WaitEvent::Kind::kDeadline) {
        Clock::time_point now = runner_.now();
        for (Running& r : running) {
          if (r.kill_at && now >= *r.kill_at) {
            runner_.signal(r.child, SIGKILL);
            r.kill_at.reset();
            r.term_at.reset();
          } else if (r.term_at && now >= *r.term_at) {
            report.outcomes[r.index].timed_out = true;
            runner_.signal(r.child, SIGTERM);
            r.term_at.reset();
            r.kill_at = earliest(r.kill_at, now + options_.kill_grace);
          }
        }
      } else {
        interrupt(ev.interrupt_signal, ev.child_got_it);
      }
    }
  }
  if (capture) runner_.set_output_sink({});
  for (size_t i = 0; i < n; ++i)
    if (!reported[i]) {
      report.outcomes[i].state = ActionOutcome::State::kNotStarted;
      finish(i);
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
