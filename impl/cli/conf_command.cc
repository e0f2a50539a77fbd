// `pfmulti conf [--postfix-release R] [-c DIR] [-h] [-x] [-n] [NAME...]`: a postconf-compatible
// query (spec/rules.md R30-R34); --postfix-release takes that release's built-in defaults (R115).
// Output as postconf prints it: "name = value" (or the bare value with -h), white space runs
// collapsed; -x expands; -n lists main.cf settings. Everything is computed before anything is
// printed, so a failure prints nothing on stdout.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <set>
#include <vector>

#include "impl/cli/cli.h"
#include "impl/runtime/instance_reader.h"
#include "model/main_cf/config.h"
#include "model/plan/release.h"

namespace pfmulti {
namespace {

struct ConfOptions {
  std::string config_dir;
  bool explicit_dir = false;
  bool bare = false;         // -h
  bool expand = false;       // -x
  bool non_default = false;  // -n
  PostfixRelease release = kDefaultRelease;
  std::vector<std::string> names;
};

// getopt-style parsing of "c:hxn" (clustered flags, -cDIR or -c DIR, "--" ends options).
Result<ConfOptions> parse_options(const std::vector<std::string>& args) {
  ConfOptions o;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a == "--postfix-release") {
      std::optional<PostfixRelease> r;
      if (i + 1 < args.size()) r = release_from_id(args[i + 1]);
      if (!r)
        return Result<ConfOptions>::fail(
            fmt::format("--postfix-release needs a known release (3.7 ... 3.11): \"{}\"",
                        i + 1 < args.size() ? args[i + 1] : ""));
      o.release = *r;
      ++i;
      continue;
    }
    if (a.size() < 2 || a[0] != '-') break;
    for (size_t k = 1; k < a.size(); ++k) {
      char f = a[k];
      if (f == 'h') {
        o.bare = true;
      } else if (f == 'x') {
        o.expand = true;
      } else if (f == 'n') {
        o.non_default = true;
      } else if (f == 'c') {
        if (k + 1 < a.size()) {
          o.config_dir = a.substr(k + 1);
        } else if (i + 1 < args.size()) {
          o.config_dir = args[++i];
        } else {
          return Result<ConfOptions>::fail("option -c requires a directory argument");
        }
        o.explicit_dir = true;
        break;
      } else {
        return Result<ConfOptions>::fail(
            fmt::format("unknown option -{}; usage: conf [-c DIR] [-h] [-x] [-n] [NAME...]", f));
      }
    }
  }
  for (; i < args.size(); ++i) o.names.push_back(args[i]);
  return Result<ConfOptions>::ok(std::move(o));
}

}  // namespace

int run_conf(CliContext& ctx) {
  auto parsed = parse_options(ctx.args);
  if (!parsed) return usage_error(ctx, parsed.error());
  ConfOptions o = std::move(parsed).value();
  if (!o.explicit_dir) {
    auto it = ctx.env.find("MAIL_CONFIG");
    o.config_dir = it != ctx.env.end() ? it->second : compiled_defaults().config_directory();
  }
  // R122 as postconf: a relative (or empty) directory is used as given, relative to the current
  // directory, and $config_directory expands to it; only postfix(1) insists on "/" (R41).

  const Defaults defaults = release_defaults(o.release);
  auto loaded = load_instance_config(*ctx.fs, o.config_dir, defaults);
  if (!loaded) return fatal(ctx, loaded.error());
  const Config& cfg = *loaded->config;
  // The process ends when this returns: like clang's -disable-free, keep the configuration
  // instead of tearing it down (for 10,000 parameters the teardown cost an eighth of the run).
  // It stays reachable from a static pointer, so leak checkers do not report it.
  static auto* const kept = new std::vector<std::shared_ptr<const Config>>();
  kept->push_back(loaded->config);
  for (const auto& w : cfg.file().warnings) warn(ctx, w.str());
  // Like postconf, fail on any broken built-in definition, whatever was asked (docs/conf.md).
  if (auto err = cfg.startup_error())
    return fatal(ctx, fmt::format("{}: {}", cfg.file().file, *err));

  // Which names, in which order.
  std::vector<std::string> names = o.names;
  if (o.non_default) {
    std::set<std::string> set;
    for (const auto& d : cfg.file().definitions) set.insert(d.name);
    if (o.explicit_dir) set.insert("config_directory");
    if (names.empty()) {
      names.assign(set.begin(), set.end());
    } else {
      std::erase_if(names, [&](const std::string& n) { return !set.count(n); });
    }
  } else if (names.empty()) {
    std::set<std::string> set;
    for (const auto& [name, value] : cfg.defaults().values) set.insert(name);
    for (const auto& d : cfg.file().definitions) set.insert(d.name);
    names.assign(set.begin(), set.end());
  }

  // First every value (expansion failures print nothing on stdout), then the lines, written in
  // blocks of about 64 KiB (a 1 MiB value is not built a second time in memory).
  std::vector<std::pair<const std::string*, std::string_view>> lines;
  lines.reserve(names.size());
  for (const auto& name : names) {
    std::optional<std::string_view> raw = cfg.raw(name);
    if (!raw) {
      warn(ctx, fmt::format("{}: unknown parameter", name));
      continue;
    }
    std::string_view value = *raw;
    if (o.expand) {
      auto x = cfg.expand_view(name);
      if (!x) return fatal(ctx, fmt::format("{}: {}", cfg.file().file, x.error()));
      value = *x;
    }
    lines.emplace_back(&name, value);
  }
  constexpr size_t kBlock = size_t{64} << 10;
  auto is_sep = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::string output;
  output.reserve(2 * kBlock);
  auto flush = [&] {
    if (std::fwrite(output.data(), 1, output.size(), ctx.out) != output.size() && !ctx.out_errno)
      ctx.out_errno = errno;  // R124: for finish_output's message
    output.clear();
  };
  for (const auto& [name, value] : lines) {
    // The line is "name = value" (or the value), white space runs collapsed to one space. A
    // long value is collapsed in pieces cut inside a run of white space, which gives the same
    // words with one space between pieces.
    bool any_word = false;
    if (!o.bare) output.append(*name).append(" =");
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t cut = rest.size() <= kBlock ? rest.size() : kBlock;
      while (cut < rest.size() && !is_sep(rest[cut])) ++cut;
      size_t mark = output.size();
      if (any_word || !o.bare) output.push_back(' ');  // before the piece's first word
      size_t words_at = output.size();
      append_collapsed(output, rest.substr(0, cut));
      if (output.size() == words_at) {
        output.resize(mark);  // no word in this piece: no space either
      } else {
        any_word = true;
      }
      rest.remove_prefix(cut);
      if (output.size() >= kBlock) flush();
    }
    output += '\n';
    if (output.size() >= kBlock) flush();
  }
  flush();
  return 0;
}

}  // namespace pfmulti
