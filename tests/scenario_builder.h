// Small helpers for planner unit tests: build scenarios and pick actions out of plans.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/plan/planner.h"

namespace pfmulti::test {

inline const char* kPrimaryDir = "/etc/postfix";

// An instance main.cf with the usual private directories.
inline std::string instance_cf(const std::string& letter, const std::string& enable,
                               const std::string& group = "", const std::string& extra = "") {
  std::string text = "queue_directory = /var/spool/postfix-" + letter +
                     "\ndata_directory = /var/lib/postfix-" + letter +
                     "\nmulti_instance_name = postfix-" + letter +
                     "\nmulti_instance_enable = " + enable + "\n";
  if (!group.empty()) text += "multi_instance_group = " + group + "\n";
  return text + extra;
}

inline Scenario make_scenario(Program program, ProfileName profile, std::vector<std::string> argv,
                              FileMap files, EnvMap env = {}) {
  Scenario s;
  s.program = program;
  s.profile = profile;
  s.argv = std::move(argv);
  s.files = std::move(files);
  s.env = std::move(env);
  return s;
}

// What postfix(1) hands a wrapper with the compiled-in defaults.
inline EnvMap wrapper_env() {
  EnvMap env;
  for (const auto& name : exported_parameter_names()) env[name] = *compiled_defaults().find(name);
  env["PATH"] = "/bin:/usr/bin:/sbin:/usr/sbin";
  env["MAIL_CONFIG"] = "/etc/postfix";
  env["LANG"] = "C";
  return env;
}

template <class T>
std::vector<T> actions_of(const Plan& plan) {
  std::vector<T> out;
  for (const auto& a : plan.actions)
    if (const auto* x = std::get_if<T>(&a)) out.push_back(*x);
  return out;
}

// The config directories of the run actions, in order.
inline std::vector<std::string> run_dirs(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& r : actions_of<RunAction>(plan)) out.push_back(r.config_directory);
  return out;
}

// The single whole-command failure's reason, or "" when the plan does not fail as a whole.
inline std::string whole_failure(const Plan& plan) {
  if (plan.exit != ExitRule::kFail || plan.actions.empty()) return "";
  const auto* f = std::get_if<FailAction>(&plan.actions.back());
  return f ? f->reason : "";
}

}  // namespace pfmulti::test
