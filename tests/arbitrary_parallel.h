// Generators for --parallel (issue 14): a multi-instance plan (runs, skips, instance failures,
// sometimes a whole-command failure at the end) with the primary first, last or absent, and for
// each run a scripted child (exit status, signal death, start failure, runtime) for the fake
// runner (tests/support/fake_process_runner.h). Runtimes are drawn from a small range so that
// ties and every completion order occur.
#pragma once

#include <rapidcheck.h>
#include <signal.h>

#include <string>
#include <vector>

#include "model/plan/plan.h"
#include "tests/support/fake_process_runner.h"

namespace pfmulti {

struct ParallelCase {
  Plan plan;                      // sequential (no stages)
  std::vector<size_t> primary;    // the primary's actions
  std::vector<FakeChild> script;  // one per run action, in list order
  size_t parallel = 2;
};

inline rc::Gen<FakeChild> gen_fake_child() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 10), rc::gen::inRange(0, 40)), [](auto t) {
    auto [kind, ms] = t;
    FakeChild c;
    c.runtime = std::chrono::milliseconds(ms);
    if (kind == 0) c.status.exit_code = 1;
    if (kind == 1) c.status.exit_code = 75;
    if (kind == 2) c.status.signal = SIGSEGV;
    if (kind == 3) c.start_error = StartError{"faked: not found", 127};
    return c;
  });
}

inline rc::Gen<ParallelCase> gen_parallel_case() {
  return rc::gen::exec([] {
    ParallelCase c;
    size_t secondaries = *rc::gen::inRange<size_t>(0, 12);
    int where = *rc::gen::inRange(0, 3);  // 0 primary first, 1 last, 2 absent
    std::vector<std::string> dirs;
    for (size_t k = 0; k < secondaries; ++k) dirs.push_back("/etc/postfix-" + std::to_string(k));
    if (where == 0) dirs.insert(dirs.begin(), "/etc/postfix");
    if (where == 1) dirs.push_back("/etc/postfix");
    for (const auto& dir : dirs) {
      if (dir == "/etc/postfix") c.primary.push_back(c.plan.actions.size());
      int kind = *rc::gen::inRange(0, 10);
      if (kind == 0) {
        c.plan.actions.push_back(SkipAction{dir, "disabled"});
      } else if (kind == 1) {
        c.plan.actions.push_back(FailAction{dir, "damaged", 1});
      } else {
        RunAction r;
        r.config_directory = dir;
        r.argv = {"/usr/sbin/postfix", "start"};
        r.env["MAIL_CONFIG"] = dir;
        c.plan.actions.push_back(r);
        c.script.push_back(*gen_fake_child());
      }
    }
    if (*rc::gen::inRange(0, 6) == 0) c.plan.actions.push_back(FailAction{"", "whole command", 2});
    c.plan.exit = *rc::gen::element(ExitRule::kLastFailure, ExitRule::kAnyFailureIsOne);
    c.parallel = *rc::gen::inRange<size_t>(2, 6);
    return c;
  });
}

}  // namespace pfmulti
