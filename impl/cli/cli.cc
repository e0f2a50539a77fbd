// Subcommand table and small helpers shared by the CLI (see cli.h).
#include "impl/cli/cli.h"

#include <fmt/format.h>

extern char** environ;

namespace pfmulti {

const Subcommand* subcommands() {
  static const Subcommand table[] = {
      {"conf", "postconf-compatible query: conf [-c DIR] [-h] [-x] [-n] [NAME...]", run_conf},
      {"oracle", "conformance oracle: scenario JSON on stdin -> plan JSON: oracle [--explain]",
       run_oracle},
      {"lint", "check a multi-instance configuration: lint [-c DIR]", run_lint},
      {"status",
       "masters and queues: status [-c DIR] [--json | --prometheus] [--prometheus-file F]",
       run_status},
      {"conform", "check a manager against the model: conform --profile P -- PROGRAM", run_conform},
      {nullptr, nullptr, nullptr},
  };
  return table;
}

Environment current_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

int fatal(CliContext& ctx, const std::string& message) {
  fmt::print(ctx.err, "{}: fatal: {}\n", ctx.program, message);
  return 1;
}

int usage_error(CliContext& ctx, const std::string& message) {
  fmt::print(ctx.err, "{}: fatal: {}\n", ctx.program, message);
  return kExitUsage;
}

std::string version_text() { return fmt::format("pfmulti {}\n", PFMULTI_VERSION); }

void warn(CliContext& ctx, const std::string& message) {
  fmt::print(ctx.err, "{}: warning: {}\n", ctx.program, message);
}

}  // namespace pfmulti
