// A unified diff of two byte strings (see unified_diff.h).
#include "model/text/unified_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace pfmulti {
namespace {

struct Line {
  std::string_view text;  // without its newline
  bool newline = true;    // false: the last line of a file without a final newline
};

std::vector<Line> lines_of(std::string_view s) {
  std::vector<Line> out;
  size_t p = 0;
  while (p < s.size()) {
    size_t e = s.find('\n', p);
    if (e == std::string_view::npos) {
      out.push_back({s.substr(p), false});
      break;
    }
    out.push_back({s.substr(p, e - p), true});
    p = e + 1;
  }
  return out;
}

bool same(const Line& a, const Line& b) { return a.text == b.text && a.newline == b.newline; }

// One edit-script entry: ' ' kept, '-' removed, '+' added; index into a or b.
struct Op {
  char kind;
  size_t a, b;
};

std::vector<Op> script(const std::vector<Line>& a, const std::vector<Line>& b) {
  size_t n = a.size(), m = b.size();
  size_t p = 0;
  while (p < n && p < m && same(a[p], b[p])) ++p;
  size_t sa = n, sb = m;
  while (sa > p && sb > p && same(a[sa - 1], b[sb - 1])) --sa, --sb;
  std::vector<Op> ops;
  for (size_t i = 0; i < p; ++i) ops.push_back({' ', i, i});
  size_t rn = sa - p, rm = sb - p;
  if (rn * rm <= 4'000'000) {
    std::vector<std::vector<unsigned>> L(rn + 1, std::vector<unsigned>(rm + 1, 0));
    for (size_t i = rn; i-- > 0;)
      for (size_t j = rm; j-- > 0;)
        L[i][j] =
            same(a[p + i], b[p + j]) ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < rn || j < rm) {
      if (i < rn && j < rm && same(a[p + i], b[p + j])) {
        ops.push_back({' ', p + i, p + j});
        ++i, ++j;
      } else if (i < rn && (j == rm || L[i + 1][j] >= L[i][j + 1])) {
        ops.push_back({'-', p + i, p + j});
        ++i;
      } else {
        ops.push_back({'+', p + i, p + j});
        ++j;
      }
    }
  } else {
    for (size_t i = p; i < sa; ++i) ops.push_back({'-', i, p});
    for (size_t j = p; j < sb; ++j) ops.push_back({'+', sa, j});
  }
  for (size_t i = sa, j = sb; i < n; ++i, ++j) ops.push_back({' ', i, j});
  return ops;
}

std::string range(size_t start, size_t count) {
  // diff -u: "start,count", the start of an empty range is the line before it.
  if (count == 0) return fmt::format("{},0", start);
  if (count == 1) return fmt::format("{}", start + 1);
  return fmt::format("{},{}", start + 1, count);
}

}  // namespace

std::string unified_diff(std::string_view old_name, std::string_view new_name,
                         const std::optional<std::string>& before, const std::string& after) {
  if (before && *before == after) return {};
  std::vector<Line> a = before ? lines_of(*before) : std::vector<Line>{};
  std::vector<Line> b = lines_of(after);
  std::vector<Op> ops = script(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", before ? old_name : "/dev/null", new_name);
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < ops.size()) {
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    size_t start = k >= kContext ? k - kContext : 0;
    // Extend the hunk while the next change is within 2 * context kept lines.
    size_t end = k;
    for (;;) {
      while (end < ops.size() && ops[end].kind != ' ') ++end;
      size_t kept = end;
      while (kept < ops.size() && ops[kept].kind == ' ') ++kept;
      if (kept < ops.size() && kept - end <= 2 * kContext) {
        end = kept;
        continue;
      }
      end = std::min(ops.size(), end + kContext);
      break;
    }
    size_t a_start = ops[start].a, b_start = ops[start].b, a_count = 0, b_count = 0;
    std::string body;
    for (size_t i = start; i < end; ++i) {
      const Op& o = ops[i];
      const Line& l = o.kind == '+' ? b[o.b] : a[o.a];
      if (o.kind != '+') ++a_count;
      if (o.kind != '-') ++b_count;
      body += o.kind;
      body += l.text;
      body += '\n';
      if (!l.newline) body += "\\ No newline at end of file\n";
    }
    out += fmt::format("@@ -{} +{} @@\n", range(a_start, a_count), range(b_start, b_count));
    out += body;
    k = end;
  }
  return out;
}

}  // namespace pfmulti
