// The pieces of postmulti(1) iterator-mode planning (postmulti_plan.cc puts them together), one
// job each: the primary's settings (postmulti_primary.cc: R70, R71, R74), loading every instance
// (postmulti_load.cc: R75-R79, R90, R93), and the iteration (postmulti_iterate.cc: -l R87, -p
// and -x R80-R86). Internal to model/postmulti/. Pure; nothing throws but std::bad_alloc.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/plan/plan_builder.h"
#include "model/plan/profile.h"
#include "model/postmulti/instances.h"

namespace pfmulti {

// The primary main.cf values postmulti reads (expanded), by name.
using PrimaryValues = std::map<std::string, std::string, std::less<>>;

// A whole-command refusal: the message, the exit status, the rule.
struct Refusal {
  std::string message;
  int status = 1;
  std::string_view rule;
};

// R71 mail_conf_read() of read_dir's main.cf: the values postmulti uses, or the fatal.
std::variant<PrimaryValues, Refusal> read_primary(const Scenario& s, const std::string& read_dir);

// R74 the shared directories must exist; all but meta_directory are claimed by the primary.
std::optional<Refusal> claim_shared_directories(const Scenario& s, const PrimaryValues& v,
                                                ClaimTable& claims);

// R75-R79 the primary, then the secondaries, claims registered; the profile decides what a
// damaged secondary does (R90): a Refusal (postmulti-strict) or an instance with damage.
std::variant<std::vector<Instance>, Refusal> load_all_instances(const Scenario& s, const Profile& p,
                                                                const PrimaryValues& v,
                                                                ClaimTable& claims);

// R87 -l, and R80-R86 -p / -x, over the loaded instances.
Plan plan_list(PlanBuilder& b, std::vector<Instance> instances, const PostmultiCommand& c);
Plan plan_run(PlanBuilder& b, const Scenario& s, const PrimaryValues& v,
              std::vector<Instance> instances, const PostmultiCommand& c);

}  // namespace pfmulti
