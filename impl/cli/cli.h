// Shared pieces of the command-line layer: the process context a subcommand runs in, and the
// table of subcommands (ninja's kTools) that main.cc dispatches on.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "impl/runtime/file_system.h"
#include "model/main_cf/param_defaults.h"

namespace pfmulti {

struct Scenario;
struct CliOptions;

struct CliContext {
  std::string program;            // name for messages, "pfmulti"
  std::vector<std::string> args;  // arguments after the subcommand name
  Environment env;
  FileSystem* fs = nullptr;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  int out_errno = 0;  // the errno of the first failed write or flush of out (flush_output)
};

struct Subcommand {
  const char* name;
  const char* summary;
  int (*run)(CliContext&);
};

// The subcommand table, terminated by {nullptr, nullptr, nullptr}.
const Subcommand* subcommands();

// The options each of these subcommands' own parsers accept, as words ("WORD=" takes an
// argument), terminated by {nullptr, nullptr}: --help, the manual page and the completion
// mention each, and each is accepted (tests/cli_options_test.cc Help.*).
struct SubcommandOptions {
  const char* subcommand;
  const char* options;  // space-separated
};
const SubcommandOptions* subcommand_options();

// Environment of this process as a map.
Environment current_environment();

// One line on err, its control bytes quoted (printable(), spec/rules.md R126): every message
// pfmulti writes to standard error goes through here.
void diagnostic(CliContext& ctx, std::string_view line);

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

// spec/rules.md R124, as coreutils' close_stdout: flushes ctx.out; when that or any earlier
// write to it failed, prints "PROGRAM: fatal: write error on standard output: REASON" (no
// reason when none is known) and returns status, or 1 when status is 0. Else returns status.
// main.cc calls it once, after the subcommand returns.
int finish_output(CliContext& ctx, int status);

// fflush(ctx.out), keeping the errno of the first failure for finish_output's message. Every
// explicit flush of standard output in impl/cli/ goes through here.
void flush_output(CliContext& ctx);

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
// pfmulti as a systemd generator and its review (impl/cli/systemd_command.cc): main.cc runs
// run_systemd_generator when invoked as kGeneratorProgram.
inline constexpr const char* kGeneratorProgram = "pfmulti-systemd-generator";
int run_systemd_generator(CliContext& ctx);
int run_systemd_units(CliContext& ctx);
// `pfmulti apply` (impl/cli/apply_command.cc).
int run_apply(CliContext& ctx);
// `pfmulti start-fg ARGS...` (= `pfmulti ARGS... -p start-fg`), the foreground supervisor
// (impl/cli/start_fg_command.cc); start_fg() serves it, iterator mode's `-p start-fg` and the
// wrapper's `start-fg`, with postmulti_argv postmulti's command line ending in -p start-fg.
int run_start_fg(CliContext& ctx);
// pfmulti's options that mean nothing to the supervisor (--json, --parallel, --timeout, --tag,
// --profile, --postfix-release) are a usage error, or only a warning when they come from
// multi_instance_wrapper (options_from_wrapper: that setting serves every command).
int start_fg(CliContext& ctx, const CliOptions& options, std::vector<std::string> postmulti_argv,
             bool options_from_wrapper = false);
std::string usage_text();

}  // namespace pfmulti
