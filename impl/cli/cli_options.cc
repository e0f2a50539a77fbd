// pfmulti's own options (see cli_options.h). The command line is parsed once, by postmulti's
// parser with pfmulti's extension table (model/postmulti/postmulti_command.h): this file only
// turns pfmulti's options into CliOptions and names a bad one.
#include "impl/cli/cli_options.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace pfmulti {
namespace {

using Fail = Result<CliOptions>;

std::string profile_names() {
  std::string out;
  for (ProfileName p : all_profiles()) {
    if (!out.empty()) out += ", ";
    out += profile_id(p);
  }
  return out;
}

std::optional<std::string> parse_seconds(std::string_view option, const std::string& text,
                                         double& out) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || errno != 0 || *end != '\0' || !std::isfinite(v) || v <= 0 || v > 1e6)
    return fmt::format("{}: \"{}\" is not a positive number of seconds", option, text);
  out = v;
  return std::nullopt;
}

// What getopt refused, in pfmulti's words (postmulti's usage message does not say which option
// is wrong).
std::string refusal(const ParsedOption& o) {
  if (!o.long_name.empty()) {
    if (o.missing_argument) return fmt::format("option {} requires an argument", o.long_name);
    return fmt::format("unknown option {}", o.long_name);
  }
  if (!o.missing_argument) return fmt::format("invalid option -- '{}' (see pfmulti --help)", o.bad);
  if (o.bad == 'c') return "option -c requires a directory argument";
  return fmt::format("option requires an argument -- '{}'", o.bad);
}

// One of pfmulti's options; an error message when its value is bad.
std::optional<std::string> take(const ParsedOption& o, CliOptions& c) {
  if (o.option == '?') return refusal(o);
  if (o.option == 'n' || o.long_name == "--dry-run") {
    c.dry_run = true;
  } else if (o.option == 'j') {
    c.list_json = true;
  } else if (o.option == 'c') {
    c.config_dir = o.argument;
  } else if (o.long_name == "--json") {
    c.json = true;
  } else if (o.long_name == "--help" || o.option == 'h') {
    c.help = true;
  } else if (o.long_name == "--tag" || o.long_name == "--no-tag") {
    c.tag = o.long_name == "--tag";
  } else if (o.long_name == "--version") {
    c.version = true;
  } else if (o.long_name == "--profile") {
    c.profile = profile_from_id(o.argument);
    if (!c.profile)
      return fmt::format("unknown profile \"{}\" (known: {})", o.argument, profile_names());
  } else if (o.long_name == "--postfix-release") {
    c.release = release_from_id(o.argument);
    if (!c.release) {
      std::string known;
      for (PostfixRelease r : all_releases())
        known += std::string(known.empty() ? "" : ", ") + std::string(release_id(r));
      return fmt::format("unknown Postfix release \"{}\" (known: {})", o.argument, known);
    }
  } else if (o.long_name == "--timeout") {
    double seconds = 0;
    if (auto e = parse_seconds("--timeout", o.argument, seconds)) return e;
    c.timeout_seconds = seconds;
  } else if (o.long_name == "--kill-grace") {
    if (auto e = parse_seconds("--kill-grace", o.argument, c.kill_grace_seconds)) return e;
  } else if (o.long_name == "--parallel") {
    const std::string& v = o.argument;
    size_t n = 0;
    bool ok = !v.empty() && v.size() <= 4 && v.find_first_not_of("0123456789") == std::string::npos;
    if (ok) n = std::stoul(v);
    if (!ok || n < 1 || n > 1024)
      return fmt::format("--parallel: \"{}\" is not a number of children 1..1024", v);
    c.parallel = n;
  }
  return std::nullopt;
}

}  // namespace

Result<CliOptions> scan_iterator_options(const std::vector<std::string>& args) {
  CommandLine line = split_command_line(args, "pfmulti");
  CliOptions o;
  for (const ParsedOption& p : line.pfmulti_options)
    if (auto e = take(p, o)) return Fail::fail(*e);
  o.rest = std::move(line.postmulti_args);
  o.postmulti = std::move(line.postmulti);
  o.verbose = o.postmulti.command && o.postmulti.command->verbose;
  return Result<CliOptions>::ok(std::move(o));
}

Result<CliOptions> scan_wrapper_options(const std::vector<std::string>& args) {
  // postfix-wrapper(5): COMMAND ARGS...; only leading long options are pfmulti's (a postfix
  // command never starts with "--").
  std::vector<std::string> argv{"postfix-wrapper"};
  argv.insert(argv.end(), args.begin(), args.end());
  GetoptResult opts = posix_getopt(argv, "", kPfmultiLongOptions);
  CliOptions o;
  for (const ParsedOption& p : opts.options) {
    if (p.option == '?' && p.long_name.empty()) break;  // a short option: a command word
    if (auto e = take(p, o)) return Fail::fail(*e);
  }
  size_t first = opts.optind;
  if (!opts.options.empty() && opts.options.back().option == '?' &&
      opts.options.back().long_name.empty())
    first = opts.options.back().index;
  o.rest.assign(argv.begin() + static_cast<std::ptrdiff_t>(std::min(first, argv.size())),
                argv.end());
  return Result<CliOptions>::ok(std::move(o));
}

}  // namespace pfmulti
