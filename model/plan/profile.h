// Multi-instance manager profiles: each one a small table of rules, not flags scattered through
// the planner (spec/rules.md R50-R79 name the rows):
//   seed             the example manager in postfix-wrapper(5) (GENERAL OPERATION);
//   postfix-wrapper  $daemon_directory/postfix-wrapper as shipped, with the fixes of later releases
//                    (every comma splits the list, R107): pfmulti's drop-in default;
//   postfix-wrapper-strict  the script exactly as the scenario's release ships it (3.7-3.9: only
//                    the first comma, R51);
//   postmulti        postmulti(1) -p semantics with per-instance damage isolation: pfmulti's
//                    own default;
//   postmulti-strict postmulti(1) 3.7 exactly: a damaged secondary aborts the whole command.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/plan/plan.h"
#include "model/plan/release.h"

namespace pfmulti {

enum class ProfileName {
  kSeed,
  kPostfixWrapper,
  kPostmulti,
  kPostmultiStrict,
  kPostfixWrapperStrict
};

// How the manager obtains the instance list from the primary main.cf.
enum class ListReading {
  // `postconf -h multi_instance_directories | sed 's/,/ /'`, then the shell splits the
  // unquoted result on IFS white space (and globs it): raw value, white space collapsed, only
  // the first comma replaced.
  kShellFirstComma,
  // `... | sed 'y/,/ /'` (3.10 and later): every comma becomes a space, then as above (R107).
  kShellAllCommas,
  // As the release's shipped script does (model/plan/release.h: script_comma_split).
  kShellAsReleased,
  // The expanded value split on commas and white space (split_list), as postmulti does.
  kExpandedCommaSpace,
};

// How "enabled" is decided for one instance.
enum class EnableTest {
  // `test "`postconf -c DIR -h multi_instance_enable`" = yes`: the raw (unexpanded) value,
  // white space collapsed, equals "yes" exactly; an unreadable file prints nothing: disabled.
  kShellRawEqualsYes,
  // postconf -x value, yes/no in any case; anything else is an error (postmulti).
  kExpandedBoolean,
};

// What happens when a secondary's main.cf cannot be read or evaluated.
enum class Damage {
  kShellCarriesOn,  // the shell wrappers: postconf prints nothing, the instance is disabled
  kFailInstance,    // pfmulti: a FailAction for that instance; the others still run; exit 1
  kAbortAll,        // postmulti 3.7: fatal for the whole command, nothing runs
};

// How one instance command is run.
enum class RunStyle {
  kPostfixDashC,        // $command_directory/postfix -c DIR COMMAND ARGS... (env unchanged)
  kPostfixDashDashEnv,  // $command_directory/postfix -- COMMAND ARGS... with MAIL_CONFIG=DIR
};

struct Profile {
  ProfileName name;
  std::string_view id;      // "seed", "postfix-wrapper", ..., "postfix-wrapper-strict"
  std::string_view source;  // where its rules come from
  // Environment variables that must be set (else the shell's ${var?msg} aborts, exit 2).
  std::vector<std::string> required_env;
  ListReading list_reading;
  EnableTest enable_test;
  Damage damage;
  RunStyle run_style;
  // Command classes. When classes_from_main_cf is set, the lists come from the primary's
  // postmulti_start_commands / postmulti_stop_commands / postmulti_control_commands and
  // a command's class is the first of start, stop, control that lists it.
  bool classes_from_main_cf;
  std::vector<std::string> start_commands;    // disabled instance: run "check" instead
  std::vector<std::string> reverse_commands;  // whole order reversed
  std::vector<std::string> skip_commands;     // disabled instance: skipped
  // postmulti only: instance claims (model/postmulti/claims.h), the primary counted as enabled when
  // the list is empty, "No matching instances" when nothing was selected/run.
  bool claims;
  bool primary_enabled_when_single;
  bool no_match_is_fatal;
  ExitRule exit;
};

const Profile& profile(ProfileName name);
// The list reading of profile p on release r: kShellAsReleased resolved through the release table
// (never kShellAsReleased itself).
ListReading list_reading(const Profile& p, PostfixRelease r) noexcept;
// Whether the profile models a shell wrapper (the seed or the shipped script): COMMAND ARGS...
bool is_shell_profile(ProfileName name) noexcept;
std::string_view profile_id(ProfileName name);
std::optional<ProfileName> profile_from_id(std::string_view id);
const std::vector<ProfileName>& all_profiles();

}  // namespace pfmulti
