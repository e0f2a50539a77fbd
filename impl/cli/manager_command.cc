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

#include "impl/cli/cli.h"
#include "impl/cli/cli_options.h"
#include "impl/cli/lifecycle_command.h"
#include "impl/cli/report.h"
#include "impl/runtime/executor.h"
#include "impl/runtime/signals.h"
#include "impl/runtime/system_process_runner.h"
#include "impl/runtime/world_reader.h"
#include "model/plan/planner.h"
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

// postmulti 3.11's -j: one JSON object per listed instance.
std::string list_as_json(const std::vector<ListedInstance>& listing) {
  std::string out;
  for (const ListedInstance& l : listing) {
    Json j = Json::object();
    j.set("name", Json(l.name.empty() ? "-" : l.name));
    j.set("group", Json(l.group.empty() ? "-" : l.group));
    j.set("enabled", Json(l.enabled ? "y" : "n"));
    j.set("config_directory", Json(l.config_directory));
    out += to_json(j, -1) + "\n";
  }
  return out;
}

void print(std::FILE* f, const std::string& text) {
  std::fputs(text.c_str(), f);
  std::fflush(f);
}

// Carries out (or, dry, prints) a plan; returns the exit status.
int carry_out(CliContext& ctx, const CliOptions& o, Plan plan) {
  for (const auto& w : plan.warnings) warn(ctx, w);
  const FailAction* fatal_action = nullptr;
  for (const auto& a : plan.actions)
    if (const auto* f = std::get_if<FailAction>(&a); f && f->config_directory.empty())
      fatal_action = f;

  if (o.list_json) plan.output = list_as_json(plan.listing);
  if (o.dry_run) {
    print(ctx.out, plan.output);
    print(ctx.out, o.json ? dry_run_json(plan) : dry_run_text(plan));
    if (fatal_action) {
      fatal(ctx, fatal_action->reason);
      return fatal_action->exit_status;
    }
    return 0;
  }

  print(ctx.out, plan.output);
  SystemProcessRunner runner;
  ExecutorOptions options;
  options.base_env = ctx.env;
  if (o.timeout_seconds)
    options.timeout = std::chrono::milliseconds(static_cast<long long>(*o.timeout_seconds * 1000));
  options.kill_grace =
      std::chrono::milliseconds(static_cast<long long>(o.kill_grace_seconds * 1000));
  auto on_start = [&](const ActionOutcome& a) {
    if (o.verbose && !o.json)
      fmt::print(ctx.err, "{}: {}: running {}\n", ctx.program,
                 a.config_directory.empty() ? "-" : a.config_directory, fmt::join(a.argv, " "));
  };
  auto on_outcome = [&](const ActionOutcome& a) {
    if (o.json) {
      print(ctx.out, outcome_json(a) + "\n");
    } else if (auto line = outcome_text(a, o.verbose)) {
      if (a.failed() || a.timed_out) {
        fmt::print(ctx.err, "{}: error: {}\n", ctx.program, *line);
      } else {
        fmt::print(ctx.err, "{}: {}\n", ctx.program, *line);
      }
    }
  };
  Executor executor(runner, options, on_start, on_outcome);
  ExecutionReport report = executor.run(plan);
  if (!report.fatal.empty()) fatal(ctx, report.fatal);
  if (report.interrupt_signal)
    fatal(ctx, fmt::format("interrupted by {}: {}", signal_name(report.interrupt_signal),
                           interruption_summary(report.outcomes)));
  if (o.json) print(ctx.out, summary_json(report) + "\n");
  return report.exit_status;
}

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

}  // namespace

int run_iterator(CliContext& ctx) {
  auto parsed = scan_iterator_options(ctx.args);
  if (!parsed) return fatal(ctx, parsed.error());
  CliOptions o = std::move(parsed).value();
  if (o.help) {
    print(ctx.out, usage_text());
    return 0;
  }
  if (o.config_dir && (o.config_dir->empty() || (*o.config_dir)[0] != '/'))
    return fatal(ctx, fmt::format("-c requires absolute pathname: \"{}\"", *o.config_dir));
  // The mode is postmulti's reading of the command line; a refused one is planned (and refused
  // there, after main.cf is read, as postmulti does).
  if (o.postmulti.edit_requested) return run_lifecycle(ctx, o);  // impl/cli/lifecycle_command.cc
  bool list = o.postmulti.mode == PostmultiMode::kList;
  if (o.json && list) o.list_json = true;
  if (o.list_json && !list) return fatal(ctx, "JSON output available only with '-l'");

  Scenario s;
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
  bool shell_profile = profile == ProfileName::kSeed || profile == ProfileName::kPostfixWrapper;
  if (shell_profile) {
    // The shell wrappers take `COMMAND ARGS...`: accept exactly `-p [--] COMMAND ARGS...`.
    std::vector<std::string> r = o.rest;
    if (r.empty() || r[0] != "-p")
      return fatal(
          ctx, fmt::format("--profile {} takes only -p COMMAND... (no -l, -x, -g, -i, -R)", p.id));
    r.erase(r.begin());
    if (!r.empty() && r[0] == "--") r.erase(r.begin());
    if (r.empty()) return fatal(ctx, "Command required with '-p' or '-x' option");
    s.program = Program::kWrapper;
    s.argv = {ctx.program};
    s.argv.insert(s.argv.end(), r.begin(), r.end());
  } else {
    s.program = Program::kPostmulti;
    s.argv = {ctx.program};
    s.argv.insert(s.argv.end(), o.rest.begin(), o.rest.end());
  }
  s.parallel = o.parallel;
  read_world_into(ctx, s);
  return carry_out(ctx, o, make_plan(s));
}

int run_wrapper(CliContext& ctx) {
  auto parsed = scan_wrapper_options(ctx.args);
  if (!parsed) return fatal(ctx, parsed.error());
  CliOptions o = std::move(parsed).value();
  if (o.help) {
    print(ctx.out, usage_text());
    return 0;
  }
  Scenario s;
  s.program = Program::kWrapper;
  s.profile = o.profile.value_or(ProfileName::kPostfixWrapper);
  s.env = ctx.env;
  s.cwd = current_directory();
  s.argv = {ctx.program};
  s.argv.insert(s.argv.end(), o.rest.begin(), o.rest.end());
  s.parallel = o.parallel;
  read_world_into(ctx, s);
  return carry_out(ctx, o, make_plan(s));
}

std::string usage_text() {
  std::string out =
      "usage: pfmulti [OPTIONS] -l [-j] [-a | -g GROUP | -i NAME] [-R] [-v]\n"
      "       pfmulti [OPTIONS] -p [-a | -g GROUP | -i NAME] [-v] COMMAND...\n"
      "       pfmulti [OPTIONS] -x [-a | -g GROUP | -i NAME] [-R] [-v] COMMAND...\n"
      "       postfix-wrapper [LONG OPTIONS] COMMAND ARGS...   (as multi_instance_wrapper)\n"
      "       pfmulti SUBCOMMAND [ARGS...]\n"
      "options: -n, --dry-run   print the plan, run nothing\n"
      "         --json          one JSON object per action outcome, then a summary\n"
      "         --profile NAME  ";
  std::string names;
  for (ProfileName n : all_profiles())
    names += std::string(names.empty() ? "" : ", ") + std::string(profile_id(n));
  out += names +
         " (default postmulti;\n"
         "                         postfix-wrapper when invoked as postfix-wrapper)\n"
         "         --timeout SECONDS    per instance: SIGTERM, then SIGKILL after the grace\n"
         "         --kill-grace SECONDS grace period before SIGKILL (default 5); also how long\n"
         "                         a child may run on after pfmulti is interrupted\n"
         "         --parallel N    up to N secondaries at once, the primary alone (first, or\n"
         "                         last for stop-class commands); lines prefixed \"DIR: \"\n"
         "         -c DIR          the primary instance's configuration directory\n"
         "subcommands:\n";
  for (const Subcommand* sc = subcommands(); sc->name; ++sc)
    out += fmt::format("  {:10} {}\n", sc->name, sc->summary);
  return out;
}

}  // namespace pfmulti
