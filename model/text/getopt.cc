// getopt(3) in "+" mode (see getopt.h).
#include "model/text/getopt.h"

#include "model/text/strings.h"

namespace pfmulti {

GetoptResult posix_getopt(const std::vector<std::string>& argv, std::string_view optstring) {
  GetoptResult r;
  size_t i = 1;
  while (i < argv.size()) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') break;
    size_t k = 1;
    bool stop = false;
    while (k < arg.size()) {
      char c = arg[k];
      size_t pos = c == ':' ? std::string_view::npos : optstring.find(c);
      if (pos == std::string_view::npos) {
        r.options.push_back({'?', "", c, false});
        r.optind = i + 1;
        return r;
      }
      bool takes_argument = pos + 1 < optstring.size() && optstring[pos + 1] == ':';
      if (!takes_argument) {
        r.options.push_back({c, "", 0, false});
        ++k;
        continue;
      }
      if (k + 1 < arg.size()) {
        r.options.push_back({c, arg.substr(k + 1), 0, false});
      } else if (i + 1 < argv.size()) {
        r.options.push_back({c, argv[i + 1], 0, false});
        ++i;
      } else {
        r.options.push_back({'?', "", c, true});
        r.optind = i + 1;
        return r;
      }
      stop = true;
      break;
    }
    (void)stop;
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
