// postmulti(1) iterator-mode planning (see postmulti_plan.h). The order of checks follows
// postmulti.c main(): read main.cf (R71), refuse a non-default MAIL_CONFIG (R70), parse the
// options and check their combination (postmulti_command.h: R72, R73), check and claim the
// shared directories (R74), load the instances (R75-R79), iterate (R80-R88). The pieces are in
// postmulti_primary.cc, postmulti_load.cc and postmulti_iterate.cc.
#include "model/postmulti/postmulti_plan.h"

#include <fmt/format.h>

#include "model/postmulti/postmulti_steps.h"

namespace pfmulti {

Plan plan_postmulti(const Scenario& s, const Profile& p, PlanExplanation* why) noexcept {
  PlanBuilder b(why);
  auto refuse = [&](const Refusal& r) { return b.fail(r.message, r.status, {r.rule}); };
  const std::string& default_config_dir = s.defaults.config_directory();

  // R71 mail_conf_read(): $MAIL_CONFIG/main.cf, else the default; parameters are expanded.
  auto mail_config = s.env.find("MAIL_CONFIG");
  std::string read_dir = mail_config != s.env.end() ? mail_config->second : default_config_dir;
  auto primary = read_primary(s, read_dir);
  if (auto* r = std::get_if<Refusal>(&primary)) return refuse(*r);
  const PrimaryValues& v = std::get<PrimaryValues>(primary);

  // R70 a MAIL_CONFIG other than the compiled-in config directory is fatal.
  if (mail_config != s.env.end() && mail_config->second != default_config_dir)
    return b.fail(
        fmt::format("Non-default configuration directory: MAIL_CONFIG={}", mail_config->second), 1,
        {"R70"});

  // R72, R73 the command line.
  PostmultiParse parse = parse_postmulti_command(s.argv);
  if (parse.refusal) return b.fail(parse.refusal->message, 1, {parse.refusal->rule});
  PostmultiCommand command = std::move(*parse.command);

  ClaimTable claims;
  if (auto r = claim_shared_directories(s, v, claims)) return refuse(*r);

  // R89 life-cycle management is outside this planner (model/lifecycle/).
  if (command.mode == PostmultiMode::kEdit)
    return b.fail(fmt::format("unsupported: life-cycle management (-e {}) is not planned",
                              edit_action_name(command.edit)),
                  1, {"R89"});
  if (command.selection.type == SelectionType::kNone) command.selection.type = SelectionType::kAll;

  auto loaded = load_all_instances(s, p, v, claims);
  if (auto* r = std::get_if<Refusal>(&loaded)) return refuse(*r);
  std::vector<Instance> instances = std::get<std::vector<Instance>>(std::move(loaded));

  b.exit_rule(ExitRule::kAnyFailureIsOne);
  b.rule("R85");
  if (command.mode == PostmultiMode::kList) return plan_list(b, std::move(instances), command);
  return plan_run(b, s, v, std::move(instances), command);
}

Plan plan_postmulti_wrapper(const Scenario& s, const Profile& p, PlanExplanation* why) noexcept {
  Scenario as_postmulti = s;
  std::vector<std::string> argv{s.argv.empty() ? std::string("postmulti") : s.argv.front(), "-p",
                                "--"};
  if (s.argv.size() > 1) argv.insert(argv.end(), s.argv.begin() + 1, s.argv.end());
  as_postmulti.argv = std::move(argv);
  Plan plan = plan_postmulti(as_postmulti, p, why);
  if (why) why->plan_rules.emplace_back("R92");
  return plan;
}

std::variant<std::vector<Instance>, std::string> load_instances(const Scenario& s) noexcept {
  const std::string& default_config_dir = s.defaults.config_directory();
  auto mail_config = s.env.find("MAIL_CONFIG");
  std::string read_dir = mail_config != s.env.end() ? mail_config->second : default_config_dir;
  auto primary = read_primary(s, read_dir);
  if (auto* r = std::get_if<Refusal>(&primary)) return r->message;
  const PrimaryValues& v = std::get<PrimaryValues>(primary);
  if (mail_config != s.env.end() && mail_config->second != default_config_dir)
    return fmt::format("Non-default configuration directory: MAIL_CONFIG={}", mail_config->second);
  ClaimTable claims;
  if (auto r = claim_shared_directories(s, v, claims)) return r->message;
  auto loaded = load_all_instances(s, profile(ProfileName::kPostmulti), v, claims);
  if (auto* r = std::get_if<Refusal>(&loaded)) return r->message;
  return std::get<std::vector<Instance>>(std::move(loaded));
}

}  // namespace pfmulti
