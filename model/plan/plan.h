// A plan: what a multi-instance command must do, as data (spec/plan.schema.json).
// The model computes plans; the executor (impl/) carries them out; the oracle prints them.
// Actions are plain structs in a std::variant, with == and printing, so that a shrunk
// counterexample reads well. Each action struct names its kind (kKind: the JSON "op"); code asks
// an action for its kind by type (kind_name, model/kind.h), never by its index in the variant.
// Field names follow the JSON shape:
//   {"actions": [{"op": "run"|"skip"|"exec"|"fail", "config_directory": ..., "argv": [...],
//                 "env": {...}, "reason": ...}], "exit": ...}
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/kind.h"

namespace pfmulti {

using EnvMap = std::map<std::string, std::string, std::less<>>;

// Replace the current process: argv[0] is a path (absolute, or found via PATH in env);
// env is the COMPLETE environment of the new program (postfix(1) cleans its environment).
struct ExecAction {
  static constexpr std::string_view kKind = "exec";
  std::vector<std::string> argv;
  EnvMap env;
  std::string reason;
  friend bool operator==(const ExecAction&, const ExecAction&) = default;
};

// Start a child, wait for it. env holds the variables SET for the child on top of the
// environment the manager itself received; unset lists variables removed from it.
// config_directory is the instance the run is for.
struct RunAction {
  static constexpr std::string_view kKind = "run";
  std::string config_directory;
  std::vector<std::string> argv;
  EnvMap env;
  std::vector<std::string> unset;
  std::string reason;
  friend bool operator==(const RunAction&, const RunAction&) = default;
};

// An instance deliberately not acted on (e.g. "stop" on a disabled instance).
struct SkipAction {
  static constexpr std::string_view kKind = "skip";
  std::string config_directory;
  std::string reason;
  friend bool operator==(const SkipAction&, const SkipAction&) = default;
};

// An error: for one instance (config_directory set; the others still run when the profile
// says so) or for the whole command (config_directory empty; nothing else is done).
struct FailAction {
  static constexpr std::string_view kKind = "fail";
  std::string config_directory;
  std::string reason;  // one line, quoting the bad value and naming file/line/instance
  int exit_status = 1;
  friend bool operator==(const FailAction&, const FailAction&) = default;
};

using Action = std::variant<ExecAction, RunAction, SkipAction, FailAction>;
static_assert(kind_names_unique<Action>(), "two plan actions share a kind name");

// How the manager's exit status is formed from the outcomes of its actions.
enum class ExitRule {
  kLastFailure,      // shipped postfix-wrapper / seed: 0, or the status of the last failed run
  kAnyFailureIsOne,  // postmulti: 1 if any run failed (non-zero or killed) or any fail action
  kExec,             // the plan ends in an exec: the exec'd program's status
  kFail,             // the plan is a whole-command failure: that FailAction's exit_status
};

// One line of postmulti -l (R87): what pfmulti -l -j prints as JSON. "" is none for name and
// group.
struct ListedInstance {
  std::string name, group;
  bool enabled = false;
  std::string config_directory;
  friend bool operator==(const ListedInstance&, const ListedInstance&) = default;
};

struct Plan {
  std::vector<Action> actions;
  ExitRule exit = ExitRule::kAnyFailureIsOne;
  std::vector<std::string> warnings;  // travel with the plan (postfix "warning:" level)
  std::string output;  // text printed on stdout before any action (postmulti -l listing)
  // -l: the listed instances, in order; `output` is their text form (PlanBuilder::list), and
  // only `output` has a JSON form (spec/plan.schema.json), so equality compares output alone.
  std::vector<ListedInstance> listing;
  // --parallel N (issue 14; docs/performance.md, "Parallel start and stop"): the partial order of
  // the actions, as stages. Every action of a stage ends before any action of the next stage
  // starts; within a stage at most `parallel` actions run at once, started in list order. Each
  // stage is a run of consecutive action indices, and the stages cover every action once, in
  // order. Empty (and parallel 1): one action at a time in list order, today's plan.
  std::vector<std::vector<size_t>> stages{};
  size_t parallel = 1;
  // The planner's note of which actions are for the primary instance (make_plan derives the
  // stages from it); no JSON form, not compared.
  std::vector<size_t> primary_actions{};
  friend bool operator==(const Plan& a, const Plan& b) {
    return a.actions == b.actions && a.exit == b.exit && a.warnings == b.warnings &&
           a.output == b.output && a.stages == b.stages && a.parallel == b.parallel;
  }
};

// "run", "skip", "exec", "fail": the JSON "op" of an action (its alternative's kKind).
inline std::string_view action_op(const Action& action) { return kind_name(action); }
// "last-failure", "any-failure-is-one", "exec", "fail": the JSON "exit" of a plan.
std::string_view exit_rule_id(ExitRule rule);
std::optional<ExitRule> exit_rule_from_id(std::string_view id);

// The stages of plan's actions for `parallel` children at once (parallel > 1): the primary's
// actions alone, each a stage of its own; every run of consecutive other actions one stage.
// So a start-class command (primary first) runs the primary, then the secondaries; a stop-class
// command (reversed, primary last) runs the secondaries, then the primary. parallel <= 1: none.
std::vector<std::vector<size_t>> parallel_stages(size_t action_count,
                                                 const std::vector<size_t>& primary_actions,
                                                 size_t parallel);
// True when stages is a valid partial order for action_count actions (see Plan::stages).
bool stages_are_valid(const std::vector<std::vector<size_t>>& stages, size_t action_count);

// Human-readable printing (one action per line), for test failures and --explain.
std::ostream& operator<<(std::ostream& os, const ExecAction& a);
std::ostream& operator<<(std::ostream& os, const RunAction& a);
std::ostream& operator<<(std::ostream& os, const SkipAction& a);
std::ostream& operator<<(std::ostream& os, const FailAction& a);
std::ostream& operator<<(std::ostream& os, const Action& a);
std::ostream& operator<<(std::ostream& os, ExitRule rule);
std::ostream& operator<<(std::ostream& os, const Plan& plan);

}  // namespace pfmulti
