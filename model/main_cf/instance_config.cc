// Instance configuration from a scenario's files (see instance_config.h).
#include "model/main_cf/instance_config.h"

#include <fmt/format.h>

#include "model/main_cf/config_cache.h"

namespace pfmulti {

Result<Config> config_from_state(const FileState* state, std::string_view path,
                                 std::shared_ptr<const Defaults> defaults,
                                 std::string_view config_dir) {
  if (!state) return Result<Config>::fail(fmt::format("open {}: No such file or directory", path));
  if (const auto* bad = std::get_if<Unreadable>(state))
    return Result<Config>::fail(fmt::format("open {}: {}", path, bad->reason));
  MainCf cf = read_main_cf(std::get<std::string>(*state), path);
  if (cf.error) return Result<Config>::fail(cf.error->str());
  return Result<Config>::ok(Config(std::move(cf), std::move(defaults), std::string(config_dir)));
}

Result<Config> load_config(const FileMap& files, std::string_view config_dir,
                           const Defaults& defaults, std::string_view cwd) {
  std::string path = main_cf_path(config_dir);
  return config_from_state(find_file(files, path, cwd), path,
                           std::make_shared<const Defaults>(defaults), config_dir);
}

const Result<Config>& load_config(const Scenario& s, std::string_view config_dir) {
  return config_cache_for(s).load(s.files, config_dir, s.cwd);
}

namespace {

std::optional<std::string> failure_of(const Result<Config>& cfg) {
  if (!cfg) return cfg.error();
  return cfg->startup_error();
}

std::optional<std::string> postconf_h_of(const Result<Config>& cfg, std::string_view name) {
  if (!cfg || cfg->startup_error()) return std::nullopt;
  auto raw = cfg->raw(name);
  return collapse_white_space(raw ? *raw : std::string_view{});
}

}  // namespace

std::optional<std::string> postconf_failure(const FileMap& files, std::string_view config_dir,
                                            const Defaults& defaults, std::string_view cwd) {
  return failure_of(load_config(files, config_dir, defaults, cwd));
}

std::optional<std::string> postconf_failure(const Scenario& s, std::string_view config_dir) {
  return failure_of(load_config(s, config_dir));
}

std::optional<std::string> postconf_failure(const Result<Config>& cfg) { return failure_of(cfg); }

std::optional<std::string> postconf_h(const FileMap& files, std::string_view config_dir,
                                      const Defaults& defaults, std::string_view cwd,
                                      std::string_view name) {
  return postconf_h_of(load_config(files, config_dir, defaults, cwd), name);
}

std::optional<std::string> postconf_h(const Scenario& s, std::string_view config_dir,
                                      std::string_view name) {
  return postconf_h_of(load_config(s, config_dir), name);
}

std::optional<std::string> postconf_h(const Result<Config>& cfg, std::string_view name) {
  return postconf_h_of(cfg, name);
}

}  // namespace pfmulti
