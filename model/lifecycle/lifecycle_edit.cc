// postmulti(1) -e init, -e assign, -e enable and -e disable as a plan: one main.cf edit each
// (spec/rules.md R98, R105, R106; postmulti.c manage(), postmulti-script init/assign/enable/
// disable). init names pfmulti itself as the multi_instance_wrapper.
#include <fmt/format.h>

#include "model/lifecycle/instance_names.h"
#include "model/lifecycle/lifecycle_planner.h"
#include "model/main_cf/main_cf.h"

namespace pfmulti {

void LifecyclePlanner::plan_init() {
  const std::string& self = in_.self_path;
  if (self.empty() || self.front() != '/')
    return fail(fmt::format("cannot tell where pfmulti is installed (got '{}')", self));
  for (char c : self)
    if (is_postfix_space(c))
      return fail(
          fmt::format("pfmulti's path '{}' holds white space: it cannot be a "
                      "multi_instance_wrapper",
                      self));
  std::string wrapper = self + " -p --";
  if (self == v_["command_directory"] + "/pfmulti") wrapper = "${command_directory}/pfmulti -p --";
  edit_file(
      primary_path_, primary_bytes_,
      {set_param("multi_instance_wrapper", wrapper), set_param("multi_instance_enable", "yes")});
}

void LifecyclePlanner::plan_assign() {
  const Instance* t = select_existing(false);
  if (!t) return;
  const auto& assign_name = command_.assign_name;
  const auto& assign_group = command_.assign_group;
  if (std::string e = check_name_assignment(assign_name, assign_group); !e.empty()) return fail(e);
  std::vector<ParameterEdit> edits;
  if (assign_name && *assign_name != t->name) {
    if (auto conflict = claims_.add({t->config_dir, "multi_instance_name", *assign_name}))
      return fail(*conflict);
    edits.push_back(set_param("multi_instance_name", *assign_name));
    plan_.target.name = *assign_name;
  }
  if (assign_group && *assign_group != t->group) {
    edits.push_back(set_param("multi_instance_group", *assign_group));
    plan_.target.group = *assign_group;
  }
  if (edits.empty()) return;  // postmulti: nothing to change, exit 0
  if (!check_initialized()) return;
  edit_file(main_cf_path(t->config_dir), bytes_of(*t), edits);
}

void LifecyclePlanner::plan_enable() {
  const Instance* t = select_existing(false);
  if (!t) return;
  if (!check_initialized()) return;
  bool enable = command_.edit == EditAction::kEnable;
  edit_file(main_cf_path(t->config_dir), bytes_of(*t),
            {set_param("multi_instance_enable", enable ? "yes" : "no")});
}

}  // namespace pfmulti
