// Process pool for the differential suite (see process_pool.h). posix_spawn with file actions
// only: stdin from /dev/null, stdout and stderr to per-slot files; waitpid polling with a
// deadline per child (SIGKILL when it passes).
#include "differential/process_pool.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace pfmulti::difftest {
namespace {

std::string slurp_and_remove(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ::unlink(path.c_str());
  return data;
}

struct Running {
  pid_t pid = -1;
  size_t index = 0;
  std::chrono::steady_clock::time_point deadline;
  std::string out_path, err_path;
  bool killed = false;
};

}  // namespace

std::string Outcome::status() const {
  if (spawn_failed) return "spawn failed";
  if (timed_out) return "timed out";
  if (signal != 0) return fmt::format("signal {}", signal);
  return fmt::format("exit {}", exit_code);
}

std::vector<Outcome> run_all(const std::vector<Command>& commands, int parallel,
                             std::chrono::seconds limit, const std::string& scratch_dir) {
  std::vector<Outcome> results(commands.size());
  std::vector<Running> running;
  size_t next = 0;
  int slot_counter = 0;
  auto start_one = [&](size_t i) {
    const Command& c = commands[i];
    Running r;
    r.index = i;
    int slot = slot_counter++;
    r.out_path = fmt::format("{}/run{}-{}.out", scratch_dir, ::getpid(), slot);
    r.err_path = fmt::format("{}/run{}-{}.err", scratch_dir, ::getpid(), slot);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, r.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_addopen(&fa, 2, r.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    std::vector<char*> argv, envp;
    for (const auto& a : c.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : c.env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    int rc = posix_spawn(&r.pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
      results[i].spawn_failed = true;
      results[i].err = fmt::format("posix_spawn {}: error {}", c.argv[0], rc);
      ::unlink(r.out_path.c_str());
      ::unlink(r.err_path.c_str());
      return;
    }
    r.deadline = std::chrono::steady_clock::now() + limit;
    running.push_back(std::move(r));
  };

  while (next < commands.size() || !running.empty()) {
    while (next < commands.size() && static_cast<int>(running.size()) < parallel) start_one(next++);
    bool reaped = false;
    for (size_t k = 0; k < running.size();) {
      Running& r = running[k];
      int status = 0;
      pid_t got = ::waitpid(r.pid, &status, WNOHANG);
      if (got == r.pid) {
        Outcome& o = results[r.index];
        if (r.killed) {
          o.timed_out = true;
        } else if (WIFSIGNALED(status)) {
          o.signal = WTERMSIG(status);
        } else {
          o.exit_code = WEXITSTATUS(status);
        }
        o.out = slurp_and_remove(r.out_path);
        o.err = slurp_and_remove(r.err_path);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
        reaped = true;
        continue;
      }
      if (!r.killed && std::chrono::steady_clock::now() > r.deadline) {
        ::kill(r.pid, SIGKILL);
        r.killed = true;
      }
      ++k;
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return results;
}

}  // namespace pfmulti::difftest
