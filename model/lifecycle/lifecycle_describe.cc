// pfmulti -e ... --dry-run: a life-cycle plan as text, one line per step, a main.cf edit with
// a short line diff (see lifecycle_plan.h describe_step, describe_plan). pfmulti's own output;
// postmulti has no dry run.
#include <fmt/format.h>

#include <algorithm>

#include "model/lifecycle/lifecycle_plan.h"
#include "model/main_cf/main_cf.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

// A short line diff (longest common subsequence on lines) for --dry-run.
std::string line_diff(const std::string& before, const std::string& after) {
  auto a = physical_lines(before), b = physical_lines(after);
  size_t n = a.size(), m = b.size();
  std::string out;
  auto show = [](std::string_view t) {
    std::string s;
    for (char c : t) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f)
        s += fmt::format("\\x{:02x}", u);
      else
        s += c;
    }
    return s;
  };
  if (n * m > 4'000'000) {
    size_t p = 0;
    while (p < n && p < m && a[p].text == b[p].text) ++p;
    size_t sa = n, sb = m;
    while (sa > p && sb > p && a[sa - 1].text == b[sb - 1].text) --sa, --sb;
    for (size_t i = p; i < sa; ++i) out += fmt::format("    - {}\n", show(a[i].text));
    for (size_t i = p; i < sb; ++i) out += fmt::format("    + {}\n", show(b[i].text));
    return out;
  }
  std::vector<std::vector<unsigned>> L(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      L[i][j] = a[i].text == b[j].text ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i].text == b[j].text) {
      ++i, ++j;
    } else if (j < m && (i == n || L[i][j + 1] >= L[i + 1][j])) {
      out += fmt::format("    + {}\n", show(b[j++].text));
    } else {
      out += fmt::format("    - {}\n", show(a[i++].text));
    }
  }
  return out;
}

}  // namespace

std::string describe_step(const LifecycleStep& step) {
  struct V {
    std::string operator()(const WriteFileStep& s) const {
      if (!s.before) return fmt::format("create {} (mode {:04o}): {}\n", s.path, s.mode, s.what);
      return fmt::format("edit {}: {}\n{}", s.path, s.what, line_diff(*s.before, s.after));
    }
    std::string operator()(const MakeDirectoryStep& s) const {
      return fmt::format("mkdir {} (mode {:04o})\n", s.path, s.mode);
    }
    std::string operator()(const RemoveFileStep& s) const {
      return fmt::format("remove {}\n", s.path);
    }
    std::string operator()(const RemoveDirectoryStep& s) const {
      return fmt::format("rmdir {}\n", s.path);
    }
    std::string operator()(const RunStep& s) const {
      return fmt::format("run {}\n", join(s.run.argv));
    }
  };
  return std::visit(V{}, step);
}

std::string describe_plan(const LifecyclePlan& plan) {
  std::string out;
  if (plan.error) return fmt::format("error: {}\n", *plan.error);
  if (plan.steps.empty()) out += "nothing to change\n";
  for (const auto& s : plan.steps) out += describe_step(s);
  for (const auto& w : plan.warnings) out += fmt::format("warning: {}\n", w);
  for (const auto& l : plan.leftovers) out += fmt::format("left behind: {}\n", l);
  return out;
}

}  // namespace pfmulti
