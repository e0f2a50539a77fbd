// The Postfix release as an input of the model (spec/postfix-facts.md §7, spec/rules.md
// R107-R115, docs/releases.md): one row per release with every behaviour of the wrapper script,
// postmulti(1) and postfix(1) that a multi-instance manager must know and that changed after 3.7.
// Planners look a behaviour up in this table (through the profile, model/plan/profile.h); they
// never compare version numbers. A new release is a new row (docs/releases.md says how).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/main_cf/param_defaults.h"

namespace pfmulti {

enum class PostfixRelease { k3_7, k3_8, k3_9, k3_10, k3_11 };

// How the shipped shell scripts (postfix-wrapper, postfix-script, the example manager of
// postfix-wrapper(5)) turn multi_instance_directories into words.
enum class ScriptCommaSplit {
  kFirstComma,  // `sed 's/,/ /'`: up to 3.9 (R51)
  kAllCommas,   // `sed 'y/,/ /'`: 3.10 and later (R107)
};

// A built-in default (postconf -d) of the release's Debian package that differs from pfmulti's
// compiled-in one (Debian 12's 3.7; model/main_cf/param_defaults.h).
struct DefaultChange {
  std::string_view name, value;
};

struct ReleaseRow {
  PostfixRelease release;
  std::string_view id;        // "3.10": what --postfix-release and the scenario field take
  std::string_view measured;  // the real program that showed the row ("" = from HISTORY only)
  ScriptCommaSplit script_comma_split;  // R51, R107
  bool postfix_messages_to_stderr;      // R108: postfix(1) writes messages to stderr, not a tty
  bool postfix_script_bare_postconf;    // R109: reload/status/check-warn run a bare postconf
  bool postmulti_messages_to_stderr;    // R110: postmulti writes messages to stderr, not a tty
  bool postmulti_list_json;             // R111: postmulti takes -j (with -l)
  bool postmulti_list_json_group_cut;   // R111: ... and cuts the group to its first byte
  bool check_creates_marker_file;       // R112: start/check write check-alias-maps-migration-done
  bool debian_start_redirects_to_systemd;  // R113: Debian's postfix-script, `start` outside systemd
  // R116: postmulti expands syslog_name (its MAIL_LOGTAG) from main.cf alone, before the built-in
  // defaults are in place: $config_directory, $queue_directory... are undefined there.
  bool postmulti_logtag_before_defaults;
  std::vector<DefaultChange> default_changes;  // R115: postconf -d of the release's package
};

const ReleaseRow& release_row(PostfixRelease r) noexcept;
// compiled_defaults() with the release's default_changes applied (R115).
Defaults release_defaults(PostfixRelease r);
std::string_view release_id(PostfixRelease r) noexcept;
// "3.10", "3.10.13" (the patch level is ignored); nullopt for an unknown release.
std::optional<PostfixRelease> release_from_id(std::string_view id) noexcept;
const std::vector<PostfixRelease>& all_releases() noexcept;
// The release the model assumes when none is given: 3.7, the release pfmulti was first modelled
// on (Debian 12).
inline constexpr PostfixRelease kDefaultRelease = PostfixRelease::k3_7;

}  // namespace pfmulti
