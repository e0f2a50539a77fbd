// Shared pieces of the command-line layer: the process context a subcommand runs in, and the
// table of subcommands (ninja's kTools) that main.cc dispatches on.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "impl/runtime/file_system.h"
#include "model/main_cf/param_defaults.h"

namespace pfmulti {

struct Scenario;

struct CliContext {
  std::string program;            // name for messages, "pfmulti"
  std::vector<std::string> args;  // arguments after the subcommand name
  Environment env;
  FileSystem* fs = nullptr;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
};

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(CliContext&);
};

// The subcommand table, terminated by {nullptr, nullptr, nullptr}.
const Subcommand* subcommands();

// Environment of this process as a map.
Environment current_environment();

// "PROGRAM: fatal: MESSAGE" on err; returns 1 (postconf's fatal exit status).
int fatal(CliContext& ctx, const std::string& message);
// The exit statuses (docs/pfmulti.1 EXIT STATUS; --help): 0 done; 1 an instance command failed
// or a fatal error (configuration, I/O); 2 a usage error (the command line was not
// understood: nothing was read or run).
inline constexpr int kExitUsage = 2;
// "PROGRAM: fatal: MESSAGE" on err; returns kExitUsage.
int usage_error(CliContext& ctx, const std::string& message);
// "pfmulti VERSION" (the project's version), for --version.
std::string version_text();
void warn(CliContext& ctx, const std::string& message);

int run_conf(CliContext& ctx);
int run_oracle(CliContext& ctx);  // impl/cli/oracle_command.cc
// `pfmulti conform ARGS...`: execs pfmulti-conform (the conformance runner, its own binary so
// that the shipped wrapper path does not carry it) from the directory pfmulti runs from.
int run_conform(CliContext& ctx);  // impl/cli/conform_launcher.cc

// pfmulti's manager modes (impl/cli/manager_command.cc): postmulti-compatible iterator mode (no
// subcommand) and postfix-wrapper(5) mode (invoked as postfix-wrapper); `pfmulti lint`.
int run_iterator(CliContext& ctx);
// Everything the planner may look at for s, into s (impl/runtime/world_reader.h): the primary's
// main.cf and every directory its list can name.
void read_world_into(CliContext& ctx, Scenario& s);
// `pfmulti status` (impl/cli/status_command.cc).
int run_status(CliContext& ctx);
int run_wrapper(CliContext& ctx);
int run_lint(CliContext& ctx);
std::string usage_text();

}  // namespace pfmulti
