// Gathers the facts the life-cycle planner asks for (model/lifecycle/lifecycle_plan.h
// LifecycleNeed) from the real system: file contents, stat(2) kinds, recursive directory listings
// (lstat, symbolic links never followed, at most kMaxTreeEntries entries), and whether an instance
// runs (`$command_directory/postfix -c DIR status` exits 0, as postmulti-script asks, output
// discarded). Files are read with read_file (impl/runtime/read_file.h). Then plans: asks,
// gathers, asks again until the plan needs nothing more.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/lifecycle/lifecycle_plan.h"

namespace pfmulti {

inline constexpr size_t kMaxTreeEntries = 100000;

// Runs argv with stdin, stdout and stderr on /dev/null; true when it exits 0.
using StatusProbe = std::function<bool(const std::vector<std::string>& argv)>;
bool run_status_probe(const std::vector<std::string>& argv);

void gather_lifecycle_facts(const std::vector<LifecycleNeed>& needs, LifecycleFacts& facts,
                            const StatusProbe& probe);

// plan_lifecycle() with facts gathered from the system until no needs remain.
LifecyclePlan plan_lifecycle_on_system(const LifecycleInput& input, const StatusProbe& probe);

}  // namespace pfmulti
