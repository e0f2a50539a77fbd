// A Boost.Process v2 launcher with posix_spawn(3)'s semantics (issue 14): the executor's children
// start through it. v2's own launchers fork (default_launcher: copies the page tables, 2x the
// floor in bench/run) or vfork without blocking signals (vfork_launcher: a handler of ours could
// run in the child on our stack). glibc's posix_spawn clones with CLONE_VM|CLONE_VFORK, blocks
// every signal around the clone, resets caught signals to SIG_DFL in the child (ignored ones stay
// ignored, as with fork + execve) and returns the execve error itself, so no error pipe is
// needed. Called as v2 calls a launcher: launcher(executor, ec, executable, args) returns a
// basic_process (v2's pidfd handle on Linux) or sets ec. The standard descriptors are inherited,
// or replaced by the file actions given (captured output); every descriptor of ours is
// close-on-exec.
#pragma once

#ifndef BOOST_PROCESS_USE_STD_FS
#define BOOST_PROCESS_USE_STD_FS 1
#endif

#include <spawn.h>
#include <unistd.h>

// Boost 1.81's v2 headers use boost::optional and <type_traits> without including them when
// BOOST_PROCESS_USE_STD_FS is set (std::filesystem: no Boost.Filesystem library to link).
#include <boost/optional.hpp>
#include <type_traits>
// clang-format off
#include <boost/process/v2/process.hpp>
// clang-format on
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

namespace pfmulti {

namespace bp2 = boost::process::v2;

struct SpawnLauncher {
  char* const* env = nullptr;                           // the child's complete environment
  const posix_spawn_file_actions_t* actions = nullptr;  // nullptr: inherit 0, 1 and 2
  pid_t pid = -1;

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
    int rc = ::posix_spawn(&pid, executable.c_str(), actions, nullptr, argv.data(), env);
    if (rc != 0) {
      ec.assign(rc, boost::system::system_category());
      return bp2::basic_process<Executor>(exec);
    }
    ec.clear();
    return bp2::basic_process<Executor>(exec, pid);
  }
};

}  // namespace pfmulti
