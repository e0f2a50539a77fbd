// The real process runner (see system_process_runner.h).
#include "impl/runtime/system_process_runner.h"

#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "impl/runtime/signals.h"

namespace pfmulti {
namespace {

constexpr const char* kDefaultPath = "/bin:/usr/bin";  // execvp's default

std::string path_of(const Environment& env) {
  auto it = env.find("PATH");
  return it != env.end() ? it->second : kDefaultPath;
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

StartError not_found(const std::string& argv0) {
  return {fmt::format("{}: {}", argv0, std::strerror(ENOENT)), 127};
}

// argv and an environment as the NULL-terminated C arrays that posix_spawn and execve take.
class CommandLine {
 public:
  CommandLine(const std::vector<std::string>& argv, const Environment& env) {
    env_strings_.reserve(env.size());
    for (const auto& [name, value] : env) {
      std::string& entry = env_strings_.emplace_back();
      entry.reserve(name.size() + 1 + value.size());
      entry.append(name).append("=").append(value);
    }
    argv_.reserve(argv.size() + 1);
    for (const auto& a : argv) argv_.push_back(const_cast<char*>(a.c_str()));
    argv_.push_back(nullptr);
    envp_.reserve(env_strings_.size() + 1);
    for (auto& e : env_strings_) envp_.push_back(e.data());
    envp_.push_back(nullptr);
  }
  char* const* argv() { return argv_.data(); }
  char* const* envp() { return envp_.data(); }

 private:
  std::vector<std::string> env_strings_;
  std::vector<char*> argv_, envp_;
};

ChildStatus decode(int status) {
  ChildStatus s;
  if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
    s.core_dumped = WCOREDUMP(status);
  } else {
    s.exit_code = WEXITSTATUS(status);
  }
  return s;
}

}  // namespace

std::string resolve_program(const std::string& argv0, const std::string& path) {
  if (argv0.empty()) return {};
  if (argv0.find('/') != std::string::npos) return argv0;
  size_t begin = 0;
  for (;;) {
    size_t end = path.find(':', begin);
    std::string dir =
        path.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
    std::string candidate = dir.empty() ? argv0 : dir + "/" + argv0;
    if (is_executable_file(candidate)) return candidate;
    if (end == std::string::npos) return {};
    begin = end + 1;
  }
}

SystemProcessRunner::SystemProcessRunner() { (void)SignalWatcher::instance(); }

std::optional<ChildId> SystemProcessRunner::start(const std::vector<std::string>& argv,
                                                  const Environment& env, StartError& error) {
  if (argv.empty()) {
    error = {"empty command", 127};
    return std::nullopt;
  }
  std::string program = resolve_program(argv[0], path_of(env));
  if (program.empty()) {
    error = not_found(argv[0]);
    return std::nullopt;
  }
  CommandLine line(argv, env);  // exactly argv and env: nothing else reaches the child
  // posix_spawn(3), not fork(2): glibc clones with CLONE_VM|CLONE_VFORK (no page tables copied,
  // no copy-on-write faults), blocks every signal around the clone, resets caught signals to
  // SIG_DFL in the child (ignored ones stay ignored, as with fork + execve), and returns the
  // execve error itself, so no error pipe is needed. The standard descriptors are inherited;
  // every other descriptor of ours is close-on-exec.
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), nullptr, nullptr, line.argv(), line.envp());
  if (rc != 0) {
    error = {fmt::format("{}: {}", argv[0], std::strerror(rc)), rc == ENOENT ? 127 : 126};
    return std::nullopt;
  }
  return pid;
}

WaitEvent SystemProcessRunner::wait(ChildId child, std::optional<Clock::time_point> deadline) {
  SignalWatcher& watcher = SignalWatcher::instance();
  for (;;) {
    int status = 0;
    pid_t got = ::waitpid(child, &status, WNOHANG);
    if (got == child) return {WaitEvent::Kind::kExited, decode(status), 0, false};
    if (got < 0 && errno != EINTR) {
      // Not our child (any more): nothing to wait for. Report it as a failure.
      return {WaitEvent::Kind::kExited, ChildStatus{127, 0, false}, 0, false};
    }
    Interrupt intr = watcher.take_interrupt();
    if (intr.signo) return {WaitEvent::Kind::kInterrupt, {}, intr.signo, intr.from_terminal};
    int timeout_ms = -1;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) return {WaitEvent::Kind::kDeadline, {}, 0, false};
      timeout_ms = static_cast<int>(std::min<long long>(left.count(), 1000));
    } else {
      timeout_ms = 1000;  // belt and braces: re-check waitpid at least once a second
    }
    watcher.wait(timeout_ms);
  }
}

void SystemProcessRunner::signal(ChildId child, int signo) {
  if (child > 0) ::kill(child, signo);
}

StartError SystemProcessRunner::exec(const std::vector<std::string>& argv, const Environment& env) {
  if (argv.empty()) return {"empty command", 127};
  std::string program = resolve_program(argv[0], path_of(env));
  if (program.empty()) return not_found(argv[0]);
  CommandLine line(argv, env);
  // No need to restore signal dispositions: execve resets caught signals to their defaults.
  std::fflush(stdout);
  std::fflush(stderr);
  ::execve(program.c_str(), line.argv(), line.envp());
  int err = errno;
  return {fmt::format("{}: {}", argv[0], std::strerror(err)), err == ENOENT ? 127 : 126};
}

int SystemProcessRunner::take_interrupt() {
  return SignalWatcher::instance().take_interrupt().signo;
}

}  // namespace pfmulti
