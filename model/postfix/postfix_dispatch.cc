// postfix(1) dispatch planning (see postfix_dispatch.h). Each step cites its rule.
#include "model/postfix/postfix_dispatch.h"

#include <fmt/format.h>
#include <algorithm>

#include "model/main_cf/config.h"
#include "model/main_cf/instance_config.h"
#include "model/plan/plan_builder.h"
#include "model/postfix/env_import.h"
#include "model/text/getopt.h"

namespace pfmulti {

namespace {

// Parameters that postfix(1) requires to be non-empty (mail_params_init and postfix.c's own
// table give them a minimum length of 1): "bad string length 0 < 1: NAME = ".
const std::vector<std::string>& non_empty_parameters() {
  static const std::vector<std::string> names{
      "syslog_name",      "mail_owner",        "setgid_group",      "daemon_directory",
      "data_directory",   "command_directory", "queue_directory",   "sendmail_path",
      "mailq_path",       "newaliases_path",   "manpage_directory", "sample_directory",
      "readme_directory", "html_directory",    "meta_directory"};
  return names;
}

bool directory_known(const Scenario& s, std::string_view dir) {
  if (!s.directories) return true;
  std::string d(dir);
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return std::find(s.directories->begin(), s.directories->end(), d) != s.directories->end();
}

}  // namespace

Plan plan_postfix(const Scenario& s, PlanExplanation* why) {
  PlanBuilder b(why);
  std::string self = program_basename(s.argv, "postfix");
  EnvMap env = s.env;

  // R40 options (getopt "+c:Dv"); R41 -c; R42 -D / -v.
  GetoptResult opts = posix_getopt(s.argv, "c:Dv");
  for (const ParsedOption& o : opts.options) {
    switch (o.option) {
      case 'c':
        if (o.argument.empty() || o.argument.front() != '/')
          return b.fail("-c requires absolute pathname", 1, {"R41"});
        env["MAIL_CONFIG"] = o.argument;
        break;
      case 'D':
        env["MAIL_DEBUG"] = "";
        break;
      case 'v':
        env["MAIL_VERBOSE"] = "";
        break;
      default:
        return b.fail(fmt::format("usage: {} [-c config_dir] [-Dv] command", self), 1, {"R40"});
    }
  }
  std::vector<std::string> command(s.argv.begin() + std::min(opts.optind, s.argv.size()),
                                   s.argv.end());

  // R43 single instance is forced by MAIL_CONFIG in the environment (even empty).
  auto mail_config = env.find("MAIL_CONFIG");
  bool force_single = mail_config != env.end();

  // R44 main.cf of $MAIL_CONFIG, else the compiled-in config_directory.
  std::string config_dir = force_single ? mail_config->second : s.defaults.config_directory();
  const auto& loaded = load_config(s, config_dir);
  if (!loaded) return b.fail(loaded.error(), 1, {"R44"});
  const Config& cfg = *loaded;

  std::map<std::string, std::string, std::less<>> value;
  std::vector<std::string> needed = exported_parameter_names();
  for (const char* n : {"import_environment", "multi_instance_directories",
                        "multi_instance_wrapper", "multi_instance_enable", "syslog_name"})
    needed.emplace_back(n);
  for (const auto& name : needed) {
    auto v = cfg.expand(name);
    if (!v) return b.fail(v.error(), 1, {"R44"});
    value[name] = *v;
  }
  // R44 the built-in checks of mail_params_init that concern us.
  if (!parse_bool(value["multi_instance_enable"]))
    return b.fail(fmt::format("bad boolean configuration: multi_instance_enable = {}",
                              value["multi_instance_enable"]),
                  1, {"R44"});
  for (const auto& name : non_empty_parameters())
    if (value[name].empty())
      return b.fail(fmt::format("bad string length 0 < 1: {} = ", name), 1, {"R44"});

  // R45 mail_params_init exports MAIL_LOGTAG=$syslog_name (expanded; any inherited value is
  // replaced) BEFORE the environment is cleaned: it survives when import_environment keeps it.
  env["MAIL_LOGTAG"] = value["syslog_name"];

  // R45 clean the environment down to import_environment.
  auto keep = mail_parm_split("import_environment", value["import_environment"]);
  if (!keep) return b.fail(keep.error(), 1, {"R45"});
  for (const auto& e : *keep)
    if (!e.empty() && e.front() == '=')
      return b.fail(fmt::format("setenv(, {}): Invalid argument", e.substr(1)), 1, {"R45"});
  EnvMap out = clean_env(env, *keep);

  // R46 exports. R120: the program's own config_directory is the directory it read main.cf
  // from (mail_conf_suck); a config_directory line in main.cf only changes what other
  // parameters' $config_directory expands to.
  value["config_directory"] = config_dir;
  out["PATH"] = std::string(kRootPath);
  out["MAIL_CONFIG"] = config_dir;
  for (const auto& name : exported_parameter_names()) out[name] = value[name];

  // R47 chdir to command, daemon and queue directory.
  for (const char* name : {"command_directory", "daemon_directory", "queue_directory"}) {
    if (!directory_known(s, value[name]))
      return b.fail(fmt::format("chdir({}): No such file or directory", value[name]), 1, {"R47"});
  }

  // R48 single instance: exec postfix-script with the command and its arguments.
  bool no_list = split_list(value["multi_instance_directories"]).empty();
  if (force_single || no_list) {
    std::vector<std::string> argv{value["daemon_directory"] + "/postfix-script"};
    argv.insert(argv.end(), command.begin(), command.end());
    b.add(ExecAction{std::move(argv), std::move(out),
                     force_single ? "single instance: MAIL_CONFIG is set"
                                  : "single instance: multi_instance_directories is empty"},
          {force_single ? "R43" : "R48", "R45", "R46", "R48"});
    b.exit_rule(ExitRule::kExec);
    return b.finish();
  }

  // R49 hand-off to the multi-instance manager.
  std::vector<std::string> argv;
  for (auto& w : split_space(value["multi_instance_wrapper"])) argv.push_back(std::move(w));
  if (argv.empty())
    return b.fail("multi-instance support is requested, but multi_instance_wrapper is empty", 1,
                  {"R49"});
  argv.insert(argv.end(), command.begin(), command.end());
  b.add(ExecAction{std::move(argv), std::move(out), "hand-off to multi_instance_wrapper"},
        {"R45", "R46", "R49"});
  b.exit_rule(ExitRule::kExec);
  return b.finish();
}

}  // namespace pfmulti
