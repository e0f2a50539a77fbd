// Shell field splitting and pathname expansion, as dash applies them (see shell_words.h).
#include "model/text/shell_words.h"

#include <algorithm>

namespace pfmulti {

std::vector<std::string> ifs_split(std::string_view text) {
  std::vector<std::string> out;
  constexpr std::string_view kIfs = " \t\n";
  size_t i = 0;
  while (i < text.size()) {
    size_t start = text.find_first_not_of(kIfs, i);
    if (start == std::string_view::npos) break;
    size_t end = text.find_first_of(kIfs, start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    i = end;
  }
  return out;
}

bool has_glob_chars(std::string_view word) {
  // A plain loop: find_first_of searches the three characters for every byte of the word.
  for (char c : word)
    if (c == '*' || c == '?' || c == '[') return true;
  return false;
}

namespace {

// Matches a bracket expression at pattern[p] ('[') against c. Returns the index after ']' and
// sets matched, or npos when the bracket is not closed (then '[' is an ordinary character).
size_t match_bracket(std::string_view pattern, size_t p, char c, bool& matched) {
  size_t i = p + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool found = false;
  bool first = true;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    first = false;
    char lo = pattern[i];
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      char hi = pattern[i + 2];
      if (static_cast<unsigned char>(lo) <= static_cast<unsigned char>(c) &&
          static_cast<unsigned char>(c) <= static_cast<unsigned char>(hi))
        found = true;
      i += 3;
    } else {
      if (lo == c) found = true;
      ++i;
    }
  }
  if (i >= pattern.size()) return std::string_view::npos;
  matched = (found != negate) && c != '/';
  return i + 1;
}

bool match_from(std::string_view pat, size_t p, std::string_view s, size_t i) {
  while (p < pat.size()) {
    char pc = pat[p];
    bool component_start = (i == 0 || s[i - 1] == '/');
    if (pc == '*') {
      if (i < s.size() && s[i] == '.' && component_start) return false;
      while (p < pat.size() && pat[p] == '*') ++p;
      for (size_t k = i;; ++k) {
        if (match_from(pat, p, s, k)) return true;
        if (k >= s.size() || s[k] == '/') return false;
      }
    }
    if (i >= s.size()) return false;
    if (pc == '?') {
      if (s[i] == '/' || (s[i] == '.' && component_start)) return false;
      ++p;
      ++i;
      continue;
    }
    if (pc == '[') {
      if (s[i] == '.' && component_start) return false;
      bool matched = false;
      size_t next = match_bracket(pat, p, s[i], matched);
      if (next != std::string_view::npos) {
        if (!matched) return false;
        p = next;
        ++i;
        continue;
      }
    }
    if (pc != s[i]) return false;
    ++p;
    ++i;
  }
  return i == s.size();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_from(pattern, 0, path, 0);
}

std::vector<std::string> glob_expand(std::string_view word, const std::vector<std::string>& known,
                                     std::string_view cwd) {
  if (!has_glob_chars(word)) return {std::string(word)};
  std::string prefix;
  if (word.empty() || word.front() != '/') {
    if (cwd.empty()) return {std::string(word)};
    prefix = std::string(cwd);
    if (prefix.back() != '/') prefix.push_back('/');
  }
  std::string pattern = prefix + std::string(word);
  std::vector<std::string> out;
  for (const auto& path : known) {
    if (path.compare(0, prefix.size(), prefix) == 0 && glob_match(pattern, path))
      out.push_back(path.substr(prefix.size()));
  }
  if (out.empty()) return {std::string(word)};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string sed_all_commas(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == ',') c = ' ';
  return out;
}

std::string sed_first_comma(std::string_view text) {
  std::string out(text);
  size_t line_start = 0;
  while (line_start <= out.size()) {
    size_t nl = out.find('\n', line_start);
    size_t line_end = nl == std::string::npos ? out.size() : nl;
    size_t comma = out.find(',', line_start);
    if (comma != std::string::npos && comma < line_end) out[comma] = ' ';
    if (nl == std::string::npos) break;
    line_start = nl + 1;
  }
  return out;
}

}  // namespace pfmulti
