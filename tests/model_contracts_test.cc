// The model's entry points promise never to throw (docs/architecture.md, "Errors: three
// levels"): a user error is a value, a broken invariant aborts. Each promise is a `noexcept` on
// the entry point, and this file checks, at compile time, that the promise is still made:
// removing a `noexcept` fails the build of this test. (model/postmulti/ and model/lifecycle/
// entry points are checked where they are declared.)
#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

#include "model/lint/lint.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/main_cf_edit.h"
#include "model/plan/compose.h"
#include "model/plan/plan_json.h"
#include "model/plan/planner.h"
#include "model/postmulti/start_fg_plan.h"
#include "model/text/json.h"

namespace pfmulti {
namespace {

using std::declval;

static_assert(noexcept(make_plan(declval<const Scenario&>())));
static_assert(noexcept(make_plan(declval<const Scenario&>(), declval<PlanExplanation*>())));
static_assert(noexcept(compose(declval<const Scenario&>())));
static_assert(noexcept(plan_start_fg(declval<const Scenario&>())));
static_assert(noexcept(is_start_fg_command(declval<const std::vector<std::string>&>())));
static_assert(noexcept(read_main_cf(declval<std::string_view>(), declval<std::string_view>())));
static_assert(noexcept(edit_main_cf(declval<std::string_view>(),
                                    declval<const std::vector<ParameterEdit>&>(),
                                    declval<std::string_view>())));
static_assert(noexcept(check_parameter_edit(declval<const ParameterEdit&>())));
static_assert(noexcept(lint(declval<const LintInput&>())));
static_assert(noexcept(plan_to_json(declval<const Plan&>())));
static_assert(noexcept(plan_from_json(declval<const Json&>())));
static_assert(noexcept(scenario_to_json(declval<const Scenario&>())));
static_assert(noexcept(scenario_from_json(declval<const Json&>())));
static_assert(noexcept(parse_scenario(declval<std::string_view>())));
static_assert(noexcept(parse_plan(declval<std::string_view>())));
static_assert(noexcept(parse_json(declval<std::string_view>())));
static_assert(noexcept(to_json(declval<const Json&>())));

// The promise at run time: inputs that are wrong in every way come back as values.
TEST(ModelContracts, BadInputsAreValuesNotExceptions) {
  EXPECT_FALSE(parse_json("{").is_ok());
  EXPECT_FALSE(parse_plan("[1, 2").is_ok());
  EXPECT_FALSE(parse_scenario("{\"argv\": 7}").is_ok());
  MainCf cf = read_main_cf("= no name\n", "/etc/postfix/main.cf");
  EXPECT_TRUE(cf.error.has_value());
  EXPECT_FALSE(edit_main_cf("= no name\n", {set_param("a", "b")}, "main.cf").is_ok());
  EXPECT_FALSE(check_parameter_edit(set_param("", "x")).empty());
}

}  // namespace
}  // namespace pfmulti
