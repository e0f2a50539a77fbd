// The profile tables (see profile.h). Each row cites its source; spec/rules.md R50-R79.
#include "model/plan/profile.h"

namespace pfmulti {

namespace {

// postfix-wrapper(5), GENERAL OPERATION: the example manager. No daemon_directory check, no
// reversal, skip set "stop|abort|flush|reload|drain", start -> check. Its list reading is the
// manual page's of the release (3.7: `sed 's/,/ /'`, 3.10: `sed 'y/,/ /'`): a model of a text.
Profile make_seed() {
  return Profile{
      .name = ProfileName::kSeed,
      .id = "seed",
      .source = "postfix-wrapper(5), example manager",
      .required_env = {"command_directory"},
      .list_reading = ListReading::kShellAsReleased,
      .enable_test = EnableTest::kShellRawEqualsYes,
      .damage = Damage::kShellCarriesOn,
      .run_style = RunStyle::kPostfixDashC,
      .classes_from_main_cf = false,
      .start_commands = {"start"},
      .reverse_commands = {},
      .skip_commands = {"stop", "abort", "flush", "reload", "drain"},
      .claims = false,
      .primary_enabled_when_single = false,
      .no_match_is_fatal = false,
      .exit = ExitRule::kLastFailure,
  };
}

// $daemon_directory/postfix-wrapper (3.7 to 3.11 differ only in the comma split): both sanity
// checks, reversal for "stop|quick-stop|abort|drain", skip set "stop|abort|drain|flush|reload"
// (quick-stop is reversed but not skipped). Not strict: every comma splits (R107), as upstream
// fixed it in 3.10; strict: the release's own split (3.7-3.9: the first comma only, R51).
Profile make_postfix_wrapper(bool strict) {
  return Profile{
      .name = strict ? ProfileName::kPostfixWrapperStrict : ProfileName::kPostfixWrapper,
      .id = strict ? "postfix-wrapper-strict" : "postfix-wrapper",
      .source = strict ? "postfix-wrapper script as the release ships it"
                       : "postfix-wrapper script, with the 3.10 comma fix on every release",
      .required_env = {"command_directory", "daemon_directory"},
      .list_reading = strict ? ListReading::kShellAsReleased : ListReading::kShellAllCommas,
      .enable_test = EnableTest::kShellRawEqualsYes,
      .damage = Damage::kShellCarriesOn,
      .run_style = RunStyle::kPostfixDashC,
      .classes_from_main_cf = false,
      .start_commands = {"start"},
      .reverse_commands = {"stop", "quick-stop", "abort", "drain"},
      .skip_commands = {"stop", "abort", "drain", "flush", "reload"},
      .claims = false,
      .primary_enabled_when_single = false,
      .no_match_is_fatal = false,
      .exit = ExitRule::kLastFailure,
  };
}

// postmulti(1) -p: classes from postmulti_{start,stop,control}_commands, claims, single-instance
// mode, "No matching instances", exit 1 on any failure. pfmulti isolates damaged secondaries.
Profile make_postmulti(bool strict) {
  return Profile{
      .name = strict ? ProfileName::kPostmultiStrict : ProfileName::kPostmulti,
      .id = strict ? "postmulti-strict" : "postmulti",
      .source =
          strict ? "postmulti(1) 3.7 (postmulti.c)" : "postmulti(1), damage isolated (pfmulti)",
      .required_env = {},
      .list_reading = ListReading::kExpandedCommaSpace,
      .enable_test = EnableTest::kExpandedBoolean,
      .damage = strict ? Damage::kAbortAll : Damage::kFailInstance,
      .run_style = RunStyle::kPostfixDashDashEnv,
      .classes_from_main_cf = true,
      .start_commands = {},
      .reverse_commands = {},
      .skip_commands = {},
      .claims = true,
      .primary_enabled_when_single = true,
      .no_match_is_fatal = true,
      .exit = ExitRule::kAnyFailureIsOne,
  };
}

}  // namespace

const Profile& profile(ProfileName name) {
  static const Profile seed = make_seed();
  static const Profile wrapper = make_postfix_wrapper(false);
  static const Profile wrapper_strict = make_postfix_wrapper(true);
  static const Profile postmulti = make_postmulti(false);
  static const Profile strict = make_postmulti(true);
  switch (name) {
    case ProfileName::kSeed:
      return seed;
    case ProfileName::kPostfixWrapper:
      return wrapper;
    case ProfileName::kPostmulti:
      return postmulti;
    case ProfileName::kPostmultiStrict:
      return strict;
    case ProfileName::kPostfixWrapperStrict:
      return wrapper_strict;
  }
  return postmulti;
}

std::string_view profile_id(ProfileName name) { return profile(name).id; }

ListReading list_reading(const Profile& p, PostfixRelease r) noexcept {
  if (p.list_reading != ListReading::kShellAsReleased) return p.list_reading;
  return release_row(r).script_comma_split == ScriptCommaSplit::kAllCommas
             ? ListReading::kShellAllCommas
             : ListReading::kShellFirstComma;
}

bool is_shell_profile(ProfileName name) noexcept {
  return profile(name).run_style == RunStyle::kPostfixDashC;
}

std::optional<ProfileName> profile_from_id(std::string_view id) {
  for (ProfileName p : all_profiles())
    if (profile(p).id == id) return p;
  return std::nullopt;
}

const std::vector<ProfileName>& all_profiles() {
  static const std::vector<ProfileName> all{ProfileName::kSeed, ProfileName::kPostfixWrapper,
                                            ProfileName::kPostmulti, ProfileName::kPostmultiStrict,
                                            ProfileName::kPostfixWrapperStrict};
  return all;
}

}  // namespace pfmulti
