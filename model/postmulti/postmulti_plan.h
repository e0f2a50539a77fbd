// postmulti(1) iterator mode (-l, -p, -x with -a, -g, -i, -R, -v) as a plan (spec/postfix-facts.md
// §3; postmulti.c; spec/rules.md R70-R89). The profile decides what a damaged secondary does:
// postmulti-strict aborts the whole command as postmulti 3.7 does; postmulti (pfmulti's default)
// plans a FailAction for that instance only and carries on. Life-cycle mode (-e) is not planned.
// Pure; never throws (std::bad_alloc ends the program: the entry points are noexcept).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/plan/planner.h"
#include "model/postmulti/instances.h"

namespace pfmulti {

// Program kPostmulti: argv is postmulti's own command line.
Plan plan_postmulti(const Scenario& scenario, const Profile& profile,
                    PlanExplanation* why) noexcept;

// Program kWrapper with a postmulti profile: `multi_instance_wrapper = postmulti -p --`, i.e.
// argv[1..] is the postfix command: planned as `postmulti -p -- COMMAND ARGS...`.
Plan plan_postmulti_wrapper(const Scenario& scenario, const Profile& profile,
                            PlanExplanation* why) noexcept;

// Every instance postmulti would iterate over for s (the primary first, then
// multi_instance_directories in order; claims checked; damaged secondaries isolated, as profile
// postmulti has them), or the whole-command refusal's message. For `pfmulti status` and for
// naming instances in messages (impl/cli/). The same loading as plan_postmulti (R70-R79, R90);
// s.argv is not looked at.
std::variant<std::vector<Instance>, std::string> load_instances(const Scenario& s) noexcept;

}  // namespace pfmulti
