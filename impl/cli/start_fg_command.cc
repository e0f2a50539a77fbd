// `pfmulti start-fg [OPTIONS] [-a | -g GROUP | -i NAME]`, `pfmulti ... -p start-fg` and
// `postfix-wrapper start-fg` (so `postfix start-fg` with pfmulti as multi_instance_wrapper): the
// foreground supervisor for containers (issue 16 part 2; spec/rules.md R140-R147). Reads the
// instances (impl/runtime/world_reader.h), asks the pure planner for a StartFgPlan
// (model/postmulti/start_fg_plan.h), prints it (-n) or carries it out with the supervisor
// (impl/runtime/supervisor.h) on a SystemProcessRunner that reaps orphans (pfmulti may be PID 1).
#include <fmt/format.h>
#include <unistd.h>

#include <climits>

#include "impl/cli/cli.h"
#include "impl/cli/cli_options.h"
#include "impl/runtime/supervisor.h"
#include "impl/runtime/system_process_runner.h"
#include "model/postmulti/start_fg_plan.h"

namespace pfmulti {
namespace {

std::string env_text(const EnvMap& env) {
  std::string out;
  for (const auto& [name, value] : env) out += fmt::format("{}={} ", name, value);
  return out;
}

std::string dry_run_text(const StartFgPlan& plan) {
  std::string out;
  for (const StartFgCheck& c : plan.checks)
    out += fmt::format("check {}{}: {}{}\n", c.config_directory, c.enabled ? "" : " (disabled)",
                       env_text(c.env), fmt::join(c.argv, " "));
  for (const StartFgMaster& m : plan.masters)
    out += fmt::format("master {}: {}{}\n", m.config_directory, env_text(m.env),
                       fmt::join(m.argv, " "));
  std::vector<std::string> order;
  for (size_t i : plan.stop_order) order.push_back(plan.masters[i].config_directory);
  out += fmt::format("stop order: {}\n", fmt::join(order, ", "));
  return out;
}

// The options of pfmulti's that start-fg does not use, as written on the command line.
std::vector<std::string> unused_options(const CliOptions& o) {
  std::vector<std::string> names;
  if (o.json) names.push_back("--json");
  if (o.parallel != 1) names.push_back("--parallel");
  if (o.timeout_seconds) names.push_back("--timeout");
  if (o.tag) names.push_back(*o.tag ? "--tag" : "--no-tag");
  if (o.profile) names.push_back("--profile");
  if (o.release) names.push_back("--postfix-release");
  return names;
}

}  // namespace

int start_fg(CliContext& ctx, const CliOptions& o, std::vector<std::string> postmulti_argv,
             bool options_from_wrapper) {
  for (const std::string& name : unused_options(o)) {
    if (!options_from_wrapper)
      return usage_error(ctx, fmt::format("start-fg does not take {}", name));
    warn(ctx, fmt::format("start-fg ignores {} (from multi_instance_wrapper)", name));
  }
  Scenario s;
  s.program = Program::kPostmulti;
  s.env = ctx.env;
  char cwd[PATH_MAX];
  s.cwd = ::getcwd(cwd, sizeof cwd) ? std::string(cwd) : std::string();
  if (o.config_dir) {
    s.defaults.values["config_directory"] = *o.config_dir;
    s.env["MAIL_CONFIG"] = *o.config_dir;
  }
  s.argv = std::move(postmulti_argv);
  read_world_into(ctx, s);
  auto planned = plan_start_fg(s);
  if (!planned) return fatal(ctx, planned.error());
  const StartFgPlan& plan = planned.value();
  for (const auto& w : plan.warnings) warn(ctx, w);
  if (o.dry_run) {
    std::fputs(dry_run_text(plan).c_str(), ctx.out);
    flush_output(ctx);
    return 0;
  }
  SystemProcessRunner runner;
  runner.reap_orphans();  // R146
  SupervisorOptions options;
  options.base_env = ctx.env;
  options.stop_grace =
      std::chrono::milliseconds(static_cast<long long>(o.kill_grace_seconds * 1000));
  SupervisorNote note = [&](NoteLevel level, const std::string& line) {
    const char* tag = level == NoteLevel::kError     ? "error: "
                      : level == NoteLevel::kWarning ? "warning: "
                                                     : "";
    diagnostic(ctx, fmt::format("{}: {}{}", ctx.program, tag, line));
    std::fflush(ctx.err);
  };
  SupervisionReport report = supervise(runner, plan, options, note);
  if (o.verbose)
    diagnostic(
        ctx, fmt::format("{}: {} orphaned processes reaped", ctx.program, runner.orphans_reaped()));
  return report.exit_status;
}

int run_start_fg(CliContext& ctx) {
  // `pfmulti start-fg ARGS...` is `pfmulti ARGS... -p start-fg`.
  std::vector<std::string> args = ctx.args;
  args.push_back("-p");
  args.push_back("start-fg");
  auto parsed = scan_iterator_options(args);
  if (!parsed) return usage_error(ctx, parsed.error());
  CliOptions o = std::move(parsed).value();
  if (o.help || o.version) {
    std::fputs((o.help ? usage_text() : version_text()).c_str(), ctx.out);
    return 0;
  }
  if (o.config_dir && (o.config_dir->empty() || (*o.config_dir)[0] != '/'))
    return usage_error(ctx, fmt::format("-c requires absolute pathname: \"{}\"", *o.config_dir));
  if (o.postmulti.refusal) return usage_error(ctx, o.postmulti.refusal->message);
  std::vector<std::string> argv{ctx.program};
  argv.insert(argv.end(), o.rest.begin(), o.rest.end());
  if (!is_start_fg_command(argv))
    return usage_error(ctx,
                       "start-fg takes only -a, -g GROUP, -i NAME and -v of postmulti's options");
  return start_fg(ctx, o, std::move(argv));
}

}  // namespace pfmulti
