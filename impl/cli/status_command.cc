// `pfmulti status [-c DIR] [-a | -g GROUP | -i NAME] [--json | --prometheus]
// [--prometheus-file PATH]` (issue 15 item 5; spec/postfix-facts.md §10): one line per instance
// postmulti iterates over, or per selected instance (-a, -g, -i as postmulti(1) matches them,
// model/postmulti/instances.h matches(); spec/rules.md R183) (name, group, enabled,
// config directory, master running or not with its pid, the counts of its queues), read from
// the pid file, /proc and the queue directories (impl/runtime/status_facts.h) without starting
// any process. --json: one object per instance (spec/status.schema.json). --prometheus: the
// text exposition format on stdout; --prometheus-file PATH: the same, written atomically
// (impl/runtime/atomic_file.h) for node_exporter's textfile collector. Each instance that is
// enabled but not running, disabled but running, damaged or has an unreadable queue gets one
// stderr line (through diagnostic(), R126) and makes the exit status 1; usage errors exit 2.
#include <fmt/format.h>
#include <unistd.h>

#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "impl/cli/cli.h"
#include "impl/runtime/atomic_file.h"
#include "impl/runtime/status_facts.h"
#include "model/plan/planner.h"
#include "model/postmulti/postmulti_plan.h"
#include "model/status/status_view.h"

namespace pfmulti {
namespace {

constexpr const char* kStatusUsage =
    "usage: pfmulti status [-c DIR] [-a | -g GROUP | -i NAME] [--json | --prometheus]\n"
    "                      [--prometheus-file PATH]\n";

int usage(CliContext& ctx, const std::string& why) {
  diagnostic(ctx, fmt::format("{}: fatal: {}", ctx.program, why));
  std::string text = kStatusUsage;
  for (size_t begin = 0, nl; (nl = text.find('\n', begin)) != std::string::npos; begin = nl + 1)
    diagnostic(ctx, std::string_view(text).substr(begin, nl - begin));
  return kExitUsage;
}

struct StatusOptions {
  std::optional<std::string> config_dir;
  Selection selection;  // -a, -g GROUP, -i NAME (none: every instance)
  bool json = false, prometheus = false, help = false;
  std::optional<std::string> prometheus_file;
};

}  // namespace

int run_status(CliContext& ctx) {
  StatusOptions o;
  const auto& a = ctx.args;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string& arg = a[i];
    auto value = [&](std::string_view option) -> std::optional<std::string> {
      std::string prefix = std::string(option) + "=";
      if (arg.compare(0, prefix.size(), prefix) == 0) return arg.substr(prefix.size());
      if (i + 1 < a.size()) return a[++i];
      return std::nullopt;
    };
    if (arg == "--json") {
      o.json = true;
    } else if (arg == "--prometheus") {
      o.prometheus = true;
    } else if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "-a" || arg.rfind("-g", 0) == 0 || arg.rfind("-i", 0) == 0) {
      if (o.selection.type != SelectionType::kNone)
        return usage(ctx, "status: -a, -g and -i exclude each other");
      if (arg == "-a") {
        o.selection.type = SelectionType::kAll;
        continue;
      }
      o.selection.type = arg[1] == 'g' ? SelectionType::kGroup : SelectionType::kName;
      if (arg.size() > 2) {
        o.selection.value = arg.substr(2);
      } else if (i + 1 < a.size()) {
        o.selection.value = a[++i];
      } else {
        return usage(ctx, fmt::format("option {} requires an argument", arg));
      }
    } else if (arg == "-c" || arg.compare(0, 2, "-c") == 0) {
      if (arg.size() > 2) {
        o.config_dir = arg.substr(2);
      } else if (i + 1 < a.size()) {
        o.config_dir = a[++i];
      } else {
        return usage(ctx, "option -c requires a directory argument");
      }
    } else if (arg == "--prometheus-file" || arg.rfind("--prometheus-file=", 0) == 0) {
      o.prometheus_file = value("--prometheus-file");
      if (!o.prometheus_file || o.prometheus_file->empty())
        return usage(ctx, "option --prometheus-file requires a file name");
    } else {
      return usage(ctx, fmt::format("status: unknown argument \"{}\"", arg));
    }
  }
  if (o.help) {
    fmt::print(ctx.out, "{}", kStatusUsage);
    return std::fflush(ctx.out) == 0 ? 0 : fatal(ctx, "write error on standard output");
  }
  if (o.json && o.prometheus)
    return usage(ctx, "status: --json and --prometheus exclude each other");
  if (o.config_dir && (o.config_dir->empty() || (*o.config_dir)[0] != '/'))
    return usage(ctx, fmt::format("-c requires absolute pathname: \"{}\"", *o.config_dir));

  Scenario s;
  s.program = Program::kPostmulti;
  s.env = ctx.env;
  char cwd[PATH_MAX];
  s.cwd = ::getcwd(cwd, sizeof cwd) ? std::string(cwd) : std::string();
  if (o.config_dir) {
    s.defaults.values["config_directory"] = *o.config_dir;
    s.env["MAIL_CONFIG"] = *o.config_dir;
  }
  read_world_into(ctx, s);
  auto loaded = load_instances(s);
  if (auto* e = std::get_if<std::string>(&loaded)) return fatal(ctx, *e);

  Selection selection = o.selection;
  if (selection.type == SelectionType::kNone) selection.type = SelectionType::kAll;
  std::vector<StatusRow> rows;
  bool matched = false;
  for (const Instance& ip : std::get<std::vector<Instance>>(loaded)) {
    // R183: a damaged instance whose name or group would decide is shown (flagged damaged).
    std::optional<bool> m = matches(ip, selection);
    if (m && !*m) continue;
    matched = matched || m.value_or(false);
    if (ip.damage) {
      rows.push_back(status_row(ip, nullptr));
    } else {
      InstanceFacts facts = read_instance_facts(*ctx.fs, ip.queue_dir);
      rows.push_back(status_row(ip, &facts));
    }
  }

  if (!matched && o.selection.type != SelectionType::kNone)
    return fatal(ctx, "No matching instances");  // postmulti's words (R84)

  std::string out;
  if (o.prometheus) {
    out = status_prometheus(rows);
  } else if (o.json) {
    for (const auto& r : rows) out += to_json(status_to_json(r), -1) + "\n";
  } else if (!o.prometheus_file) {
    for (const auto& r : rows) out += status_line(r) + "\n";
  }
  int status = 0;
  if (o.prometheus_file) {
    auto current = read_file(*o.prometheus_file);
    AtomicWrite w;
    w.path = *o.prometheus_file;
    if (current.ok()) w.expected = current.bytes;
    w.bytes = status_prometheus(rows);
    PosixFileOps ops;
    if (std::string e = atomic_write(ops, w); !e.empty()) status = fatal(ctx, e);
  }
  std::fwrite(out.data(), 1, out.size(), ctx.out);
  if (std::fflush(ctx.out) != 0) status = fatal(ctx, "write error on standard output");
  for (const auto& r : rows) {
    if (r.problem.empty()) continue;
    diagnostic(ctx, fmt::format("{}: error: {}", ctx.program, r.problem));
    status = status ? status : 1;
  }
  return status;
}

}  // namespace pfmulti
