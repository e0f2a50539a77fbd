// `pfmulti apply` (see apply_command.h).
#include "impl/cli/apply_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "impl/runtime/edit_lock.h"
#include "impl/runtime/lifecycle_executor.h"
#include "impl/runtime/read_file.h"
#include "impl/runtime/system_process_runner.h"
#include "model/apply/apply_plan.h"
#include "model/text/json.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

constexpr const char* kApplyUsage =
    "usage: pfmulti apply [-c DIR] [-n|--dry-run] [--diff] [--json] [--prune] [-v] FILE|-\n"
    "       pfmulti apply [-c DIR] --export\n";

struct ApplyOptions {
  std::optional<std::string> config_dir;
  bool dry_run = false, diff = false, json = false, prune = false, verbose = false;
  bool do_export = false, help = false;
  std::optional<std::string> file;
};

int usage(CliContext& ctx, const std::string& why) {
  fmt::print(ctx.err, "{}: fatal: {}\n{}", ctx.program, printable(why), kApplyUsage);
  return kExitUsage;
}

std::string absolute(const std::string& path) {
  if (path.empty() || path.front() == '/' || path == "-") return path;
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) return path;
  return std::string(buf) + "/" + path;
}

ApplyPlan plan_on_system(const ApplyInput& in, const StatusProbe& probe) {
  LifecycleFacts facts;
  for (int round = 0; round < 64; ++round) {
    ApplyAnswer a = plan_apply(in, facts);
    if (a.needs.empty()) return a.plan;
    gather_lifecycle_facts(a.needs, facts, probe);
  }
  ApplyPlan p;
  p.error = "internal error: the apply planner kept asking for facts";
  return p;
}

Json change_to_json(const ApplyChange& c) {
  Json o = Json::object();
  o.set("action", c.action);
  o.set("instance", c.instance);
  if (!c.argv.empty()) o.set("argv", json_strings(c.argv));
  o.set("detail", c.detail);
  return o;
}

// The --json result (spec/apply-result.schema.json).
Json result_json(const ApplyPlan* plan, bool dry_run, bool changed, const std::string& error,
                 const std::vector<std::string>& warnings) {
  Json o = Json::object();
  o.set("changed", changed);
  o.set("dry_run", dry_run);
  Json changes = Json::array();
  if (plan)
    for (const auto& c : plan->changes) changes.push(change_to_json(c));
  o.set("changes", changes);
  o.set("diff", plan ? apply_diff(*plan) : std::string());
  o.set("warnings", json_strings(warnings));
  if (!error.empty()) o.set("error", error);
  return o;
}

void print(CliContext& ctx, const std::string& text) { std::fputs(text.c_str(), ctx.out); }

int fail(CliContext& ctx, const ApplyOptions& o, const std::string& message,
         const ApplyPlan* plan = nullptr) {
  if (o.json) print(ctx, to_json(result_json(plan, o.dry_run, false, message, {}), -1) + "\n");
  return fatal(ctx, message);
}

std::string changes_text(const ApplyPlan& plan) {
  std::string out;
  for (const auto& c : plan.changes)
    out += fmt::format("{} {}: {}\n", c.action, c.instance, c.detail);
  return out;
}

}  // namespace

int run_apply(CliContext& ctx) { return run_apply(ctx, LifecycleSetup{}); }

int run_apply(CliContext& ctx, LifecycleSetup setup) {
  ApplyOptions o;
  const auto& a = ctx.args;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string& arg = a[i];
    if (arg == "-n" || arg == "--dry-run") {
      o.dry_run = true;
    } else if (arg == "--diff") {
      o.diff = true;
    } else if (arg == "--json") {
      o.json = true;
    } else if (arg == "--prune") {
      o.prune = true;
    } else if (arg == "--export") {
      o.do_export = true;
    } else if (arg == "-v") {
      o.verbose = true;
    } else if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "-c") {
      if (i + 1 >= a.size()) return usage(ctx, "option -c needs a directory");
      o.config_dir = a[++i];
    } else if (arg.rfind("-c", 0) == 0 && arg.size() > 2) {
      o.config_dir = arg.substr(2);
    } else if (arg == "-" || arg.empty() || arg.front() != '-') {
      if (o.file) return usage(ctx, fmt::format("more than one document: {} and {}", *o.file, arg));
      o.file = arg;
    } else {
      return usage(ctx, fmt::format("unknown option {}", arg));
    }
  }
  if (o.help) return print(ctx, kApplyUsage), 0;
  if (o.config_dir && (o.config_dir->empty() || o.config_dir->front() != '/'))
    return usage(ctx, fmt::format("-c requires an absolute directory, not '{}'", *o.config_dir));
  if (o.do_export && (o.file || o.dry_run || o.diff || o.prune || o.json))
    return usage(ctx, "--export takes no document and no other option but -c");
  if (!o.do_export && !o.file) return usage(ctx, "no document (a FILE, or - for standard input)");

  ::umask(022);  // as -e: new files and directories 0644 / 0755
  LifecycleEffects effects(setup);

  ApplyInput in;
  in.env = ctx.env;
  in.defaults = setup.defaults;
  if (o.config_dir) {
    in.defaults.values["config_directory"] = *o.config_dir;
    in.env["MAIL_CONFIG"] = *o.config_dir;
  }
  in.self_path = setup.self_path;
  in.prune = o.prune;

  if (o.do_export) {
    ApplyPlan plan = plan_on_system(in, setup.probe);
    if (plan.error) return fatal(ctx, *plan.error);
    print(ctx, to_json(desired_state_to_json(plan.current)) + "\n");
    return 0;
  }

  // The document (R160, R161).
  std::string text;
  if (*o.file == "-") {
    if (int err = read_fd(STDIN_FILENO, &text))
      return fail(ctx, o, fmt::format("standard input: {}", std::strerror(err)));
  } else {
    FileBytes fb = read_file(*o.file);
    if (!fb.ok()) return fail(ctx, o, fmt::format("{}: {}", *o.file, fb.reason()));
    text = std::move(fb.bytes);
  }
  std::string source = *o.file == "-" ? std::string("standard input") : *o.file;
  auto doc = parse_desired_state(text);
  if (!doc) return fail(ctx, o, fmt::format("{}: {}", source, doc.error()));
  in.desired = std::move(doc).value();
  in.journal_args = {"apply"};
  if (o.prune) in.journal_args.push_back("--prune");
  in.journal_args.push_back(absolute(*o.file));

  ApplyPlan plan = plan_on_system(in, setup.probe);
  if (plan.error) return fail(ctx, o, *plan.error);
  auto show = [&](const ApplyPlan& p, bool changed, const std::vector<std::string>& warnings) {
    if (o.json) {
      print(ctx, to_json(result_json(&p, o.dry_run, changed, "", warnings), -1) + "\n");
      return;
    }
    print(ctx, p.changes.empty() ? std::string("no changes\n") : changes_text(p));
    if (o.diff) print(ctx, apply_diff(p));
  };
  if (o.dry_run) {
    show(plan, !plan.changes.empty(), plan.warnings);
    return 0;
  }
  if (plan.transaction.steps.empty() && !plan.transaction.journal_clear) {
    for (const auto& w : plan.warnings) warn(ctx, w);
    show(plan, false, plan.warnings);
    return 0;
  }

  // Under the lock, plan again: the world may have changed since the first look.
  EditLock lock;
  std::string lock_error;
  if (!lock.acquire(plan.transaction.primary_config_directory, setup.lock_wait, lock_error))
    return fail(ctx, o, lock_error);
  plan = plan_on_system(in, setup.probe);
  if (plan.error) return fail(ctx, o, *plan.error);
  for (const auto& w : plan.warnings) warn(ctx, w);

  LifecycleExecutorOptions eo;
  eo.base_env = ctx.env;
  if (o.verbose) {
    eo.on_step = [&](const LifecycleStep& s) {
      std::string t = describe_step(s);
      diagnostic(ctx, fmt::format("{}: {}", ctx.program, t.substr(0, t.find('\n'))));
    };
  }
  LifecycleOutcome out = execute_lifecycle(plan.transaction, *setup.ops, *setup.runner, eo);
  // Another writer changed a file between planning and writing, and everything was undone:
  // plan again from the new contents (a few times; then the error stands), as -e does.
  for (int attempt = 0; attempt < 20 && out.changed_by_other && out.rollback_errors.empty() &&
                        !out.signal && !plan.transaction.resuming;
       ++attempt) {
    plan = plan_on_system(in, setup.probe);
    if (plan.error) return fail(ctx, o, *plan.error);
    out = execute_lifecycle(plan.transaction, *setup.ops, *setup.runner, eo);
  }
  std::vector<std::string> warnings = plan.warnings;
  for (const auto& w : out.warnings) {
    warn(ctx, w);
    warnings.push_back(w);
  }
  if (!out.error.empty()) {
    for (const auto& e : out.rollback_errors) warn(ctx, "could not undo: " + e);
    std::string message = out.error;
    if (out.rolled_back && out.rollback_errors.empty())
      message += out.undone.empty() ? "; nothing was changed"
                                    : "; undone: " + summary(out.undone) + "; nothing was changed";
    else if (out.rolled_back)
      message += "; not everything could be undone (see the warnings): run 'pfmulti lint'";
    if (o.json)
      print(ctx,
            to_json(result_json(&plan, false, !out.rolled_back, message, warnings), -1) + "\n");
    fatal(ctx, message);
    return out.exit_status ? out.exit_status : 1;
  }
  show(plan, !plan.changes.empty(), warnings);
  return out.exit_status;
}

}  // namespace pfmulti
