// The planner: the heart of pfmulti. A pure function from a Scenario (which program runs, its argv
// and environment, the main.cf files it could read, the built-in defaults, a profile) to a Plan
// (model/plan/plan.h). No I/O: every file the real program would read is in Scenario::files.
//   - program kPostfix: postfix(1)'s dispatch (spec/postfix-facts.md §1; spec/rules.md R40-R49);
//   - program kWrapper: a multi-instance manager invoked by postfix(1) as
//     `$multi_instance_wrapper COMMAND ARGS...`, behaving as the profile says (R50-R79);
//   - program kPostmulti: postmulti(1) iterator mode, -l -p -x -a -g -i -R (R80-R99).
// Profiles are small tables of rules (model/plan/profile.h): seed, postfix-wrapper, postmulti
// (pfmulti's default), postmulti-strict (real postmulti 3.7, which aborts on a damaged secondary).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/main_cf/param_defaults.h"
#include "model/plan/plan.h"
#include "model/plan/profile.h"

namespace pfmulti {

enum class Program { kPostfix, kWrapper, kPostmulti };

std::string_view program_name(Program p);
std::optional<Program> program_from_name(std::string_view name);

// A file that exists but cannot be read (permission denied, is a directory, I/O error).
struct Unreadable {
  std::string reason;
  friend bool operator==(const Unreadable&, const Unreadable&) = default;
};
// main.cf bytes, or why it cannot be read. A path missing from the map is absent
// ("No such file or directory").
using FileState = std::variant<std::string, Unreadable>;
// Key: the path of a main.cf file ("/etc/postfix-a/main.cf"). Lookups collapse repeated
// slashes, as the kernel does ("/etc/postfix-a/" + "/main.cf").
using FileMap = std::map<std::string, FileState, std::less<>>;

class ConfigCache;  // model/main_cf/config_cache.h

struct Scenario {
  Program program = Program::kPostfix;
  ProfileName profile = ProfileName::kPostmulti;
  // The Postfix release whose programs the scenario runs (model/plan/release.h; R107-R114).
  PostfixRelease release = kDefaultRelease;
  // Full argv; argv[0] is the program's path or name.
  std::vector<std::string> argv;
  // The environment the program starts with.
  EnvMap env;
  // The main.cf files it could read (see FileMap).
  FileMap files;
  // Built-in parameter defaults (postconf -d); compiled_defaults() unless a test says otherwise.
  Defaults defaults = compiled_defaults();
  // Directories known to exist. When set, postfix(1)'s chdir checks and postmulti's shared
  // directory checks are planned against it; when unset, every directory is assumed to exist.
  std::optional<std::vector<std::string>> directories;
  // Current directory, for relative paths ("" = unknown: relative paths are looked up as given).
  std::string cwd;
  // A memo of parsed main.cf files (model/main_cf/config_cache.h), shared with the world reader
  // that built `files`, or made by the planner on first use. Not part of the scenario's meaning: a
  // plan is the same with or without it, and == ignores it.
  mutable std::shared_ptr<ConfigCache> config_cache;
  // pfmulti's --parallel N (issue 14): the multi-instance plans get stages (Plan::stages) that
  // let up to N secondaries run at once; 1 is the sequential plan.
  size_t parallel = 1;

  friend bool operator==(const Scenario& a, const Scenario& b) {
    return a.program == b.program && a.profile == b.profile && a.release == b.release &&
           a.argv == b.argv && a.env == b.env && a.files == b.files &&
           a.defaults.values == b.defaults.values && a.directories == b.directories &&
           a.cwd == b.cwd && a.parallel == b.parallel;
  }
};

// Which rules (spec/rules.md ids, "R42") produced each action of a plan and its exit rule.
struct PlanExplanation {
  std::vector<std::vector<std::string>> action_rules;  // parallel to Plan::actions
  std::vector<std::string> plan_rules;                 // rules behind the plan as a whole
};

// The planner. Total: never throws; every input gives a plan (errors are FailActions).
Plan make_plan(const Scenario& scenario, PlanExplanation* why = nullptr) noexcept;

// Lookup helper shared with tests and the executor's fake world: the file at path (slashes
// collapsed, relative paths joined to cwd when cwd is known), or nullptr when absent.
const FileState* find_file(const FileMap& files, std::string_view path, std::string_view cwd = {});

// The scenario's configuration memo, made on first use (or anew when its defaults differ).
ConfigCache& config_cache_for(const Scenario& scenario);

// "DIR/main.cf" as postfix builds it (concatenation with "/"), before slash collapsing.
std::string main_cf_path(std::string_view config_directory);

}  // namespace pfmulti
