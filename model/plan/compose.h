// A pure interpreter that composes plans: postfix(1) hands off to a wrapper, the wrapper runs
// postfix(1) per instance, and so on, each step planned by make_plan() in the same world (files,
// defaults, directories). It checks what postfix-wrapper(5) promises (MULTI-INSTANCE API SUMMARY:
// "-c or MAIL_CONFIG ... is necessary to terminate recursion"): every chain ends in
// postfix-script, a fail, a skip or a non-Postfix command, with at most 2 postfix(1) processes on
// it (spec/rules.md R95; spec/recursion.pml is the same argument in Promela).
#pragma once

#include <string>
#include <vector>

#include "model/plan/planner.h"

namespace pfmulti {

enum class LeafKind { kPostfixScript, kFail, kSkip, kExternal, kOutput };

struct ComposeStep {
  int postfix_depth = 0;  // postfix(1) processes on the chain up to and including this step
  int parent = -1;        // index of the step that started this one
  Scenario scenario;
  Plan plan;
};

struct Leaf {
  LeafKind kind;
  int step;           // the step whose action this is
  int postfix_depth;  // postfix(1) processes on its chain
  std::string what;   // argv[0] or reason
};

struct Composition {
  std::vector<ComposeStep> steps;
  std::vector<Leaf> leaves;
  int max_postfix_depth = 0;
  bool terminated = true;  // false: the step or depth budget ran out (a recursion)
};

// Interprets scenario and everything it starts. Budgets: max_depth postfix(1) processes on a
// chain, max_steps planned programs in all.
Composition compose(const Scenario& scenario, int max_depth = 8, int max_steps = 4096) noexcept;

}  // namespace pfmulti
