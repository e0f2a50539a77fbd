// systemd-escape --path (see systemd_escape.h; spec/postfix-facts.md §11.3, rules.md R131).
#include "model/systemd/systemd_escape.h"

#include <fmt/format.h>

#include <vector>

#include "model/text/strings.h"

namespace pfmulti {
namespace {

constexpr size_t kPathMax = 4096;  // PATH_MAX, counted with the trailing NUL
constexpr size_t kNameMax = 255;   // NAME_MAX

bool plain_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '_' || c == '.';
}

void escape_byte(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// The components of path, in order (empty ones and "." dropped).
std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

}  // namespace

Result<std::string> systemd_escape_path(std::string_view path) {
  // path_is_valid(): not empty, no component longer than NAME_MAX, shorter than PATH_MAX.
  std::vector<std::string_view> parts = components(path);
  bool valid = !path.empty();
  for (std::string_view c : parts) valid = valid && c.size() <= kNameMax;
  size_t end = path.size();
  while (end > 0 && path[end - 1] == '/') --end;
  if (end >= kPathMax) valid = false;
  if (!valid)
    return Result<std::string>::fail(
        fmt::format("\"{}\" is not a valid file system path", printable(path)));
  std::vector<std::string_view> kept;
  for (std::string_view c : parts) {
    if (c == ".") continue;
    if (c == "..")
      return Result<std::string>::fail(
          fmt::format("\"{}\" is not a normalized file system path", printable(path)));
    kept.push_back(c);
  }
  if (kept.empty()) return Result<std::string>::ok("-");
  std::string out;
  for (size_t k = 0; k < kept.size(); ++k) {
    if (k > 0) out += '-';
    std::string_view c = kept[k];
    for (size_t i = 0; i < c.size(); ++i) {
      auto b = static_cast<unsigned char>(c[i]);
      if ((k == 0 && i == 0 && b == '.') || !plain_byte(b))
        escape_byte(out, b);
      else
        out += static_cast<char>(b);
    }
  }
  return Result<std::string>::ok(std::move(out));
}

Result<std::string> systemd_instance_unit(std::string_view prefix, std::string_view path,
                                          std::string_view suffix) {
  auto escaped = systemd_escape_path(path);
  if (!escaped) return escaped;
  std::string name = fmt::format("{}@{}{}", prefix, *escaped, suffix);
  if (name.size() > kUnitNameMax)
    return Result<std::string>::fail(
        fmt::format("the unit name for \"{}\" would be {} bytes long (systemd allows {})",
                    printable(path), name.size(), kUnitNameMax));
  return Result<std::string>::ok(std::move(name));
}

bool systemd_instance_string_valid(std::string_view instance) {
  if (instance.empty()) return false;
  for (char ch : instance) {
    auto c = static_cast<unsigned char>(ch);
    if (!plain_byte(c) && c != '-' && c != '\\') return false;
  }
  return true;
}

}  // namespace pfmulti
