// Built-in parameter defaults for the parameters that multi-instance management needs
// (postfix-wrapper(5) CONFIGURATION PARAMETERS and NON-SHARED FILES; postmulti(1);
// spec/postfix-facts.md §1.4-1.5). Values are Postfix 3.7's as built by Debian; the directories are
// CMake cache variables (PFMULTI_DEFAULT_*), and the environment that postfix(1) exports to a
// multi-instance wrapper overrides them (spec/rules.md R20).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pfmulti {

using Environment = std::map<std::string, std::string, std::less<>>;

struct Defaults {
  std::map<std::string, std::string, std::less<>> values;
  const std::string* find(std::string_view name) const;
  // The default config directory (the primary instance's): this table's config_directory, else
  // the compiled-in one. The one place every planner and mode asks for it.
  const std::string& config_directory() const;
};

// The compiled-in defaults.
const Defaults& compiled_defaults();

// The parameters postfix(1) exports into a wrapper's environment, in postfix(1)'s order
// (spec/postfix-facts.md §1.5): command_directory daemon_directory ... html_directory.
const std::vector<std::string>& exported_parameter_names();

// compiled_defaults() with every exported parameter that env sets replaced by env's value.
Defaults defaults_with_environment(const Defaults& base, const Environment& env);

}  // namespace pfmulti
