// The plan-composing interpreter (see compose.h).
#include "model/plan/compose.h"

#include <deque>

#include "model/text/strings.h"

namespace pfmulti {

namespace {

// What program a path names: postfix, postmulti, the shipped wrapper, postfix-script, or (for
// an exec from postfix(1)) the scenario's wrapper; otherwise an external command.
struct Target {
  bool leaf = false;
  LeafKind kind = LeafKind::kExternal;
  Program program = Program::kPostfix;
  ProfileName profile = ProfileName::kPostmulti;
};

Target classify(const std::string& argv0, bool from_postfix_exec, ProfileName scenario_profile) {
  std::string base = path_basename(argv0);
  Target t;
  t.profile = scenario_profile;
  if (base == "postfix-script") {
    t.leaf = true;
    t.kind = LeafKind::kPostfixScript;
  } else if (base == "postfix") {
    t.program = Program::kPostfix;
  } else if (base == "postmulti") {
    t.program = Program::kPostmulti;
    if (scenario_profile != ProfileName::kPostmulti) t.profile = ProfileName::kPostmultiStrict;
  } else if (base == "postfix-wrapper") {
    t.program = Program::kWrapper;
    t.profile = scenario_profile == ProfileName::kPostfixWrapperStrict
                    ? ProfileName::kPostfixWrapperStrict
                    : ProfileName::kPostfixWrapper;
  } else if (from_postfix_exec) {
    t.program = Program::kWrapper;
  } else {
    t.leaf = true;
  }
  return t;
}

}  // namespace

Composition compose(const Scenario& top, int max_depth, int max_steps) noexcept {
  Composition c;
  std::deque<int> todo;
  ComposeStep first;
  first.scenario = top;
  first.postfix_depth = top.program == Program::kPostfix ? 1 : 0;
  c.steps.push_back(std::move(first));
  todo.push_back(0);
  while (!todo.empty()) {
    int index = todo.front();
    todo.pop_front();
    c.steps[index].plan = make_plan(c.steps[index].scenario);
    // Copy what we need: c.steps may grow below.
    const Scenario parent = c.steps[index].scenario;
    const Plan plan = c.steps[index].plan;
    int depth = c.steps[index].postfix_depth;
    if (depth > c.max_postfix_depth) c.max_postfix_depth = depth;
    if (!plan.output.empty()) c.leaves.push_back({LeafKind::kOutput, index, depth, "output"});
    for (const Action& action : plan.actions) {
      std::vector<std::string> argv;
      EnvMap env;
      std::string cwd = parent.cwd;
      bool from_exec = false;
      if (const auto* f = std::get_if<FailAction>(&action)) {
        c.leaves.push_back({LeafKind::kFail, index, depth, f->reason});
        continue;
      }
      if (const auto* s = std::get_if<SkipAction>(&action)) {
        c.leaves.push_back({LeafKind::kSkip, index, depth, s->reason});
        continue;
      }
      if (const auto* e = std::get_if<ExecAction>(&action)) {
        argv = e->argv;
        env = e->env;
        from_exec = parent.program == Program::kPostfix;
        // postfix(1) chdir()s to the queue directory before the exec.
        if (auto q = env.find("queue_directory"); from_exec && q != env.end()) cwd = q->second;
      } else if (const auto* r = std::get_if<RunAction>(&action)) {
        argv = r->argv;
        env = parent.env;
        for (const auto& [k, v] : r->env) env[k] = v;
        for (const auto& k : r->unset) env.erase(k);
      }
      if (argv.empty()) {
        c.leaves.push_back({LeafKind::kExternal, index, depth, ""});
        continue;
      }
      Target t = classify(argv.front(), from_exec, parent.profile);
      if (t.leaf) {
        c.leaves.push_back({t.kind, index, depth, argv.front()});
        continue;
      }
      int child_depth = depth + (t.program == Program::kPostfix ? 1 : 0);
      if (child_depth > max_depth || static_cast<int>(c.steps.size()) >= max_steps) {
        c.terminated = false;
        return c;
      }
      ComposeStep child;
      child.parent = index;
      child.postfix_depth = child_depth;
      child.scenario = parent;
      child.scenario.program = t.program;
      child.scenario.profile = t.profile;
      child.scenario.argv = std::move(argv);
      child.scenario.env = std::move(env);
      child.scenario.cwd = cwd;
      c.steps.push_back(std::move(child));
      todo.push_back(static_cast<int>(c.steps.size()) - 1);
    }
  }
  return c;
}

}  // namespace pfmulti
