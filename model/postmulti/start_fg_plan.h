// `pfmulti start-fg` / `pfmulti -p start-fg` as a plan (spec/postfix-facts.md §12; spec/rules.md
// R140-R145): which commands run before any master starts (per selected enabled instance `master
// -t`, then `postfix check`; per selected disabled instance `postfix check`, as postmulti's
// start-class commands have it, R80), which masters then run in the foreground as children of
// pfmulti (`$daemon_directory/master -s` with MAIL_CONFIG, the primary first, in the order of
// postmulti's instance list), and the order they are stopped in (the reverse). The supervision
// itself is impl/runtime/supervisor.h. Pure; never throws (std::bad_alloc ends the program).
#pragma once

#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/plan/plan.h"
#include "model/plan/planner.h"

namespace pfmulti {

// A command run to its end before any master starts.
struct StartFgCheck {
  enum class Kind {
    kNotRunning,  // `master -t`: exit 0 when the instance's master is not running (R142)
    kCheck,       // `postfix check` (R142, R143)
  };
  Kind kind = Kind::kCheck;
  std::string config_directory;
  bool enabled = true;  // a failed check of a disabled instance is a warning (R143)
  std::vector<std::string> argv;
  EnvMap env;  // set on top of pfmulti's own environment
  friend bool operator==(const StartFgCheck&, const StartFgCheck&) = default;
};

// A master run in the foreground (R141).
struct StartFgMaster {
  std::string config_directory;
  std::string name;  // multi_instance_name, "" for none
  std::vector<std::string> argv;
  EnvMap env;  // set on top of pfmulti's own environment
  friend bool operator==(const StartFgMaster&, const StartFgMaster&) = default;
};

struct StartFgPlan {
  std::vector<StartFgCheck> checks;    // in this order, before any master starts
  std::vector<StartFgMaster> masters;  // started in this order
  std::vector<size_t> stop_order;      // indices into masters: the reverse (R144)
  std::vector<std::string> warnings;
  friend bool operator==(const StartFgPlan&, const StartFgPlan&) = default;
};

// s.argv is postmulti's command line with -p: {PROGRAM, [-a | -g GROUP | -i NAME], [-v], "-p",
// ["--"], "start-fg"}. A one-line fatal when the command line, main.cf or a selected instance is
// bad (R140, R145), when nothing matches, or when no selected instance is enabled.
Result<StartFgPlan> plan_start_fg(const Scenario& s) noexcept;

// True when argv (postmulti's command line, as plan_start_fg takes it) asks for -p start-fg.
bool is_start_fg_command(const std::vector<std::string>& argv) noexcept;

}  // namespace pfmulti
