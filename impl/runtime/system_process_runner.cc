// The real process runner on Boost.Process v2 and Asio (see system_process_runner.h).
#include "impl/runtime/system_process_runner.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "impl/runtime/orphan_reaper.h"
#include "impl/runtime/spawn_launcher.h"

namespace pfmulti {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr const char* kDefaultPath = "/bin:/usr/bin";  // execvp's default
// A captured line longer than this is passed on in pieces of this size (memory stays bounded).
constexpr size_t kMaxLine = 64 * 1024;

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

// An environment as the NULL-terminated array of NAME=VALUE that execve takes: the strings in
// one buffer (two allocations per child, not one per variable).
class EnvBlock {
 public:
  explicit EnvBlock(const Environment& env) {
    size_t size = 0;
    for (const auto& [name, value] : env) size += name.size() + value.size() + 2;
    text_.reset(new char[size]);
    envp_.reserve(env.size() + 1);
    char* p = text_.get();
    for (const auto& [name, value] : env) {
      envp_.push_back(p);
      p = std::copy(name.begin(), name.end(), p);
      *p++ = '=';
      p = std::copy(value.begin(), value.end(), p);
      *p++ = '\0';
    }
    envp_.push_back(nullptr);
  }
  char* const* envp() { return envp_.data(); }

 private:
  std::unique_ptr<char[]> text_;
  std::vector<char*> envp_;
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

// A SIGINT while pfmulti's process group is the terminal's foreground group may be a ^C, which
// the kernel sent to the whole group: the child has it already. (asio::signal_set does not say
// who sent a signal; if the guess is wrong, the escalation of executor.h still ends the child.)
bool terminal_may_have_sent(int signo) {
  if (signo != SIGINT) return false;
  for (int fd = 0; fd < 3; ++fd) {
    pid_t fg = ::tcgetpgrp(fd);
    if (fg >= 0) return fg == ::getpgrp();
  }
  return false;
}

struct Stream {
  int number = 1;  // 1 stdout, 2 stderr
  std::unique_ptr<asio::posix::stream_descriptor> fd;
  std::string pending;
  char buf[8192];
};

struct Child {
  ChildId id = 0;
  std::optional<bp2::basic_process_handle<asio::io_context::executor_type>> handle;
  bool by_sigchld = false;  // no pidfd (R192): waited for with waitpid(WNOHANG) on SIGCHLD
  std::optional<ChildStatus> ended;
  bool reaped = false;    // handle and pipes released
  bool reported = false;  // wait_any said it ended: nothing asks again, the entry goes
  Stream out, err;
};

}  // namespace

struct SystemProcessRunner::State {
  asio::io_context io;
  asio::signal_set signals{io, SIGINT, SIGTERM, SIGHUP};
  asio::steady_timer timer{io};
  std::deque<int> interrupts;  // received, not yet taken, in arrival order
  std::map<ChildId, std::unique_ptr<Child>> children;
  OutputSink sink;
  unsigned long long timer_generation = 0, timer_fired = 0;
  std::unique_ptr<OrphanReaper> orphans;      // reap_orphans()
  std::unique_ptr<asio::signal_set> sigchld;  // from the first child without a pidfd (R192)

  void arm_signals() {
    signals.async_wait([this](const error_code& ec, int signo) {
      if (ec) return;
      interrupts.push_back(signo);
      arm_signals();
    });
  }

  void emit(Child& c, Stream& s, std::string_view line) {
    if (sink) {
      sink(c.id, s.number, line);
    } else {  // nobody listens: pass it on whole, as one write
      std::string text(line);
      text.push_back('\n');
      (void)!::write(s.number, text.data(), text.size());
    }
  }
  void take_lines(Child& c, Stream& s, bool at_end) {
    size_t begin = 0;
    for (;;) {
      size_t nl = s.pending.find('\n', begin);
      if (nl == std::string::npos) break;
      emit(c, s, std::string_view(s.pending).substr(begin, nl - begin));
      begin = nl + 1;
    }
    s.pending.erase(0, begin);
    while (s.pending.size() >= kMaxLine) {
      emit(c, s, std::string_view(s.pending).substr(0, kMaxLine));
      s.pending.erase(0, kMaxLine);
    }
    if (at_end && !s.pending.empty()) {
      emit(c, s, s.pending);
      s.pending.clear();
    }
  }
  void read_more(Child& c, Stream& s) {
    s.fd->async_read_some(asio::buffer(s.buf), [this, &c, &s](const error_code& ec, size_t n) {
      if (ec == asio::error::operation_aborted || !s.fd || !s.fd->is_open()) return;
      s.pending.append(s.buf, n);
      if (ec) {  // end of file (or an error): the last piece, and the pipe is done
        take_lines(c, s, true);
        s.fd->close();
        return;
      }
      take_lines(c, s, false);
      read_more(c, s);
    });
  }
  // The child ended: what its pipes hold now is the rest of its output (a daemon it started may
  // keep them open, so nothing waits for end of file); then the pipes and the pidfd go.
  void drain(Child& c, Stream& s) {
    if (!s.fd || !s.fd->is_open()) return;
    error_code ec;
    s.fd->non_blocking(true, ec);
    for (;;) {
      size_t n = s.fd->read_some(asio::buffer(s.buf), ec);
      s.pending.append(s.buf, n);
      if (ec || n == 0) break;
    }
    take_lines(c, s, true);
    s.fd->close(ec);
  }
  void finish(Child& c, ChildStatus status) {
    c.ended = status;
    drain(c, c.out);
    drain(c, c.err);
    if (orphans) orphans->scan();  // orphans that ended behind this child
  }
  // The child cannot be waited for (ECHILD: something else reaped it): a failure, said once.
  void lost(Child& c, int error) {
    std::string line = fmt::format("{}: cannot wait for process {}: {}\n",
                                   program_invocation_short_name, c.id, std::strerror(error));
    (void)!::write(2, line.data(), line.size());
    finish(c, ChildStatus{127, 0, false});
  }
  void arm_wait(Child& c) {
    c.handle->async_wait([this, &c](const error_code& ec, int status) {
      if (ec) return lost(c, ec.value());
      finish(c, decode(status));
    });
  }
  // Without pidfds (R192): one SIGCHLD signal_set for every such child, kept from the first one
  // on (a set per child, as v2's detail::basic_process_handle_signal has, would put SIGCHLD
  // back to SIG_DFL whenever the last one goes); SA_RESTART is added to the handler Asio
  // installs, so the SIGCHLD of every ending child interrupts no blocking write of ours.
  void watch_sigchld() {
    if (sigchld) return;
    sigchld = std::make_unique<asio::signal_set>(io, SIGCHLD);
    struct sigaction sa;
    if (::sigaction(SIGCHLD, nullptr, &sa) == 0 && (sa.sa_flags & SA_RESTART) == 0) {
      sa.sa_flags |= SA_RESTART;
      (void)::sigaction(SIGCHLD, &sa, nullptr);
    }
    arm_sigchld();
  }
  void arm_sigchld() {
    sigchld->async_wait([this](const error_code& ec, int) {
      if (ec) return;
      for (auto& [id, c] : children)
        if (c->by_sigchld && !c->ended) check(*c);
      arm_sigchld();
    });
  }
  // Reaps the child if it has ended (its SIGCHLD may have come before the set was there).
  void check(Child& c) {
    for (;;) {
      int status = 0;
      pid_t got = ::waitpid(c.id, &status, WNOHANG);
      if (got == 0) return;
      if (got == c.id) return finish(c, decode(status));
      if (errno != EINTR) return lost(c, errno);
    }
  }
  // Releases what ended children held (outside their completion handlers).
  void reap() {
    std::erase_if(children, [](const auto& e) { return e.second->reported && e.second->reaped; });
    for (auto& [id, c] : children)
      if (c->ended && !c->reaped) {
        c->handle.reset();
        c->out.fd.reset();
        c->err.fd.reset();
        c->reaped = true;
      }
  }
};

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

SystemProcessRunner::SystemProcessRunner() : state_(std::make_unique<State>()) {
  state_->arm_signals();
}

SystemProcessRunner::~SystemProcessRunner() {
  error_code ec;
  state_->signals.cancel(ec);
  if (state_->sigchld) state_->sigchld->cancel(ec);
  state_->timer.cancel();
}

void SystemProcessRunner::set_output_sink(OutputSink sink) { state_->sink = std::move(sink); }

std::optional<ChildId> SystemProcessRunner::start(const std::vector<std::string>& argv,
                                                  const Environment& env, StartError& error) {
  return start_with(argv, env, error, StartOptions{});
}

std::optional<ChildId> SystemProcessRunner::start_with(const std::vector<std::string>& argv,
                                                       const Environment& env, StartError& error,
                                                       const StartOptions& options) {
  State& st = *state_;
  if (argv.empty()) {
    error = {"empty command", 127};
    return std::nullopt;
  }
  std::string program = resolve_program(argv[0], path_of(env));
  if (program.empty()) {
    error = not_found(argv[0]);
    return std::nullopt;
  }
  EnvBlock block(env);  // exactly env: nothing else reaches the child
  SpawnLauncher launcher;
  launcher.env = block.envp();
  int out[2] = {-1, -1}, err[2] = {-1, -1};
  bool capture = options.capture_output;
  if (capture) {
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
      int e = errno;
      for (int fd : {out[0], out[1], err[0], err[1]})
        if (fd >= 0) ::close(fd);
      error = {fmt::format("{}: pipe: {}", argv[0], std::strerror(e)), 126};
      return std::nullopt;
    }
    launcher.stdout_fd = out[1];
    launcher.stderr_fd = err[1];
  }
  error_code ec;
  auto proc = launcher(st.io.get_executor(), ec, program, argv);
  if (capture) {
    ::close(out[1]);
    ::close(err[1]);
  }
  if (ec) {
    if (capture) {
      ::close(out[0]);
      ::close(err[0]);
    }
    int rc = ec.value();
    error = {fmt::format("{}: {}", argv[0], std::strerror(rc)), rc == ENOENT ? 127 : 126};
    return std::nullopt;
  }
  // Default-initialized (new Child, not make_unique): the two 8 KiB read buffers are not zeroed
  // for every child, and only a captured child ever reads into them.
  std::unique_ptr<Child> c(new Child);
  c->id = launcher.pid;
  c->by_sigchld = launcher.no_pidfd;
  if (!c->by_sigchld) c->handle.emplace(proc.detach());
  c->err.number = 2;
  if (capture) {
    c->out.fd = std::make_unique<asio::posix::stream_descriptor>(st.io, out[0]);
    c->err.fd = std::make_unique<asio::posix::stream_descriptor>(st.io, err[0]);
    st.read_more(*c, c->out);
    st.read_more(*c, c->err);
  }
  ChildId id = c->id;
  if (c->by_sigchld) {
    st.watch_sigchld();
    asio::post(st.io, [&st, id] {  // in case it ended before the set was there to hear it
      auto it = st.children.find(id);
      if (it != st.children.end() && !it->second->ended) st.check(*it->second);
    });
  } else {
    st.arm_wait(*c);
  }
  st.children[id] = std::move(c);
  // What ended children held (a pidfd's epoll registration and descriptor) goes now, while the
  // new child execs, not between one child's end and the next one's start.
  st.reap();
  return id;
}

WaitEvent SystemProcessRunner::wait(ChildId child, std::optional<Clock::time_point> deadline) {
  return wait_any({child}, deadline);
}

WaitEvent SystemProcessRunner::wait_any(const std::vector<ChildId>& children,
                                        std::optional<Clock::time_point> deadline) {
  State& st = *state_;
  st.reap();
  if (st.io.stopped()) st.io.restart();
  unsigned long long generation = ++st.timer_generation;
  if (deadline) {
    st.timer.expires_at(*deadline);
    st.timer.async_wait([&st, generation](const error_code& ec) {
      if (!ec) st.timer_fired = generation;
    });
  }
  struct CancelTimer {
    State& st;
    ~CancelTimer() { st.timer.cancel(); }
  } cancel_timer{st};
  for (;;) {
    for (ChildId id : children) {
      auto it = st.children.find(id);
      if (it == st.children.end())  // not ours: nothing to wait for, a failure
        return {WaitEvent::Kind::kExited, ChildStatus{127, 0, false}, 0, false, id};
      if (it->second->ended) {
        it->second->reported = true;
        return {WaitEvent::Kind::kExited, *it->second->ended, 0, false, id};
      }
    }
    if (!st.interrupts.empty()) {
      int signo = st.interrupts.front();
      st.interrupts.pop_front();
      return {WaitEvent::Kind::kInterrupt, {}, signo, terminal_may_have_sent(signo), 0};
    }
    if (deadline && (st.timer_fired == generation || Clock::now() >= *deadline))
      return {WaitEvent::Kind::kDeadline, {}, 0, false, 0};
    st.io.run_one();
  }
}

void SystemProcessRunner::signal(ChildId child, int signo) {
  auto it = state_->children.find(child);
  if (child > 0 && it != state_->children.end() && !it->second->ended) ::kill(child, signo);
}

void SystemProcessRunner::signal_group(ChildId child, int signo) {
  if (child > 1) ::kill(-child, signo);
}

void SystemProcessRunner::reap_orphans() {
  State& st = *state_;
  if (st.orphans) return;
  if (::getpid() != 1) (void)::prctl(PR_SET_CHILD_SUBREAPER, 1);
  st.orphans = std::make_unique<OrphanReaper>(st.io, [&st](pid_t pid) {
    auto it = st.children.find(pid);
    return it != st.children.end() && !it->second->ended;
  });
}

size_t SystemProcessRunner::orphans_reaped() const {
  return state_->orphans ? state_->orphans->reaped() : 0;
}

StartError SystemProcessRunner::exec(const std::vector<std::string>& argv, const Environment& env) {
  if (argv.empty()) return {"empty command", 127};
  std::string program = resolve_program(argv[0], path_of(env));
  if (program.empty()) return not_found(argv[0]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  EnvBlock block(env);
  // No need to restore signal dispositions: execve resets caught signals to their defaults.
  std::fflush(stdout);
  std::fflush(stderr);
  ::execve(program.c_str(), args.data(), block.envp());
  int err = errno;
  return {fmt::format("{}: {}", argv[0], std::strerror(err)), err == ENOENT ? 127 : 126};
}

int SystemProcessRunner::take_interrupt() {
  State& st = *state_;
  if (st.io.stopped()) st.io.restart();
  st.io.poll();
  if (st.interrupts.empty()) return 0;
  int signo = st.interrupts.front();
  st.interrupts.pop_front();
  return signo;
}

}  // namespace pfmulti
