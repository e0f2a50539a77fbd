// Reading one instance's main.cf from a scenario's FileMap into a Config, with the messages real
// Postfix gives: "open DIR/main.cf: REASON" for an absent or unreadable file, the reader's
// "FILE, line N: ..." for a fatal syntax error (spec/rules.md R44, R71, R77). Pure.
#pragma once

#include <string>
#include <string_view>

#include "model/config.h"
#include "model/planner.h"

namespace pfmulti {

Result<Config> load_config(const FileMap& files, std::string_view config_dir,
                           const Defaults& defaults, std::string_view cwd);
// The same for a scenario's files, defaults and cwd, through its memo (model/config_cache.h):
// each main.cf is parsed once per plan.
const Result<Config>& load_config(const Scenario& s, std::string_view config_dir);

// postconf -h NAME: the raw value (main.cf's definition, else the default), white space
// collapsed; nullopt when postconf would fail (file absent, unreadable or malformed): it prints
// nothing then.
std::optional<std::string> postconf_h(const FileMap& files, std::string_view config_dir,
                                      const Defaults& defaults, std::string_view cwd,
                                      std::string_view name);
// The same for a scenario, through its memo.
std::optional<std::string> postconf_h(const Scenario& s, std::string_view config_dir,
                                      std::string_view name);

}  // namespace pfmulti
