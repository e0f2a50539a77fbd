// JSON forms of scenarios and plans: the conformance interface (`pfmulti oracle`), the golden
// vectors in spec/vectors/ and the schemas spec/scenario.schema.json, spec/plan.schema.json.
// Pure; parsing errors are messages, never exceptions.
#pragma once

#include <string>
#include <string_view>

#include "model/plan/planner.h"
#include "model/text/json.h"

namespace pfmulti {

// Plan -> JSON: {"actions": [{"op": ..., ...}], "exit": ..., "warnings": [...], "output": ...}.
// With why, each action gets "rules" and the plan gets "rules" (oracle --explain).
Json plan_to_json(const Plan& plan, const PlanExplanation* why = nullptr) noexcept;
Result<Plan> plan_from_json(const Json& json) noexcept;

// Scenario <-> JSON. "defaults" holds only the values that differ from compiled_defaults() (when
// reading, they are applied on top of compiled_defaults()).
Json scenario_to_json(const Scenario& scenario) noexcept;
Result<Scenario> scenario_from_json(const Json& json) noexcept;

// Text helpers: parse + convert.
Result<Scenario> parse_scenario(std::string_view text) noexcept;
Result<Plan> parse_plan(std::string_view text) noexcept;

}  // namespace pfmulti
