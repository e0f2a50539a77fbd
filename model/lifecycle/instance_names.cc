// Instance and group names, private directory paths (see instance_names.h; postmulti(1) -I, -G,
// create). Messages are postmulti's own, so scripts that match them keep working.
#include "model/lifecycle/instance_names.h"

#include <fmt/format.h>

namespace pfmulti {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

}  // namespace

bool is_safe_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_ascii_alnum(c) && std::string_view("!@%-_=+:./").find(c) == std::string_view::npos)
      return false;
  return true;
}

std::string check_name_assignment(const std::optional<std::string>& name,
                                  const std::optional<std::string>& group) {
  if (name && !name->empty()) {
    if (!is_safe_name(*name))
      return fmt::format("Unsafe characters in new instance name: '{}'", *name);
    if (name->find('/') != std::string::npos)
      return fmt::format("Illegal '/' character in new instance name: '{}'", *name);
    if (name->rfind(kInstanceNamePrefix, 0) != 0)
      return fmt::format("New instance name must start with '{}'", kInstanceNamePrefix);
  }
  if (group && !group->empty() && !is_safe_name(*group))
    return fmt::format("Unsafe characters in '-G {}'", *group);
  return {};
}

Result<PathSetting> parse_path_setting(std::string_view arg, std::string_view action) {
  // split_nameval(): name up to white space or '=', then '=', white space trimmed around both.
  size_t p = 0;
  while (p < arg.size() && is_space(arg[p])) ++p;
  size_t ne = p;
  while (ne < arg.size() && !is_space(arg[ne]) && arg[ne] != '=') ++ne;
  size_t eq = ne;
  while (eq < arg.size() && is_space(arg[eq])) ++eq;
  if (ne == p || eq >= arg.size() || arg[eq] != '=')
    return Result<PathSetting>::fail(fmt::format("Malformed parameter setting '{}'", arg));
  std::string name(arg.substr(p, ne - p));
  size_t vb = eq + 1;
  while (vb < arg.size() && is_space(arg[vb])) ++vb;
  size_t ve = arg.size();
  while (ve > vb && is_space(arg[ve - 1])) --ve;
  std::string value(arg.substr(vb, ve - vb));

  bool valid = name == "config_directory" ||
               (action != "import" && (name == "queue_directory" || name == "data_directory"));
  if (!valid)
    return Result<PathSetting>::fail(
        fmt::format("Parameter '{}' not valid with action {}", name, action));
  if (value.empty() || value.front() != '/')
    return Result<PathSetting>::fail(
        fmt::format("Parameter setting '{}' is not an absolute path", name));
  while (value.size() > 1 && value.back() == '/') value.pop_back();
  if (value == "/")
    return Result<PathSetting>::fail(
        fmt::format("Parameter setting '{}' is the root directory", name));
  return Result<PathSetting>::ok({std::move(name), std::move(value)});
}

Result<std::string> derive_private_path(std::string_view param, std::string_view primary_value,
                                        std::string_view name) {
  if (name.empty())
    return Result<std::string>::fail(fmt::format("Missing {} parameter value", param));
  if (primary_value.empty() || primary_value.front() != '/')
    return Result<std::string>::fail(
        fmt::format("Invalid default {} parameter value: '{}': specify an absolute pathname", param,
                    primary_value));
  std::string base(primary_value);
  while (base.size() > 1 && base.back() == '/') base.pop_back();  // trailing slashes
  size_t slash = base.rfind('/');
  base.resize(slash);                                           // the last component
  while (!base.empty() && base.back() == '/') base.pop_back();  // and the slashes before it
  return Result<std::string>::ok(base + "/" + std::string(name));
}

}  // namespace pfmulti
