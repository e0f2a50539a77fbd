// getopt(3) in "+" mode, with optional long options (see getopt.h).
#include "model/text/getopt.h"

#include "model/text/strings.h"

namespace pfmulti {
namespace {

// "--name[=value]" at argv[i]; advances i past a detached value. False when parsing stops.
bool take_long(const std::vector<std::string>& argv, size_t& i,
               std::span<const LongOption> long_options, GetoptResult& r) {
  const std::string& arg = argv[i];
  size_t eq = arg.find('=');
  std::string name = arg.substr(0, eq);
  ParsedOption o;
  o.index = i;
  o.long_name = name;
  const LongOption* spec = nullptr;
  for (const LongOption& l : long_options)
    if (name.compare(2, std::string::npos, l.name) == 0) spec = &l;
  if (!spec || (eq != std::string::npos && !spec->takes_argument)) {
    o.option = '?';
    o.unexpected_argument = spec != nullptr;
    if (!spec) o.long_name = eq == std::string::npos ? arg : name;
  } else if (eq != std::string::npos) {
    o.argument = arg.substr(eq + 1);
  } else if (spec->takes_argument) {
    if (i + 1 < argv.size()) {
      o.argument = argv[++i];
      o.detached = true;
    } else {
      o.option = '?';
      o.missing_argument = true;
    }
  }
  r.options.push_back(std::move(o));
  return r.options.back().option != '?';
}

}  // namespace

GetoptResult posix_getopt(const std::vector<std::string>& argv, std::string_view optstring,
                          std::span<const LongOption> long_options) {
  GetoptResult r;
  size_t i = 1;
  while (i < argv.size()) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      ++i;
      r.double_dash = true;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;
    if (!long_options.empty() && arg[1] == '-') {
      if (!take_long(argv, i, long_options, r)) {
        r.optind = i + 1;
        return r;
      }
      ++i;
      continue;
    }
    size_t k = 1;
    while (k < arg.size()) {
      char c = arg[k];
      size_t pos = c == ':' ? std::string_view::npos : optstring.find(c);
      if (pos == std::string_view::npos) {
        r.options.push_back({'?', "", c, false, i, false, "", false});
        r.optind = i + 1;
        return r;
      }
      bool takes_argument = pos + 1 < optstring.size() && optstring[pos + 1] == ':';
      if (!takes_argument) {
        r.options.push_back({c, "", 0, false, i, false, "", false});
        ++k;
        continue;
      }
      if (k + 1 < arg.size()) {
        r.options.push_back({c, arg.substr(k + 1), 0, false, i, false, "", false});
      } else if (i + 1 < argv.size()) {
        r.options.push_back({c, argv[i + 1], 0, false, i, true, "", false});
        ++i;
      } else {
        r.options.push_back({'?', "", c, true, i, false, "", false});
        r.optind = i + 1;
        return r;
      }
      break;
    }
    ++i;
  }
  r.optind = i;
  return r;
}

std::string program_basename(const std::vector<std::string>& argv, std::string_view fallback) {
  if (argv.empty() || argv[0].empty()) return std::string(fallback);
  std::string base = path_basename(argv[0]);
  return base.empty() ? argv[0] : base;  // Postfix keeps argv[0] when nothing follows the slash
}

}  // namespace pfmulti
