// Reading one instance's main.cf from a scenario's FileMap into a Config, with the messages real
// Postfix gives: "open DIR/main.cf: REASON" for an absent or unreadable file, the reader's
// "FILE, line N: ..." for a fatal syntax error (spec/rules.md R44, R71, R77); and what the shell
// wrappers see of it through `postconf -h` (R51, R55). Pure.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "model/main_cf/config.h"
#include "model/plan/planner.h"

namespace pfmulti {

Result<Config> load_config(const FileMap& files, std::string_view config_dir,
                           const Defaults& defaults, std::string_view cwd);
// What load_config makes of one file state (nullptr: absent) found at path for config_dir; the
// one definition shared with the cached path (model/main_cf/config_cache.h).
Result<Config> config_from_state(const FileState* state, std::string_view path,
                                 std::shared_ptr<const Defaults> defaults,
                                 std::string_view config_dir);
// The same for a scenario's files, defaults and cwd, through its memo
// (model/main_cf/config_cache.h): each main.cf is parsed once per plan.
const Result<Config>& load_config(const Scenario& s, std::string_view config_dir);

// Why `postconf -c DIR -h NAME` fails whatever NAME is, or nullopt when it does not: main.cf is
// absent, unreadable or malformed ("open ...", "FILE, line N: ..."), or postconf's start-up
// check fails: it expands the main.cf value of every parameter it knows
// (Config::startup_error(), "NAME: message"), which also covers the two lines that crash real
// postconf (a reference cycle through a relational operand, reported by Config as a cycle).
// spec/rules.md R51, R55.
std::optional<std::string> postconf_failure(const FileMap& files, std::string_view config_dir,
                                            const Defaults& defaults, std::string_view cwd);
// The same for a scenario, through its memo.
std::optional<std::string> postconf_failure(const Scenario& s, std::string_view config_dir);

// The same for a configuration already loaded (load_config): a planner that asks several
// questions of each instance loads it once.
std::optional<std::string> postconf_failure(const Result<Config>& cfg);

// postconf -h NAME: the raw value (main.cf's definition, else the default), white space
// collapsed; nullopt when postconf would fail (postconf_failure): it prints nothing then.
std::optional<std::string> postconf_h(const FileMap& files, std::string_view config_dir,
                                      const Defaults& defaults, std::string_view cwd,
                                      std::string_view name);
// The same for a scenario, through its memo.
std::optional<std::string> postconf_h(const Scenario& s, std::string_view config_dir,
                                      std::string_view name);
// The same for a configuration already loaded.
std::optional<std::string> postconf_h(const Result<Config>& cfg, std::string_view name);

}  // namespace pfmulti
