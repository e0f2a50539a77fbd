// Instance names, group names and private directory paths for postmulti(1) life-cycle mode
// (postmulti(1) "-I name", "-G group", "create"; postmulti.c check_safe_name,
// check_name_assignments, make_private_path, assign_new_parameter; spec/postfix-facts.md §3):
//   - a name or group may hold only ASCII letters, digits and "!@%-_=+:./"; a new instance name
//     must not hold '/' and must start with "postfix-" ("-" means: no name);
//   - a private directory given as name=value must be absolute and not the root directory;
//     trailing slashes are dropped;
//   - a private directory not given is derived from the primary's: its last component replaced
//     by the instance name (/etc/postfix -> /etc/postfix-NAME for -I postfix-NAME).
// Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/diagnostic.h"
#include "model/postmulti/instances.h"  // kInstanceNamePrefix

namespace pfmulti {

// Only letters, digits and "!@%-_=+:./"; not empty.
bool is_safe_name(std::string_view s);

// postmulti's checks of -I and -G values ("" = clear: always fine). Returns the fatal message,
// or "" when both are acceptable.
std::string check_name_assignment(const std::optional<std::string>& name,
                                  const std::optional<std::string>& group);

// "NAME=VALUE" from the command line of create/import. Returns the parameter name and the
// cleaned absolute path, or postmulti's message: malformed, not valid with this action, not
// absolute, the root directory.
struct PathSetting {
  std::string name;
  std::string value;
};
Result<PathSetting> parse_path_setting(std::string_view arg, std::string_view action);

// The derived private directory for a new instance named `name` from the primary's value of
// `param`. Differs from postmulti 3.7 in one corner: a primary directory directly under "/"
// (/postfix) gives /NAME, as the manual page says, where postmulti gives /postfix/NAME.
Result<std::string> derive_private_path(std::string_view param, std::string_view primary_value,
                                        std::string_view name);

}  // namespace pfmulti
