// postmulti(1) iterator mode: the iteration (see postmulti_steps.h). postmulti.c
// list_instances() for -l (spec/rules.md R87) and iterate_command() / run_user_command() for -p
// and -x (R80-R86); pfmulti's damaged instances fail alone or, when the selection cannot be
// decided for them, are warned about (R90, R91).
#include <fmt/format.h>

#include <algorithm>

#include "model/main_cf/config.h"
#include "model/main_cf/instance_config.h"
#include "model/plan/release.h"
#include "model/postfix/env_import.h"
#include "model/postmulti/postmulti_steps.h"

namespace pfmulti {
namespace {

bool word_in_list(std::string_view list, std::string_view word) {
  auto words = split_list(list);
  return std::find(words.begin(), words.end(), word) != words.end();
}

// R80 the command's class: the first of start, stop, control whose list holds the word.
struct CommandClass {
  std::string_view name;  // "" for none
  bool check_disabled = false, skip_disabled = false, reverse = false;
};
CommandClass command_class(const PrimaryValues& v, const std::string& word) {
  if (word_in_list(v.at("postmulti_start_commands"), word)) return {"start", true, false, false};
  if (word_in_list(v.at("postmulti_stop_commands"), word)) return {"stop", false, true, true};
  if (word_in_list(v.at("postmulti_control_commands"), word))
    return {"control", false, true, false};
  return {};
}

// R86 what -x sets for one instance.
void generic_environment(const Scenario& s, const PrimaryValues& v, const Instance& ip,
                         EnvMap& env) {
  env["daemon_directory"] = v.at("daemon_directory");
  env["command_directory"] = v.at("command_directory");
  env["config_directory"] = ip.config_dir;
  env["queue_directory"] = ip.queue_dir;
  env["data_directory"] = ip.data_dir;
  env["multi_instance_name"] = ip.name;
  env["multi_instance_group"] = ip.group;
  env["multi_instance_enable"] = ip.enabled ? "yes" : "no";
  auto path = s.env.find("PATH");
  env["PATH"] =
      v.at("command_directory") + ":" +
      (path != s.env.end() && !path->second.empty() ? path->second : std::string(kRootPath));
}

}  // namespace

Plan plan_list(PlanBuilder& b, std::vector<Instance> instances, const PostmultiCommand& c) {
  if (c.reverse) std::reverse(instances.begin(), instances.end());
  for (const auto& ip : instances) {
    auto m = matches(ip, c.selection);
    if (ip.damage) {
      if (m.value_or(false)) {
        b.add(FailAction{ip.config_dir, *ip.damage, 1}, {"R87", "R90"});
      } else if (!m) {
        b.warn(fmt::format("instance {} not listed: {}", ip.config_dir, *ip.damage));
      }
      continue;
    }
    if (*m) b.list({ip.name, ip.group, ip.enabled, ip.config_dir});
  }
  b.rule("R87");
  return b.finish();
}

// R94 postmulti's MAIL_LOGTAG: $syslog_name of the primary, expanded. R116 (3.10 and later):
// postmulti expands it from main.cf alone, before the built-in defaults are in place, so that
// $config_directory or $queue_directory there are undefined (measured: with
// multi_instance_name = ${config_directory:{unset}}x, 3.7.11 gives "x", 3.10.13 and 3.11.7
// "unsetx").
namespace {

std::string logtag(const Scenario& s, const PrimaryValues& v) {
  if (!release_row(s.release).postmulti_logtag_before_defaults) return v.at("syslog_name");
  const auto& loaded = load_config(s, v.at("config_directory"));
  if (!loaded) return v.at("syslog_name");
  Defaults early;
  if (const std::string* d = loaded->defaults().find("syslog_name"))
    early.values["syslog_name"] = *d;
  Config bare(loaded->file(), std::move(early), "");
  auto x = bare.expand("syslog_name");
  return x ? *x : v.at("syslog_name");
}

}  // namespace

Plan plan_run(PlanBuilder& b, const Scenario& s, const PrimaryValues& v,
              std::vector<Instance> instances, const PostmultiCommand& c) {
  // R94 mail_params_init exports MAIL_LOGTAG=$syslog_name (of the primary main.cf, expanded)
  // into postmulti's own environment, which every command it runs inherits; postmulti does not
  // clean its environment (measured with postmulti 3.7.11). R88 -v: MAIL_VERBOSE.
  EnvMap child_env{{"MAIL_LOGTAG", logtag(s, v)}};
  if (c.verbose) child_env["MAIL_VERBOSE"] = "";
  const bool postfix = c.mode == PostmultiMode::kPostfix;
  CommandClass cls;
  std::vector<std::string> argv = c.operands;
  if (postfix) {  // R81
    cls = command_class(v, c.operands.front());
    argv = {v.at("command_directory") + "/postfix", "--"};
    argv.insert(argv.end(), c.operands.begin(), c.operands.end());
  }
  if (c.reverse || cls.reverse) std::reverse(instances.begin(), instances.end());

  // R82 iteration: disabled instances are skipped before the selection is looked at.
  bool matched = false;
  for (const auto& ip : instances)
    if (ip.primary) b.primary_directory(ip.config_dir);
  for (const auto& ip : instances) {
    auto m = matches(ip, c.selection);
    if (ip.damage) {
      if (m.value_or(false)) {
        matched = true;
        b.add(FailAction{ip.config_dir, *ip.damage, 1}, {"R82", "R90"});
      } else if (!m) {
        b.warn(fmt::format("instance {} not considered: {}", ip.config_dir, *ip.damage));
      }
      continue;
    }
    if (cls.skip_disabled && !ip.enabled) {
      if (*m)
        b.add(SkipAction{ip.config_dir,
                         fmt::format("{}-class command skipped on a disabled instance", cls.name)},
              {"R80", "R82"});
      continue;
    }
    if (!*m) continue;
    matched = true;
    RunAction run{ip.config_dir, argv, child_env, {}, ""};
    run.env["MAIL_CONFIG"] = ip.config_dir;
    if (!postfix) {
      generic_environment(s, v, ip, run.env);
      b.add(std::move(run), {"R82", "R86"});
    } else if (cls.check_disabled && !ip.enabled) {
      run.argv[2] = "check";
      run.reason = "start-class command on a disabled instance runs check";
      b.add(std::move(run), {"R80", "R81", "R82"});
    } else {
      b.add(std::move(run), {"R81", "R82"});
    }
  }
  // R84 nothing matched (or everything matching was disabled and skipped).
  if (!matched) return b.fail("No matching instances", 1, {"R84"});
  return b.finish();
}

}  // namespace pfmulti
