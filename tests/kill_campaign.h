// Shared by the kill campaigns (tests/lifecycle_campaign_test.cc for `pfmulti -e`,
// tests/apply_campaign_test.cc for `pfmulti apply`): the sandbox with the stand-in postfix
// (tests/stubs/postfix_stub.cc) or real Postfix (PFMULTI_CAMPAIGN_REAL=1), the runner that
// counts command starts as steps, the environment of the stand-in, `pfmulti lint` in process,
// the normalized tree, and the sampling switches (PFMULTI_CAMPAIGN_STRIDE, _ACTIONS, _FULL).
#pragma once

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "impl/cli/cli.h"
#include "impl/runtime/file_system.h"
#include "impl/runtime/process_runner.h"
#include "impl/runtime/read_file.h"
#include "lifecycle_sandbox.h"

namespace pfmulti::kill_campaign {

using testing::NodeState;
using testing::Sandbox;
using testing::snapshot;
using testing::TreeSnapshot;

// Makes this process the reaper of what its killed children leave running (the postfix command
// a SIGKILLed pfmulti orphans), so that wait_for_orphans() can wait for exactly those.
inline void become_subreaper() { (void)::prctl(PR_SET_CHILD_SUBREAPER, 1); }
// Waits until this process has no children left (at most 60 s): an orphaned postfix command
// finishes before the tree is looked at, however loaded the machine (a fixed sleep was not
// always long enough for real Postfix under load).
inline void wait_for_orphans() {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(-1, &status, WNOHANG);
    if (r > 0) continue;
    if (r < 0 || std::chrono::steady_clock::now() >= until) return;  // ECHILD: none left
    ::usleep(2000);
  }
}

inline bool real_postfix() {
  const char* e = std::getenv("PFMULTI_CAMPAIGN_REAL");
  return e && std::string(e) == "1";
}
// PFMULTI_CAMPAIGN_STRIDE=N: a kill at every Nth step only (and always while postfix runs);
// PFMULTI_CAMPAIGN_ACTIONS=a,b: those actions only (the time-boxed real-Postfix sample).
inline int stride() {
  const char* e = std::getenv("PFMULTI_CAMPAIGN_STRIDE");
  return e && std::atoi(e) > 0 ? std::atoi(e) : 1;
}
inline bool selected(const std::string& action) {
  const char* e = std::getenv("PFMULTI_CAMPAIGN_ACTIONS");
  if (!e || !*e) return true;
  std::string list = std::string(",") + e + ",";
  return list.find("," + action + ",") != std::string::npos;
}
inline bool full_campaign() {
  const char* e = std::getenv("PFMULTI_CAMPAIGN_FULL");
  return e && std::string(e) == "1";
}

// A sandbox whose postfix is the stand-in, or (real mode) whose shared directories are the real
// Postfix's in this mount namespace.
inline std::unique_ptr<Sandbox> make_sandbox(bool initialized) {
  auto sb = std::make_unique<Sandbox>(initialized);
  if (real_postfix()) {
    std::string cf = read_whole_file(sb->primary + "/main.cf").value();
    auto set = [&](const std::string& name, const std::string& value) {
      size_t p = cf.find(name + " = ");
      size_t e = cf.find('\n', p);
      cf.replace(p, e - p, name + " = " + value);
    };
    set("command_directory", "/usr/sbin");
    set("daemon_directory", "/usr/lib/postfix/sbin");
    set("shlib_directory", "/usr/lib/postfix");
    set("meta_directory", "/etc/postfix");
    testing::write_file(sb->primary + "/main.cf", cf);
  } else {
    std::filesystem::copy_file(POSTFIX_STUB, sb->root + "/sbin/postfix");
    ::chmod((sb->root + "/sbin/postfix").c_str(), 0755);
  }
  // The multi_instance_wrapper that init names: an executable file, so that lint is clean.
  std::filesystem::copy_file(POSTFIX_STUB, sb->root + "/sbin/pfmulti");
  ::chmod((sb->root + "/sbin/pfmulti").c_str(), 0755);
  return sb;
}

// Runs the stand-in's set-permissions, forwards signals, and calls hook right after it starts.
class HookedRunner final : public ProcessRunner {
 public:
  HookedRunner(ProcessRunner& real, std::function<void()> hook) : real_(real), hook_(hook) {}
  std::optional<ChildId> start(const std::vector<std::string>& argv, const Environment& env,
                               StartError& error) override {
    auto c = real_.start(argv, env, error);
    if (hook_) hook_();
    return c;
  }
  WaitEvent wait(ChildId child, std::optional<Clock::time_point> deadline) override {
    return real_.wait(child, deadline);
  }
  void signal(ChildId child, int signo) override { real_.signal(child, signo); }
  StartError exec(const std::vector<std::string>& argv, const Environment& env) override {
    return real_.exec(argv, env);
  }
  int take_interrupt() override { return real_.take_interrupt(); }
  Clock::time_point now() override { return real_.now(); }

 private:
  ProcessRunner& real_;
  std::function<void()> hook_;
};

inline Environment stub_env() {
  Environment env;
  env["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
  env["POSTFIX_STUB_SLEEP_MS"] = "20";
  return env;
}

// `pfmulti lint -c PRIMARY`: its exit status and output.
inline int run_lint_on(const Sandbox& sb, std::string* out_text) {
  RealFileSystem fs;
  CliContext ctx;
  ctx.program = "pfmulti";
  ctx.fs = &fs;
  ctx.args = {"-c", sb.primary};
  ctx.out = std::tmpfile();
  ctx.err = std::tmpfile();
  int status = run_lint(ctx);
  std::fflush(ctx.out);
  std::rewind(ctx.out);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, ctx.out)) > 0) out_text->append(buf, n);
  std::fclose(ctx.out);
  std::fclose(ctx.err);
  return status;
}

// The tree without pfmulti's lock file (created by the first run, never removed) and with the
// sandbox root replaced by "R" in file contents.
inline TreeSnapshot normalized(const Sandbox& sb) {
  TreeSnapshot t = snapshot(sb.root), out;
  for (auto& [path, node] : t) {
    if (path == "etc/postfix/.pfmulti.lock") continue;
    NodeState n = node;
    for (size_t p; (p = n.content.find(sb.root)) != std::string::npos;)
      n.content.replace(p, sb.root.size(), "R");
    out[path] = n;
  }
  return out;
}

struct Counts {
  int runs = 0, old_state = 0, completed = 0, lint = 0, other = 0, lint_reported = 0;
};

inline std::string signame(int s) {
  switch (s) {
    case SIGKILL:
      return "SIGKILL";
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
  }
  return std::to_string(s);
}

}  // namespace pfmulti::kill_campaign
