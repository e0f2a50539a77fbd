// postmulti(1) iterator-mode planning (see postmulti_plan.h). The order of checks follows
// postmulti.c main(): read main.cf, refuse a non-default MAIL_CONFIG, parse options, check their
// combination, check and claim the shared directories, load the instances, iterate.
#include "model/postmulti/postmulti_plan.h"

#include <fmt/format.h>
#include <algorithm>

#include "model/main_cf/config.h"
#include "model/main_cf/instance_config.h"
#include "model/plan/plan_builder.h"
#include "model/postfix/env_import.h"
#include "model/postmulti/claims.h"
#include "model/text/getopt.h"

namespace pfmulti {

namespace {

constexpr std::string_view kNamePrefix = "postfix-";

struct Instance {
  std::string config_dir;
  std::string queue_dir, data_dir, name, group;  // name/group "" = none
  bool enabled = false;
  bool primary = false;
  std::optional<std::string> damage;  // pfmulti: why its parameters could not be obtained
};

enum class SelectionType { kNone, kAll, kName, kGroup };
struct Selection {
  SelectionType type = SelectionType::kNone;
  std::string name;
};

// R83 match_instance_selection(); nullopt when a damaged instance's name or group would decide.
std::optional<bool> matches(const Instance& ip, const Selection& sel) {
  switch (sel.type) {
    case SelectionType::kNone:
      return false;
    case SelectionType::kAll:
      return true;
    case SelectionType::kGroup:
      if (ip.damage) return std::nullopt;
      return !ip.group.empty() && sel.name == ip.group;
    case SelectionType::kName: {
      const std::string& name = sel.name;
      if (ip.primary && name == "-") return true;
      if (!name.empty() && name.front() == '/') return name == ip.config_dir;
      if (ip.damage) return std::nullopt;
      std::string_view iname;
      if (ip.name.empty()) {
        iname = ip.config_dir;
      } else if (name.rfind(kNamePrefix, 0) != 0 && ip.name.rfind(kNamePrefix, 0) == 0) {
        iname = std::string_view(ip.name).substr(kNamePrefix.size());
      } else {
        iname = ip.name;
      }
      return name == iname;
    }
  }
  return false;
}

bool word_in_list(std::string_view list, std::string_view word) {
  auto words = split_list(list);
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool directory_known(const Scenario& s, std::string_view dir) {
  if (!s.directories) return true;
  std::string d(dir);
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return std::find(s.directories->begin(), s.directories->end(), d) != s.directories->end();
}

constexpr int kIterPostfix = 1, kIterList = 2, kIterGeneric = 4;
struct EditCommand {
  std::string_view name;
  int code;
};
constexpr EditCommand kEditCommands[] = {
    {"create", 1 << 4}, {"import", 1 << 5},  {"destroy", 1 << 6}, {"deport", 1 << 7},
    {"enable", 1 << 8}, {"disable", 1 << 9}, {"assign", 1 << 10}, {"init", 1 << 11}};
constexpr int kEditAssign = 1 << 10;
constexpr int kEditMaskAdd = (1 << 4) | (1 << 5);
constexpr int kEditMaskAssign = kEditMaskAdd | kEditAssign;
constexpr int kEditMaskAll = 0xff0;

std::string_view edit_name(int code) {
  for (const auto& e : kEditCommands)
    if (e.code == code) return e.name;
  return "";
}

// R77 what `postconf -xc DIR queue_directory data_directory multi_instance_name
// multi_instance_group multi_instance_enable` tells postmulti: expanded, white space collapsed.
// Returns the instance, or the strict (postmulti 3.7) fatal message and pfmulti's detailed one.
struct LoadFailure {
  std::string strict;
  std::string detail;
};
std::variant<Instance, LoadFailure> load_secondary(const Scenario& s, const std::string& dir) {
  Instance ip;
  ip.config_dir = dir;
  const auto& cfg = load_config(s, dir);
  std::string obtain = fmt::format("Failed to obtain all required {}/main.cf parameters", dir);
  if (!cfg) return LoadFailure{obtain, cfg.error()};
  std::string values[5];
  const char* names[5] = {"queue_directory", "data_directory", "multi_instance_name",
                          "multi_instance_group", "multi_instance_enable"};
  for (int i = 0; i < 5; ++i) {
    auto v = cfg->expand(names[i]);
    if (!v) return LoadFailure{obtain, fmt::format("{}/main.cf: {}", dir, v.error())};
    values[i] = collapse_white_space(*v);
  }
  ip.queue_dir = values[0];
  ip.data_dir = values[1];
  ip.name = values[2];
  ip.group = values[3];
  // R78 yes/no in any case; anything else is fatal.
  auto enabled = parse_bool(values[4]);
  if (!enabled) {
    std::string msg =
        fmt::format("Unexpected {}/main.cf entry: multi_instance_enable = {}", dir, values[4]);
    return LoadFailure{msg, msg};
  }
  ip.enabled = *enabled;
  return ip;
}

std::string usage(std::string_view p) {
  return fmt::format(
      "Usage:{0} -l [-v] [-a] [-g group] [-i instance] | {0} -p [-v] [-a] [-g group] "
      "[-i instance] command... | {0} -x [-v] [-a] [-i name] [-g group] command... | {0} -e "
      "action [-v] [-a] [-i name] [-g group] [-I name] [-G group] [param=value ...]",
      p);
}

}  // namespace

Plan plan_postmulti(const Scenario& s, const Profile& p, PlanExplanation* why) {
  PlanBuilder b(why);
  std::string self = program_basename(s.argv, "postmulti");
  const std::string& default_config_dir = s.defaults.config_directory();

  // R71 mail_conf_read(): $MAIL_CONFIG/main.cf, else the default; parameters are expanded.
  auto mail_config = s.env.find("MAIL_CONFIG");
  std::string read_dir = mail_config != s.env.end() ? mail_config->second : default_config_dir;
  const auto& loaded = load_config(s, read_dir);
  if (!loaded) return b.fail(loaded.error(), 1, {"R71"});
  std::map<std::string, std::string, std::less<>> v;
  for (const char* name :
       {"config_directory", "command_directory", "daemon_directory", "meta_directory",
        "shlib_directory", "queue_directory", "data_directory", "mail_owner", "setgid_group",
        "multi_instance_directories", "multi_instance_name", "multi_instance_group",
        "multi_instance_enable", "postmulti_start_commands", "postmulti_stop_commands",
        "postmulti_control_commands", "syslog_name"}) {
    auto x = loaded->expand(name);
    if (!x) return b.fail(x.error(), 1, {"R71"});
    v[name] = *x;
  }
  auto primary_enable = parse_bool(v["multi_instance_enable"]);
  if (!primary_enable)
    return b.fail(fmt::format("bad boolean configuration: multi_instance_enable = {}",
                              v["multi_instance_enable"]),
                  1, {"R71"});
  for (const char* name : {"syslog_name", "mail_owner", "setgid_group", "daemon_directory",
                           "data_directory", "command_directory", "queue_directory"})
    if (v[name].empty())
      return b.fail(fmt::format("bad string length (0 < 1): {} = ", name), 1, {"R71"});

  // R70 a MAIL_CONFIG other than the compiled-in config directory is fatal.
  if (mail_config != s.env.end() && mail_config->second != default_config_dir)
    return b.fail(
        fmt::format("Non-default configuration directory: MAIL_CONFIG={}", mail_config->second), 1,
        {"R70"});

  // R72 options, getopt "+ae:g:i:G:I:lpRvx".
  Selection selection;
  int instance_select_count = 0, command_mode_count = 0, cmd_mode = 0;
  bool reverse = false;
  std::optional<std::string> assign_name, assign_group;
  // R94 mail_params_init exports MAIL_LOGTAG=$syslog_name (of the primary main.cf, expanded)
  // into postmulti's own environment, which every command it runs inherits; postmulti does not
  // clean its environment (measured with postmulti 3.7.11).
  EnvMap child_env{{"MAIL_LOGTAG", v["syslog_name"]}};
  GetoptResult opts = posix_getopt(s.argv, "ae:g:i:G:I:lpRvx");
  for (const ParsedOption& o : opts.options) {
    switch (o.option) {
      case 'a':
        if (selection.type != SelectionType::kAll) ++instance_select_count;
        selection.type = SelectionType::kAll;
        break;
      case 'e': {
        int code = -1;
        for (const auto& e : kEditCommands)
          if (e.name == o.argument) code = e.code;
        if (code < 0)
          return b.fail(fmt::format("Invalid '-e' edit action '{}'. Specify 'create', 'destroy', "
                                    "'import', 'deport', 'enable', 'disable', 'assign' or 'init'",
                                    o.argument),
                        1, {"R72"});
        if (cmd_mode != code) ++command_mode_count;
        cmd_mode = code;
        break;
      }
      case 'g':
        ++instance_select_count;
        selection = {SelectionType::kGroup, o.argument};
        break;
      case 'i':
        ++instance_select_count;
        selection = {SelectionType::kName, o.argument};
        break;
      case 'G':
        if (assign_group) return b.fail("Specify at most one '-G' option", 1, {"R72"});
        assign_group = o.argument == "-" ? "" : o.argument;
        break;
      case 'I':
        if (assign_name) return b.fail("Specify at most one '-I' option", 1, {"R72"});
        assign_name = o.argument == "-" ? "" : o.argument;
        break;
      case 'l':
        if (cmd_mode != kIterList) ++command_mode_count;
        cmd_mode = kIterList;
        break;
      case 'p':
        if (cmd_mode != kIterPostfix) ++command_mode_count;
        cmd_mode = kIterPostfix;
        break;
      case 'R':
        reverse = !reverse;
        break;
      case 'v':
        child_env["MAIL_VERBOSE"] = "";  // R88
        break;
      case 'x':
        if (cmd_mode != kIterGeneric) ++command_mode_count;
        cmd_mode = kIterGeneric;
        break;
      default:
        return b.fail(usage(self), 1, {"R72"});
    }
  }
  std::vector<std::string> args(s.argv.begin() + std::min(opts.optind, s.argv.size()),
                                s.argv.end());

  // R73 combinations, in postmulti's order.
  if (instance_select_count > 1)
    return b.fail("Specity no more than one of '-a', '-g', '-i'", 1, {"R73"});
  if (command_mode_count != 1)
    return b.fail("Specify exactly one of '-e', '-l', '-p', '-x'", 1, {"R73"});
  if (cmd_mode == kIterList && !args.empty())
    return b.fail("Command not allowed with '-l'", 1, {"R73"});
  if ((cmd_mode == kIterPostfix || cmd_mode == kIterGeneric) && args.empty())
    return b.fail("Command required with '-p' or '-x' option", 1, {"R73"});
  if ((cmd_mode == kIterPostfix || (cmd_mode & kEditMaskAll)) && reverse)
    return b.fail("The '-p' and '-e' options preclude the use of '-R'", 1, {"R73"});
  if ((cmd_mode & kEditMaskAssign) == 0 && (assign_name || assign_group)) {
    if ((cmd_mode & kEditMaskAll) == 0)
      return b.fail("Cannot assign instance name or group without '-e assign'", 1, {"R73"});
    return b.fail(
        fmt::format("Cannot assign instance name or group with '-e {}'", edit_name(cmd_mode)), 1,
        {"R73"});
  }
  if (cmd_mode & kEditMaskAll) {
    if (cmd_mode == kEditAssign && !assign_name && !assign_group)
      return b.fail("Specify new instance name or group with '-e assign'", 1, {"R73"});
    if ((cmd_mode & ~kEditMaskAdd) != 0 && !args.empty())
      return b.fail(fmt::format("Parameter overrides not valid with '-e {}'", edit_name(cmd_mode)),
                    1, {"R73"});
  }

  // R74 shared directories must exist; command, daemon and shlib directory are claimed by the
  // primary (meta_directory is not: it usually overlaps another directory).
  ClaimTable claims;
  const std::string& primary_dir = v["config_directory"];
  // register_claim() panics (abort(), a core dump) on an empty owner; every iterator command
  // claims the primary's directories, so an empty config_directory always gets there.
  if (primary_dir.empty())
    return b.fail("panic: register_claim: no or empty instance pathname", 134, {"R74"});
  for (const char* name :
       {"command_directory", "daemon_directory", "meta_directory", "shlib_directory"}) {
    const std::string& dir = v[name];
    if (dir.empty() || dir.front() != '/') continue;
    if (!directory_known(s, dir))
      return b.fail(
          fmt::format("{} = '{}': directory not found: No such file or directory", name, dir), 1,
          {"R74"});
    if (std::string_view(name) == "meta_directory") continue;
    if (auto conflict = claims.add({primary_dir, name, dir})) return b.fail(*conflict, 1, {"R74"});
  }

  // R89 life-cycle management is outside the model.
  if (cmd_mode & kEditMaskAll)
    return b.fail(fmt::format("unsupported: life-cycle management (-e {}) is not planned",
                              edit_name(cmd_mode)),
                  1, {"R89"});

  if (selection.type == SelectionType::kNone) selection.type = SelectionType::kAll;

  // R75 the primary first, then multi_instance_directories split on commas and white space;
  // R76 the primary's attributes come from its own main.cf; single-instance mode enables it.
  std::vector<std::string> secondaries = split_list(v["multi_instance_directories"]);
  std::vector<Instance> instances;
  Instance primary;
  primary.config_dir = primary_dir;
  primary.name = v["multi_instance_name"];
  primary.group = v["multi_instance_group"];
  primary.enabled = secondaries.empty() ? true : *primary_enable;
  primary.queue_dir = v["queue_directory"];
  primary.data_dir = v["data_directory"];
  primary.primary = true;
  if (auto conflict = claims.add_all(
          instance_claims(primary.config_dir, primary.name, primary.queue_dir, primary.data_dir)))
    return b.fail(*conflict, 1, {"R79"});
  instances.push_back(primary);

  // R77 secondaries through postconf -xc; R79 claims; R90 pfmulti isolates damage.
  for (const auto& dir : secondaries) {
    // R93 pfmulti: a relative directory is damage (postmulti would use it relative to its
    // current directory, and postfix(1) below it would too).
    if (p.damage == Damage::kFailInstance && dir.front() != '/') {
      Instance damaged;
      damaged.config_dir = dir;
      damaged.damage =
          fmt::format("multi_instance_directories element \"{}\" is not an absolute pathname", dir);
      instances.push_back(std::move(damaged));
      continue;
    }
    auto loaded_instance = load_secondary(s, dir);
    if (auto* bad = std::get_if<LoadFailure>(&loaded_instance)) {
      if (p.damage == Damage::kAbortAll) return b.fail_only(bad->strict, 1, {"R77"});
      Instance damaged;
      damaged.config_dir = dir;
      damaged.damage = bad->detail;
      instances.push_back(std::move(damaged));
      continue;
    }
    Instance ip = std::get<Instance>(std::move(loaded_instance));
    if (auto conflict =
            claims.add_all(instance_claims(ip.config_dir, ip.name, ip.queue_dir, ip.data_dir))) {
      if (p.damage == Damage::kAbortAll) return b.fail_only(*conflict, 1, {"R79"});
      ip.damage = *conflict;
    }
    instances.push_back(std::move(ip));
  }

  b.exit_rule(ExitRule::kAnyFailureIsOne);
  b.rule("R85");

  // R87 -l: one line per selected instance.
  if (cmd_mode == kIterList) {
    if (reverse) std::reverse(instances.begin(), instances.end());
    for (const auto& ip : instances) {
      auto m = matches(ip, selection);
      if (ip.damage) {
        if (m.value_or(false)) {
          b.add(FailAction{ip.config_dir, *ip.damage, 1}, {"R87", "R90"});
        } else if (!m) {
          b.warn(fmt::format("instance {} not listed: {}", ip.config_dir, *ip.damage));
        }
        continue;
      }
      if (!*m) continue;
      b.output(fmt::format("{:<15} {:<15} {:<9} {}\n", ip.name.empty() ? "-" : ip.name,
                           ip.group.empty() ? "-" : ip.group, ip.enabled ? "y" : "n",
                           ip.config_dir));
    }
    b.rule("R87");
    return b.finish();
  }

  // R80 command classes (first match of start, stop, control); R81 -p argv; R86 -x.
  bool check_disabled = false, skip_disabled = false;
  std::vector<std::string> argv;
  std::string_view cls;
  if (cmd_mode == kIterPostfix) {
    const std::string& cmd = args.front();
    if (word_in_list(v["postmulti_start_commands"], cmd)) {
      check_disabled = true;
      cls = "start";
    } else if (word_in_list(v["postmulti_stop_commands"], cmd)) {
      skip_disabled = true;
      reverse = true;
      cls = "stop";
    } else if (word_in_list(v["postmulti_control_commands"], cmd)) {
      skip_disabled = true;
      cls = "control";
    }
    argv = {v["command_directory"] + "/postfix", "--"};
    argv.insert(argv.end(), args.begin(), args.end());
  } else {
    argv = args;
  }
  if (reverse) std::reverse(instances.begin(), instances.end());

  // R82 iteration: disabled instances are skipped before the selection is looked at.
  bool matched = false;
  for (const auto& ip : instances) {
    auto m = matches(ip, selection);
    if (ip.damage) {
      if (m.value_or(false)) {
        matched = true;
        b.add(FailAction{ip.config_dir, *ip.damage, 1}, {"R82", "R90"});
      } else if (!m) {
        b.warn(fmt::format("instance {} not considered: {}", ip.config_dir, *ip.damage));
      }
      continue;
    }
    if (skip_disabled && !ip.enabled) {
      if (*m)
        b.add(SkipAction{ip.config_dir,
                         fmt::format("{}-class command skipped on a disabled instance", cls)},
              {"R80", "R82"});
      continue;
    }
    if (!*m) continue;
    matched = true;
    RunAction run{ip.config_dir, argv, child_env, {}, ""};
    run.env["MAIL_CONFIG"] = ip.config_dir;
    if (cmd_mode == kIterPostfix) {
      if (check_disabled && !ip.enabled) {
        run.argv[2] = "check";
        run.reason = "start-class command on a disabled instance runs check";
        b.add(std::move(run), {"R80", "R81", "R82"});
      } else {
        b.add(std::move(run), {"R81", "R82"});
      }
      continue;
    }
    // R86 -x environment.
    run.env["daemon_directory"] = v["daemon_directory"];
    run.env["command_directory"] = v["command_directory"];
    run.env["config_directory"] = ip.config_dir;
    run.env["queue_directory"] = ip.queue_dir;
    run.env["data_directory"] = ip.data_dir;
    run.env["multi_instance_name"] = ip.name;
    run.env["multi_instance_group"] = ip.group;
    run.env["multi_instance_enable"] = ip.enabled ? "yes" : "no";
    auto path = s.env.find("PATH");
    run.env["PATH"] =
        v["command_directory"] + ":" +
        (path != s.env.end() && !path->second.empty() ? path->second : std::string(kRootPath));
    b.add(std::move(run), {"R82", "R86"});
  }
  // R84 nothing matched (or everything matching was disabled and skipped).
  if (!matched) return b.fail("No matching instances", 1, {"R84"});
  return b.finish();
}

Plan plan_postmulti_wrapper(const Scenario& s, const Profile& p, PlanExplanation* why) {
  Scenario as_postmulti = s;
  std::vector<std::string> argv{s.argv.empty() ? std::string("postmulti") : s.argv.front(), "-p",
                                "--"};
  if (s.argv.size() > 1) argv.insert(argv.end(), s.argv.begin() + 1, s.argv.end());
  as_postmulti.argv = std::move(argv);
  Plan plan = plan_postmulti(as_postmulti, p, why);
  if (why) why->plan_rules.emplace_back("R92");
  return plan;
}

}  // namespace pfmulti
