// How pfmulti learns the installed Postfix release (docs/releases.md, spec/rules.md R114): the
// built-in default of mail_version, `$command_directory/postconf -d -h mail_version` (no shell:
// posix_spawn with stdout on a pipe; stderr and stdin to /dev/null). Asked only when the profile's
// behaviour depends on the release and no --postfix-release was given.
#pragma once

#include <optional>
#include <string>

#include "model/plan/release.h"
#include "model/text/strings.h"

namespace pfmulti {

// The release postconf at command_directory reports, or nullopt (no postconf, it failed, or a
// release the table does not know) with *why set.
std::optional<PostfixRelease> installed_release(const std::string& command_directory,
                                                std::string* why);

}  // namespace pfmulti
