// The planner's entry point (see planner.h): dispatch on the program and the profile.
#include "model/plan/planner.h"

#include "model/main_cf/config_cache.h"
#include "model/plan/plan_builder.h"
#include "model/postfix/postfix_dispatch.h"
#include "model/postmulti/postmulti_plan.h"
#include "model/wrapper/shell_wrapper.h"

namespace pfmulti {

std::string_view program_name(Program p) {
  switch (p) {
    case Program::kPostfix:
      return "postfix";
    case Program::kWrapper:
      return "wrapper";
    case Program::kPostmulti:
      return "postmulti";
  }
  return "postfix";
}

std::optional<Program> program_from_name(std::string_view name) {
  for (Program p : {Program::kPostfix, Program::kWrapper, Program::kPostmulti})
    if (program_name(p) == name) return p;
  return std::nullopt;
}

std::string main_cf_path(std::string_view config_directory) {
  return std::string(config_directory) + "/main.cf";
}

namespace {

std::string collapse_slashes(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace

const FileState* find_file(const FileMap& files, std::string_view path, std::string_view cwd) {
  std::string full;
  if (!path.empty() && path.front() != '/' && !cwd.empty()) {
    full = std::string(cwd) + "/" + std::string(path);
    if (auto it = files.find(full); it != files.end()) return &it->second;
  } else {
    // The path as given (no copy: the map compares with a view); most lookups end here.
    if (auto it = files.find(path); it != files.end()) return &it->second;
    full = std::string(path);
  }
  std::string collapsed = collapse_slashes(full);
  if (auto it = files.find(collapsed); it != files.end()) return &it->second;
  // Keys need not be in canonical form either ("/etc/postfix-a//main.cf").
  for (const auto& [key, state] : files)
    if (collapse_slashes(key) == collapsed) return &state;
  return nullptr;
}

ConfigCache& config_cache_for(const Scenario& scenario) {
  if (!scenario.config_cache || !scenario.config_cache->serves(scenario.defaults))
    scenario.config_cache = std::make_shared<ConfigCache>(scenario.defaults);
  return *scenario.config_cache;
}

namespace {

Plan plan_sequential(const Scenario& scenario, PlanExplanation* why) noexcept;

}  // namespace

// --parallel N: the sequential plan, with the partial order that lets it overlap (R127).
Plan make_plan(const Scenario& scenario, PlanExplanation* why) noexcept {
  Plan plan = plan_sequential(scenario, why);
  if (scenario.parallel > 1 && scenario.program != Program::kPostfix && !plan.actions.empty()) {
    plan.stages = parallel_stages(plan.actions.size(), plan.primary_actions, scenario.parallel);
    plan.parallel = scenario.parallel;
    if (why) why->plan_rules.emplace_back("R127");
  }
  return plan;
}

namespace {

Plan plan_sequential(const Scenario& scenario, PlanExplanation* why) noexcept {
  if (why) *why = PlanExplanation{};
  const Profile& p = profile(scenario.profile);
  switch (scenario.program) {
    case Program::kPostfix:
      return plan_postfix(scenario, why);
    case Program::kWrapper:
      if (p.run_style == RunStyle::kPostfixDashC) return plan_shell_wrapper(scenario, p, why);
      return plan_postmulti_wrapper(scenario, p, why);
    case Program::kPostmulti:
      // The postmulti binary is postmulti whatever the profile says about wrappers: a shell
      // profile gets real postmulti's behaviour (postmulti-strict).
      if (p.run_style == RunStyle::kPostfixDashC) {
        Plan plan = plan_postmulti(scenario, profile(ProfileName::kPostmultiStrict), why);
        return plan;
      }
      return plan_postmulti(scenario, p, why);
  }
  PlanBuilder b(why);
  return b.fail("unknown program", 1, {});
}

}  // namespace

}  // namespace pfmulti
