// Subcommand table and small helpers shared by the CLI (see cli.h).
#include "impl/cli/cli.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "model/text/strings.h"

extern char** environ;

namespace pfmulti {

const Subcommand* subcommands() {
  static const Subcommand table[] = {
      {"conf",
       "postconf-compatible query: conf [--postfix-release R] [-c DIR] [-h] [-x] [-n]\n"
       "             [NAME...]",
       run_conf},
      {"oracle", "conformance oracle: scenario JSON on stdin -> plan JSON: oracle [--explain]",
       run_oracle},
      {"lint", "check a multi-instance configuration: lint [-c DIR] [--json]", run_lint},
      {"status",
       "masters and queues: status [-c DIR] [-a | -g GROUP | -i NAME] [--json |\n"
       "             --prometheus] [--prometheus-file F]",
       run_status},
      {"apply",
       "declare the instances (JSON, one transaction): apply [-c DIR] [-n] [--diff] [--json]\n"
       "             [--prune] FILE|-; apply [-c DIR] --export",
       run_apply},
      {"start-fg",
       "supervise the masters in the foreground (containers): start-fg [-c DIR] [-i NAME]",
       run_start_fg},
      {"conform", "check a manager against the model: conform --profile P -- PROGRAM", run_conform},
      {"systemd-units", "what the systemd generator writes: systemd-units [-c DIR] [--json]",
       run_systemd_units},
      {"systemd-generator", "the systemd generator: systemd-generator [-c DIR] NORMAL [EARLY LATE]",
       run_systemd_generator},
      {nullptr, nullptr, nullptr},
  };
  return table;
}

const SubcommandOptions* subcommand_options() {
  static const SubcommandOptions table[] = {
      {"status", "-c= -a -g= -i= --json --prometheus --prometheus-file= --help"},
      {"lint", "-c= --json"},
      {"conf", "-c= -h -x -n --postfix-release="},
      {"oracle", "--explain"},
      {nullptr, nullptr},
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

void diagnostic(CliContext& ctx, std::string_view line) {
  std::string text = printable(line);  // R126: no control byte reaches the terminal
  text += '\n';
  std::fputs(text.c_str(), ctx.err);
}

int fatal(CliContext& ctx, const std::string& message) {
  diagnostic(ctx, fmt::format("{}: fatal: {}", ctx.program, message));
  return 1;
}

int usage_error(CliContext& ctx, const std::string& message) {
  fatal(ctx, message);
  return kExitUsage;
}

std::string version_text() { return fmt::format("pfmulti {}\n", PFMULTI_VERSION); }

void flush_output(CliContext& ctx) {
  if (std::fflush(ctx.out) != 0 && ctx.out_errno == 0) ctx.out_errno = errno;
}

int finish_output(CliContext& ctx, int status) {
  flush_output(ctx);
  if (!std::ferror(ctx.out)) return status;
  int err = ctx.out_errno;
  fatal(ctx, err ? fmt::format("write error on standard output: {}", std::strerror(err))
                 : "write error on standard output");
  return status ? status : 1;
}

void warn(CliContext& ctx, const std::string& message) {
  diagnostic(ctx, fmt::format("{}: warning: {}", ctx.program, message));
}

}  // namespace pfmulti
