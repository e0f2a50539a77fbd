// Tests of the plan as data (model/plan/plan.h, model/kind.h): every Action alternative has the
// kind name spec/plan.schema.json calls it, kinds are found by type (so reordering the variant
// cannot mislabel an action), printing opens with the kind name, and parse(print(plan)) gives the
// plan back for every kind (model/plan/plan_json.h).
#include "model/plan/plan.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "model/plan/plan_json.h"

namespace pfmulti {
namespace {

// One populated action of each kind. A new Action alternative fails to compile here until it has
// a sample (and a kKind: kind_names<Action> needs one).
ExecAction sample(std::in_place_type_t<ExecAction>) {
  return ExecAction{{"/usr/libexec/postfix/postfix-script", "start"},
                    {{"MAIL_CONFIG", "/etc/postfix"}, {"PATH", "/bin"}},
                    "postfix(1) execs the script"};
}
RunAction sample(std::in_place_type_t<RunAction>) {
  return RunAction{"/etc/postfix-a",
                   {"/usr/sbin/postfix", "-c", "/etc/postfix-a", "start"},
                   {{"MAIL_CONFIG", "/etc/postfix-a"}},
                   {"MAIL_DEBUG"},
                   "enabled"};
}
SkipAction sample(std::in_place_type_t<SkipAction>) {
  return SkipAction{"/etc/postfix-b", "disabled"};
}
FailAction sample(std::in_place_type_t<FailAction>) {
  return FailAction{"/etc/postfix-c", "open /etc/postfix-c/main.cf: No such file", 2};
}

template <size_t... I>
std::vector<Action> samples(std::index_sequence<I...>) {
  return {Action(sample(std::in_place_type<std::variant_alternative_t<I, Action>>))...};
}
std::vector<Action> one_of_each_kind() {
  return samples(std::make_index_sequence<std::variant_size_v<Action>>());
}

Json read_schema() {
  std::ifstream in(std::string(PFMULTI_SOURCE_DIR) + "/spec/plan.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  auto schema = parse_json(text.str());
  EXPECT_TRUE(schema.is_ok()) << schema.error();
  return schema.is_ok() ? *schema : Json();
}

TEST(PlanKinds, EachAlternativeHasTheNameTheSchemaGivesIt) {
  EXPECT_EQ(ExecAction::kKind, "exec");
  EXPECT_EQ(RunAction::kKind, "run");
  EXPECT_EQ(SkipAction::kKind, "skip");
  EXPECT_EQ(FailAction::kKind, "fail");

  Json schema = read_schema();
  const Json* action = schema.find("$defs") ? schema.find("$defs")->find("action") : nullptr;
  ASSERT_NE(action, nullptr);
  std::set<std::string> schema_ops;
  for (const Json& op : action->find("properties")->find("op")->find("enum")->as_array())
    schema_ops.insert(op.as_string());
  // The schema's per-op rules ("if": {"properties": {"op": {"const": KIND}}}) name the same set.
  std::set<std::string> schema_rules;
  for (const Json& rule : action->find("allOf")->as_array())
    schema_rules.insert(
        rule.find("if")->find("properties")->find("op")->find("const")->as_string());
  std::set<std::string> ours;
  for (std::string_view k : kind_names<Action>) ours.insert(std::string(k));
  EXPECT_EQ(ours.size(), std::variant_size_v<Action>) << "kind names are unique";
  EXPECT_EQ(ours, schema_ops);
  EXPECT_EQ(ours, schema_rules);
}

TEST(PlanKinds, KindIsFoundByTypeNotByPosition) {
  for (const Action& a : one_of_each_kind()) {
    std::string_view kind = action_op(a);
    EXPECT_EQ(plan_to_json(Plan{{a}, ExitRule::kAnyFailureIsOne, {}, {}, {}})
                  .find("actions")
                  ->as_array()[0]
                  .find("op")
                  ->as_string(),
              kind);
  }
  // The same structs in another order keep their names.
  using Reordered = std::variant<FailAction, SkipAction, RunAction, ExecAction>;
  EXPECT_EQ(kind_name(Reordered(sample(std::in_place_type<ExecAction>))), "exec");
  EXPECT_EQ(kind_name(Reordered(sample(std::in_place_type<RunAction>))), "run");
  EXPECT_EQ(kind_name(Reordered(sample(std::in_place_type<SkipAction>))), "skip");
  EXPECT_EQ(kind_name(Reordered(sample(std::in_place_type<FailAction>))), "fail");
  static_assert(kind_names<Reordered>[0] == "fail" && kind_names<Reordered>[3] == "exec");
}

TEST(PlanKinds, PrintingOpensWithTheKindName) {
  for (const Action& a : one_of_each_kind()) {
    std::ostringstream os;
    os << a;
    std::string line = os.str();
    std::string_view kind = action_op(a);
    EXPECT_EQ(line.substr(0, kind.size() + 1), std::string(kind) + " ") << line;
  }
  std::ostringstream os;
  os << Plan{{sample(std::in_place_type<SkipAction>)}, ExitRule::kLastFailure, {"w"}, {}, {}};
  EXPECT_EQ(os.str(),
            "plan (exit last-failure)\n  warning: w\n  1. skip [/etc/postfix-b] (disabled)\n");
}

TEST(PlanKinds, ParsePrintRoundTripsEveryKind) {
  const std::vector<Action> all = one_of_each_kind();
  for (const Action& a : all) {
    // Alone, and with its optional members empty.
    Action bare = a;
    std::visit([](auto& x) { x.reason.clear(); }, bare);
    if (auto* run = std::get_if<RunAction>(&bare)) run->unset.clear();
    for (const Action& each : {a, bare}) {
      Plan p{{each}, ExitRule::kAnyFailureIsOne, {}, {}, {}};
      for (int indent : {-1, 2}) {
        auto back = parse_plan(to_json(plan_to_json(p), indent));
        ASSERT_TRUE(back.is_ok()) << back.error() << "\n" << p;
        EXPECT_EQ(*back, p) << "indent " << indent;
      }
    }
  }
  Plan p{all, ExitRule::kExec, {"a warning"}, "listing\n", {}};
  auto back = parse_plan(to_json(plan_to_json(p)));
  ASSERT_TRUE(back.is_ok()) << back.error();
  EXPECT_EQ(*back, p);
}

}  // namespace
}  // namespace pfmulti
