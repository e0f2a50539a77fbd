// postmulti(1) iterator mode: the primary's settings (see postmulti_steps.h). postmulti.c main()
// reads main.cf like every Postfix program (mail_conf_read, spec/rules.md R71) and checks and
// claims the shared directories (R74).
#include <fmt/format.h>

#include <algorithm>

#include "model/main_cf/instance_config.h"
#include "model/postmulti/postmulti_steps.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

constexpr const char* kPrimaryParameters[] = {"config_directory",
                                              "command_directory",
                                              "daemon_directory",
                                              "meta_directory",
                                              "shlib_directory",
                                              "queue_directory",
                                              "data_directory",
                                              "mail_owner",
                                              "setgid_group",
                                              "multi_instance_directories",
                                              "multi_instance_name",
                                              "multi_instance_group",
                                              "multi_instance_enable",
                                              "postmulti_start_commands",
                                              "postmulti_stop_commands",
                                              "postmulti_control_commands",
                                              "syslog_name"};

// mail_params_init's string checks (postmulti 3.7: "bad string length 0 < 1: NAME = ",
// spec/postfix-facts.md §9.5).
constexpr const char* kNonEmptyParameters[] = {
    "syslog_name",    "mail_owner",        "setgid_group",    "daemon_directory",
    "data_directory", "command_directory", "queue_directory", "meta_directory"};

bool directory_known(const Scenario& s, std::string_view dir) {
  if (!s.directories) return true;
  std::string d = strip_trailing_slashes(dir);
  return std::find(s.directories->begin(), s.directories->end(), d) != s.directories->end();
}

}  // namespace

std::variant<PrimaryValues, Refusal> read_primary(const Scenario& s, const std::string& read_dir) {
  const auto& loaded = load_config(s, read_dir);
  if (!loaded) return Refusal{loaded.error(), 1, "R71"};
  PrimaryValues v;
  for (const char* name : kPrimaryParameters) {
    auto x = loaded->expand(name);
    if (!x) return Refusal{x.error(), 1, "R71"};
    v[name] = *x;
  }
  // R120 the primary is the directory main.cf was read from, whatever main.cf's
  // config_directory says (that value only feeds other parameters' $config_directory).
  v["config_directory"] = read_dir;
  if (!parse_bool(v["multi_instance_enable"]))
    return Refusal{fmt::format("bad boolean configuration: multi_instance_enable = {}",
                               v["multi_instance_enable"]),
                   1, "R71"};
  for (const char* name : kNonEmptyParameters)
    if (v[name].empty())
      return Refusal{fmt::format("bad string length 0 < 1: {} = ", name), 1, "R71"};
  return v;
}

std::optional<Refusal> claim_shared_directories(const Scenario& s, const PrimaryValues& v,
                                                ClaimTable& claims) {
  const std::string& primary_dir = v.at("config_directory");  // R120: never main.cf's value
  for (const char* name : kSharedDirectories) {
    const std::string& dir = v.at(name);
    if (dir.empty() || dir.front() != '/') continue;
    if (!directory_known(s, dir))
      return Refusal{
          fmt::format("{} = '{}': directory not found: No such file or directory", name, dir), 1,
          "R74"};
    if (std::string_view(name) == "meta_directory") continue;
    if (auto conflict = claims.add({primary_dir, name, dir})) return Refusal{*conflict, 1, "R74"};
  }
  return std::nullopt;
}

}  // namespace pfmulti
