// The planner (see planner.h). First version: helpers only; dispatch follows.
#include "model/planner.h"

namespace pfmulti {

std::string_view program_name(Program p) {
  switch (p) {
    case Program::kPostfix: return "postfix";
    case Program::kWrapper: return "wrapper";
    case Program::kPostmulti: return "postmulti";
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

const FileState* find_file(const FileMap& files, std::string_view path, std::string_view cwd) {
  std::string full;
  if (!path.empty() && path.front() != '/' && !cwd.empty()) {
    full = std::string(cwd) + "/" + std::string(path);
  } else {
    full = std::string(path);
  }
  std::string collapsed;
  for (char c : full) {
    if (c == '/' && !collapsed.empty() && collapsed.back() == '/') continue;
    collapsed.push_back(c);
  }
  auto it = files.find(collapsed);
  return it == files.end() ? nullptr : &it->second;
}

Plan make_plan(const Scenario& scenario, PlanExplanation* why) {
  (void)scenario;
  Plan plan;
  plan.actions.push_back(FailAction{"", "planner: not implemented yet", 1});
  plan.exit = ExitRule::kFail;
  if (why) why->action_rules.assign(1, {});
  return plan;
}

}  // namespace pfmulti
