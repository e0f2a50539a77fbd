// Internal helper of the planners: builds a Plan and, when asked, the rule ids behind each action
// (PlanExplanation, shown by `pfmulti oracle --explain`).
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/plan/planner.h"

namespace pfmulti {

class PlanBuilder {
 public:
  explicit PlanBuilder(PlanExplanation* why) : why_(why) {}

  void add(Action action, std::initializer_list<std::string_view> rules) {
    plan_.actions.push_back(std::move(action));
    if (why_) why_->action_rules.emplace_back(rules.begin(), rules.end());
  }
  void add(Action action, const std::vector<std::string_view>& rules) {
    plan_.actions.push_back(std::move(action));
    if (why_) why_->action_rules.emplace_back(rules.begin(), rules.end());
  }
  void rule(std::string_view r) {
    if (why_) why_->plan_rules.emplace_back(r);
  }
  void warn(std::string message) { plan_.warnings.push_back(std::move(message)); }
  void output(std::string_view text) { plan_.output += text; }
  // R87 one -l line: postmulti's "%-15s %-15s %-9s %s" of name or "-", group or "-", y/n, dir.
  void list(ListedInstance entry) {
    output(fmt::format("{:<15} {:<15} {:<9} {}\n", entry.name.empty() ? "-" : entry.name,
                       entry.group.empty() ? "-" : entry.group, entry.enabled ? "y" : "n",
                       entry.config_directory));
    plan_.listing.push_back(std::move(entry));
  }
  void exit_rule(ExitRule rule) { plan_.exit = rule; }
  // The primary instance's config_directory: finish() notes the actions for it
  // (Plan::primary_actions), from which make_plan derives the stages of --parallel.
  void primary_directory(std::string dir) { primary_dirs_.push_back(std::move(dir)); }

  // A whole-command failure: appended after what was planned so far (skips only, by contract),
  // exit status from the FailAction.
  Plan fail(std::string reason, int status, std::initializer_list<std::string_view> rules) {
    add(FailAction{"", std::move(reason), status}, rules);
    plan_.exit = ExitRule::kFail;
    return finish();
  }
  // A whole-command failure that discards everything planned so far.
  Plan fail_only(std::string reason, int status, std::initializer_list<std::string_view> rules) {
    plan_.actions.clear();
    plan_.output.clear();
    plan_.listing.clear();
    if (why_) why_->action_rules.clear();
    return fail(std::move(reason), status, rules);
  }

  Plan finish() {
    plan_.primary_actions.clear();
    for (size_t i = 0; i < plan_.actions.size(); ++i) {
      const std::string* dir = std::visit(
          [](const auto& a) -> const std::string* {
            if constexpr (requires { a.config_directory; }) return &a.config_directory;
            return nullptr;
          },
          plan_.actions[i]);
      for (const auto& p : primary_dirs_)
        if (dir && !dir->empty() && *dir == p) {
          plan_.primary_actions.push_back(i);
          break;
        }
    }
    return std::move(plan_);
  }
  const Plan& peek() const { return plan_; }

 private:
  Plan plan_;
  PlanExplanation* why_;
  std::vector<std::string> primary_dirs_;
};

}  // namespace pfmulti
