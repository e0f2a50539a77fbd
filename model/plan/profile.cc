// The profile tables (see profile.h). Each row cites its source; spec/rules.md R50-R79.
#include "model/plan/profile.h"

namespace pfmulti {

namespace {

// postfix-wrapper(5), GENERAL OPERATION: the example manager. No daemon_directory check, no
// reversal, skip set "stop|abort|flush|reload|drain", start -> check.
Profile make_seed() {
  return Profile{
      .name = ProfileName::kSeed,
      .id = "seed",
      .source = "postfix-wrapper(5), example manager",
      .required_env = {"command_directory"},
      .list_reading = ListReading::kShellFirstComma,
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

// $daemon_directory/postfix-wrapper of Postfix 3.7: both sanity checks, reversal for
// "stop|quick-stop|abort|drain", skip set "stop|abort|drain|flush|reload" (quick-stop is
// reversed but not skipped).
Profile make_postfix_wrapper() {
  return Profile{
      .name = ProfileName::kPostfixWrapper,
      .id = "postfix-wrapper",
      .source = "postfix-wrapper script shipped with Postfix 3.7",
      .required_env = {"command_directory", "daemon_directory"},
      .list_reading = ListReading::kShellFirstComma,
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
  static const Profile wrapper = make_postfix_wrapper();
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
  }
  return postmulti;
}

std::string_view profile_id(ProfileName name) { return profile(name).id; }

std::optional<ProfileName> profile_from_id(std::string_view id) {
  for (ProfileName p : all_profiles())
    if (profile(p).id == id) return p;
  return std::nullopt;
}

const std::vector<ProfileName>& all_profiles() {
  static const std::vector<ProfileName> all{ProfileName::kSeed, ProfileName::kPostfixWrapper,
                                            ProfileName::kPostmulti, ProfileName::kPostmultiStrict};
  return all;
}

}  // namespace pfmulti
