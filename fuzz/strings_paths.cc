// libFuzzer harness for list splitting and path handling (model/text/strings.h,
// model/text/shell_words.h, split_list in model/main_cf/config.h; spec/rules.md R52, R53). The
// input's first byte picks up to three separator bytes from the bytes after it; the rest is the
// text. Each law compares the model with a second definition written here, or with glibc:
//  S1  split_on(text, seps) is the maximal runs of non-separator bytes, in order (reference loop);
//      joining them with any separator and splitting again gives them back.
//  S2  split_list is split_on(", \t\r\n"); ifs_split is split_on(" \t\n").
//  S3  path_basename is what follows the last '/', the whole text without one.
//  S4  path_dirname agrees with glibc's dirname(3) (POSIX), on texts without NUL; where POSIX
//      leaves the root spelled "//" to the implementation (glibc keeps "//"), "/" is right too.
//  S5  strip_trailing_slashes drops trailing '/' but keeps a lone "/"; squeeze_slashes also
//      collapses runs of '/'; both idempotent; squeeze_slashes(x) == strip(collapse(x)).
//  S6  glob_match(pattern, path) agrees with dash's pathname expansion as glibc states it: the
//      same number of '/'-separated components, each matching with fnmatch(3) FNM_PERIOD.
//      Compared on patterns without backslash, "[:", "[=", "[." and without a '/' between a '['
//      and a later ']' (dash splits at '/' before matching brackets; the model does not read
//      backslash escapes or classes, which no postfix-wrapper list uses).
//  S7  glob_expand returns the word itself or sorted, distinct known paths that glob_match.
//  S8  sed_first_comma changes exactly the first ',' of each line into ' '.
#include <fnmatch.h>
#include <libgen.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_law.h"
#include "model/main_cf/config.h"
#include "model/text/shell_words.h"
#include "model/text/strings.h"

namespace {

using namespace pfmulti;
using fuzz::show;

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fuzz::violated("strings_paths", law, detail);
}

std::vector<std::string> reference_split(std::string_view text, std::string_view seps) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (seps.find(c) != std::string_view::npos) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string collapse_slashes(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!(c == '/' && !out.empty() && out.back() == '/')) out += c;
  return out;
}

void check_split(std::string_view text, std::string_view seps) {
  auto got = split_on(text, seps);
  auto want = reference_split(text, seps);
  if (got != want)
    violated("S1", fmt::format("split_on({}, {}) = {}, want {}", show(text), show(seps), show(got),
                               show(want)));
  for (char sep : seps) {
    auto again = split_on(join(got, std::string_view(&sep, 1)), seps);
    if (again != got)
      violated("S1", fmt::format("join/split with {} of {}", show({&sep, 1}), show(text)));
  }
}

void check_paths(std::string_view text) {
  size_t slash = text.rfind('/');
  std::string base(slash == std::string_view::npos ? text : text.substr(slash + 1));
  if (path_basename(text) != base)
    violated("S3", fmt::format("path_basename({}) = {}", show(text), show(path_basename(text))));
  if (text.find('\0') == std::string_view::npos) {
    std::string copy(text);
    std::string want = ::dirname(copy.data());
    if (path_dirname(text) != want && !(want == "//" && path_dirname(text) == "/"))
      violated("S4", fmt::format("path_dirname({}) = {}, dirname(3) says {}", show(text),
                                 show(path_dirname(text)), show(want)));
  }
  std::string stripped = strip_trailing_slashes(text);
  size_t keep = text.find_last_not_of('/');
  std::string want_stripped = keep == std::string_view::npos
                                  ? (text.empty() ? "" : "/")
                                  : std::string(text.substr(0, keep + 1));
  if (stripped != want_stripped || strip_trailing_slashes(stripped) != stripped)
    violated("S5", fmt::format("strip_trailing_slashes({}) = {}", show(text), show(stripped)));
  std::string squeezed = squeeze_slashes(text);
  if (squeezed != strip_trailing_slashes(collapse_slashes(text)) ||
      squeeze_slashes(squeezed) != squeezed)
    violated("S5", fmt::format("squeeze_slashes({}) = {}", show(text), show(squeezed)));
}

bool comparable_pattern(std::string_view p) {
  if (p.find('\\') != std::string_view::npos || p.find("[:") != std::string_view::npos ||
      p.find("[=") != std::string_view::npos || p.find("[.") != std::string_view::npos ||
      p.find('\0') != std::string_view::npos)
    return false;
  size_t open = p.find('[');
  while (open != std::string_view::npos) {
    size_t slash = p.find('/', open);
    if (slash != std::string_view::npos && p.find(']', slash) != std::string_view::npos)
      return false;
    open = p.find('[', open + 1);
  }
  return true;
}

bool reference_glob(std::string_view pattern, std::string_view path) {
  std::vector<std::string> pc, sc;
  auto components = [](std::string_view s, std::vector<std::string>& out) {
    size_t start = 0;
    while (true) {
      size_t slash = s.find('/', start);
      out.emplace_back(s.substr(start, slash == std::string_view::npos ? slash : slash - start));
      if (slash == std::string_view::npos) return;
      start = slash + 1;
    }
  };
  components(pattern, pc);
  components(path, sc);
  if (pc.size() != sc.size()) return false;
  for (size_t i = 0; i < pc.size(); ++i)
    if (::fnmatch(pc[i].c_str(), sc[i].c_str(), FNM_PERIOD) != 0) return false;
  return true;
}

void check_glob(std::string_view pattern, std::string_view path) {
  bool got = glob_match(pattern, path);
  if (comparable_pattern(pattern) && path.find('\0') == std::string_view::npos &&
      got != reference_glob(pattern, path))
    violated("S6", fmt::format("glob_match({}, {}) = {}", show(pattern), show(path), got));
  std::vector<std::string> known = split_on(path, "\n");
  for (std::string_view cwd :
       {std::string_view{}, std::string_view{"/"}, std::string_view{"/etc"}}) {
    auto out = glob_expand(pattern, known, cwd);
    if (out == std::vector<std::string>{std::string(pattern)}) continue;
    if (!std::is_sorted(out.begin(), out.end()) ||
        std::adjacent_find(out.begin(), out.end()) != out.end())
      violated("S7", fmt::format("glob_expand({}) not sorted and distinct", show(pattern)));
    std::string prefix;
    if (pattern.empty() || pattern[0] != '/') {
      prefix = std::string(cwd);
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    }
    for (const auto& o : out) {
      if (std::find(known.begin(), known.end(), prefix + o) == known.end() ||
          !glob_match(prefix + std::string(pattern), prefix + o))
        violated("S7", fmt::format("glob_expand({}) gave {}", show(pattern), show(o)));
    }
  }
}

void check_sed(std::string_view text) {
  std::string got = sed_first_comma(text);
  std::string want(text);
  bool seen = false;
  for (char& c : want) {
    if (c == '\n')
      seen = false;
    else if (c == ',' && !seen)
      c = ' ', seen = true;
  }
  if (got != want) violated("S8", fmt::format("sed_first_comma({}) = {}", show(text), show(got)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (in.size() > 4096) return 0;
  std::string seps;
  if (!in.empty()) {
    size_t n = static_cast<unsigned char>(in[0]) % 4;
    in.remove_prefix(1);
    n = std::min(n, in.size());
    seps = std::string(in.substr(0, n));
    in.remove_prefix(n);
  }
  check_split(in, seps);
  check_split(in, kPostfixWhiteSpace);
  if (split_list(in) != split_on(in, kCommaOrSpace)) violated("S2", "split_list " + show(in));
  if (ifs_split(in) != split_on(in, " \t\n")) violated("S2", "ifs_split " + show(in));
  check_paths(in);
  size_t nl = in.find('\n');
  std::string_view pattern = nl == std::string_view::npos ? in : in.substr(0, nl);
  std::string_view rest = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
  check_glob(pattern, rest);
  size_t nl2 = rest.find('\n');
  check_glob(pattern, nl2 == std::string_view::npos ? rest : rest.substr(0, nl2));
  check_sed(in);
  return 0;
}
