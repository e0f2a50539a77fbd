// Plan and outcome rendering (see report.h).
#include "impl/cli/report.h"

#include <fmt/format.h>

#include "impl/runtime/signals.h"
#include "model/text/json.h"

namespace pfmulti {
namespace {

std::string exit_rule_text(ExitRule rule) {
  switch (rule) {
    case ExitRule::kLastFailure:
      return "0, or the status of the last instance command that failed";
    case ExitRule::kAnyFailureIsOne:
      return "1 if any instance command fails, else 0";
    case ExitRule::kExec:
      return "the exec'd program's";
    case ExitRule::kFail:
      return "the failure's";
  }
  return "";
}

std::string command_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += shell_quote(a);
  }
  return out;
}

std::string run_text(const RunAction& a) {
  std::string out;
  if (!a.unset.empty()) {
    out = "env";
    for (const auto& u : a.unset) out += " -u " + shell_quote(u);
    out += ' ';
  }
  for (const auto& [k, v] : a.env) out += fmt::format("{}={} ", k, shell_quote(v));
  return out + command_text(a.argv);
}

std::string state_id(ActionOutcome::State s) {
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

std::string json_string_array(const std::vector<std::string>& words) {
  std::string out = "[";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += ", ";
    out += json_quote(words[i]);
  }
  return out + "]";
}

std::string shell_quote(std::string_view word) {
  if (word.empty()) return "''";
  bool plain = true;
  for (char c : word) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("-_./:,=+@%").find(c) != std::string_view::npos;
    if (!ok) plain = false;
  }
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string dry_run_text(const Plan& plan) {
  std::string out;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    std::string line;
    std::string reason;
    if (const auto* run = std::get_if<RunAction>(&action)) {
      line = fmt::format("run  {}: {}", run->config_directory, run_text(*run));
      reason = run->reason;
    } else if (const auto* exec = std::get_if<ExecAction>(&action)) {
      std::string env;
      for (const auto& [k, v] : exec->env) env += fmt::format(" {}={}", k, shell_quote(v));
      line = fmt::format("exec env -i{} {}", env, command_text(exec->argv));
      reason = exec->reason;
    } else if (const auto* skip = std::get_if<SkipAction>(&action)) {
      line = fmt::format("skip {}", skip->config_directory);
      reason = skip->reason;
    } else if (const auto* fail = std::get_if<FailAction>(&action)) {
      line = fmt::format("fail {}(exit {})",
                         fail->config_directory.empty() ? "" : fail->config_directory + " ",
                         fail->exit_status);
      reason = fail->reason;
    }
    out += fmt::format("{:>2}. {}{}\n", i + 1, line, reason.empty() ? "" : "  # " + reason);
  }
  out += fmt::format("exit status: {} (nothing was run: dry run)\n", exit_rule_text(plan.exit));
  return out;
}

std::string dry_run_json(const Plan& plan) {
  std::string out;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    std::string fields;
    if (const auto* run = std::get_if<RunAction>(&action)) {
      std::string env;
      for (const auto& [k, v] : run->env)
        env += fmt::format("{}{}: {}", env.empty() ? "" : ", ", json_quote(k), json_quote(v));
      fields = fmt::format(
          "\"op\": \"run\", \"instance\": {}, \"argv\": {}, \"env\": {{{}}}, \"unset\": {}, "
          "\"reason\": {}",
          json_quote(run->config_directory), json_string_array(run->argv), env,
          json_string_array(run->unset), json_quote(run->reason));
    } else if (const auto* exec = std::get_if<ExecAction>(&action)) {
      std::string env;
      for (const auto& [k, v] : exec->env)
        env += fmt::format("{}{}: {}", env.empty() ? "" : ", ", json_quote(k), json_quote(v));
      fields = fmt::format("\"op\": \"exec\", \"argv\": {}, \"env\": {{{}}}, \"reason\": {}",
                           json_string_array(exec->argv), env, json_quote(exec->reason));
    } else if (const auto* skip = std::get_if<SkipAction>(&action)) {
      fields = fmt::format("\"op\": \"skip\", \"instance\": {}, \"reason\": {}",
                           json_quote(skip->config_directory), json_quote(skip->reason));
    } else if (const auto* fail = std::get_if<FailAction>(&action)) {
      fields =
          fmt::format("\"op\": \"fail\", \"instance\": {}, \"reason\": {}, \"exit_status\": {}",
                      fail->config_directory.empty() ? "null" : json_quote(fail->config_directory),
                      json_quote(fail->reason), fail->exit_status);
    }
    out += fmt::format("{{\"action\": {}, {}, \"state\": \"planned\"}}\n", i + 1, fields);
  }
  out += fmt::format("{{\"summary\": {{\"dry_run\": true, \"actions\": {}, \"exit_rule\": {}}}}}\n",
                     plan.actions.size(), json_quote(exit_rule_id(plan.exit)));
  return out;
}

std::string describe_status(const ActionOutcome& o) {
  if (o.op == "run" && !o.started) return fmt::format("could not start: {}", o.error);
  if (o.op == "exec") return fmt::format("could not exec: {}", o.error);
  std::string how;
  if (o.status.signal) {
    how = fmt::format("killed by {}{}", signal_name(o.status.signal),
                      o.status.core_dumped ? " (core dumped)" : "");
  } else {
    how = fmt::format("exit status {}", o.status.exit_code);
  }
  if (o.timed_out) how = fmt::format("timed out after {:.3g} s, {}", o.duration.count() / 1e3, how);
  if (o.forwarded_signal)
    how = fmt::format("interrupted ({} passed on), {}", signal_name(o.forwarded_signal), how);
  return how;
}

std::string outcome_json(const ActionOutcome& o) {
  std::string out =
      fmt::format("{{\"action\": {}, \"op\": {}, \"instance\": {}", o.index + 1, json_quote(o.op),
                  o.config_directory.empty() ? "null" : json_quote(o.config_directory));
  if (o.op == "run" || o.op == "exec")
    out += fmt::format(", \"argv\": {}", json_string_array(o.argv));
  out += fmt::format(", \"state\": \"{}\"", state_id(o.state));
  if (o.op == "run" && o.state != ActionOutcome::State::kNotStarted) {
    if (o.started) {
      out += fmt::format(", \"exit_status\": {}, \"signal\": {}",
                         o.status.signal ? "null" : std::to_string(o.status.exit_code),
                         o.status.signal ? json_quote(signal_name(o.status.signal)) : "null");
    } else {
      out += fmt::format(", \"exit_status\": {}, \"signal\": null, \"error\": {}", o.exit_status,
                         json_quote(o.error));
    }
    out += fmt::format(", \"duration_ms\": {}, \"timed_out\": {}", o.duration.count(),
                       o.timed_out ? "true" : "false");
    if (o.forwarded_signal)
      out += fmt::format(", \"forwarded_signal\": {}", json_quote(signal_name(o.forwarded_signal)));
  } else if (o.op == "exec" && o.state != ActionOutcome::State::kNotStarted) {
    out += fmt::format(", \"exit_status\": {}, \"error\": {}", o.exit_status, json_quote(o.error));
  } else if (o.op == "fail") {
    out += fmt::format(", \"exit_status\": {}", o.exit_status);
  }
  if (!o.reason.empty()) out += fmt::format(", \"reason\": {}", json_quote(o.reason));
  out += fmt::format(", \"failed\": {}}}", o.failed() ? "true" : "false");
  return out;
}

std::string summary_json(const ExecutionReport& r) {
  std::vector<std::string> done, failed, interrupted, not_started;
  for (const auto& o : r.outcomes) {
    std::string who =
        o.config_directory.empty() ? fmt::format("#{}", o.index + 1) : o.config_directory;
    if (o.state == ActionOutcome::State::kInterrupted) interrupted.push_back(who);
    if (o.state == ActionOutcome::State::kNotStarted) not_started.push_back(who);
    if (o.state == ActionOutcome::State::kDone) done.push_back(who);
    if (o.failed()) failed.push_back(who);
  }
  return fmt::format(
      "{{\"summary\": {{\"exit_status\": {}, \"interrupted_by\": {}, \"done\": {}, \"failed\": {}, "
      "\"interrupted\": {}, \"not_started\": {}{}}}}}",
      r.exit_status, r.interrupt_signal ? json_quote(signal_name(r.interrupt_signal)) : "null",
      json_string_array(done), json_string_array(failed), json_string_array(interrupted),
      json_string_array(not_started), r.fatal.empty() ? "" : ", \"fatal\": " + json_quote(r.fatal));
}

std::optional<std::string> outcome_text(const ActionOutcome& o, bool verbose) {
  if (o.state == ActionOutcome::State::kNotStarted) return std::nullopt;
  std::string who = o.config_directory.empty() ? "" : o.config_directory + ": ";
  if (o.op == "run") {
    bool unexplained = !o.started || o.status.signal || o.timed_out;
    if (!unexplained && !verbose) return std::nullopt;
    return fmt::format("{}{}: {}", who, command_text(o.argv), describe_status(o));
  }
  if (o.op == "exec") return fmt::format("{}: {}", command_text(o.argv), describe_status(o));
  if (o.op == "skip") {
    if (!verbose) return std::nullopt;
    return fmt::format("{}skipped{}", who, o.reason.empty() ? "" : ": " + o.reason);
  }
  // An instance failure (a whole-command failure is reported as fatal by the caller).
  if (o.config_directory.empty()) return std::nullopt;
  return fmt::format("{}{}", who, o.reason);
}

}  // namespace pfmulti
