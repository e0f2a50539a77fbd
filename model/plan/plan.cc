// Plan printing (one line per action, each opening with its kind name, kKind) and exit-rule ids
// (see plan.h; JSON in model/plan/plan_json.h).
#include "model/plan/plan.h"

#include <fmt/format.h>

namespace pfmulti {

namespace {

std::string quote_words(const std::vector<std::string>& words) {
  std::string out = "[";
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += ", ";
    out += fmt::format("\"{}\"", words[i]);
  }
  return out + "]";
}

std::string env_text(const EnvMap& env) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : env) {
    if (!first) out += ", ";
    first = false;
    out += fmt::format("{}={}", k, v);
  }
  return out + "}";
}

}  // namespace

std::string_view exit_rule_id(ExitRule rule) {
  switch (rule) {
    case ExitRule::kLastFailure:
      return "last-failure";
    case ExitRule::kAnyFailureIsOne:
      return "any-failure-is-one";
    case ExitRule::kExec:
      return "exec";
    case ExitRule::kFail:
      return "fail";
  }
  return "fail";
}

std::optional<ExitRule> exit_rule_from_id(std::string_view id) {
  for (ExitRule r :
       {ExitRule::kLastFailure, ExitRule::kAnyFailureIsOne, ExitRule::kExec, ExitRule::kFail})
    if (exit_rule_id(r) == id) return r;
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, const ExecAction& a) {
  os << ExecAction::kKind << " " << quote_words(a.argv) << " env " << env_text(a.env);
  if (!a.reason.empty()) os << " (" << a.reason << ")";
  return os;
}

std::ostream& operator<<(std::ostream& os, const RunAction& a) {
  os << RunAction::kKind << " [" << a.config_directory << "] " << quote_words(a.argv);
  if (!a.env.empty()) os << " env " << env_text(a.env);
  if (!a.unset.empty()) os << " unset " << quote_words(a.unset);
  if (!a.reason.empty()) os << " (" << a.reason << ")";
  return os;
}

std::ostream& operator<<(std::ostream& os, const SkipAction& a) {
  return os << SkipAction::kKind << " [" << a.config_directory << "] (" << a.reason << ")";
}

std::ostream& operator<<(std::ostream& os, const FailAction& a) {
  os << FailAction::kKind;
  if (!a.config_directory.empty()) os << " [" << a.config_directory << "]";
  return os << " status " << a.exit_status << ": " << a.reason;
}

std::ostream& operator<<(std::ostream& os, const Action& a) {
  std::visit([&os](const auto& x) { os << x; }, a);
  return os;
}

std::ostream& operator<<(std::ostream& os, ExitRule rule) { return os << exit_rule_id(rule); }

std::ostream& operator<<(std::ostream& os, const Plan& plan) {
  os << "plan (exit " << plan.exit << ")\n";
  if (!plan.output.empty()) os << "  output: " << plan.output;
  for (const auto& w : plan.warnings) os << "  warning: " << w << "\n";
  for (size_t i = 0; i < plan.actions.size(); ++i)
    os << "  " << i + 1 << ". " << plan.actions[i] << "\n";
  if (!plan.stages.empty()) {
    os << "  parallel " << plan.parallel << ", stages:";
    for (const auto& stage : plan.stages) {
      os << " [";
      for (size_t k = 0; k < stage.size(); ++k) os << (k ? " " : "") << stage[k] + 1;
      os << "]";
    }
    os << "\n";
  }
  return os;
}

std::vector<std::vector<size_t>> parallel_stages(size_t action_count,
                                                 const std::vector<size_t>& primary_actions,
                                                 size_t parallel) {
  std::vector<std::vector<size_t>> stages;
  if (parallel <= 1) return stages;
  std::vector<bool> primary(action_count, false);
  for (size_t i : primary_actions)
    if (i < action_count) primary[i] = true;
  for (size_t i = 0; i < action_count; ++i) {
    if (primary[i]) {
      stages.push_back({i});
      continue;
    }
    if (stages.empty() || primary[stages.back().back()]) stages.emplace_back();
    stages.back().push_back(i);
  }
  return stages;
}

bool stages_are_valid(const std::vector<std::vector<size_t>>& stages, size_t action_count) {
  size_t next = 0;
  for (const auto& stage : stages) {
    if (stage.empty()) return false;
    for (size_t i : stage)
      if (i != next++) return false;
  }
  return stages.empty() || next == action_count;
}

}  // namespace pfmulti
