// `pfmulti -e ACTION ...` (see lifecycle_command.h).
#include "impl/cli/lifecycle_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <memory>

#include <fmt/format.h>

#include "impl/cli/lifecycle_json.h"
#include "impl/runtime/child_output.h"
#include "impl/runtime/edit_lock.h"
#include "impl/runtime/lifecycle_executor.h"
#include "impl/runtime/system_process_runner.h"

namespace pfmulti {
namespace {

std::string self_executable() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

int run_lifecycle(CliContext& ctx, const CliOptions& options) {
  return run_lifecycle(ctx, options, LifecycleSetup{});
}

// --json: one line on stdout (rules.md R184).
void print_json(CliContext& ctx, const Json& value) {
  std::string line = to_json(value, -1) + "\n";
  std::fputs(line.c_str(), ctx.out);
  flush_output(ctx);
}

std::string summary(const std::vector<std::string>& items) {
  size_t n = std::min<size_t>(items.size(), 6);
  std::string s;
  for (size_t i = 0; i < n; ++i) s += (i ? ", " : "") + items[i];
  if (items.size() > n) s += fmt::format(" and {} more", items.size() - n);
  return s;
}

LifecycleEffects::LifecycleEffects(LifecycleSetup& setup) {
  if (!setup.ops) setup.ops = &posix_ops_;
  if (!setup.runner) {
    runner_ = std::make_unique<SystemProcessRunner>();
    setup.runner = runner_.get();
  }
  if (!setup.probe) setup.probe = run_status_probe;
  if (setup.self_path.empty()) setup.self_path = self_executable();
}

int run_lifecycle(CliContext& ctx, const CliOptions& o, LifecycleSetup setup) {
  ::umask(022);  // as postmulti and postmulti-script: new files and directories 0644 / 0755
  LifecycleEffects effects(setup);

  LifecycleInput in;
  in.env = ctx.env;
  in.defaults = setup.defaults;
  if (o.config_dir) {
    // -c DIR: DIR is the primary instance, as if pfmulti had been built with that default.
    in.defaults.values["config_directory"] = *o.config_dir;
    in.env["MAIL_CONFIG"] = *o.config_dir;
  }
  in.argv = {ctx.program};
  in.argv.insert(in.argv.end(), o.rest.begin(), o.rest.end());
  in.self_path = setup.self_path;

  // A refused plan: with --json its summary too, then the fatal line.
  auto refused = [&](const LifecyclePlan& p) {
    if (o.json) print_json(ctx, lifecycle_summary_to_json(p, nullptr, o.dry_run));
    return fatal(ctx, *p.error);
  };
  LifecyclePlan plan = plan_lifecycle_on_system(in, setup.probe);
  if (plan.error) return refused(plan);
  if (o.dry_run) {
    if (o.json) {
      for (size_t i = 0; i < plan.steps.size(); ++i)
        print_json(ctx, lifecycle_step_to_json(plan.steps[i], i));
      print_json(ctx, lifecycle_summary_to_json(plan, nullptr, true));
      return 0;
    }
    std::string text = describe_plan(plan);
    std::fputs(text.c_str(), ctx.out);
    flush_output(ctx);
    return 0;
  }
  if (plan.steps.empty() && !plan.journal_clear && o.json) {
    LifecycleOutcome nothing;
    print_json(ctx, lifecycle_summary_to_json(plan, &nothing, false));
  }
  if (plan.steps.empty() && !plan.journal_clear) return 0;

  // Under the lock, plan again: the world may have changed since the first look.
  EditLock lock;
  std::string lock_error;
  if (!lock.acquire(plan.primary_config_directory, setup.lock_wait, lock_error))
    return fatal(ctx, lock_error);
  plan = plan_lifecycle_on_system(in, setup.probe);
  if (plan.error) return refused(plan);
  for (const auto& w : plan.warnings) warn(ctx, w);

  LifecycleExecutorOptions eo;
  eo.base_env = ctx.env;
  if (o.verbose) {
    eo.on_step = [&](const LifecycleStep& s) {
      std::string text = describe_step(s);
      std::string first = text.substr(0, text.find('\n'));
      diagnostic(ctx, fmt::format("{}: {}", ctx.program, first));
    };
  }
  if (o.json) {  // stdout stays JSON: the children's lines go to stderr, labelled (R184)
    eo.output = ChildOutput::kLabel;
    eo.on_output = [](const std::string& label, int, std::string_view line) {
      (void)write_whole(2, labelled_line(label, line));
    };
  }
  LifecycleOutcome out = execute_lifecycle(plan, *setup.ops, *setup.runner, eo);
  // Another process changed a file between planning and writing, and everything was undone:
  // plan again from the new contents (a few times; then the error stands).
  for (int attempt = 0; attempt < 20 && out.changed_by_other && out.rollback_errors.empty() &&
                        !out.signal && !plan.resuming;
       ++attempt) {
    plan = plan_lifecycle_on_system(in, setup.probe);
    if (plan.error) return refused(plan);
    out = execute_lifecycle(plan, *setup.ops, *setup.runner, eo);
  }
  if (o.json) print_json(ctx, lifecycle_summary_to_json(plan, &out, false));
  for (const auto& w : out.warnings) warn(ctx, w);
  if (!out.error.empty()) {
    for (const auto& e : out.rollback_errors) warn(ctx, "could not undo: " + e);
    std::string message = out.error;
    if (out.rolled_back && out.rollback_errors.empty())
      message += out.undone.empty() ? "; nothing was changed"
                                    : "; undone: " + summary(out.undone) + "; nothing was changed";
    else if (out.rolled_back)
      message += "; not everything could be undone (see the warnings): run 'pfmulti lint'";
    fatal(ctx, message);
    return out.exit_status ? out.exit_status : 1;
  }
  for (const auto& l : plan.leftovers) warn(ctx, l);
  return out.exit_status;
}

}  // namespace pfmulti
