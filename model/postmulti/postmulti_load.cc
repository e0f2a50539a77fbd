// postmulti(1) iterator mode: loading every instance (see postmulti_steps.h). postmulti.c
// load_all_instances(): the primary first, then multi_instance_directories (R75), each through
// the one loader (instances.h, R77, R78), claims registered (R79); pfmulti's default profile
// isolates a damaged secondary (R90) and refuses a relative directory (R93).
#include <fmt/format.h>

#include "model/main_cf/config_cache.h"
#include "model/main_cf/instance_config.h"
#include "model/postmulti/postmulti_steps.h"

namespace pfmulti {
namespace {

Instance damaged(const std::string& dir, std::string why) {
  Instance ip;
  ip.config_dir = dir;
  ip.damage = std::move(why);
  return ip;
}

}  // namespace

std::variant<std::vector<Instance>, Refusal> load_all_instances(const Scenario& s, const Profile& p,
                                                                const PrimaryValues& v,
                                                                ClaimTable& claims) {
  std::vector<std::string> secondaries = split_list(v.at("multi_instance_directories"));
  std::vector<Instance> instances;
  instances.push_back(
      primary_instance(v.at("config_directory"), v.at("multi_instance_name"),
                       v.at("multi_instance_group"), *parse_bool(v.at("multi_instance_enable")),
                       secondaries.empty(), v.at("queue_directory"), v.at("data_directory")));
  if (auto conflict = claims.add_all(claims_of(instances.front())))
    return Refusal{*conflict, 1, "R79"};

  const bool isolate = p.damage == Damage::kFailInstance;
  ConfigCache& cache = config_cache_for(s);  // looked up once, not per instance
  for (const auto& dir : secondaries) {
    // R93 pfmulti: a relative directory is damage (postmulti would use it relative to its
    // current directory, and postfix(1) below it would too).
    if (isolate && dir.front() != '/') {
      instances.push_back(damaged(
          dir, fmt::format("multi_instance_directories element \"{}\" is not an absolute pathname",
                           dir)));
      continue;
    }
    auto loaded = load_secondary(dir, cache.load(s.files, dir, s.cwd));
    if (auto* bad = std::get_if<LoadFailure>(&loaded)) {
      if (!isolate) return Refusal{bad->strict, 1, "R77"};
      instances.push_back(damaged(dir, bad->detail));
      continue;
    }
    Instance ip = std::get<Instance>(std::move(loaded));
    if (auto conflict = claims.add_all(claims_of(ip))) {
      if (!isolate) return Refusal{*conflict, 1, "R79"};
      ip.damage = *conflict;
    }
    instances.push_back(std::move(ip));
  }
  return instances;
}

}  // namespace pfmulti
