// The shell multi-instance managers: the seed example of postfix-wrapper(5) and the
// postfix-wrapper script shipped with Postfix 3.7, modeled line by line with their quirks
// (spec/rules.md R50-R61): ${var?msg} sanity checks, `postconf -h` (raw, unexpanded, white space
// collapsed) piped through `sed 's/,/ /'` (first comma only; every comma from 3.10 and in the
// non-strict postfix-wrapper profile, R107), unquoted expansion (IFS split, glob),
// `test "`postconf -c DIR -h multi_instance_enable`" = yes`, start -> check, skip sets,
// reversal (shipped script only), exit status of the last failed command. Pure.
#pragma once

#include "model/plan/planner.h"

namespace pfmulti {

Plan plan_shell_wrapper(const Scenario& scenario, const Profile& profile, PlanExplanation* why);

// Paths the scenario knows (files, their parent directories, Scenario::directories), sorted: what
// pathname expansion can match.
std::vector<std::string> known_paths(const Scenario& scenario);

}  // namespace pfmulti
