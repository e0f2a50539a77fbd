// The floor of the multi-instance benchmark: `bench_floor COUNT PROGRAM [ARGS...]` runs PROGRAM
// COUNT times, one after the other, and does nothing else: no configuration is read. With
// COUNT = N+1 and PROGRAM the `postfix` stub this is the least any wrapper can cost
// (postfix-wrapper(5): one `postfix` run per instance). vfork + execve is the cheapest way to
// start a program on Linux: measured here, posix_spawn costs about 10 % more per run and fork
// about 25 % more (docs/performance.md). Exit status: 0, or 1 if a run failed.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fputs("usage: bench_floor COUNT PROGRAM [ARGS...]\n", stderr);
    return 2;
  }
  long count = std::strtol(argv[1], nullptr, 10);
  int status_all = 0;
  for (long i = 0; i < count; ++i) {
    pid_t pid = vfork();
    if (pid == 0) {
      execve(argv[2], argv + 2, environ);
      _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      status_all = 1;
  }
  return status_all;
}
