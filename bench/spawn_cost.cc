// The cost of starting and waiting for a child, layer by layer (docs/performance.md, "Where the
// time per child goes"): `bench_spawn_cost MODE COUNT PROGRAM [ARGS...]` runs PROGRAM COUNT times,
// one after the other, with this process's environment, and reads nothing else:
//   vfork        vfork + execve + waitpid: bench_floor's loop, the floor;
//   posix_spawn  posix_spawn(3) + waitpid: what glibc's spawn adds (its stack, the signal mask);
//   clone        spawn_child + waitpid: pfmulti's launcher (impl/runtime/spawn_launcher.h) alone;
//   runner       SystemProcessRunner::start + wait: the executor's process layer;
//   executor     an Executor running a plan of COUNT run actions: plus the plan layer (the child's
//                environment from the manager's, outcomes, listeners).
// Comparing the modes in one alternation (bench/run, section 4b) shows which layer costs what,
// without reading any main.cf. Exit status: 0, or 1 if a run failed.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "impl/runtime/executor.h"
#include "impl/runtime/spawn_launcher.h"
#include "impl/runtime/system_process_runner.h"

extern char** environ;

namespace {

// One vfork + execve, in a frame of its own (nothing of the caller's can be clobbered).
__attribute__((noinline)) pid_t vfork_exec(char** argv) {
  pid_t pid = vfork();
  if (pid == 0) {
    execve(argv[0], argv, environ);
    _exit(127);
  }
  return pid;
}

int run_vfork(long count, char** argv) {
  int bad = 0;
  for (long i = 0; i < count; ++i) {
    pid_t pid = vfork_exec(argv);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || status != 0) bad = 1;
  }
  return bad;
}

int run_posix_spawn(long count, char** argv) {
  int bad = 0;
  for (long i = 0; i < count; ++i) {
    pid_t pid = -1;
    int status = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv, environ) != 0 ||
        waitpid(pid, &status, 0) < 0 || status != 0)
      bad = 1;
  }
  return bad;
}

int run_clone(long count, char** argv) {
  int bad = 0;
  for (long i = 0; i < count; ++i) {
    pfmulti::Spawned s = pfmulti::spawn_child({argv[0], argv, environ, -1, -1});
    int status = 0;
    if (s.error != 0 || waitpid(s.pid, &status, 0) < 0 || status != 0) bad = 1;
    if (s.pidfd >= 0) close(s.pidfd);
  }
  return bad;
}

pfmulti::Environment this_environment() {
  pfmulti::Environment env;
  for (char** e = environ; *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq) env.emplace(std::string(*e, static_cast<size_t>(eq - *e)), std::string(eq + 1));
  }
  return env;
}

int run_runner(long count, const std::vector<std::string>& args) {
  pfmulti::SystemProcessRunner runner;
  pfmulti::Environment env = this_environment();
  int bad = 0;
  for (long i = 0; i < count; ++i) {
    pfmulti::StartError error;
    auto child = runner.start(args, env, error);
    if (!child || !runner.wait(*child, std::nullopt).status.ok()) bad = 1;
  }
  return bad;
}

int run_executor(long count, const std::vector<std::string>& args) {
  pfmulti::SystemProcessRunner runner;
  pfmulti::ExecutorOptions options;
  options.base_env = this_environment();
  pfmulti::Plan plan;
  for (long i = 0; i < count; ++i) {
    pfmulti::RunAction run;
    run.config_directory = "/etc/postfix-" + std::to_string(i);
    run.argv = args;
    run.env = {{"MAIL_CONFIG", run.config_directory}};
    plan.actions.emplace_back(std::move(run));
  }
  pfmulti::Executor executor(runner, options);
  return executor.run(plan).exit_status == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fputs(
        "usage: bench_spawn_cost vfork|posix_spawn|clone|runner|executor COUNT PROGRAM [ARGS...]\n",
        stderr);
    return 2;
  }
  std::string mode = argv[1];
  long count = std::strtol(argv[2], nullptr, 10);
  std::vector<std::string> args(argv + 3, argv + argc);
  if (mode == "vfork") return run_vfork(count, argv + 3);
  if (mode == "posix_spawn") return run_posix_spawn(count, argv + 3);
  if (mode == "clone") return run_clone(count, argv + 3);
  if (mode == "runner") return run_runner(count, args);
  if (mode == "executor") return run_executor(count, args);
  std::fprintf(stderr, "bench_spawn_cost: unknown mode %s\n", argv[1]);
  return 2;
}
