// `pfmulti start-fg` as a plan (see start_fg_plan.h): postmulti's loading of the instances
// (postmulti_plan.cc's order of checks: R71, R70, R72-R73, R74, R75-R79) with pfmulti's default
// profile, then R140-R145 over the selected instances.
#include "model/postmulti/start_fg_plan.h"

#include <fmt/format.h>

#include "model/main_cf/instance_config.h"
#include "model/postmulti/postmulti_plan.h"
#include "model/postmulti/postmulti_steps.h"

namespace pfmulti {
namespace {

constexpr std::string_view kStartFg = "start-fg";

// R141 the instance's own daemon_directory (postfix(1) reads the instance's main.cf), expanded.
Result<std::string> daemon_directory_of(const Scenario& s, const Instance& ip) {
  const Result<Config>& config = load_config(s, ip.config_dir);
  if (!config) return Result<std::string>::fail(config.error());
  auto dir = config.value().expand("daemon_directory");
  if (!dir) return Result<std::string>::fail(dir.error());
  return Result<std::string>::ok(dir.value());
}

}  // namespace

bool is_start_fg_command(const std::vector<std::string>& argv) noexcept {
  PostmultiParse parse = parse_postmulti_command(argv);
  return parse.command && parse.command->mode == PostmultiMode::kPostfix &&
         !parse.command->operands.empty() && parse.command->operands.front() == kStartFg;
}

Result<StartFgPlan> plan_start_fg(const Scenario& s) noexcept {
  using R = Result<StartFgPlan>;
  const std::string& default_config_dir = s.defaults.config_directory();
  auto mail_config = s.env.find("MAIL_CONFIG");
  std::string read_dir = mail_config != s.env.end() ? mail_config->second : default_config_dir;
  auto primary = read_primary(s, read_dir);  // R71
  if (auto* r = std::get_if<Refusal>(&primary)) return R::fail(r->message);
  const PrimaryValues& v = std::get<PrimaryValues>(primary);
  if (mail_config != s.env.end() && mail_config->second != default_config_dir)  // R70
    return R::fail(
        fmt::format("Non-default configuration directory: MAIL_CONFIG={}", mail_config->second));

  PostmultiParse parse = parse_postmulti_command(s.argv);  // R72, R73
  if (parse.refusal) return R::fail(parse.refusal->message);
  PostmultiCommand c = std::move(*parse.command);
  // R140 exactly `-p start-fg`: postfix(1)'s start-fg takes no arguments.
  if (c.mode != PostmultiMode::kPostfix || c.operands.empty() || c.operands.front() != kStartFg)
    return R::fail("start-fg: the command must be -p start-fg");
  if (c.operands.size() > 1)
    return R::fail(fmt::format("start-fg takes no arguments: \"{}\"", c.operands[1]));
  if (c.selection.type == SelectionType::kNone) c.selection.type = SelectionType::kAll;

  ClaimTable claims;
  if (auto r = claim_shared_directories(s, v, claims)) return R::fail(r->message);  // R74
  auto loaded = load_all_instances(s, profile(ProfileName::kPostmulti), v, claims);
  if (auto* r = std::get_if<Refusal>(&loaded)) return R::fail(r->message);
  const auto& instances = std::get<std::vector<Instance>>(loaded);

  StartFgPlan plan;
  const std::string postfix = v.at("command_directory") + "/postfix";
  bool matched = false;
  for (const Instance& ip : instances) {
    auto m = matches(ip, c.selection);
    if (ip.damage) {
      // R145 a selected damaged instance stops everything before anything runs.
      if (m.value_or(false))
        return R::fail(fmt::format("instance {}: {}", ip.config_dir, *ip.damage));
      if (!m)
        plan.warnings.push_back(
            fmt::format("instance {} not considered: {}", ip.config_dir, *ip.damage));
      continue;
    }
    if (!*m) continue;
    matched = true;
    EnvMap env{{"MAIL_CONFIG", ip.config_dir}};
    if (c.verbose) env["MAIL_VERBOSE"] = "";
    if (ip.enabled) {
      auto daemon_dir = daemon_directory_of(s, ip);
      if (!daemon_dir)
        return R::fail(
            fmt::format("instance {}: daemon_directory: {}", ip.config_dir, daemon_dir.error()));
      const std::string master = daemon_dir.value() + "/master";
      plan.checks.push_back(
          {StartFgCheck::Kind::kNotRunning, ip.config_dir, true, {master, "-t"}, env});
      plan.checks.push_back(
          {StartFgCheck::Kind::kCheck, ip.config_dir, true, {postfix, "--", "check"}, env});
      plan.masters.push_back({ip.config_dir, ip.name, {master, "-s"}, env});
    } else {  // R143 as postmulti's start-class commands: a disabled instance is checked
      plan.checks.push_back(
          {StartFgCheck::Kind::kCheck, ip.config_dir, false, {postfix, "--", "check"}, env});
    }
  }
  if (!matched) return R::fail("No matching instances");  // R84
  if (plan.masters.empty()) return R::fail("start-fg: no selected instance is enabled");
  for (size_t i = plan.masters.size(); i-- > 0;) plan.stop_order.push_back(i);  // R144
  return R::ok(std::move(plan));
}

}  // namespace pfmulti
