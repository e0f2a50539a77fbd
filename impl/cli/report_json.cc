// The JSON shapes of pfmulti's --json lines (see report_json.h), built as Json values.
#include "impl/cli/report_json.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "impl/runtime/signals.h"

namespace pfmulti {
namespace {

Json number(size_t n) { return Json(static_cast<int64_t>(n)); }

Json or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

std::string_view state_id(ActionOutcome::State s) {
  switch (s) {
    case ActionOutcome::State::kDone:
      return "done";
    case ActionOutcome::State::kInterrupted:
      return "interrupted";
    case ActionOutcome::State::kNotStarted:
      return "not-started";
  }
  return "done";
}

}  // namespace

void set_instance_members(Json& o, const std::string& config_directory,
                          const InstanceIndex& instances) {
  auto it = config_directory.empty() ? instances.end() : instances.find(config_directory);
  o.set("name", it == instances.end() ? Json() : or_null(it->second.name));
  o.set("group", it == instances.end() ? Json() : or_null(it->second.group));
  o.set("config_directory", or_null(config_directory));
}

Json planned_action_to_json(const Action& action, size_t index, const InstanceIndex& instances) {
  Json o = Json::object();
  o.set("action", number(index + 1));
  o.set("op", Json(action_op(action)));
  std::visit(
      [&](const auto& a) {
        if constexpr (requires { a.config_directory; }) {
          set_instance_members(o, a.config_directory, instances);
        } else {
          set_instance_members(o, "", instances);
        }
      },
      action);
  std::visit(Overloaded{
                 [&o](const RunAction& run) {
                   o.set("argv", json_strings(run.argv));
                   o.set("env", json_string_map(run.env));
                   o.set("unset", json_strings(run.unset));
                   o.set("reason", Json(run.reason));
                 },
                 [&o](const ExecAction& exec) {
                   o.set("argv", json_strings(exec.argv));
                   o.set("env", json_string_map(exec.env));
                   o.set("reason", Json(exec.reason));
                 },
                 [&o](const SkipAction& skip) { o.set("reason", Json(skip.reason)); },
                 [&o](const FailAction& fail) {
                   o.set("reason", Json(fail.reason));
                   o.set("exit_status", Json(fail.exit_status));
                 },
             },
             action);
  o.set("state", Json("planned"));
  return o;
}

Json dry_run_summary_to_json(const Plan& plan) {
  Json s = Json::object();
  s.set("dry_run", Json(true));
  s.set("actions", number(plan.actions.size()));
  s.set("exit_rule", Json(exit_rule_id(plan.exit)));
  Json o = Json::object();
  o.set("summary", std::move(s));
  return o;
}

Json outcome_to_json(const ActionOutcome& o, const InstanceIndex& instances, bool with_output) {
  const bool run = o.op == RunAction::kKind, exec = o.op == ExecAction::kKind;
  Json j = Json::object();
  j.set("action", number(o.index + 1));
  j.set("op", Json(o.op));
  set_instance_members(j, o.config_directory, instances);
  if (run || exec) j.set("argv", json_strings(o.argv));
  j.set("state", Json(state_id(o.state)));
  if (run && o.state != ActionOutcome::State::kNotStarted) {
    if (o.started) {
      j.set("exit_status", o.status.signal ? Json() : Json(o.status.exit_code));
      j.set("signal", o.status.signal ? Json(signal_name(o.status.signal)) : Json());
    } else {
      j.set("exit_status", Json(o.exit_status));
      j.set("signal", Json());
      j.set("error", Json(o.error));
    }
    j.set("duration_ms", Json(static_cast<int64_t>(o.duration.count())));
    j.set("timed_out", Json(o.timed_out));
    if (o.forwarded_signal) j.set("forwarded_signal", Json(signal_name(o.forwarded_signal)));
    if (with_output && o.started) {
      j.set("stdout", Json(o.output.out));
      j.set("stderr", Json(o.output.err));
      j.set("stdout_truncated", Json(o.output.out_truncated));
      j.set("stderr_truncated", Json(o.output.err_truncated));
    }
  } else if (exec && o.state != ActionOutcome::State::kNotStarted) {
    j.set("exit_status", Json(o.exit_status));
    j.set("error", Json(o.error));
  } else if (o.op == FailAction::kKind) {
    j.set("exit_status", Json(o.exit_status));
  }
  if (!o.reason.empty()) j.set("reason", Json(o.reason));
  j.set("failed", Json(o.failed()));
  return j;
}

Json run_summary_to_json(const ExecutionReport& r) {
  std::vector<std::string> done, failed, interrupted, not_started;
  for (const auto& o : r.outcomes) {
    std::string who =
        o.config_directory.empty() ? fmt::format("#{}", o.index + 1) : o.config_directory;
    if (o.state == ActionOutcome::State::kInterrupted) interrupted.push_back(who);
    if (o.state == ActionOutcome::State::kNotStarted) not_started.push_back(who);
    if (o.state == ActionOutcome::State::kDone) done.push_back(who);
    if (o.failed()) failed.push_back(who);
  }
  Json s = Json::object();
  s.set("exit_status", Json(r.exit_status));
  s.set("interrupted_by", r.interrupt_signal ? Json(signal_name(r.interrupt_signal)) : Json());
  s.set("done", json_strings(done));
  s.set("failed", json_strings(failed));
  s.set("interrupted", json_strings(interrupted));
  s.set("not_started", json_strings(not_started));
  if (!r.fatal.empty()) s.set("fatal", Json(r.fatal));
  Json o = Json::object();
  o.set("summary", std::move(s));
  return o;
}

}  // namespace pfmulti
