// The modes `pfmulti lint` plans a configuration in (spec/rules.md R123): postmulti(1) -l, -p with
// a start-, stop- and control-class command and another one, and -x, in pfmulti's default
// profile, and postfix(1) `start` (the hand-off to the configured wrapper). lint reports every
// failure these plans hold, so that an error means some command will fail and a clean
// configuration plans without a failure in every mode. Pure: make_plan only.
#pragma once

#include <string>
#include <vector>

#include "model/main_cf/param_defaults.h"
#include "model/plan/planner.h"

namespace pfmulti {

struct ModeFailure {
  std::string mode;              // "postmulti -p stop", "postfix start", ...
  std::string config_directory;  // the failed instance; "" for a whole-command failure
  std::string reason;
};

// The command lines planned, as argv (argv[0] names the program).
const std::vector<std::vector<std::string>>& lint_modes();

// Every failure of every mode's plan for the configuration whose primary main.cf is in
// primary_dir (the directory postmulti and postfix(1) would read: R120).
std::vector<ModeFailure> mode_failures(const std::string& primary_dir, const FileMap& files,
                                       const Defaults& defaults, const std::string& cwd) noexcept;

}  // namespace pfmulti
