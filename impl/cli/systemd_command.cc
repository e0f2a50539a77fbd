// pfmulti as a systemd generator (systemd.generator(7); issue 16 part 1; spec/rules.md
// R130-R139): `pfmulti-systemd-generator NORMAL [EARLY LATE]` (the link systemd runs from
// lib/systemd/system-generators/, recognised by main.cc from argv[0]) and the same as
// `pfmulti systemd-generator [-c DIR] NORMAL [EARLY LATE]`; and `pfmulti systemd-units [-c DIR]
// [--json]`, which prints what the generator would write, for review. The decision (which
// units, their names and text) is model/systemd/unit_generator.h; this file reads the world
// (the main.cf files, with a clean environment: the generator reads the system's
// configuration, never the caller's MAIL_CONFIG) and writes the files (impl/runtime/
// unit_writer.h) into the normal directory only. R136: a damaged instance is one stderr line
// (the journal) naming it, and the generator still exits 0; it exits non-zero only when its
// command line is wrong (2) or a file could not be written (1).
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "impl/cli/cli.h"
#include "impl/runtime/unit_writer.h"
#include "model/plan/planner.h"
#include "model/systemd/unit_generator.h"
#include "model/text/json.h"

namespace pfmulti {
namespace {

constexpr const char* kGeneratorUsage =
    "usage: pfmulti-systemd-generator NORMAL-DIR [EARLY-DIR LATE-DIR]\n"
    "       pfmulti systemd-generator [-c DIR] NORMAL-DIR [EARLY-DIR LATE-DIR]\n";
constexpr const char* kUnitsUsage = "usage: pfmulti systemd-units [-c DIR] [--json]\n";

// Debian's chroot set-up (postfix@.service's ExecStartPre= in Debian 12), used when present.
constexpr const char* kDebianChrootSetup = "/usr/lib/postfix/configure-instance.sh";

int usage(CliContext& ctx, const std::string& why, const char* text) {
  diagnostic(ctx, fmt::format("{}: {}", ctx.program, why));
  std::fputs(text, ctx.err);
  return kExitUsage;
}

// What the generator decides for the primary in config_dir (nullopt: the compiled-in one).
GeneratorOutput decide(CliContext& ctx, const std::optional<std::string>& config_dir) {
  Scenario s;
  s.program = Program::kPostmulti;
  if (config_dir) {
    s.defaults.values["config_directory"] = *config_dir;
    s.env["MAIL_CONFIG"] = *config_dir;
  }
  read_world_into(ctx, s);
  GeneratorOptions o;
  if (std::holds_alternative<std::string>(ctx.fs->read(kDebianChrootSetup)))
    o.chroot_setup = kDebianChrootSetup;
  return generate_units(s, o);
}

// -c DIR (absolute), the rest positional; a usage message when the command line is wrong.
std::optional<std::string> parse(const std::vector<std::string>& a, bool allow_json, bool& json,
                                 std::optional<std::string>& config_dir,
                                 std::vector<std::string>& rest) {
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string& arg = a[i];
    if (arg == "-c" || (arg.size() > 2 && arg.compare(0, 2, "-c") == 0)) {
      if (arg.size() > 2) {
        config_dir = arg.substr(2);
      } else if (i + 1 < a.size()) {
        config_dir = a[++i];
      } else {
        return "option -c requires a directory argument";
      }
      if (config_dir->empty() || config_dir->front() != '/')
        return fmt::format("-c requires absolute pathname: \"{}\"", *config_dir);
    } else if (allow_json && arg == "--json") {
      json = true;
    } else if (arg == "--") {
      rest.insert(rest.end(), a.begin() + static_cast<long>(i) + 1, a.end());
      break;
    } else if (!arg.empty() && arg.front() == '-') {
      return fmt::format("unknown option \"{}\"", arg);
    } else {
      rest.push_back(arg);
    }
  }
  return std::nullopt;
}

void report_skipped(CliContext& ctx, const GeneratorOutput& g) {
  for (const auto& s : g.skipped) warn(ctx, s.message());
}

}  // namespace

int run_systemd_generator(CliContext& ctx) {
  bool json = false;
  std::optional<std::string> config_dir;
  std::vector<std::string> dirs;
  if (auto why = parse(ctx.args, false, json, config_dir, dirs))
    return usage(ctx, *why, kGeneratorUsage);
  if (dirs.size() != 1 && dirs.size() != 3)
    return usage(ctx, fmt::format("expected 1 or 3 output directories, got {}", dirs.size()),
                 kGeneratorUsage);
  GeneratorOutput g = decide(ctx, config_dir);
  report_skipped(ctx, g);
  PosixFileOps ops;
  int status = 0;
  for (const auto& e : write_generated_files(ops, dirs.front(), g.files)) {
    diagnostic(ctx, fmt::format("{}: error: {}", ctx.program, e));
    status = 1;
  }
  return status;
}

int run_systemd_units(CliContext& ctx) {
  bool json = false;
  std::optional<std::string> config_dir;
  std::vector<std::string> rest;
  if (auto why = parse(ctx.args, true, json, config_dir, rest))
    return usage(ctx, *why, kUnitsUsage);
  if (!rest.empty())
    return usage(ctx, fmt::format("unexpected argument \"{}\"", rest.front()), kUnitsUsage);
  GeneratorOutput g = decide(ctx, config_dir);
  std::string out;
  for (const auto& f : g.files) {
    if (json) {
      Json::Object o;
      o.emplace_back("path", Json(f.path));
      o.emplace_back("type", Json(std::string(f.link ? "link" : "file")));
      o.emplace_back(f.link ? "target" : "content", Json(f.content));
      out += to_json(Json(std::move(o)), -1) + "\n";
    } else if (f.link) {
      out += fmt::format("--- {} -> {}\n", f.path, f.content);
    } else {
      out += fmt::format("--- {}\n{}", f.path, f.content);
    }
  }
  if (json) {
    for (const auto& s : g.skipped) {
      Json::Object o;
      o.emplace_back("skipped", Json(s.config_dir));
      o.emplace_back("reason", Json(s.reason));
      out += to_json(Json(std::move(o)), -1) + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), ctx.out);
  report_skipped(ctx, g);
  return g.skipped.empty() ? 0 : 1;
}

}  // namespace pfmulti
