// postmulti(1)'s instances (see instances.h): postmulti.c create_primary_instance(),
// load_instance() and match_instance_selection(), spec/rules.md R75-R79, R83, R91.
#include "model/postmulti/instances.h"

#include <fmt/format.h>

#include <array>

namespace pfmulti {
namespace {

bool has_name_prefix(std::string_view name) { return name.starts_with(kInstanceNamePrefix); }

}  // namespace

Instance primary_instance(std::string config_dir, std::string name, std::string group, bool enabled,
                          bool single_instance, std::string queue_dir, std::string data_dir) {
  Instance ip;
  ip.config_dir = std::move(config_dir);
  ip.name = std::move(name);
  ip.group = std::move(group);
  ip.enabled = single_instance ? true : enabled;
  ip.queue_dir = std::move(queue_dir);
  ip.data_dir = std::move(data_dir);
  ip.primary = true;
  return ip;
}

std::variant<Instance, LoadFailure> load_secondary(const std::string& dir,
                                                   const Result<Config>& config) {
  // The message is made only when it is needed (a format per instance cost more than the rest).
  auto obtain = [&dir] {
    return fmt::format("Failed to obtain all required {}/main.cf parameters", dir);
  };
  if (!config) return LoadFailure{obtain(), config.error()};
  constexpr std::array<const char*, 5> kNames = {"queue_directory", "data_directory",
                                                 "multi_instance_name", "multi_instance_group",
                                                 "multi_instance_enable"};
  std::array<std::string, 5> values;
  for (size_t i = 0; i < kNames.size(); ++i) {
    auto v = config->expand_view(kNames[i]);
    if (!v) return LoadFailure{obtain(), fmt::format("{}/main.cf: {}", dir, v.error())};
    values[i] = collapse_white_space(*v);
  }
  auto enabled = parse_bool(values[4]);  // R78 yes/no in any case; anything else is fatal
  if (!enabled) {
    std::string msg =
        fmt::format("Unexpected {}/main.cf entry: multi_instance_enable = {}", dir, values[4]);
    return LoadFailure{msg, msg};
  }
  Instance ip;
  ip.config_dir = dir;
  ip.queue_dir = std::move(values[0]);
  ip.data_dir = std::move(values[1]);
  ip.name = std::move(values[2]);
  ip.group = std::move(values[3]);
  ip.enabled = *enabled;
  return ip;
}

std::vector<Claim> claims_of(const Instance& ip) {
  return instance_claims(ip.config_dir, ip.name, ip.queue_dir, ip.data_dir);
}

std::optional<bool> matches(const Instance& ip, const Selection& sel) {
  switch (sel.type) {
    case SelectionType::kNone:
      return false;
    case SelectionType::kAll:
      return true;
    case SelectionType::kGroup:
      if (ip.damage) return std::nullopt;
      return !ip.group.empty() && sel.value == ip.group;
    case SelectionType::kName: {
      const std::string& name = sel.value;
      if (ip.primary && name == "-") return true;
      bool by_directory = !name.empty() && name.front() == '/';
      if (ip.damage && !by_directory) return std::nullopt;
      std::string_view iname = ip.name;
      if (by_directory || ip.name.empty())
        iname = ip.config_dir;
      else if (!has_name_prefix(name) && has_name_prefix(ip.name))
        iname.remove_prefix(kInstanceNamePrefix.size());
      return name == iname;
    }
  }
  return false;
}

}  // namespace pfmulti
