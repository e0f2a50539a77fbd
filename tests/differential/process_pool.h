// A small pool of child processes for the differential suite: runs many argv-only commands
// (posix_spawn, no shell) with at most N alive at once, each with its own environment, stdout
// and stderr captured in files, and a per-process time limit. Real postconf sleeps 1 s on every
// fatal exit, so the suite gets its speed from running many of them side by side.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pfmulti::difftest {

struct Command {
  std::vector<std::string> argv;  // argv[0] is an absolute path
  std::vector<std::string> env;   // complete environment, "NAME=VALUE"
};

struct Outcome {
  int exit_code = -1;  // valid when signal == 0 and !timed_out
  int signal = 0;      // the signal that killed it, or 0
  bool timed_out = false;
  bool spawn_failed = false;
  std::string out;
  std::string err;

  bool succeeded() const { return signal == 0 && !timed_out && !spawn_failed && exit_code == 0; }
  bool crashed() const { return signal != 0 && !timed_out; }
  // "exit 0", "exit 1", "signal 11", "timed out", "spawn failed".
  std::string status() const;
};

// Runs every command, at most `parallel` at a time; result i belongs to command i. scratch_dir
// (must exist) holds the capture files while a command runs.
std::vector<Outcome> run_all(const std::vector<Command>& commands, int parallel,
                             std::chrono::seconds limit, const std::string& scratch_dir);

}  // namespace pfmulti::difftest
