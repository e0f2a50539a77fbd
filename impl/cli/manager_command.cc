// pfmulti as a multi-instance manager: the postmulti(1)-compatible iterator mode (pfmulti's
// default when no subcommand is named: -l [-j], -p CMD..., -x CMD..., -a, -g, -i, -R, -v) and
// the postfix-wrapper(5) mode (invoked as `postfix-wrapper COMMAND ARGS...`, a drop-in
// multi_instance_wrapper). Both read the instances' main.cf files (impl/runtime/world_reader.h),
// ask the pure planner (model/plan/planner.h) for a plan, then print it (-n/--dry-run) or carry it
// out with the executor (impl/runtime/executor.h): no shell, ever.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <optional>

#include "impl/cli/cli.h"
#include "impl/cli/cli_options.h"
#include "impl/cli/kept_until_exit.h"
#include "impl/cli/lifecycle_command.h"
#include "impl/cli/report.h"
#include "impl/runtime/executor.h"
#include "impl/runtime/installed_release.h"
#include "impl/runtime/signals.h"
#include "impl/runtime/system_process_runner.h"
#include "impl/runtime/world_reader.h"
#include "model/plan/planner.h"
#include "model/postmulti/postmulti_plan.h"
#include "model/postmulti/start_fg_plan.h"
#include "model/text/json.h"

namespace pfmulti {
namespace {

std::string current_directory() {
  char buf[PATH_MAX];
  return ::getcwd(buf, sizeof buf) ? std::string(buf) : std::string();
}

std::string env_or(const Environment& env, std::string_view name, const std::string& fallback) {
  auto it = env.find(name);
  return it == env.end() ? fallback : it->second;
}

// postmulti 3.11's -j: one JSON object per listed instance, members joined by "," with no space
// (R111, measured with 3.11.7); the group whole (3.11.7 cuts it to its first byte).
std::string list_as_json(const std::vector<ListedInstance>& listing) {
  std::string out;
  for (const ListedInstance& l : listing) {
    Json j = Json::object();
    j.set("name", Json(l.name.empty() ? "-" : l.name));
    j.set("group", Json(l.group.empty() ? "-" : l.group));
    j.set("enabled", Json(l.enabled ? "y" : "n"));
    j.set("config_directory", Json(l.config_directory));
    out += to_json(j, kJsonTight) + "\n";
  }
  return out;
}

void print(CliContext& ctx, const std::string& text) {
  std::fputs(text.c_str(), ctx.out);
  flush_output(ctx);  // R124: its errno is kept for the message at exit
}

// The names and groups of the instances of s by config directory (for failure lines, labels and
// JSON records), or none when they cannot be loaded. In wrapper mode the primary is MAIL_CONFIG,
// which postfix(1) sets, as with -c.
InstanceIndex instance_index(const Scenario& scenario) {
  InstanceIndex index;
  const Scenario* s = &scenario;
  std::optional<Scenario> copy;
  auto mail_config = scenario.env.find("MAIL_CONFIG");
  if (mail_config != scenario.env.end() &&
      mail_config->second != scenario.defaults.config_directory()) {
    copy = scenario;
    copy->defaults.values["config_directory"] = mail_config->second;
    s = &*copy;
  }
  auto loaded = load_instances(*s);
  if (auto* list = std::get_if<std::vector<Instance>>(&loaded))
    for (const Instance& ip : *list) index[ip.config_dir] = {ip.name, ip.group};
  return index;
}

// What happens to the children's output (rules.md R180, R181): --json records it into the
// outcome lines (stdout stays JSON); --tag labels every line; without either, -x labels when
// stdout is a terminal (a person reading several listings) and leaves it alone when it is not
// (a script reading pfmulti's output as postmulti's); -p and wrapper mode leave it alone (a
// drop-in multi_instance_wrapper); a parallel stage always labels.
ChildOutput child_output_mode(CliContext& ctx, const CliOptions& o, const Scenario& s) {
  if (o.json) return ChildOutput::kRecord;
  if (o.tag) return *o.tag ? ChildOutput::kLabel : ChildOutput::kInherit;
  bool generic = s.program == Program::kPostmulti && o.postmulti.mode == PostmultiMode::kGeneric;
  if (generic && ::isatty(::fileno(ctx.out))) return ChildOutput::kLabel;
  return ChildOutput::kInherit;
}

// Carries out (or, dry, prints) a plan; returns the exit status.
int carry_out(CliContext& ctx, const CliOptions& o, Plan& plan, const Scenario& s) {
  for (const auto& w : plan.warnings) warn(ctx, w);
  const FailAction* fatal_action = nullptr;
  for (const auto& a : plan.actions)
    if (const auto* f = std::get_if<FailAction>(&a); f && f->config_directory.empty())
      fatal_action = f;

  if (o.list_json) plan.output = list_as_json(plan.listing);
  std::optional<InstanceIndex> index;  // loaded when a record, a label or a failure needs it
  auto instances = [&]() -> const InstanceIndex& {
    if (!index) index = instance_index(s);
    return *index;
  };
  if (o.dry_run) {
    print(ctx, plan.output);
    print(ctx, o.json ? dry_run_json(plan, instances()) : dry_run_text(plan));
    if (fatal_action) {
      fatal(ctx, fatal_action->reason);
      return fatal_action->exit_status;
    }
    return dry_run_exit_status(plan);  // R125: a plan that fails an instance exits non-zero
  }

  print(ctx, plan.output);
  SystemProcessRunner runner;
  ExecutorOptions options;
  options.base_env = ctx.env;
  if (o.timeout_seconds)
    options.timeout = std::chrono::milliseconds(static_cast<long long>(*o.timeout_seconds * 1000));
  options.kill_grace =
      std::chrono::milliseconds(static_cast<long long>(o.kill_grace_seconds * 1000));
  options.output = child_output_mode(ctx, o, s);
  options.label = [&](const std::string& dir) {
    auto it = instances().find(dir);
    return it == instances().end() || it->second.name.empty() ? dir : it->second.name;
  };
  if (options.output == ChildOutput::kLabel) flush_output(ctx);  // pfmulti's own lines first
  auto on_start = [&](const ActionOutcome& a) {
    if (o.verbose && !o.json)
      diagnostic(ctx, fmt::format("{}: {}: running {}", ctx.program,
                                  a.config_directory.empty() ? "-" : a.config_directory,
                                  fmt::join(a.argv, " ")));
  };
  auto name_of = [&](const ActionOutcome& a) -> std::string {
    if (!a.failed() || a.config_directory.empty()) return "";
    auto it = instances().find(a.config_directory);
    if (it == instances().end()) return "";
    return it->second.name.empty() ? "-" : it->second.name;
  };
  auto on_outcome = [&](const ActionOutcome& a) {
    if (o.json) {
      print(ctx, outcome_json(a, instances(), options.output == ChildOutput::kRecord) + "\n");
      if (auto line = outcome_text(a, false, name_of(a)); line && a.failed())
        diagnostic(ctx, fmt::format("{}: error: {}", ctx.program, *line));
    } else if (auto line = outcome_text(a, o.verbose, name_of(a))) {
      if (a.failed() || a.timed_out) {
        diagnostic(ctx, fmt::format("{}: error: {}", ctx.program, *line));
      } else {
        diagnostic(ctx, fmt::format("{}: {}", ctx.program, *line));
      }
    }
  };
  Executor executor(runner, options, on_start, on_outcome);
  KeptUntilExit<ExecutionReport> kept_report(executor.run(plan));
  ExecutionReport& report = *kept_report;
  if (!report.fatal.empty()) fatal(ctx, report.fatal);
  if (report.interrupt_signal)
    fatal(ctx, fmt::format("interrupted by {}: {}", signal_name(report.interrupt_signal),
                           interruption_summary(report.outcomes)));
  if (o.json) print(ctx, summary_json(report) + "\n");
  return report.exit_status;
}

}  // namespace

// Everything the planner may look at for s: the primary's main.cf ($MAIL_CONFIG, else the
// default config directory) and every directory its list can name (impl/runtime/world_reader.h).
void read_world_into(CliContext& ctx, Scenario& s) {
  std::string primary = env_or(s.env, "MAIL_CONFIG", s.defaults.config_directory());
  std::vector<std::string> also;
  if (auto it = s.env.find("config_directory"); it != s.env.end()) also.push_back(it->second);
  World world = read_world(*ctx.fs, primary, s.defaults, s.cwd, also);
  s.files = std::move(world.files);
  s.directories = std::move(world.directories);
  s.config_cache = std::move(world.config_cache);
}

namespace {

// The release the scenario runs: --postfix-release, else, when the profile's behaviour depends on
// it (a strict wrapper profile, the seed), the installed postconf's mail_version (R114); else
// the model's default (no profile pfmulti defaults to depends on it: nothing is run).
std::optional<int> choose_release(CliContext& ctx, const CliOptions& o, Scenario& s) {
  if (o.release) {
    s.release = *o.release;
    return std::nullopt;
  }
  if (profile(s.profile).list_reading != ListReading::kShellAsReleased) return std::nullopt;
  std::string why;
  const std::string* built_in = s.defaults.find("command_directory");
  auto found =
      installed_release(env_or(s.env, "command_directory", built_in ? *built_in : ""), &why);
  if (!found)
    return fatal(ctx, fmt::format("--profile {}: cannot learn the Postfix release ({}); give "
                                  "--postfix-release",
                                  profile_id(s.profile), why));
  s.release = *found;
  return std::nullopt;
}

}  // namespace

int run_iterator(CliContext& ctx) {
  auto parsed = scan_iterator_options(ctx.args);
  if (!parsed) return usage_error(ctx, parsed.error());
  CliOptions o = std::move(parsed).value();
  if (o.help || o.version) {
    print(ctx, o.help ? usage_text() : version_text());
    return 0;  // a write error is reported by finish_output (R124)
  }
  if (o.config_dir && (o.config_dir->empty() || (*o.config_dir)[0] != '/'))
    return usage_error(ctx, fmt::format("-c requires absolute pathname: \"{}\"", *o.config_dir));
  // The mode is postmulti's reading of the command line; a refused one is planned (and refused
  // there, after main.cf is read, as postmulti does).
  if (o.postmulti.edit_requested) return run_lifecycle(ctx, o);  // impl/cli/lifecycle_command.cc
  bool list = o.postmulti.mode == PostmultiMode::kList;
  // --json -l is -l -j: the same bytes, postmulti 3.11's listing and nothing else (no summary).
  if (o.json && list) {
    o.list_json = true;
    o.json = false;
  }
  if (o.list_json && !list) return usage_error(ctx, "JSON output available only with '-l'");

  KeptUntilExit<Scenario> kept_scenario;
  Scenario& s = *kept_scenario;
  s.env = ctx.env;
  s.cwd = current_directory();
  if (o.config_dir) {
    // -c DIR: DIR is the primary instance, as if pfmulti had been built with that default.
    s.defaults.values["config_directory"] = *o.config_dir;
    s.env["MAIL_CONFIG"] = *o.config_dir;
  }
  ProfileName profile = o.profile.value_or(ProfileName::kPostmulti);
  s.profile = profile;
  const Profile& p = pfmulti::profile(profile);
  bool shell_profile = is_shell_profile(profile);
  if (shell_profile) {
    // The shell wrappers take `COMMAND ARGS...`: accept exactly `-p [--] COMMAND ARGS...`.
    std::vector<std::string> r = o.rest;
    if (r.empty() || r[0] != "-p")
      return usage_error(
          ctx, fmt::format("--profile {} takes only -p COMMAND... (no -l, -x, -g, -i, -R)", p.id));
    r.erase(r.begin());
    if (!r.empty() && r[0] == "--") r.erase(r.begin());
    if (r.empty()) return usage_error(ctx, "Command required with '-p' or '-x' option");
    s.program = Program::kWrapper;
    s.argv = {ctx.program};
    s.argv.insert(s.argv.end(), r.begin(), r.end());
  } else {
    s.program = Program::kPostmulti;
    s.argv = {ctx.program};
    s.argv.insert(s.argv.end(), o.rest.begin(), o.rest.end());
    // R140 `-p start-fg`: the foreground supervisor (impl/cli/start_fg_command.cc).
    if (!o.postmulti.refusal && o.postmulti.mode == PostmultiMode::kPostfix &&
        is_start_fg_command(s.argv))
      return start_fg(ctx, o, s.argv);
  }
  if (auto failed = choose_release(ctx, o, s)) return *failed;
  s.parallel = o.parallel;
  read_world_into(ctx, s);
  KeptUntilExit<Plan> kept_plan(make_plan(s));
  Plan& plan = *kept_plan;
  // A command line postmulti refuses (R72, R73) is a usage error: exit 2, where postmulti 3.7
  // exits 1 (docs/pfmulti.1 EXIT STATUS); the message is postmulti's.
  if (o.postmulti.refusal)
    for (auto& a : plan.actions)
      if (auto* f = std::get_if<FailAction>(&a);
          f && f->config_directory.empty() && f->reason == o.postmulti.refusal->message)
        f->exit_status = kExitUsage;
  return carry_out(ctx, o, plan, s);
}

int run_wrapper(CliContext& ctx) {
  auto parsed = scan_wrapper_options(ctx.args);
  if (!parsed) return usage_error(ctx, parsed.error());
  CliOptions o = std::move(parsed).value();
  if (o.help || o.version) {
    print(ctx, o.help ? usage_text() : version_text());
    return 0;  // a write error is reported by finish_output (R124)
  }
  // R140 `postfix start-fg` handed to the wrapper: the foreground supervisor.
  if (!o.rest.empty() && o.rest[0] == "start-fg") {
    std::vector<std::string> argv{ctx.program, "-p", "--"};
    argv.insert(argv.end(), o.rest.begin(), o.rest.end());
    return start_fg(ctx, o, std::move(argv), /*options_from_wrapper=*/true);
  }
  KeptUntilExit<Scenario> kept_scenario;
  Scenario& s = *kept_scenario;
  s.program = Program::kWrapper;
  s.profile = o.profile.value_or(ProfileName::kPostfixWrapper);
  s.env = ctx.env;
  s.cwd = current_directory();
  s.argv = {ctx.program};
  s.argv.insert(s.argv.end(), o.rest.begin(), o.rest.end());
  if (auto failed = choose_release(ctx, o, s)) return *failed;
  s.parallel = o.parallel;
  read_world_into(ctx, s);
  KeptUntilExit<Plan> plan(make_plan(s));
  return carry_out(ctx, o, *plan, s);
}

std::string usage_text() {
  std::string profiles;
  for (ProfileName n : all_profiles())
    profiles += std::string(profiles.empty() ? "" : ", ") + std::string(profile_id(n));
  std::string out = fmt::format(
      "usage: pfmulti [OPTIONS] -l [-j] [-a | -g GROUP | -i NAME] [-R] [-v]\n"
      "       pfmulti [OPTIONS] -p [-a | -g GROUP | -i NAME] [-v] POSTFIX-COMMAND...\n"
      "       pfmulti [OPTIONS] -x [-a | -g GROUP | -i NAME] [-R] [-v] COMMAND...\n"
      "       pfmulti [-n] [-c DIR] [-v] -e ACTION [-i NAME] [-I NAME] [-G GROUP]\n"
      "               [-a | -g GROUP | -i NAME] [NAME=VALUE...]\n"
      "       pfmulti SUBCOMMAND [ARGS...]\n"
      "       postfix-wrapper [LONG-OPTIONS] POSTFIX-COMMAND [ARGS...]   (multi_instance_wrapper)\n"
      "       pfmulti-systemd-generator NORMAL-DIR [EARLY-DIR LATE-DIR]    (systemd.generator(7))\n"
      "       pfmulti -h | --help | --version\n"
      "Postfix's multi-instance manager (postfix-wrapper(5)); see pfmulti(1).\n"
      "\n"
      "Modes (postmulti(1)'s):\n"
      "  -l            list the selected instances: name, group, enabled, config directory\n"
      "  -p            run postfix(1) with POSTFIX-COMMAND for each selected instance\n"
      "  -x            run COMMAND for each selected instance, with its settings exported\n"
      "  -e ACTION     life-cycle: init, create, import, deport, destroy, enable, disable,\n"
      "                assign (edits main.cf files under the edit lock: .pfmulti.lock in the\n"
      "                primary's configuration directory, fcntl(2), waited for up to 5 s)\n"
      "Selection: -a all (the default), -g GROUP a group, -i NAME one instance (name, name\n"
      "  without \"postfix-\", or configuration directory; \"-\" is the primary); -R reverse\n"
      "  the order (-l, -x); -v verbose (MAIL_VERBOSE for the commands; each action reported).\n"
      "  With -e create or import, -a / -g GROUP / -i NAME place the new instance first /\n"
      "  before GROUP's first member / before NAME (default: last).\n"
      "Life-cycle: -I NAME the instance name, -G GROUP the group (\"-\" for none) of create,\n"
      "  import and assign; NAME=VALUE sets parameters of create and import\n"
      "  (config_directory, queue_directory, data_directory).\n"
      "\n"
      "Options:\n"
      "  -n, --dry-run          print the plan, run or change nothing\n"
      "  --json                 JSON lines: one object per action outcome (naming the\n"
      "                         instance, with what its command printed), then a summary;\n"
      "                         stdout carries JSON only; with -l: postmulti 3.11's -j\n"
      "                         objects; with -e: the steps (-n) and a summary\n"
      "  -j                     with -l: one JSON object per instance (postmulti 3.11)\n"
      "  -c DIR                 the primary instance's configuration directory (absolute)\n"
      "  --profile NAME         {} (default postmulti;\n"
      "                         postfix-wrapper when invoked as postfix-wrapper)\n"
      "  --timeout SECONDS      per instance command: SIGTERM, then SIGKILL after the grace\n"
      "  --kill-grace SECONDS   grace period before SIGKILL (default 5); also how long a\n"
      "                         child may run on after pfmulti is interrupted\n"
      "  --parallel N           up to N secondaries at once, the primary alone (first, or\n"
      "                         last for stop-class commands); lines labelled as --tag\n"
      "  --tag, --no-tag        prefix every line a command prints with its instance's\n"
      "                         name (\"NAME: \"), or never; default: -x prefixes when\n"
      "                         stdout is a terminal, nothing else does\n"
      "  --postfix-release R    the installed release (3.7, 3.8, 3.9, 3.10, 3.11)\n"
      "  -h, --help             this text, on stdout\n"
      "  --version              pfmulti's name and version\n"
      "\n"
      "Subcommands:\n",
      profiles);
  for (const Subcommand* sc = subcommands(); sc->name; ++sc)
    out += fmt::format("  {:10} {}\n", sc->name, sc->summary);
  out +=
      "\n"
      "Exit status:\n"
      "  0    done: every instance command succeeded (status: nothing flagged)\n"
      "  1    failure: an instance command failed (-p, -x: 1 if any failed) or a fatal error\n"
      "       (main.cf, an instance, -e's checks, the edit lock, I/O); lint found an error;\n"
      "       status flagged an instance. Each failed instance is named on stderr, one line.\n"
      "  2    usage: the command line was not understood (unknown option, missing or bad\n"
      "       argument, a combination postmulti refuses, no arguments); nothing was run\n"
      "  wrapper mode (profiles postfix-wrapper, seed): the last failed command's status\n"
      "  126, 127  the command could not be executed / was not found\n"
      "  128+N     interrupted by signal N (SIGINT, SIGTERM)\n"
      "  start-fg: 0 when SIGTERM or SIGINT stopped it; 1 when a check failed or a master\n"
      "       ended by itself (the others are stopped first)\n";
  return out;
}

}  // namespace pfmulti
