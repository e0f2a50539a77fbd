// pfmulti's own options, taken out of a command line before the rest goes to the planner:
//   -n, --dry-run        print the plan, run nothing
//   --json               one JSON object per action outcome, then a summary
//   --profile NAME       seed, postfix-wrapper, postmulti (default), postmulti-strict
//   --postfix-release R  the installed Postfix release (3.7 ... 3.11; docs/releases.md); else
//                        asked of postconf when the profile depends on it
//   --timeout SECONDS    per-instance timeout (SIGTERM, then SIGKILL after --kill-grace)
//   --kill-grace SECONDS grace period between SIGTERM and SIGKILL (default 5)
//   --parallel N         up to N secondaries at once (the plan's stages; 1: sequential)
//   --tag, --no-tag      label every line a child prints with its instance (rules.md R181), or
//                        never; default: -x labels when stdout is a terminal
//   -c DIR               the primary instance's configuration directory (absolute)
//   -j                   with -l: postmulti 3.11's JSON listing
//   -h, --help           the help text on stdout, exit 0; --version: name and version, exit 0
// Iterator mode (postmulti(1) syntax) is parsed once, by postmulti's own parser with pfmulti's
// letters added to its table (model/postmulti/postmulti_command.h: split_command_line), so that
// "-gn" keeps "n" as -g's argument and `-g -l` is a group "-l", as postmulti's getopt has them.
// Wrapper mode (postfix-wrapper(5): COMMAND ARGS...) takes only leading long options: a postfix
// command never starts with "--".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/plan/profile.h"
#include "model/postmulti/postmulti_command.h"

namespace pfmulti {

struct CliOptions {
  bool dry_run = false;
  bool json = false;
  bool list_json = false;  // -j
  bool verbose = false;    // -v (also passed on to the planner)
  bool help = false;       // -h, --help
  bool version = false;    // --version
  std::optional<ProfileName> profile;
  std::optional<PostfixRelease> release;  // --postfix-release
  std::optional<double> timeout_seconds;
  double kill_grace_seconds = 5;
  size_t parallel = 1;                    // --parallel N
  std::optional<bool> tag;                // --tag (true), --no-tag (false); unset: the mode's
  std::optional<std::string> config_dir;  // -c
  std::vector<std::string> rest;          // postmulti's arguments, as written
  PostmultiParse postmulti;               // iterator mode: postmulti's reading of rest
};

Result<CliOptions> scan_iterator_options(const std::vector<std::string>& args);
Result<CliOptions> scan_wrapper_options(const std::vector<std::string>& args);

}  // namespace pfmulti
