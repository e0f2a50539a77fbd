// Running one conformance case of `pfmulti conform` (docs/conformance.md): builds the case as
// real directories and main.cf files under its root, with a recording command_directory
// (tests/conform/recording_postfix.cc hard-linked as bin/postfix and bin/postconf), asks the
// model what postfix(1) would hand the manager (spec/rules.md R40-R49: the environment after
// import_environment and the exports, the current directory) and what the manager must do for
// the profile (R50-R92), runs the implementation as postfix(1) would (argv only, no shell),
// collects the trace and compares. In --postmulti mode the primary is /etc/postfix, the
// compiled-in config directory that postmulti(1) insists on: the case's primary directory is
// bind-mounted there in a private mount namespace of the implementation's process (root only).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "impl/conform/core/conform_case.h"
#include "impl/conform/core/conform_trace.h"
#include "model/plan/planner.h"

namespace pfmulti {

struct ConformConfig {
  std::vector<std::string> implementation;  // argv prefix; [0] an absolute path
  ProfileName profile = ProfileName::kPostmulti;
  PostfixRelease release = kDefaultRelease;  // the release the model plans for (R107-R114)
  bool postmulti_mode = false;               // primary at /etc/postfix (namespace)
  std::string stub;                          // the recording stub binary
  std::string postconf_library_path;         // LD_LIBRARY_PATH for postconf ("" = none)
  std::vector<std::string> postconf;         // postconf program and leading arguments
  std::string postconf_cache;                // directory for postconf's answers ("" = none)
  double timeout_seconds = 60;
  bool keep = false;  // keep case directories
};

struct CaseRun {
  bool reachable = true;  // postfix(1) would hand this configuration to the manager
  std::string note;       // why not reachable, or an infrastructure error
  bool error = false;     // the case could not be built or run
  CasePaths paths;
  Scenario scenario;  // the manager's scenario (pfmulti oracle input)
  Plan plan;
  PlanExplanation why;
  Trace expected, actual;
  std::optional<Difference> difference;
  std::string output;  // the implementation's stdout and stderr (tail)
};

// The scenarios only (no files, no process): for --dry-run and tests.
CaseRun plan_case(const ConformConfig& config, const CaseSpec& spec, const CasePaths& paths);

// Builds the case under root (an empty directory), runs the implementation, compares.
CaseRun run_case(const ConformConfig& config, const CaseSpec& spec, const std::string& root);

// "role[features]" of an instance directory of the case, for difference signatures:
// primary / secondary / unlisted, the main.cf state and the enable line's raw value.
std::string describe_instance(const CaseSpec& spec, const CasePaths& paths,
                              const std::string& instance);

// The spec/rules.md rules behind the expected action at the first difference (when known).
std::vector<std::string> rules_at_difference(const CaseRun& run);

}  // namespace pfmulti
