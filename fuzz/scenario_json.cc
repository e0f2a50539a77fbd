// libFuzzer harness for the oracle's wire format (model/text/json.h, model/plan/plan_json.h;
// spec/scenario.schema.json, spec/plan.schema.json). The input is a JSON text: a scenario as
// `pfmulti oracle` reads it, or a plan, or any JSON. Laws:
//  J1  The JSON layer round-trips: a text that parses prints (pretty and compact) to texts that
//      parse to the same value (an integer stays an integer, a double a double: found by this
//      target, regression-double-looks-like-integer), and printing is then a fixed point.
//  J2  Scenario round trip: a text that parses as a scenario prints (scenario_to_json, to_json)
//      to a text that parses as the same scenario (Scenario ==: program, profile, argv, env,
//      files, defaults, directories, cwd) and prints the same again.
//  J3  Plan round trip, the same for plan_from_json / plan_to_json.
//  J4  A scenario that parses is planned: make_plan is deterministic and its plan round-trips
//      (J3) — the oracle's answer to any scenario it accepts can be read back.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_law.h"
#include "model/plan/plan_json.h"
#include "model/plan/planner.h"
#include "model/text/json.h"

namespace {

using namespace pfmulti;
using fuzz::show;

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fuzz::violated("scenario_json", law, detail);
}

void check_plan(const Plan& plan, std::string_view where) {
  std::string printed = to_json(plan_to_json(plan));
  Result<Plan> again = parse_plan(printed);
  if (!again)
    violated("J3", fmt::format("{}: printed plan does not parse: {}", where, again.error()));
  if (!(*again == plan))
    violated("J3", fmt::format("{}: plan read back differs: {}", where, show(printed, 400)));
  if (to_json(plan_to_json(*again)) != printed)
    violated("J3", fmt::format("{}: plan printing is not a fixed point", where));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  // J1
  Result<Json> value = parse_json(text);
  if (value) {
    for (int indent : {2, -1}) {
      std::string printed = to_json(*value, indent);
      Result<Json> again = parse_json(printed);
      if (!again)
        violated("J1", fmt::format("printed {} does not parse: {}", show(printed), again.error()));
      if (!(*again == *value))
        violated("J1", fmt::format("{} reads back differently", show(printed)));
      if (to_json(*again, indent) != printed) violated("J1", "printing is not a fixed point");
    }
  }

  // J2, J4
  Result<Scenario> scenario = parse_scenario(text);
  if (scenario) {
    std::string printed = to_json(scenario_to_json(*scenario));
    Result<Scenario> again = parse_scenario(printed);
    if (!again)
      violated("J2", fmt::format("printed scenario does not parse: {}: {}", again.error(),
                                 show(printed, 400)));
    if (!(*again == *scenario))
      violated("J2", fmt::format("scenario read back differs: {}", show(printed, 400)));
    if (to_json(scenario_to_json(*again)) != printed)
      violated("J2", "scenario printing is not a fixed point");
    Plan plan = make_plan(*scenario);
    if (!(make_plan(*again) == plan)) violated("J4", "make_plan differs on equal scenarios");
    check_plan(plan, "make_plan");
  }

  // J3
  Result<Plan> plan = parse_plan(text);
  if (plan) check_plan(*plan, "input");
  return 0;
}
