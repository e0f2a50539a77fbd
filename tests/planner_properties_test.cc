// Property tests of the planner (spec/rules.md R19, R43, R46, R52-R59, R75-R93, R95): one
// RC_GTEST_PROP per law, named for the law, over the generators of tests/arbitrary_scenario.h.
// Expectations are computed here from the generated tree (what was written into each main.cf)
// and the rule texts, not by asking the planner. 1000 cases per law unless RC_PARAMS says
// otherwise; rapidcheck prints the seed and the shrunk counterexample on failure (re-run with
// RC_PARAMS="reproduce=..."); every shrunk failure becomes a named regression test below.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "arbitrary_scenario.h"
#include "model/main_cf/config.h"
#include "model/plan/compose.h"
#include "model/postmulti/claims.h"
#include "model/text/shell_words.h"

namespace pfmulti {
namespace {

using namespace test;

// 1000 cases per law unless the caller set RC_PARAMS (rapidcheck reads it on first use).
const bool kParamsSet = [] {
  setenv("RC_PARAMS", "max_success=1000", 0);
  return true;
}();

const std::string kPrimaryDir = "/etc/postfix";

bool is_shell(ProfileName p) { return is_shell_profile(p); }

// The raw list value as the reader returns it: physical lines joined without the newline.
std::string raw_list(const Tree& t) {
  std::string raw;
  for (char c : t.list_text())
    if (c != '\n') raw.push_back(c);
  return raw;
}

// The instance order each profile derives from the primary main.cf (R51, R52, R75, R107), on
// the default release.
std::vector<std::string> expected_order(const Tree& t, ProfileName p) {
  std::vector<std::string> out{kPrimaryDir};
  std::string collapsed = collapse_white_space(raw_list(t));
  bool all_commas = list_reading(profile(p), kDefaultRelease) == ListReading::kShellAllCommas;
  std::vector<std::string> words = !is_shell(p) ? split_list(raw_list(t))
                                   : all_commas ? ifs_split(sed_all_commas(collapsed))
                                                : ifs_split(sed_first_comma(collapsed));
  out.insert(out.end(), words.begin(), words.end());
  return out;
}

// Directories named by the actions of a plan, in order (whole-command failures have none).
std::vector<std::string> action_dirs(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& a : plan.actions) {
    std::string d = std::visit(
        [](const auto& x) -> std::string {
          if constexpr (requires { x.config_directory; }) return x.config_directory;
          return "";
        },
        a);
    if (!d.empty()) out.push_back(d);
  }
  return out;
}

bool whole_fail(const Plan& plan) { return plan.exit == ExitRule::kFail; }

// R55: the shell wrappers' enable test on a generated instance.
bool shell_enabled(const Tree& t, const std::string& dir) {
  if (dir == kPrimaryDir) return t.primary_enable == "yes";
  const GenInstance* i = t.find(dir);
  return i && i->file == FileKind::kGood && collapse_white_space(i->enable) == "yes";
}

// R75/R76/R78: postmulti's view of enable; nullopt = damaged (R90).
std::optional<bool> postmulti_enabled(const Tree& t, const std::string& dir) {
  if (dir == kPrimaryDir)
    return t.instances.empty() ? true : parse_bool(t.primary_enable).value_or(false);
  const GenInstance* i = t.find(dir);
  if (!i || i->file != FileKind::kGood) return std::nullopt;
  if (i->enable.find('$') != std::string::npos) return std::nullopt;  // "$ref" expands to ""
  return parse_bool(i->enable);
}

// The claim table after the primary (R74, R79), to replay secondaries against.
ClaimTable primary_claims() {
  ClaimTable t;
  t.add({kPrimaryDir, "command_directory", "/usr/sbin"});
  t.add({kPrimaryDir, "daemon_directory", "/usr/lib/postfix/sbin"});
  t.add({kPrimaryDir, "shlib_directory", "/usr/lib/postfix"});
  t.add_all(instance_claims(kPrimaryDir, "", "/var/spool/postfix", "/var/lib/postfix"));
  return t;
}

// Which listed secondaries pfmulti must fail (R90, R93): damaged files, bad enable values,
// relative directories, conflicting claims. Indexed like the list.
std::vector<bool> expected_damage(const Tree& t) {
  ClaimTable claims = primary_claims();
  std::vector<bool> out;
  for (const auto& dir : split_list(raw_list(t))) {
    const GenInstance* i = t.find(dir);
    bool damaged = dir.front() != '/' || !i || !postmulti_enabled(t, dir).has_value();
    if (!damaged) {
      std::string name = collapse_white_space(i->name);
      damaged = claims.add_all(instance_claims(dir, name, i->queue, i->data)).has_value();
    }
    out.push_back(damaged);
  }
  return out;
}

// postmulti-strict aborts on any damage, which makes most laws vacuous: give it trees without
// damage or conflicts (the claims law covers its conflicts).
Tree tree_for(ProfileName p) {
  TreeOptions o;
  if (p == ProfileName::kPostmultiStrict) {
    o.allow_damage = false;
    o.allow_conflicts = false;
  }
  return *gen_tree(o);
}

Plan shell_plan(const Tree& t, ProfileName p, std::vector<std::string> cmd) {
  return make_plan(wrapper_scenario(t, p, std::move(cmd)));
}

Plan postmulti_plan(const Tree& t, ProfileName p, std::vector<std::string> args) {
  return make_plan(postmulti_scenario(t, p, std::move(args)));
}

// ---- the laws ----

RC_GTEST_PROP(PlannerLaws, recursion_terminates_within_depth_two, ()) {
  Tree t = *gen_tree();
  ProfileName p = *gen_profile();
  Scenario s;
  s.program = Program::kPostfix;
  s.profile = p;
  s.argv = {"postfix"};
  for (auto& w : *gen_command()) s.argv.push_back(w);
  s.env = *rc::gen::element(EnvMap{}, EnvMap{{"TZ", "UTC"}}, EnvMap{{"MAIL_CONFIG", kPrimaryDir}});
  s.files = t.files();
  Composition c = compose(s);
  RC_ASSERT(c.terminated);
  RC_ASSERT(c.max_postfix_depth <= 2);
  for (const Leaf& leaf : c.leaves) {
    // A wrapper such as `postmulti -x --` runs the command itself: a non-Postfix leaf.
    RC_ASSERT(leaf.kind == LeafKind::kPostfixScript || leaf.kind == LeafKind::kFail ||
              leaf.kind == LeafKind::kSkip || leaf.kind == LeafKind::kExternal);
    RC_ASSERT(leaf.postfix_depth <= 2);
  }
  // Every postfix(1) below the first one runs with MAIL_CONFIG set (R43, R46).
  for (const ComposeStep& step : c.steps)
    if (step.parent >= 0 && step.scenario.program == Program::kPostfix)
      RC_ASSERT(step.scenario.env.count("MAIL_CONFIG") == 1u);
}

RC_GTEST_PROP(PlannerLaws, default_first_then_list_order, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  Plan plan = is_shell(p) ? shell_plan(t, p, {"status"}) : postmulti_plan(t, p, {"-p", "status"});
  RC_PRE(!whole_fail(plan));
  RC_ASSERT(action_dirs(plan) == expected_order(t, p));
}

RC_GTEST_PROP(PlannerLaws, reverse_order_for_stop_commands, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  std::string stop = *rc::gen::element<std::string>("stop", "quick-stop", "abort", "drain");
  Plan status = is_shell(p) ? shell_plan(t, p, {"status"}) : postmulti_plan(t, p, {"-p", "status"});
  Plan stopped = is_shell(p) ? shell_plan(t, p, {stop}) : postmulti_plan(t, p, {"-p", stop});
  RC_PRE(!whole_fail(status));
  std::vector<std::string> forward = action_dirs(status);
  std::vector<std::string> backward(forward.rbegin(), forward.rend());
  // The seed never reverses (R54).
  RC_ASSERT(action_dirs(stopped) == (p == ProfileName::kSeed ? forward : backward));
}

RC_GTEST_PROP(PlannerLaws, R_flips_list_and_x_order, ()) {
  ProfileName p = *rc::gen::element(ProfileName::kPostmulti, ProfileName::kPostmultiStrict);
  Tree t = tree_for(p);
  Plan list = postmulti_plan(t, p, {"-l"});
  Plan reversed = postmulti_plan(t, p, {"-l", "-R"});
  RC_PRE(!whole_fail(list));
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
      size_t nl = text.find('\n', i);
      out.push_back(text.substr(i, nl - i));
      i = nl + 1;
    }
    return out;
  };
  auto forward = lines(list.output);
  auto backward = lines(reversed.output);
  std::reverse(backward.begin(), backward.end());
  RC_ASSERT(forward == backward);
  auto x = action_dirs(postmulti_plan(t, p, {"-x", "true"}));
  auto xr = action_dirs(postmulti_plan(t, p, {"-R", "-x", "true"}));
  std::reverse(xr.begin(), xr.end());
  RC_ASSERT(x == xr);
}

RC_GTEST_PROP(PlannerLaws, start_becomes_check_on_disabled_instances, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  Plan plan =
      is_shell(p) ? shell_plan(t, p, {"start", "-v"}) : postmulti_plan(t, p, {"-p", "start", "-v"});
  RC_PRE(!whole_fail(plan));
  for (const auto& a : plan.actions) {
    const auto* run = std::get_if<RunAction>(&a);
    if (!run) continue;
    if (is_shell(p)) {
      bool enabled = shell_enabled(t, run->config_directory);
      // R56: check replaces start and drops the arguments.
      RC_ASSERT(run->argv.size() == (enabled ? 5u : 4u));
      RC_ASSERT(run->argv[3] == (enabled ? "start" : "check"));
    } else {
      auto enabled = postmulti_enabled(t, run->config_directory);
      RC_ASSERT(enabled.has_value());
      // R81: check replaces start and keeps the arguments.
      RC_ASSERT(run->argv.size() == 4u);
      RC_ASSERT(run->argv[2] == (*enabled ? "start" : "check"));
    }
  }
}

RC_GTEST_PROP(PlannerLaws, stop_and_control_skip_disabled_instances, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  std::string cmd = *rc::gen::element<std::string>("stop", "abort", "drain", "flush", "reload",
                                                   "quick-stop", "status");
  Plan plan = is_shell(p) ? shell_plan(t, p, {cmd}) : postmulti_plan(t, p, {"-p", cmd});
  bool skipping = is_shell(p) ? cmd != "quick-stop" && cmd != "status" : cmd != "status";
  for (const auto& a : plan.actions) {
    if (const auto* run = std::get_if<RunAction>(&a)) {
      bool enabled = is_shell(p) ? shell_enabled(t, run->config_directory)
                                 : postmulti_enabled(t, run->config_directory).value_or(false);
      RC_ASSERT(enabled || !skipping);
    } else if (const auto* skip = std::get_if<SkipAction>(&a)) {
      bool enabled = is_shell(p) ? shell_enabled(t, skip->config_directory)
                                 : postmulti_enabled(t, skip->config_directory).value_or(true);
      RC_ASSERT(skipping);
      RC_ASSERT(!enabled);
    }
  }
}

RC_GTEST_PROP(PlannerLaws, runs_target_listed_directories_only, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  std::vector<std::string> cmd = *gen_command();
  Plan plan;
  if (is_shell(p)) {
    plan = shell_plan(t, p, cmd);
  } else {
    std::vector<std::string> args{"-p"};
    args.insert(args.end(), cmd.begin(), cmd.end());
    plan = postmulti_plan(t, p, args);
  }
  std::vector<std::string> allowed = expected_order(t, p);
  for (const auto& a : plan.actions) {
    const auto* run = std::get_if<RunAction>(&a);
    if (!run) continue;
    RC_ASSERT(std::find(allowed.begin(), allowed.end(), run->config_directory) != allowed.end());
    // pfmulti's own profile runs only absolute directories (R93).
    if (p == ProfileName::kPostmulti) RC_ASSERT(run->config_directory.front() == '/');
  }
}

RC_GTEST_PROP(PlannerLaws, exit_status_rule_per_profile, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  std::vector<std::string> cmd = *gen_command();
  Plan plan;
  if (is_shell(p)) {
    plan = shell_plan(t, p, cmd);
    RC_ASSERT(plan.exit == ExitRule::kLastFailure);  // R59
    return;
  }
  std::vector<std::string> args{"-p"};
  args.insert(args.end(), cmd.begin(), cmd.end());
  plan = postmulti_plan(t, p, args);
  if (whole_fail(plan)) {
    RC_ASSERT(!plan.actions.empty());
    const auto* f = std::get_if<FailAction>(&plan.actions.back());
    RC_ASSERT(f != nullptr);
    RC_ASSERT(f->config_directory.empty());
    RC_ASSERT(f->exit_status == 1);
    return;
  }
  RC_ASSERT(plan.exit == ExitRule::kAnyFailureIsOne);  // R85
  // Every damaged secondary makes the exit status non-zero in pfmulti's profile (R90).
  auto damage = expected_damage(t);
  bool any_damage = std::find(damage.begin(), damage.end(), true) != damage.end();
  size_t fails = 0;
  for (const auto& a : plan.actions) fails += std::holds_alternative<FailAction>(a);
  if (p == ProfileName::kPostmulti) RC_ASSERT((fails > 0) == any_damage);
  if (p == ProfileName::kPostmultiStrict) RC_ASSERT(fails == 0u);
}

RC_GTEST_PROP(PlannerLaws, selection_by_group_name_suffix_path_and_dash, ()) {
  TreeOptions o;
  o.allow_damage = false;
  o.allow_conflicts = false;
  o.allow_relative = false;
  Tree t = *gen_tree(o);
  ProfileName p = *rc::gen::element(ProfileName::kPostmulti, ProfileName::kPostmultiStrict);
  // A selector: -g GROUP, -i NAME / SUFFIX / PATH, -i -.
  std::vector<std::string> names{"-", "nosuch", "/etc/postfix", "mta", "msa", "MTA", ""};
  for (const auto& i : t.instances) {
    names.push_back(i.dir);
    if (!i.name.empty()) names.push_back(i.name);
    if (i.name.rfind("postfix-", 0) == 0) names.push_back(i.name.substr(8));
  }
  std::string option = *rc::gen::element<std::string>("-g", "-i");
  std::string value = *rc::gen::elementOf(names);
  Plan plan = postmulti_plan(t, p, {option, value, "-p", "status"});
  // Reference matcher from the rule text (R83).
  std::vector<std::string> expected;
  auto consider = [&](const std::string& dir, const std::string& name, const std::string& group,
                      bool primary) {
    bool m;
    if (value.empty()) {
      m = false;  // nothing has an empty name or group
    } else if (option == "-g") {
      m = !group.empty() && group == value;
    } else if (primary && value == "-") {
      m = true;
    } else if (value.front() == '/' || name.empty()) {
      m = value == dir;
    } else if (value.rfind("postfix-", 0) != 0 && name.rfind("postfix-", 0) == 0) {
      m = value == name.substr(8);
    } else {
      m = value == name;
    }
    if (m) expected.push_back(dir);
  };
  consider(kPrimaryDir, "", "", true);
  for (const auto& dir : split_list(raw_list(t))) {
    const GenInstance* i = t.find(dir);
    consider(dir, i->name, i->group, false);
  }
  if (expected.empty()) {
    RC_ASSERT(whole_fail(plan));
  } else {
    RC_ASSERT(action_dirs(plan) == expected);
  }
}

RC_GTEST_PROP(PlannerLaws, list_parsing_insensitive_to_layout, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  Tree u = t;
  if (is_shell(p)) {
    // White space layout only: the shell wrappers care about commas (R51).
    for (auto& sep : t.separators) sep = *rc::gen::element<std::string>(" ", "\t", "\n  ", "  \t");
    for (auto& sep : u.separators) sep = *rc::gen::element<std::string>(" ", "\t", "\n  ", "  \t");
    RC_ASSERT(shell_plan(t, p, {"start"}) == shell_plan(u, p, {"start"}));
  } else {
    for (auto& sep : u.separators) sep = *gen_separator();
    RC_ASSERT(postmulti_plan(t, p, {"-p", "stop"}) == postmulti_plan(u, p, {"-p", "stop"}));
  }
}

RC_GTEST_PROP(PlannerLaws, claims_conflicts_match_predicate, ()) {
  TreeOptions o;
  o.allow_relative = false;
  Tree t = *gen_tree(o);
  for (auto& i : t.instances) {  // damage other than conflicts is another law's business
    i.file = FileKind::kGood;
    if (!parse_bool(i.enable) || i.enable.find('$') != std::string::npos) i.enable = "yes";
  }
  auto damage = expected_damage(t);
  bool consistent = std::find(damage.begin(), damage.end(), true) == damage.end();
  Plan strict = postmulti_plan(t, ProfileName::kPostmultiStrict, {"-p", "status"});
  RC_ASSERT(whole_fail(strict) == !consistent);
  if (!consistent) {
    const auto& f = std::get<FailAction>(strict.actions.back());
    RC_ASSERT(f.reason.find("conflicts with instance") != std::string::npos);
  }
  Plan isolated = postmulti_plan(t, ProfileName::kPostmulti, {"-p", "status"});
  std::vector<std::string> failed, expected_failed;
  for (const auto& a : isolated.actions)
    if (const auto* f = std::get_if<FailAction>(&a)) failed.push_back(f->config_directory);
  auto dirs = split_list(raw_list(t));
  for (size_t k = 0; k < dirs.size(); ++k)
    if (damage[k]) expected_failed.push_back(dirs[k]);
  RC_ASSERT(failed == expected_failed);
}

RC_GTEST_PROP(PlannerLaws, damaged_secondary_fails_alone, ()) {
  Tree t = *gen_tree();
  Plan plan = postmulti_plan(t, ProfileName::kPostmulti, {"-p", "status"});
  RC_ASSERT(!whole_fail(plan));  // the primary is always readable here
  auto damage = expected_damage(t);
  auto dirs = split_list(raw_list(t));
  RC_ASSERT(plan.actions.size() == dirs.size() + 1);
  RC_ASSERT(std::holds_alternative<RunAction>(plan.actions[0]));
  for (size_t k = 0; k < dirs.size(); ++k) {
    const Action& a = plan.actions[k + 1];
    if (damage[k]) {
      const auto* f = std::get_if<FailAction>(&a);
      RC_ASSERT(f != nullptr);
      RC_ASSERT(f->config_directory == dirs[k]);
    } else {
      const auto* r = std::get_if<RunAction>(&a);
      RC_ASSERT(r != nullptr);
      RC_ASSERT(r->config_directory == dirs[k]);
    }
  }
}

// The configuration memo (model/main_cf/config_cache.h) never changes a plan: a plan made with a
// cache warmed on another tree (same paths, other bytes, some files gone or unreadable), or on the
// same tree, equals the plan made from nothing.
RC_GTEST_PROP(PlannerLaws, plan_is_the_same_with_a_stale_warm_or_cold_config_cache, ()) {
  ProfileName p = *gen_profile();
  Tree t = tree_for(p);
  Tree other = tree_for(p);
  bool shell = is_shell(p);
  auto scenario_of = [&](const Tree& tree) {
    return shell ? wrapper_scenario(tree, p, {"start"})
                 : postmulti_scenario(tree, p, {"-p", "start"});
  };
  Scenario cold = scenario_of(t);
  Plan expected = make_plan(cold);
  Scenario stale_source = scenario_of(other);
  (void)make_plan(stale_source);  // warms a cache on the other tree
  Scenario stale = scenario_of(t);
  stale.config_cache = stale_source.config_cache;
  RC_ASSERT(make_plan(stale) == expected);
  RC_ASSERT(make_plan(stale) == expected);  // and warm on this tree now
  RC_ASSERT(make_plan(cold) == expected);
}

// R120 (issue 12 item 1): with every parameter the model reads set to empty, $undefined,
// relative, duplicated, other-instance values and worse (TreeOptions::hostile), every mode plans
// (no abort: register_claim's "panic", exit 134, was reached by `config_directory =`) and the
// primary is the directory postmulti and postfix(1) read, /etc/postfix.
RC_GTEST_PROP(PlannerLaws, no_input_reaches_an_abort_and_the_primary_is_the_directory_read, ()) {
  TreeOptions o;
  o.hostile = true;
  o.max_instances = 6;
  Tree t = *gen_tree(o);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"-l"}, {"-p", "status"}, {"-p", "stop"}, {"-x", "true"}}) {
    for (ProfileName p : {ProfileName::kPostmulti, ProfileName::kPostmultiStrict}) {
      Plan plan = make_plan(postmulti_scenario(t, p, args));
      for (const auto& a : plan.actions)
        if (const auto* f = std::get_if<FailAction>(&a)) {
          RC_ASSERT(f->exit_status != 134);
          RC_ASSERT(f->reason.find("panic") == std::string::npos);
        }
      if (!plan.listing.empty()) RC_ASSERT(plan.listing.front().config_directory == kPrimaryDir);
      if (args[0] == "-p" && args[1] == "status" && !plan.actions.empty())
        if (const auto* r = std::get_if<RunAction>(&plan.actions.front())) {
          RC_ASSERT(r->config_directory == kPrimaryDir);
          RC_ASSERT(r->env.at("MAIL_CONFIG") == kPrimaryDir);
        }
    }
  }
  Scenario s;
  s.program = Program::kPostfix;
  s.argv = {"postfix", "start"};
  s.files = t.files();
  Plan plan = make_plan(s);
  for (const auto& a : plan.actions)
    if (const auto* e = std::get_if<ExecAction>(&a)) {
      RC_ASSERT(e->env.at("MAIL_CONFIG") == kPrimaryDir);
      RC_ASSERT(e->env.at("config_directory") == kPrimaryDir);
    }
  for (ProfileName p : {ProfileName::kSeed, ProfileName::kPostfixWrapper, ProfileName::kPostmulti})
    make_plan(wrapper_scenario(t, p, {"start"}));  // must return: no abort
}

}  // namespace
}  // namespace pfmulti
