// libFuzzer harness for the planner (model/plan/planner.h, model/plan/compose.h,
// model/plan/plan_json.h; spec/rules.md R40-R96). The input is text in sections separated by lines
// "%%":
//   section 0   header: PROGRAM PROFILE ARG... (unknown program/profile words pick one by their
//               bytes); words NAME=VALUE with an upper-case NAME go to the environment instead;
//   section 1   the primary main.cf (/etc/postfix/main.cf);
//   section k   /etc/postfix-(k-1)/main.cf; a section that is exactly "-" is absent, one that
//               starts with "!" is unreadable (the rest is the reason).
// Laws checked on every input (a violation prints the law and abort()s):
//  P1 make_plan never throws and is deterministic; the explanation has one rule list per action.
//  P2 JSON round trip: plan and scenario survive plan_to_json/parse and scenario_to_json/parse.
//  P3 Plan shape: a whole-command failure (exit "fail") ends the plan and only skips precede
//     it; it is the only action without a directory besides exec; exec plans hold one exec.
//  P4 Termination: composing postfix(1) and whatever it starts ends within 2 postfix(1)
//     processes on a chain, in postfix-script, a failure, a skip or a non-Postfix command (a
//     wrapper such as `postmulti -x --` runs the "command" itself) (R95).
//  P5 Ordering: wrapper/postmulti runs, skips and instance failures name only the default
//     instance or listed directories (as the profile parses the list, R51/R75), in list order
//     (reversed for stop-class commands; never for the seed).
//  P6 Substitution: for the shell profiles, "check" replaces start exactly on instances whose
//     `postconf -h multi_instance_enable` is not "yes"; skips happen only for the skip set.
//  P7 Claims (model/postmulti/claims.h): the instances a postmulti-profile plan runs, with the
//  primary's
//     shared directories, are claim-consistent; postmulti-strict never runs an inconsistent set.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "model/main_cf/config.h"
#include "model/main_cf/instance_config.h"
#include "model/plan/compose.h"
#include "model/plan/plan_json.h"
#include "model/plan/planner.h"
#include "model/plan/profile.h"
#include "model/postmulti/claims.h"
#include "model/text/shell_words.h"
#include "model/wrapper/shell_wrapper.h"

namespace {

using namespace pfmulti;

[[noreturn]] void violated(const char* law, const std::string& detail) {
  std::fprintf(stderr, "planner fuzz: law %s violated: %s\n", law, detail.c_str());
  std::abort();
}

std::vector<std::string> split_sections(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line =
        text.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
    if (line == "%%") {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.append(line);
      if (nl != std::string_view::npos) cur.push_back('\n');
    }
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  out.push_back(cur);
  return out;
}

bool is_env_word(const std::string& w) {
  size_t eq = w.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (size_t k = 0; k < eq; ++k)
    if (!((w[k] >= 'A' && w[k] <= 'Z') || w[k] == '_')) return false;
  return true;
}

unsigned pick(const std::string& word, unsigned n) {
  unsigned h = 0;
  for (unsigned char c : word) h = h * 31 + c;
  return h % n;
}

// The scenario, and the environment the header asked for (before wrapper defaults).
Scenario to_scenario(std::string_view data, EnvMap* header_env) {
  Scenario s;
  auto sections = split_sections(data);
  std::vector<std::string> header = ifs_split(sections[0]);
  const Program programs[] = {Program::kPostfix, Program::kWrapper, Program::kPostmulti};
  std::string program_word = header.size() > 0 ? header[0] : "";
  std::string profile_word = header.size() > 1 ? header[1] : "";
  s.program = program_from_name(program_word).value_or(programs[pick(program_word, 3)]);
  s.profile = profile_from_id(profile_word).value_or(all_profiles()[pick(profile_word, 4)]);
  switch (s.program) {
    case Program::kPostfix:
      s.argv = {"postfix"};
      break;
    case Program::kWrapper:
      s.argv = {"/usr/lib/postfix/sbin/postfix-wrapper"};
      break;
    case Program::kPostmulti:
      s.argv = {"postmulti"};
      break;
  }
  for (size_t k = 2; k < header.size(); ++k) {
    if (is_env_word(header[k])) {
      size_t eq = header[k].find('=');
      s.env[header[k].substr(0, eq)] = header[k].substr(eq + 1);
    } else {
      s.argv.push_back(header[k]);
    }
  }
  *header_env = s.env;
  if (s.program == Program::kWrapper) {
    // What postfix(1) hands a wrapper, unless the header set it.
    for (const auto& name : exported_parameter_names())
      s.env.emplace(name, *compiled_defaults().find(name));
    s.env.emplace("MAIL_CONFIG", "/etc/postfix");
  }
  for (size_t k = 1; k < sections.size() && k < 64; ++k) {
    std::string path = k == 1 ? std::string("/etc/postfix/main.cf")
                              : "/etc/postfix-" + std::to_string(k - 1) + "/main.cf";
    const std::string& text = sections[k];
    if (text == "-" || text == "-\n") continue;
    if (!text.empty() && text[0] == '!') {
      s.files[path] = Unreadable{text.substr(1)};
    } else {
      s.files[path] = text;
    }
  }
  return s;
}

std::string config_directory_of(const Action& a) {
  return std::visit(
      [](const auto& x) -> std::string {
        if constexpr (requires { x.config_directory; }) return x.config_directory;
        return "";
      },
      a);
}

// The instance order a manager derives (the default first, then the list), or nullopt when the
// primary main.cf cannot give one.
std::optional<std::vector<std::string>> expected_order(const Scenario& s, const Profile& p) {
  std::vector<std::string> out{"/etc/postfix"};
  if (p.run_style == RunStyle::kPostfixDashC) {
    // The shell's postconf reads $MAIL_CONFIG/main.cf (R51).
    auto mc = s.env.find("MAIL_CONFIG");
    std::string primary = mc != s.env.end() ? mc->second : "/etc/postfix";
    auto raw = postconf_h(s.files, primary, s.defaults, s.cwd, "multi_instance_directories");
    std::vector<std::string> known = known_paths(s);
    // R51, R107: the first comma or every comma, as the profile reads the list on s.release.
    std::string words = list_reading(p, s.release) == ListReading::kShellAllCommas
                            ? sed_all_commas(raw.value_or(""))
                            : sed_first_comma(raw.value_or(""));
    for (const auto& w : ifs_split(words))
      for (auto& g : glob_expand(w, known, s.cwd)) out.push_back(g);
    return out;
  }
  auto cfg = load_config(s.files, "/etc/postfix", s.defaults, s.cwd);
  if (!cfg) return std::nullopt;
  auto list = cfg->list("multi_instance_directories");
  // R120: the primary is the directory read; a config_directory line in main.cf moves nothing.
  if (!list) return std::nullopt;
  out = {"/etc/postfix"};
  out.insert(out.end(), list->begin(), list->end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  EnvMap header_env;
  Scenario s = to_scenario(text, &header_env);

  // P1
  PlanExplanation why;
  Plan plan = make_plan(s, &why);
  if (!(make_plan(s) == plan)) violated("P1", "make_plan is not deterministic");
  if (why.action_rules.size() != plan.actions.size()) violated("P1", "explanation size");

  // P2
  auto plan_back = parse_plan(to_json(plan_to_json(plan)));
  if (!plan_back || !(*plan_back == plan)) violated("P2", "plan JSON round trip");
  auto scenario_back = parse_scenario(to_json(scenario_to_json(s)));
  if (!scenario_back || !(*scenario_back == s)) violated("P2", "scenario JSON round trip");

  // P3
  for (size_t k = 0; k < plan.actions.size(); ++k) {
    const Action& a = plan.actions[k];
    bool last = k + 1 == plan.actions.size();
    if (const auto* f = std::get_if<FailAction>(&a); f && f->config_directory.empty()) {
      if (!last || plan.exit != ExitRule::kFail) violated("P3", "whole failure not last");
      for (size_t j = 0; j < k; ++j)
        if (!std::holds_alternative<SkipAction>(plan.actions[j]))
          violated("P3", "a whole failure after a non-skip action");
    }
    if (std::holds_alternative<ExecAction>(a) &&
        (plan.actions.size() != 1 || plan.exit != ExitRule::kExec))
      violated("P3", "exec is not alone");
    if ((std::holds_alternative<RunAction>(a) || std::holds_alternative<SkipAction>(a)) &&
        config_directory_of(a).empty())
      violated("P3", "run/skip without a directory");
  }

  // P4: bounded, so that an input listing hundreds of directories stays fast.
  if (s.files.size() <= 16 && s.argv.size() <= 8) {
    Scenario top = s;
    top.program = Program::kPostfix;
    top.env = header_env;
    top.argv.erase(top.argv.begin() + 1, top.argv.end());
    for (size_t k = 1; k < s.argv.size(); ++k)
      if (s.program != Program::kPostmulti) top.argv.push_back(s.argv[k]);
    Composition c = compose(top, 8, 256);
    if (c.steps.size() < 256) {
      if (!c.terminated) violated("P4", "composition did not terminate");
      if (c.max_postfix_depth > 2) violated("P4", "postfix(1) depth above 2");
      for (const Leaf& leaf : c.leaves)
        if (leaf.kind != LeafKind::kPostfixScript && leaf.kind != LeafKind::kFail &&
            leaf.kind != LeafKind::kSkip && leaf.kind != LeafKind::kExternal)
          violated("P4", "a chain ends elsewhere: " + leaf.what);
    }
  }

  // P7
  const Profile& prof = profile(s.profile);
  if (prof.claims && plan.exit != ExitRule::kFail &&
      (s.program == Program::kWrapper || s.program == Program::kPostmulti)) {
    auto primary = load_config(s.files, "/etc/postfix", s.defaults, s.cwd);
    if (primary) {
      ClaimTable claims;
      std::string cd = "/etc/postfix";  // R120: the directory read, whatever main.cf says
      bool ok = true;
      for (const char* shared : {"command_directory", "daemon_directory", "shlib_directory"}) {
        auto v = primary->expand(shared);
        if (v && !v->empty() && v->front() == '/') ok = ok && !claims.add({cd, shared, *v});
      }
      for (const auto& a : plan.actions) {
        const auto* r = std::get_if<RunAction>(&a);
        if (!r || !ok) continue;
        std::string name, queue, data;
        if (r->config_directory == cd) {
          name = primary->expand("multi_instance_name").is_ok()
                     ? *primary->expand("multi_instance_name")
                     : "";
          queue =
              primary->expand("queue_directory").is_ok() ? *primary->expand("queue_directory") : "";
          data =
              primary->expand("data_directory").is_ok() ? *primary->expand("data_directory") : "";
        } else {
          auto c = load_config(s.files, r->config_directory, s.defaults, s.cwd);
          if (!c) violated("P7", "a run for an unreadable secondary");
          name = collapse_white_space(
              c->expand("multi_instance_name").is_ok() ? *c->expand("multi_instance_name") : "");
          queue = collapse_white_space(
              c->expand("queue_directory").is_ok() ? *c->expand("queue_directory") : "");
          data = collapse_white_space(
              c->expand("data_directory").is_ok() ? *c->expand("data_directory") : "");
        }
        if (claims.add_all(instance_claims(r->config_directory, name, queue, data)))
          violated("P7", "the instances run are not claim-consistent: " + r->config_directory);
      }
    }
  }

  // P5 and P6 for wrappers and postmulti -p.
  const Profile& p = profile(s.profile);
  bool shell = s.program == Program::kWrapper && p.run_style == RunStyle::kPostfixDashC;
  if (plan.exit != ExitRule::kFail && (shell || s.program == Program::kWrapper)) {
    auto order = expected_order(s, p);
    std::string first = s.argv.size() > 1 ? s.argv[1] : "";
    if (order) {
      std::vector<std::string> seen;
      for (const auto& a : plan.actions) {
        std::string d = config_directory_of(a);
        if (!d.empty()) seen.push_back(d);
      }
      if (!shell) {
        // postmulti's class of "first" decides the direction: compare as a multiset + order.
        std::vector<std::string> fwd = *order, bwd(order->rbegin(), order->rend());
        auto subsequence = [](const std::vector<std::string>& sub,
                              const std::vector<std::string>& of) {
          size_t j = 0;
          for (const auto& x : of)
            if (j < sub.size() && sub[j] == x) ++j;
          return j == sub.size();
        };
        if (!subsequence(seen, fwd) && !subsequence(seen, bwd))
          violated("P5", "postmulti order is neither the list order nor its reverse");
      } else {
        bool reversed = std::find(p.reverse_commands.begin(), p.reverse_commands.end(), first) !=
                        p.reverse_commands.end();
        // $config_directory comes from the environment (R52).
        std::vector<std::string> expected;
        auto env_cd = s.env.find("config_directory");
        std::vector<std::string> known = known_paths(s);
        if (env_cd != s.env.end())
          for (const auto& w : ifs_split(env_cd->second))
            for (auto& g : glob_expand(w, known, s.cwd)) expected.push_back(g);
        expected.insert(expected.end(), order->begin() + 1, order->end());
        if (reversed) std::reverse(expected.begin(), expected.end());
        if (s.env.count("command_directory") &&
            (s.profile == ProfileName::kSeed || s.env.count("daemon_directory")) &&
            seen != expected)
          violated("P5", "shell wrapper order");
        // P6
        bool skip_class = std::find(p.skip_commands.begin(), p.skip_commands.end(), first) !=
                          p.skip_commands.end();
        for (const auto& a : plan.actions) {
          if (const auto* r = std::get_if<RunAction>(&a)) {
            auto en = postconf_h(s.files, r->config_directory, s.defaults, s.cwd,
                                 "multi_instance_enable");
            bool enabled = en && *en == "yes";
            if (first == "start" && !enabled && r->argv.back() != "check")
              violated("P6", "start on a disabled instance did not become check");
            if (first == "start" && enabled && r->argv.size() > 3 && r->argv[3] != "start")
              violated("P6", "start on an enabled instance became something else");
            if (skip_class && !enabled)
              violated("P6", "a disabled instance ran a skip-class command");
          } else if (std::holds_alternative<SkipAction>(a) && !skip_class) {
            violated("P6", "a skip outside the skip set");
          }
        }
      }
    }
  }
  return 0;
}
