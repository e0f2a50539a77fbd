// postmulti(1)'s instances: THE instance record, THE loader of a secondary and THE selection
// matcher, shared by iterator mode (postmulti_plan.cc) and life-cycle mode (model/lifecycle/).
// Follows postmulti.c load_all_instances(), create_primary_instance(), load_instance() and
// match_instance_selection() (Postfix 3.7; spec/postfix-facts.md §3; spec/rules.md R75-R79,
// R83, R91). Pure; nothing here throws but std::bad_alloc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/diagnostic.h"
#include "model/main_cf/config.h"
#include "model/postmulti/claims.h"
#include "model/postmulti/postmulti_command.h"

namespace pfmulti {

// postmulti.c NAME_PREFIX: every secondary's name starts with it (R83, R99).
inline constexpr std::string_view kInstanceNamePrefix = "postfix-";

// R74 the primary's shared directories: checked when absolute; all but meta_directory are
// claimed by the primary.
inline constexpr const char* kSharedDirectories[] = {"command_directory", "daemon_directory",
                                                     "meta_directory", "shlib_directory"};

struct Instance {
  std::string config_dir;
  std::string queue_dir, data_dir, name, group;  // name/group "" = none
  bool enabled = false;
  bool primary = false;
  // pfmulti: why this secondary's parameters could not be obtained (its name and group are
  // then unknown).
  std::optional<std::string> damage;
  bool main_cf_absent = false;  // the life-cycle planner: deporting a deleted instance
};

// R76 the primary, from its own main.cf's expanded values (not collapsed); with no secondaries
// (single-instance mode) it counts as enabled (R75).
Instance primary_instance(std::string config_dir, std::string name, std::string group, bool enabled,
                          bool single_instance, std::string queue_dir, std::string data_dir);

// Why a secondary could not be loaded: postmulti 3.7's fatal message (profile
// postmulti-strict) and pfmulti's detailed one (the instance's damage).
struct LoadFailure {
  std::string strict;
  std::string detail;
};

// R77 what `postconf -xc DIR queue_directory data_directory multi_instance_name
// multi_instance_group multi_instance_enable` tells postmulti about the secondary in dir, from
// that directory's main.cf as read (expanded, white space collapsed); R78 the enable value.
std::variant<Instance, LoadFailure> load_secondary(const std::string& dir,
                                                   const Result<Config>& config);

// R79 the claims of one instance (claims.h instance_claims()).
std::vector<Claim> claims_of(const Instance& ip);

// R83 postmulti.c match_instance_selection(). nullopt when a damaged instance's unknown name
// or group would decide (R91): only a selection by config directory ("/...") or "-" (the
// primary, never damaged) is decided for it.
std::optional<bool> matches(const Instance& ip, const Selection& selection);

}  // namespace pfmulti
