// The modes lint plans a configuration in (see lint_modes.h; spec/rules.md R123).
#include "model/lint/lint_modes.h"

#include <fmt/format.h>

namespace pfmulti {

const std::vector<std::vector<std::string>>& lint_modes() {
  static const std::vector<std::vector<std::string>> modes{
      {"postmulti", "-l"},           {"postmulti", "-p", "start"},  {"postmulti", "-p", "stop"},
      {"postmulti", "-p", "reload"}, {"postmulti", "-p", "status"}, {"postmulti", "-x", "true"},
      {"postfix", "start"}};
  return modes;
}

std::vector<ModeFailure> mode_failures(const std::string& primary_dir, const FileMap& files,
                                       const Defaults& defaults, const std::string& cwd) noexcept {
  std::vector<ModeFailure> out;
  Scenario s;
  s.files = files;
  s.defaults = defaults;
  s.defaults.values["config_directory"] = primary_dir;  // what the programs read (R120)
  s.cwd = cwd;
  for (const auto& argv : lint_modes()) {
    s.program = argv[0] == "postfix" ? Program::kPostfix : Program::kPostmulti;
    s.profile = ProfileName::kPostmulti;
    s.argv = argv;
    Plan plan = make_plan(s);
    for (const auto& a : plan.actions)
      if (const auto* f = std::get_if<FailAction>(&a))
        out.push_back({fmt::format("{}", fmt::join(argv, " ")), f->config_directory, f->reason});
  }
  return out;
}

}  // namespace pfmulti
