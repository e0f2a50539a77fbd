// postfix(1)'s dispatch (spec/postfix-facts.md §1; postfix-wrapper(5) MULTI-INSTANCE API SUMMARY;
// spec/rules.md R40-R49): options, MAIL_CONFIG, main.cf, environment cleaning and exports, then
// exec of postfix-script (single instance) or of the multi_instance_wrapper (hand-off). Pure.
#pragma once

#include "model/plan/planner.h"

namespace pfmulti {

Plan plan_postfix(const Scenario& scenario, PlanExplanation* why);

}  // namespace pfmulti
