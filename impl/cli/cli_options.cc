// Scanning pfmulti's own options (see cli_options.h).
#include "impl/cli/cli_options.h"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace pfmulti {
namespace {

constexpr std::string_view kArgumentOptions = "egiGI";  // postmulti options with an argument
constexpr std::string_view kFlagOptions = "alpRvx";     // postmulti options without one

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

// Handles one "--name[=value]" at args[i] (advancing i past a separate value). Returns an error
// message, or nullopt when taken.
std::optional<std::string> take_long(const std::vector<std::string>& args, size_t& i,
                                     CliOptions& o) {
  std::string arg = args[i];
  std::string name = arg, value;
  bool has_value = false;
  if (auto eq = arg.find('='); eq != std::string::npos) {
    name = arg.substr(0, eq);
    value = arg.substr(eq + 1);
    has_value = true;
  }
  auto need_value = [&]() -> std::optional<std::string> {
    if (has_value) return std::nullopt;
    if (i + 1 >= args.size()) return fmt::format("option {} requires an argument", name);
    value = args[++i];
    return std::nullopt;
  };
  if (name == "--dry-run" && !has_value) {
    o.dry_run = true;
  } else if (name == "--json" && !has_value) {
    o.json = true;
  } else if (name == "--help" && !has_value) {
    o.help = true;
  } else if (name == "--profile") {
    if (auto e = need_value()) return e;
    o.profile = profile_from_id(value);
    if (!o.profile)
      return fmt::format("unknown profile \"{}\" (known: {})", value, profile_names());
  } else if (name == "--timeout") {
    if (auto e = need_value()) return e;
    double seconds = 0;
    if (auto e = parse_seconds("--timeout", value, seconds)) return e;
    o.timeout_seconds = seconds;
  } else if (name == "--kill-grace") {
    if (auto e = need_value()) return e;
    if (auto e = parse_seconds("--kill-grace", value, o.kill_grace_seconds)) return e;
  } else {
    return fmt::format("unknown option {}", has_value ? name : arg);
  }
  return std::nullopt;
}

}  // namespace

Result<CliOptions> scan_iterator_options(const std::vector<std::string>& args) {
  CliOptions o;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      if (auto e = take_long(args, i, o)) return Fail::fail(*e);
      continue;
    }
    if (a.size() < 2 || a[0] != '-') break;  // the first operand ends the options
    std::string kept = "-";
    bool argument_follows = false;
    for (size_t k = 1; k < a.size(); ++k) {
      char c = a[k];
      if (c == 'n') {
        o.dry_run = true;
      } else if (c == 'j') {
        o.list_json = true;
      } else if (c == 'c') {
        if (k + 1 < a.size()) {
          o.config_dir = a.substr(k + 1);
        } else if (i + 1 < args.size()) {
          o.config_dir = args[++i];
        } else {
          return Fail::fail("option -c requires a directory argument");
        }
        break;
      } else if (kArgumentOptions.find(c) != std::string_view::npos) {
        kept += a.substr(k);  // the option and its argument, if attached
        argument_follows = k + 1 == a.size();
        if (argument_follows && i + 1 >= args.size())
          return Fail::fail(fmt::format("option requires an argument -- '{}'", c));
        break;
      } else if (kFlagOptions.find(c) == std::string_view::npos) {
        // Named here: postmulti's own usage message does not say which option is wrong.
        return Fail::fail(fmt::format("invalid option -- '{}' (see pfmulti --help)", c));
      } else {
        if (c == 'v') o.verbose = true;
        kept += c;
      }
    }
    if (kept.size() > 1) o.rest.push_back(kept);
    if (argument_follows && i + 1 < args.size()) o.rest.push_back(args[++i]);
  }
  o.rest.insert(o.rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  return Result<CliOptions>::ok(std::move(o));
}

Result<CliOptions> scan_wrapper_options(const std::vector<std::string>& args) {
  CliOptions o;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      if (auto e = take_long(args, i, o)) return Fail::fail(*e);
      continue;
    }
    break;
  }
  o.rest.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  return Result<CliOptions>::ok(std::move(o));
}

}  // namespace pfmulti
