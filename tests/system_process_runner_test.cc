// Tests of the real process runner and the executor over it (impl/runtime/system_process_runner.h),
// with the stub program tests/stubs/pfmulti_stub.cc: exit codes, signal deaths, hangs and
// timeouts, huge output, a closed stdout, exact argv and environment (no shell), PATH search,
// start failures, and an interrupt that pfmulti receives while a child runs.
#include "impl/runtime/system_process_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "impl/runtime/executor.h"
#include "impl/runtime/signals.h"

namespace pfmulti {
namespace {

using std::chrono::milliseconds;

Plan plan_of(std::vector<Action> actions, ExitRule rule) {
  Plan p;
  p.actions = std::move(actions);
  p.exit = rule;
  return p;
}

const std::string kStub = PFMULTI_STUB;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pfmulti-runner.XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs one child to its end and returns how it ended.
ChildStatus run_to_end(std::vector<std::string> argv, Environment env = {}) {
  SystemProcessRunner runner;
  StartError error;
  auto child = runner.start(argv, env, error);
  EXPECT_TRUE(child.has_value()) << error.message;
  if (!child) return {-1, 0, false};
  WaitEvent ev = runner.wait(*child, std::nullopt);
  EXPECT_EQ(ev.kind, WaitEvent::Kind::kExited);
  return ev.status;
}

RunAction stub_action(std::string dir, std::vector<std::string> args) {
  RunAction a;
  a.config_directory = std::move(dir);
  a.argv = {kStub};
  a.argv.insert(a.argv.end(), args.begin(), args.end());
  return a;
}

TEST(SystemProcessRunner, ReportsExitCodes) {
  for (int code : {0, 1, 42, 255}) {
    ChildStatus s = run_to_end({kStub, "exit", std::to_string(code)});
    EXPECT_EQ(s.exit_code, code);
    EXPECT_EQ(s.signal, 0);
  }
}

TEST(SystemProcessRunner, ReportsASignalDeathWithTheSignalsName) {
  ChildStatus s = run_to_end({kStub, "kill", std::to_string(SIGUSR1)});
  EXPECT_EQ(s.signal, SIGUSR1);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(signal_name(s.signal), "SIGUSR1");
  EXPECT_EQ(signal_name(SIGSEGV), "SIGSEGV");
}

TEST(SystemProcessRunner, PassesArgvVerbatimWithoutAShell) {
  TempDir dir;
  std::vector<std::string> odd = {"a b", "$(touch " + dir.file("pwned") + ")", ";", "*", "'\"", ""};
  std::vector<std::string> argv = {kStub, "argv", dir.file("out")};
  argv.insert(argv.end(), odd.begin(), odd.end());
  EXPECT_TRUE(run_to_end(argv).ok());
  std::string want = kStub;
  for (const auto& a : odd) want += "\n" + a;
  EXPECT_EQ(slurp(dir.file("out")), want + "\n");
  EXPECT_FALSE(std::filesystem::exists(dir.file("pwned")));
}

TEST(SystemProcessRunner, ChildGetsExactlyTheGivenEnvironment) {
  TempDir dir;
  Environment env{{"MAIL_CONFIG", "/etc/postfix-a"}, {"EMPTY", ""}, {"WITH_EQ", "a=b:c;d"}};
  EXPECT_TRUE(run_to_end({kStub, "env", dir.file("env")}, env).ok());
  EXPECT_EQ(slurp(dir.file("env")), "EMPTY=\nMAIL_CONFIG=/etc/postfix-a\nWITH_EQ=a=b:c;d\n");
}

TEST(SystemProcessRunner, SearchesTheChildsPathForABareName) {
  TempDir dir;
  std::filesystem::create_symlink(kStub, dir.file("stubcmd"));
  Environment env{{"PATH", "/nonexistent:" + dir.path()}};
  ChildStatus s = run_to_end({"stubcmd", "exit", "9"}, env);
  EXPECT_EQ(s.exit_code, 9);
  EXPECT_EQ(resolve_program("stubcmd", "/nonexistent:" + dir.path()), dir.file("stubcmd"));
  EXPECT_EQ(resolve_program("stubcmd", "/nonexistent"), "");
  EXPECT_EQ(resolve_program("/x/y", ""), "/x/y");
}

TEST(SystemProcessRunner, MissingProgramIs127AndNonExecutableIs126) {
  SystemProcessRunner runner;
  StartError error;
  EXPECT_FALSE(runner.start({"/nonexistent/prog"}, {}, error));
  EXPECT_EQ(error.exit_status, 127);
  EXPECT_NE(error.message.find("/nonexistent/prog"), std::string::npos);
  EXPECT_FALSE(runner.start({"no-such-command-pfmulti"}, {{"PATH", "/bin"}}, error));
  EXPECT_EQ(error.exit_status, 127);
  TempDir dir;
  std::ofstream(dir.file("plain")) << "not a program\n";
  EXPECT_FALSE(runner.start({dir.file("plain")}, {}, error));
  EXPECT_EQ(error.exit_status, 126);
  EXPECT_NE(error.message.find("Permission denied"), std::string::npos) << error.message;
}

TEST(SystemProcessRunner, TimeoutTermsAHangingChildAndTheRunGoesOn) {
  SystemProcessRunner runner;
  ExecutorOptions options;
  options.timeout = milliseconds(300);
  TempDir dir;
  Plan plan = plan_of({stub_action("/1", {"hang"}), stub_action("/2", {"record", dir.file("log")})},
                      ExitRule::kLastFailure);
  auto t0 = Clock::now();
  ExecutionReport r = Executor(runner, options).run(plan);
  auto elapsed = Clock::now() - t0;
  EXPECT_TRUE(r.outcomes[0].timed_out);
  EXPECT_EQ(r.outcomes[0].status.signal, SIGTERM);
  EXPECT_GE(r.outcomes[0].duration, milliseconds(300));
  EXPECT_LT(elapsed, milliseconds(3000));
  EXPECT_TRUE(r.outcomes[1].status.ok());
  EXPECT_EQ(slurp(dir.file("log")), kStub + " | (unset)\n");
  EXPECT_EQ(r.exit_status, 128 + SIGTERM);
}

TEST(SystemProcessRunner, TimeoutKillsAChildThatIgnoresTerm) {
  SystemProcessRunner runner;
  ExecutorOptions options;
  options.timeout = milliseconds(200);
  options.kill_grace = milliseconds(200);
  Plan plan = plan_of({stub_action("/1", {"hang-ignoring-term"})}, ExitRule::kAnyFailureIsOne);
  ExecutionReport r = Executor(runner, options).run(plan);
  EXPECT_TRUE(r.outcomes[0].timed_out);
  EXPECT_EQ(r.outcomes[0].status.signal, SIGKILL);
  EXPECT_GE(r.outcomes[0].duration, milliseconds(400));
  EXPECT_EQ(r.exit_status, 1);
}

// Points fd 1 at `path` (or closes it, for an empty path) for the lifetime of the object.
class StdoutRedirect {
 public:
  explicit StdoutRedirect(const std::string& path) {
    std::fflush(stdout);
    saved_ = ::dup(1);
    if (path.empty()) {
      ::close(1);
    } else {
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::close(fd);
    }
  }
  ~StdoutRedirect() {
    std::fflush(stdout);
    ::dup2(saved_, 1);
    ::close(saved_);
  }

 private:
  int saved_;
};

TEST(SystemProcessRunner, HugeOutputGoesStraightToTheInheritedStdout) {
  TempDir dir;
  constexpr long long kBytes = 64LL << 20;
  ChildStatus s;
  {
    StdoutRedirect redirect(dir.file("out"));
    s = run_to_end({kStub, "output", std::to_string(kBytes)});
  }
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(std::filesystem::file_size(dir.file("out")), static_cast<uintmax_t>(kBytes));
}

TEST(SystemProcessRunner, ClosedStdoutStaysClosedInTheChild) {
  // No descriptor of the runner (exec-error pipe, signal pipe) may land on fd 1 in the child.
  ChildStatus s;
  {
    StdoutRedirect redirect("");
    s = run_to_end({kStub, "write-stdout"});
  }
  EXPECT_EQ(s.exit_code, 3) << "the child's write to a closed stdout must fail";
}

TEST(SystemProcessRunner, InterruptIsForwardedToTheChildAndTheRestIsNotStarted) {
  // The stub sends SIGTERM to its parent (this test process, whose SignalWatcher catches it),
  // then waits to be signalled; the executor must pass SIGTERM on and start nothing more.
  SystemProcessRunner runner;
  TempDir dir;
  Plan plan = plan_of({stub_action("/1", {"record", dir.file("log")}),
                       stub_action("/2", {"signal-parent", std::to_string(SIGTERM)}),
                       stub_action("/3", {"record", dir.file("log")})},
                      ExitRule::kAnyFailureIsOne);
  ExecutorOptions options;
  options.timeout = milliseconds(10000);  // a safety net only
  ExecutionReport r = Executor(runner, options).run(plan);
  EXPECT_EQ(r.interrupt_signal, SIGTERM);
  EXPECT_EQ(r.outcomes[1].state, ActionOutcome::State::kInterrupted);
  EXPECT_EQ(r.outcomes[1].forwarded_signal, SIGTERM);
  EXPECT_EQ(r.outcomes[1].status.signal, SIGTERM);
  EXPECT_FALSE(r.outcomes[1].timed_out);
  EXPECT_EQ(r.outcomes[2].state, ActionOutcome::State::kNotStarted);
  EXPECT_EQ(slurp(dir.file("log")), kStub + " | (unset)\n") << "only /1 recorded";
  EXPECT_EQ(r.exit_status, 128 + SIGTERM);
  EXPECT_EQ(interruption_summary(r.outcomes), "done: /1; interrupted: /2; not started: /3");
}

// Issue 12 item 10: without --timeout, a child that ignores SIGTERM is ended with SIGKILL once
// the grace after the first interrupt is over (before: pfmulti waited for it forever).
TEST(SystemProcessRunner, InterruptEscalatesToKillAfterTheGraceWithoutTimeout) {
  SystemProcessRunner runner;
  ExecutorOptions options;  // no timeout
  options.kill_grace = milliseconds(300);
  Plan plan = plan_of({stub_action("/1", {"signal-parent-ignoring-term", std::to_string(SIGTERM)}),
                       stub_action("/2", {"exit", "0"})},
                      ExitRule::kAnyFailureIsOne);
  auto t0 = Clock::now();
  ExecutionReport r = Executor(runner, options).run(plan);
  EXPECT_LT(Clock::now() - t0, milliseconds(5000));
  EXPECT_EQ(r.interrupt_signal, SIGTERM);
  EXPECT_EQ(r.outcomes[0].state, ActionOutcome::State::kInterrupted);
  EXPECT_EQ(r.outcomes[0].forwarded_signal, SIGTERM);
  EXPECT_EQ(r.outcomes[0].status.signal, SIGKILL);
  EXPECT_GE(r.outcomes[0].duration, milliseconds(300));
  EXPECT_EQ(r.outcomes[1].state, ActionOutcome::State::kNotStarted);
  EXPECT_EQ(r.exit_status, 128 + SIGTERM);
}

// A second interrupt sends SIGKILL at once, however long the grace.
TEST(SystemProcessRunner, SecondInterruptKillsAChildThatIgnoresTerm) {
  SystemProcessRunner runner;
  ExecutorOptions options;
  options.kill_grace = milliseconds(60000);
  Plan plan =
      plan_of({stub_action("/1", {"signal-parent-ignoring-term", std::to_string(SIGTERM), "2"})},
              ExitRule::kAnyFailureIsOne);
  auto t0 = Clock::now();
  ExecutionReport r = Executor(runner, options).run(plan);
  EXPECT_LT(Clock::now() - t0, milliseconds(5000));
  EXPECT_EQ(r.outcomes[0].status.signal, SIGKILL);
  EXPECT_EQ(r.outcomes[0].forwarded_signal, SIGTERM);
  EXPECT_EQ(r.exit_status, 128 + SIGTERM);
}

// SIGHUP to pfmulti is an interrupt like SIGTERM: passed on, nothing further starts, and pfmulti
// waits for the child (before: SIGHUP killed pfmulti and orphaned the child; here it would have
// killed the test binary).
TEST(SystemProcessRunner, HangupIsForwardedAndTheChildIsWaitedFor) {
  SystemProcessRunner runner;
  TempDir dir;
  Plan plan = plan_of({stub_action("/1", {"signal-parent", std::to_string(SIGHUP)}),
                       stub_action("/2", {"record", dir.file("log")})},
                      ExitRule::kAnyFailureIsOne);
  ExecutorOptions options;
  options.kill_grace = milliseconds(10000);
  ExecutionReport r = Executor(runner, options).run(plan);
  EXPECT_EQ(r.interrupt_signal, SIGHUP);
  EXPECT_EQ(r.outcomes[0].forwarded_signal, SIGHUP);
  EXPECT_EQ(r.outcomes[0].status.signal, SIGHUP);
  EXPECT_EQ(r.outcomes[1].state, ActionOutcome::State::kNotStarted);
  EXPECT_EQ(slurp(dir.file("log")), "");
  EXPECT_EQ(r.exit_status, 128 + SIGHUP);
}

// --parallel: children of a stage run at once; each captured line arrives whole, tagged with its
// instance, on its own stream, the last piece without a newline included.
TEST(SystemProcessRunner, ParallelChildrenLinesArriveWholeAndTaggedByInstance) {
  SystemProcessRunner runner;
  Plan plan = plan_of(
      {stub_action("/p", {"lines", "3", "primary"}), stub_action("/a", {"lines", "50", "aaaa"}),
       stub_action("/b", {"lines", "50", "bbbb"}), stub_action("/c", {"lines", "50", "cccc"})},
      ExitRule::kAnyFailureIsOne);
  plan.stages = {{0}, {1, 2, 3}};
  plan.parallel = 3;
  std::vector<std::tuple<std::string, int, std::string>> lines;
  ExecutorOptions options;
  options.on_output = [&](const std::string& dir, int stream, std::string_view line) {
    lines.emplace_back(dir, stream, std::string(line));
  };
  ExecutionReport r = Executor(runner, options).run(plan);
  EXPECT_EQ(r.exit_status, 0);
  std::map<std::string, std::string> word{
      {"/p", "primary"}, {"/a", "aaaa"}, {"/b", "bbbb"}, {"/c", "cccc"}};
  std::map<std::pair<std::string, int>, int> next;
  bool interleaved = false;
  std::string previous;
  for (const auto& [dir, stream, line] : lines) {
    ASSERT_TRUE(word.count(dir)) << dir;
    int& i = next[{dir, stream}];
    int count = dir == "/p" ? 3 : 50;
    std::string expected = i < count ? word[dir] + (stream == 2 ? " err " : " ") + std::to_string(i)
                                     : word[dir] + " end";
    EXPECT_EQ(line, expected) << dir << " stream " << stream;
    ++i;
    if (!previous.empty() && previous != "/p" && dir != previous) interleaved = true;
    previous = dir;
  }
  for (const auto& [dir, w] : word) {
    int count = dir == "/p" ? 3 : 50;
    EXPECT_EQ((next[{dir, 1}]), count + 1) << dir;
    EXPECT_EQ((next[{dir, 2}]), count) << dir;
  }
  // The primary's lines all come first: its stage ends before the secondaries start.
  for (size_t k = 0; k < 7; ++k) EXPECT_EQ(std::get<0>(lines[k]), "/p");
  EXPECT_TRUE(interleaved) << "the secondaries ran one after another";
}

TEST(SystemProcessRunner, PrefixedLineNamesTheInstance) {
  EXPECT_EQ(prefixed_line("/etc/postfix-a", "postfix-script: starting"),
            "/etc/postfix-a: postfix-script: starting\n");
}

// R192: the laws below hold with pidfds and without them (ctest no_pidfd.runner runs this
// binary under tests/stubs/no_pidfd.c, where the kernel gives none): several children at once
// end with their own statuses, each reaped exactly once, no zombie left.
TEST(SystemProcessRunner, ConcurrentChildrenEndWithTheirOwnStatusAndLeaveNoZombie) {
  SystemProcessRunner runner;
  std::map<ChildId, ChildStatus> expected;
  std::vector<ChildId> live;
  for (int code : {0, 3, 7, 255}) {
    StartError error;
    auto child = runner.start({kStub, "exit", std::to_string(code)}, {}, error);
    ASSERT_TRUE(child) << error.message;
    expected[*child] = ChildStatus{code, 0, false};
    live.push_back(*child);
  }
  StartError error;
  auto killed = runner.start({kStub, "kill", std::to_string(SIGUSR2)}, {}, error);
  ASSERT_TRUE(killed) << error.message;
  expected[*killed] = ChildStatus{0, SIGUSR2, false};
  live.push_back(*killed);
  std::map<ChildId, ChildStatus> got;
  while (!live.empty()) {
    WaitEvent ev = runner.wait_any(live, Clock::now() + std::chrono::seconds(10));
    ASSERT_EQ(ev.kind, WaitEvent::Kind::kExited);
    EXPECT_FALSE(got.count(ev.child)) << "reported twice: " << ev.child;
    got[ev.child] = ev.status;
    std::erase(live, ev.child);
  }
  EXPECT_EQ(got, expected);
  for (const auto& [pid, status] : expected) {
    errno = 0;
    EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1) << pid;
    EXPECT_EQ(errno, ECHILD) << pid << " is still a child of ours (a zombie)";
    EXPECT_FALSE(std::filesystem::exists("/proc/" + std::to_string(pid))) << pid;
  }
}

// R192: a child that something else reaped cannot be waited for (ECHILD): its outcome is a
// failure (127) with one line on stderr naming it, never an abort; the next child runs as usual.
TEST(SystemProcessRunner, AChildReapedBehindTheRunnersBackIsAFailureWithOneLine) {
  SystemProcessRunner runner;
  StartError error;
  auto child = runner.start({kStub, "hang"}, {}, error);  // still running: the runner waits
  ASSERT_TRUE(child) << error.message;
  ASSERT_EQ(::kill(*child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(*child, &status, 0), *child);  // not the runner's reaping
  ::testing::internal::CaptureStderr();
  WaitEvent ev = runner.wait(*child, Clock::now() + std::chrono::seconds(10));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(ev.kind, WaitEvent::Kind::kExited);
  EXPECT_EQ(ev.status, (ChildStatus{127, 0, false}));
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("cannot wait for process " + std::to_string(*child) + ": "), std::string::npos)
      << err;
  EXPECT_EQ(run_to_end({kStub, "exit", "6"}).exit_code, 6);
}

// R192, R146: with the orphan reaper (a subreaper here), an orphan the runner's child left is
// reaped, and the runner's own child still ends with its own status (neither reaped twice).
TEST(SystemProcessRunner, OrphansAreReapedAndTheRunnersChildKeepsItsStatus) {
  SystemProcessRunner runner;
  runner.reap_orphans();
  StartError error;
  auto child = runner.start({kStub, "orphan", "4"}, {}, error);
  ASSERT_TRUE(child) << error.message;
  WaitEvent ev = runner.wait(*child, Clock::now() + std::chrono::seconds(10));
  EXPECT_EQ(ev.kind, WaitEvent::Kind::kExited);
  EXPECT_EQ(ev.status, (ChildStatus{4, 0, false}));
  auto until = Clock::now() + std::chrono::seconds(10);
  while (runner.orphans_reaped() == 0 && Clock::now() < until) {
    EXPECT_EQ(runner.take_interrupt(), 0);  // runs what is ready on the runner's io_context
    ::usleep(10 * 1000);
  }
  EXPECT_EQ(runner.orphans_reaped(), 1u);
  siginfo_t info{};
  errno = 0;
  EXPECT_EQ(::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT), -1);
  EXPECT_EQ(errno, ECHILD) << "a child of ours is left: " << info.si_pid;
  (void)::prctl(PR_SET_CHILD_SUBREAPER, 0);
}

TEST(SystemProcessRunner, ExecReplacesTheProcessWithExactlyTheGivenEnvironment) {
  TempDir dir;
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    SystemProcessRunner runner;
    StartError e = runner.exec({kStub, "env", dir.file("env")}, {{"ONLY", "this"}});
    ::_exit(e.exit_status == 127 ? 99 : 98);  // reached only if exec failed
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(slurp(dir.file("env")), "ONLY=this\n");
}

TEST(SystemProcessRunner, ExecOfAMissingProgramReturnsWhy) {
  SystemProcessRunner runner;
  StartError e = runner.exec({"/nonexistent/postfix-script", "start"}, {});
  EXPECT_EQ(e.exit_status, 127);
  EXPECT_EQ(e.message, "/nonexistent/postfix-script: No such file or directory");
}

TEST(SignalWatcher, EnsureStandardFdsReopensAClosedDescriptorOnDevNull) {
  std::fflush(stdout);
  int saved = ::dup(1);
  ::close(1);
  EXPECT_TRUE(ensure_standard_fds());
  struct stat st, null_st;
  bool open_now = ::fstat(1, &st) == 0;
  ::stat("/dev/null", &null_st);
  ::dup2(saved, 1);
  ::close(saved);
  ASSERT_TRUE(open_now);
  EXPECT_EQ(st.st_rdev, null_st.st_rdev);
}

}  // namespace
}  // namespace pfmulti
