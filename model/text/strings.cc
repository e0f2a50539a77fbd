// Text and path helpers (see strings.h).
#include "model/text/strings.h"

namespace pfmulti {

std::vector<std::string> split_on(std::string_view text, std::string_view separators) {
  // A table of the separators: find_first_of and find_first_not_of search the separators for
  // every byte of the text (a wrapper's list of 1000 directories is 30,000 bytes).
  bool separator[256] = {};
  for (unsigned char c : separators) separator[c] = true;
  auto is_separator = [&separator](char c) { return separator[static_cast<unsigned char>(c)]; };
  std::vector<std::string> out;
  size_t i = 0;
  const size_t n = text.size();
  for (;;) {
    while (i < n && is_separator(text[i])) ++i;
    if (i == n) break;
    size_t end = i;
    while (end < n && !is_separator(text[end])) ++end;
    out.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += separator;
    out += words[i];
  }
  return out;
}

std::string path_basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string strip_trailing_slashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

std::string path_dirname(std::string_view path) {
  std::string p = strip_trailing_slashes(path);
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  while (slash > 0 && p[slash - 1] == '/') --slash;
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

// -- shared helpers --

std::string squeeze_slashes(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
  return out;
}

std::string postfix_printable(std::string_view text) {
  std::string out(text);
  auto continuation = [&](size_t i) {
    if (i >= out.size()) return false;
    unsigned char c = static_cast<unsigned char>(out[i]);
    return c >= 0x80 && c < 0xc0;
  };
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 0xc2 && c <= 0xfe && continuation(i + 1)) {
      while (continuation(i + 1)) ++i;
    } else if (c < 0x20 || c >= 0x7f) {
      out[i] = '?';
    }
  }
  return out;
}

}  // namespace pfmulti
