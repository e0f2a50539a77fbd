// `pfmulti oracle [--explain]`: the conformance interface. Reads a scenario (JSON,
// spec/scenario.schema.json) on stdin, prints the plan the model derives (JSON,
// spec/plan.schema.json) on stdout. --explain adds the spec/rules.md rule ids behind each
// action and the plan. Exit status 0 when a plan was printed, 1 on unreadable input, 2 on usage.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "impl/cli/cli.h"
#include "model/plan/plan_json.h"
#include "model/plan/planner.h"

namespace pfmulti {

int run_oracle(CliContext& ctx) {
  bool explain = false;
  for (const auto& arg : ctx.args) {
    if (arg == "--explain") {
      explain = true;
    } else {
      fmt::print(ctx.err, "usage: {} oracle [--explain] < scenario.json\n", ctx.program);
      return 2;
    }
  }
  std::string input;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) input.append(buf, n);
  if (std::ferror(stdin)) return fatal(ctx, "read error on standard input");
  auto scenario = parse_scenario(input);
  if (!scenario) return fatal(ctx, scenario.error());
  PlanExplanation why;
  Plan plan = make_plan(*scenario, explain ? &why : nullptr);
  std::string text = to_json(plan_to_json(plan, explain ? &why : nullptr));
  if (std::fwrite(text.data(), 1, text.size(), ctx.out) != text.size() && !ctx.out_errno)
    ctx.out_errno = errno;  // R124: for finish_output's message
  flush_output(ctx);        // a failure is reported once, by finish_output (R124)
  return 0;
}

}  // namespace pfmulti
