// Plan and outcome rendering (see report.h): the text forms are built here, the JSON lines are the
// values of report_json.h printed compact.
#include "impl/cli/report.h"

#include <fmt/format.h>

#include "impl/cli/report_json.h"
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

}  // namespace

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

// R190: the header line of a --parallel plan's stage that starts at action i ("" if none does).
std::string stage_header(const Plan& plan, size_t i) {
  if (plan.stages.empty() || !stages_are_valid(plan.stages, plan.actions.size())) return "";
  if (plan.stages.size() == 1 && plan.stages[0].size() == 1) return "";  // nothing to order
  for (size_t k = 0; k < plan.stages.size(); ++k) {
    const auto& stage = plan.stages[k];
    if (stage.front() != i) continue;
    std::string how = stage.size() == 1
                          ? "alone"
                          : fmt::format("{} actions, up to {} at once, started in list order",
                                        stage.size(), std::min(plan.parallel, stage.size()));
    return fmt::format("stage {} of {}: {}{}\n", k + 1, plan.stages.size(), how,
                       k + 1 < plan.stages.size() ? "; ends before the next starts" : "");
  }
  return "";
}

std::string dry_run_text(const Plan& plan) {
  std::string out;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    out += stage_header(plan, i);
    const Action& action = plan.actions[i];
    std::string line;
    std::string reason;
    std::visit(Overloaded{
                   [&](const RunAction& run) {
                     line = fmt::format("run  {}: {}", run.config_directory, run_text(run));
                     reason = run.reason;
                   },
                   [&](const ExecAction& exec) {
                     std::string env;
                     for (const auto& [k, v] : exec.env)
                       env += fmt::format(" {}={}", k, shell_quote(v));
                     line = fmt::format("exec env -i{} {}", env, command_text(exec.argv));
                     reason = exec.reason;
                   },
                   [&](const SkipAction& skip) {
                     line = fmt::format("skip {}", skip.config_directory);
                     reason = skip.reason;
                   },
                   [&](const FailAction& fail) {
                     line = fmt::format(
                         "fail {}(exit {})",
                         fail.config_directory.empty() ? "" : fail.config_directory + " ",
                         fail.exit_status);
                     reason = fail.reason;
                   },
               },
               action);
    out += fmt::format("{:>2}. {}{}\n", i + 1, line, reason.empty() ? "" : "  # " + reason);
  }
  out += fmt::format("exit status: {} (nothing was run: dry run)\n", exit_rule_text(plan.exit));
  return out;
}

std::string dry_run_json(const Plan& plan, const InstanceIndex& instances) {
  std::string out;
  for (size_t i = 0; i < plan.actions.size(); ++i)
    out += to_json(planned_action_to_json(plan.actions[i], i, instances), -1) + "\n";
  return out + to_json(dry_run_summary_to_json(plan), -1) + "\n";
}

std::string describe_status(const ActionOutcome& o) {
  if (o.op == RunAction::kKind && !o.started) return fmt::format("could not start: {}", o.error);
  if (o.op == ExecAction::kKind) return fmt::format("could not exec: {}", o.error);
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

std::string outcome_json(const ActionOutcome& o, const InstanceIndex& instances, bool with_output) {
  return to_json(outcome_to_json(o, instances, with_output), -1);
}

std::string summary_json(const ExecutionReport& r) { return to_json(run_summary_to_json(r), -1); }

std::optional<std::string> outcome_text(const ActionOutcome& o, bool verbose,
                                        std::string_view name) {
  if (o.state == ActionOutcome::State::kNotStarted) return std::nullopt;
  std::string who;
  if (!o.config_directory.empty())
    who = name.empty() ? o.config_directory + ": "
                       : fmt::format("{} ({}): ", name, o.config_directory);
  if (o.op == RunAction::kKind) {
    // Issue 15 item 4: a failure is never silent, whatever the mode (postmulti 3.7 says nothing
    // when an instance's command merely exits non-zero).
    if (!o.failed() && !o.timed_out && !verbose) return std::nullopt;
    return fmt::format("{}{}: {}", who, command_text(o.argv), describe_status(o));
  }
  if (o.op == ExecAction::kKind)
    return fmt::format("{}: {}", command_text(o.argv), describe_status(o));
  if (o.op == SkipAction::kKind) {
    if (!verbose) return std::nullopt;
    return fmt::format("{}skipped{}", who, o.reason.empty() ? "" : ": " + o.reason);
  }
  // An instance failure (a whole-command failure is reported as fatal by the caller).
  if (o.config_directory.empty()) return std::nullopt;
  return fmt::format("{}{}", who, o.reason);
}

}  // namespace pfmulti
