// Planning for the shell wrappers (see shell_wrapper.h). Every step names the line of the script
// it models.
#include "model/wrapper/shell_wrapper.h"

#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "model/main_cf/config.h"
#include "model/main_cf/config_cache.h"
#include "model/main_cf/instance_config.h"
#include "model/plan/plan_builder.h"
#include "model/text/shell_words.h"
#include "model/text/strings.h"

namespace pfmulti {

namespace {

bool listed(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::string env_or(const EnvMap& env, std::string_view name, std::string_view fallback) {
  auto it = env.find(name);
  return it == env.end() ? std::string(fallback) : it->second;
}

// Why postconf prints nothing for DIR (R51, R55): it cannot read main.cf, or its start-up check
// of the parameters it knows fails (this includes the lines that crash real postconf 3.7).
// cfg: DIR's configuration (load_config).
std::string postconf_fails_because(const Result<Config>& cfg, std::string_view dir) {
  if (!cfg) return fmt::format("postconf cannot read {}", main_cf_path(dir));
  // startup_error() says "NAME: message"; the reason names the parameter postconf fails on.
  std::string error = postconf_failure(cfg).value_or("");
  return fmt::format("postconf cannot evaluate {}: its start-up check fails on {}",
                     main_cf_path(dir), error.substr(0, error.find(':')));
}

}  // namespace

std::vector<std::string> known_paths(const Scenario& s) {
  std::set<std::string> out;
  auto add_with_parents = [&out](std::string_view p) {
    std::string collapsed = squeeze_slashes(p);
    while (!collapsed.empty()) {
      out.insert(collapsed);
      size_t slash = collapsed.rfind('/');
      if (slash == std::string::npos || slash == 0) break;
      collapsed.resize(slash);
    }
  };
  for (const auto& [path, state] : s.files) add_with_parents(path);
  if (s.directories)
    for (const auto& d : *s.directories) add_with_parents(d);
  return {out.begin(), out.end()};
}

Plan plan_shell_wrapper(const Scenario& s, const Profile& p, PlanExplanation* why) {
  PlanBuilder b(why);
  b.exit_rule(p.exit);
  b.rule("R59");

  // R50 `: ${command_directory?"do not invoke this command directly"}` (and daemon_directory in
  // the shipped script): an UNSET variable makes dash exit with status 2.
  for (const auto& var : p.required_env)
    if (!s.env.count(var))
      return b.fail(fmt::format("{}: do not invoke this command directly", var), 2, {"R50"});

  std::vector<std::string> args(s.argv.size() > 1 ? s.argv.begin() + 1 : s.argv.end(),
                                s.argv.end());
  std::string first = args.empty() ? "" : args.front();
  std::string command_dir = env_or(s.env, "command_directory", "");
  std::string postfix = command_dir + "/postfix";

  // R51 instance_dirs=`$POSTCONF -h multi_instance_directories | sed 's/,/ /'` (3.10: `sed
  // 'y/,/ /'`, R107): postconf reads
  // $MAIL_CONFIG/main.cf (else the compiled-in directory); when it fails (file unreadable or
  // malformed, or its start-up check fails) the pipeline still succeeds (sed's status) and the
  // list is empty.
  // Each instance's configuration is loaded once, from the scenario's memo (looked up once).
  ConfigCache& cache = config_cache_for(s);
  auto load = [&](std::string_view dir) -> const Result<Config>& {
    return cache.load(s.files, dir, s.cwd);
  };
  std::string primary_dir = env_or(s.env, "MAIL_CONFIG", s.defaults.config_directory());
  const Result<Config>& primary_cfg = load(primary_dir);
  std::optional<std::string> list_value = postconf_h(primary_cfg, "multi_instance_directories");
  if (!list_value)
    b.warn(fmt::format("{}: the instance list is empty",
                       postconf_fails_because(primary_cfg, primary_dir)));
  std::string listed_dirs = list_value.value_or("");
  // R107: the release's script (or the fixed profile) turns every comma into a space instead.
  std::string instance_dirs = list_reading(p, s.release) == ListReading::kShellAllCommas
                                  ? sed_all_commas(listed_dirs)
                                  : sed_first_comma(listed_dirs);

  // R52 `for dir in $config_directory $instance_dirs`: unquoted, so split on IFS white space;
  // R53 each field is subject to pathname expansion.
  std::optional<std::vector<std::string>> known;  // built only if some field is a pattern
  std::vector<std::string> dirs;
  auto expand_into = [&](std::string_view text) {
    for (auto& field : ifs_split(text)) {
      if (!has_glob_chars(field)) {
        dirs.push_back(std::move(field));
        continue;
      }
      if (!known) known = known_paths(s);
      for (auto& w : glob_expand(field, *known, s.cwd)) dirs.push_back(std::move(w));
    }
  };
  expand_into(env_or(s.env, "config_directory", ""));
  for (const auto& dir : dirs) b.primary_directory(dir);  // the seed's default instance
  expand_into(instance_dirs);

  // R54 stop|quick-stop|abort|drain reverse the whole order (shipped script only).
  bool reversed = listed(p.reverse_commands, first);
  if (reversed) std::reverse(dirs.begin(), dirs.end());

  bool start_class = listed(p.start_commands, first);
  bool skip_class = listed(p.skip_commands, first);
  // The rules behind an action for one instance: the order (R52, R54 when reversed) plus more.
  auto with_order = [reversed](std::initializer_list<std::string_view> more) {
    std::vector<std::string_view> rules{"R52"};
    if (reversed) rules.push_back("R54");
    rules.insert(rules.end(), more.begin(), more.end());
    return rules;
  };
  for (const auto& dir : dirs) {
    if (start_class || skip_class) {
      // R55 test "`$POSTCONF -c $dir -h multi_instance_enable`" = yes
      const Result<Config>& cfg = load(dir);
      auto enable = postconf_h(cfg, "multi_instance_enable");
      bool enabled = enable && *enable == "yes";
      if (!enabled) {
        std::string why_disabled =
            enable ? fmt::format("multi_instance_enable = {} (not exactly \"yes\")", *enable)
                   : postconf_fails_because(cfg, dir);
        if (start_class) {
          // R56 $POSTFIX -c $dir check || err=$?
          b.add(RunAction{dir,
                          {postfix, "-c", dir, "check"},
                          {},
                          {},
                          fmt::format("start on a disabled instance runs check: {}", why_disabled)},
                with_order({"R55", "R56"}));
        } else {
          // R57 ... || continue
          b.add(SkipAction{dir, fmt::format("{} skipped on a disabled instance: {}", first,
                                            why_disabled)},
                with_order({"R55", "R57"}));
        }
        continue;
      }
    }
    // R58 $POSTFIX -c $dir "$@" || err=$?
    std::vector<std::string> argv{postfix, "-c", dir};
    argv.insert(argv.end(), args.begin(), args.end());
    RunAction run{dir, std::move(argv), {}, {}, ""};
    run.reason = args.empty() ? "no command: postfix -c DIR without arguments" : "";
    b.add(std::move(run), with_order({"R58"}));
  }
  return b.finish();
}

}  // namespace pfmulti
