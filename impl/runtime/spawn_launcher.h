// A Boost.Process v2 launcher with posix_spawn(3)'s semantics and less of its cost (issue 14):
// the executor's children start through it. v2's own launchers fork (default_launcher: copies
// the page tables, 2x the floor in bench/run) or vfork without blocking signals (vfork_launcher:
// a handler of ours could run in the child on our stack). glibc's posix_spawn is safe but maps
// and unmaps a stack for every child, and its child reads and resets all 64 signal dispositions
// before the execve (128 system calls) while the parent waits: spawn_child() (spawn_launcher.cc)
// keeps the safety and drops that cost. It blocks every signal around a
// clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD) on a stack mapped once per process, and its child
// resets the signals pfmulti catches (caught_signals.h) to SIG_DFL (ignored ones stay ignored,
// as with fork + execve), makes the requested dup2s, restores the parent's signal mask and
// execs; an execve error comes back through the memory the child shares, so no error pipe is
// needed, and the pidfd comes from the clone itself (no pidfd_open). Called as v2 calls a
// launcher: launcher(executor, ec, executable, args) returns a basic_process (v2's pidfd handle
// on Linux) or sets ec. The standard descriptors are inherited, or replaced by the descriptors
// given (captured output); every descriptor of ours is close-on-exec.
// Without pidfds (spec/rules.md R192: CLONE_PIDFD refused by a kernel before 5.2 or a seccomp
// policy, and pidfd_open refused too), spawn_child gives the pid alone: the launcher then
// returns an empty basic_process and sets no_pidfd (v2's own basic_process(exec, pid) would
// call pidfd_open and throw on its -1), and the runner waits for that child on SIGCHLD.
#pragma once

#ifndef BOOST_PROCESS_USE_STD_FS
#define BOOST_PROCESS_USE_STD_FS 1
#endif

#include <unistd.h>

// Boost 1.81's v2 headers use boost::optional and <type_traits> without including them when
// BOOST_PROCESS_USE_STD_FS is set (std::filesystem: no Boost.Filesystem library to link).
#include <boost/optional.hpp>
#include <type_traits>
// clang-format off
#include <boost/process/v2/process.hpp>
// clang-format on
#include <cstdio>
#include <string>
#include <vector>

namespace pfmulti {

namespace bp2 = boost::process::v2;

// What one child needs; everything is built before the clone (the child allocates nothing).
struct SpawnRequest {
  const char* path = nullptr;   // the program, as execve takes it
  char* const* argv = nullptr;  // NULL-terminated
  char* const* envp = nullptr;  // the child's complete environment, NULL-terminated
  int stdout_fd = -1;           // >= 0: dup2'd onto 1 in the child
  int stderr_fd = -1;           // >= 0: dup2'd onto 2 in the child
};

struct Spawned {
  pid_t pid = -1;
  bool no_pidfd = false;  // the child started, but there is no pidfd to wait on
  int pidfd = -1;         // from the clone, else from pidfd_open; -1 when the kernel gives none
  int error = 0;          // errno of the clone or of the child's execve (the child is reaped)
};

// Starts the child as described above. Not async-signal-safe; call from one thread at a time.
Spawned spawn_child(const SpawnRequest& request);

struct SpawnLauncher {
  char* const* env = nullptr;  // the child's complete environment
  int stdout_fd = -1, stderr_fd = -1;
  pid_t pid = -1;
  bool no_pidfd = false;  // the child started, but there is no pidfd to wait on

  template <typename Executor>
  bp2::basic_process<Executor> operator()(Executor exec, bp2::error_code& ec,
                                          const std::filesystem::path& executable,
                                          const std::vector<std::string>& args) {
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    Spawned s = spawn_child({executable.c_str(), argv.data(), env, stdout_fd, stderr_fd});
    if (s.error != 0) {
      ec.assign(s.error, boost::system::system_category());
      return bp2::basic_process<Executor>(exec);
    }
    ec.clear();
    pid = s.pid;
    no_pidfd = s.pidfd < 0;
    if (no_pidfd) return bp2::basic_process<Executor>(exec);
    return bp2::basic_process<Executor>(exec, pid, s.pidfd);
  }
};

}  // namespace pfmulti
