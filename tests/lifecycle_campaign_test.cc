// The life-cycle kill campaign (issue 12 item 5): every `-e` action (init, create, import,
// deport, destroy, assign, enable, disable) is run through `pfmulti -e` (run_lifecycle, lock
// and all) in a child process that gets a signal at one step: before a counted file call
// (FaultyFileOps) or while the instance's postfix command runs. postfix is a stand-in
// (tests/stubs/postfix_stub.cc: status says "not running", set-permissions makes QUEUE/pid and
// sleeps), or real Postfix when PFMULTI_CAMPAIGN_REAL=1 (tests/lifecycle_e2e/kill_campaign.sh
// sets up the namespace). Each run ends in one of:
//   old state    the tree is byte for byte as before (a signal was caught and rolled back);
//   completed    re-running the same command gives the tree of an uninterrupted run;
//   lint         `pfmulti lint` reports an error naming the state (never needed so far);
//   other        none of these: a failure.
// SIGKILL and SIGINT/SIGTERM/SIGHUP: a caught signal must leave the old state or, when it came
// after the commit, the finished one; SIGKILL must leave the old state or one that a re-run
// completes, and lint must report every state that is not the old or the finished one.
// ctest runs a sample (every step for SIGKILL, every third for the caught signals, every signal
// while postfix runs); PFMULTI_CAMPAIGN_FULL=1 runs every signal at every step. The counts are
// printed.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "impl/cli/cli.h"
#include "impl/cli/cli_options.h"
#include "impl/cli/lifecycle_command.h"
#include "impl/runtime/file_system.h"
#include "impl/runtime/lifecycle_facts.h"
#include "impl/runtime/read_file.h"
#include "impl/runtime/system_process_runner.h"
#include "kill_campaign.h"
#include "lifecycle_sandbox.h"

namespace pfmulti {
namespace {

using namespace kill_campaign;  // NOLINT: the shared campaign pieces (kill_campaign.h)
using testing::NodeState;
using testing::Sandbox;
using testing::snapshot;
using testing::snapshot_diff;
using testing::TreeSnapshot;

// `pfmulti -c PRIMARY ARGS` in this process; kill_at > 0: send `sig` to ourselves at that
// step (1-based over counted file calls and command starts). Returns the exit status;
// *steps gets the number of steps seen.
int run_pfmulti(const Sandbox& sb, const std::vector<std::string>& args, int kill_at = 0,
                int sig = 0, int* steps = nullptr, std::string* err_text = nullptr,
                std::set<int>* command_steps = nullptr) {
  int counter = 0;
  auto tick = [&] {
    if (++counter == kill_at) ::kill(::getpid(), sig);
  };
  PosixFileOps real_ops;
  FaultyFileOps ops(real_ops);
  ops.on_step = [&](int, const std::string&) { tick(); };
  SystemProcessRunner real_runner;
  HookedRunner runner(real_runner, [&] {
    tick();
    if (command_steps) command_steps->insert(counter);
  });
  RealFileSystem fs;
  CliContext ctx;
  ctx.program = "pfmulti";
  ctx.fs = &fs;
  ctx.env = stub_env();
  ctx.out = std::tmpfile();
  ctx.err = std::tmpfile();
  std::vector<std::string> all{"-c", sb.primary};
  all.insert(all.end(), args.begin(), args.end());
  auto o = scan_iterator_options(all);
  EXPECT_TRUE(o.is_ok());
  LifecycleSetup setup;
  setup.ops = &ops;
  setup.runner = &runner;
  setup.probe = run_status_probe;
  setup.self_path = sb.root + "/sbin/pfmulti";
  setup.lock_wait = std::chrono::milliseconds(2000);
  int status = run_lifecycle(ctx, *o, setup);
  if (steps) *steps = counter;
  if (err_text) {
    std::fflush(ctx.err);
    std::rewind(ctx.err);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, ctx.err)) > 0) err_text->append(buf, n);
  }
  std::fclose(ctx.out);
  std::fclose(ctx.err);
  return status;
}

struct Action {
  std::string name;
  bool initialized = true;
  std::vector<std::vector<std::string>> setup;
  std::vector<std::string> command;
};

std::vector<Action> actions(const std::string& root) {
  std::vector<std::string> create{"-I", "postfix-a", "-G", "g", "-e", "create"};
  return {
      {"init", false, {}, {"-e", "init"}},
      {"create", true, {}, create},
      {"import",
       true,
       {create, {"-i", "postfix-a", "-e", "deport"}},
       {"-e", "import", "config_directory=" + root + "/etc/postfix-a"}},
      {"deport", true, {create}, {"-i", "postfix-a", "-e", "deport"}},
      {"destroy", true, {create}, {"-i", "postfix-a", "-e", "destroy"}},
      {"assign", true, {create}, {"-i", "postfix-a", "-I", "postfix-b", "-G", "h", "-e", "assign"}},
      {"enable", true, {create}, {"-i", "postfix-a", "-e", "enable"}},
      {"disable",
       true,
       {create, {"-i", "postfix-a", "-e", "enable"}},
       {"-i", "postfix-a", "-e", "disable"}},
  };
}

void campaign(const Action& a, Counts& total) {
  // The clean run: its step count and its resulting tree.
  int n = 0;
  TreeSnapshot expected_after;
  std::set<int> command_steps;
  {
    auto ref = make_sandbox(a.initialized);
    Action me;
    for (const auto& s : actions(ref->root))
      if (s.name == a.name) me = s;
    for (const auto& setup : me.setup) ASSERT_EQ(run_pfmulti(*ref, setup), 0);
    std::string err;
    ASSERT_EQ(run_pfmulti(*ref, me.command, 0, 0, &n, &err, &command_steps), 0) << err;
    std::string lint_out;
    ASSERT_EQ(run_lint_on(*ref, &lint_out), 0) << lint_out;
    expected_after = normalized(*ref);
  }
  ASSERT_GE(n, 2) << a.name;
  Counts c;
  for (int sig : {SIGKILL, SIGINT, SIGTERM, SIGHUP}) {
    for (int k = 1; k <= n; ++k) {
      if (!full_campaign() && !command_steps.count(k)) {
        if (sig == SIGKILL && k % stride() != 0) continue;
        if (sig != SIGKILL && (k + sig) % (3 * stride()) != 0) continue;
      }
      SCOPED_TRACE(a.name + ": " + signame(sig) + " at step " + std::to_string(k) + " of " +
                   std::to_string(n));
      auto sb = make_sandbox(a.initialized);
      Action me;
      for (const auto& s : actions(sb->root))
        if (s.name == a.name) me = s;
      for (const auto& setup : me.setup) ASSERT_EQ(run_pfmulti(*sb, setup), 0);
      TreeSnapshot before = normalized(*sb);
      pid_t pid = ::fork();
      if (pid == 0) {
        int st = run_pfmulti(*sb, me.command, k, sig);
        ::_exit(st);
      }
      int status = 0;
      ::waitpid(pid, &status, 0);
      wait_for_orphans();  // a postfix command orphaned by SIGKILL finishes first
      ++c.runs;
      TreeSnapshot mid = normalized(*sb);
      std::string lint_out;
      bool lint_error = run_lint_on(*sb, &lint_out) != 0;
      bool lint_any = lint_error || lint_out.find(": warning: ") != std::string::npos;
      if (mid == before) {
        ++c.old_state;
        EXPECT_FALSE(lint_error) << lint_out;
        continue;
      }
      if (mid == expected_after) {  // finished before the signal could stop it
        ++c.completed;
        EXPECT_FALSE(lint_any) << lint_out;
        continue;
      }
      if (sig != SIGKILL) {
        // Caught: only a signal that came after the commit may leave a changed tree, and then
        // the finished one.
        EXPECT_EQ(mid, expected_after) << snapshot_diff(expected_after, mid);
        if (mid == expected_after)
          ++c.completed;
        else
          ++c.other;
        continue;
      }
      if (mid != expected_after) {
        EXPECT_TRUE(lint_any) << "lint reports nothing for an interrupted state:\n"
                              << snapshot_diff(before, mid) << lint_out;
        if (lint_any) ++c.lint_reported;
      }
      std::string err;
      int again = run_pfmulti(*sb, me.command, 0, 0, nullptr, &err);
      TreeSnapshot final_tree = normalized(*sb);
      if (again == 0 && final_tree == expected_after) {
        ++c.completed;
      } else if (lint_error) {
        ++c.lint;
        ADD_FAILURE() << "re-run did not complete (" << err << "):\n"
                      << snapshot_diff(expected_after, final_tree);
      } else {
        ++c.other;
        ADD_FAILURE() << "re-run did not complete (" << err << "):\n"
                      << snapshot_diff(expected_after, final_tree);
      }
    }
  }
  std::printf(
      "campaign %-8s %3d steps: %3d runs: %3d old state, %3d completed by re-run, %d "
      "reported by lint only, %d other (%d interrupted states lint reported)\n",
      a.name.c_str(), n, c.runs, c.old_state, c.completed, c.lint, c.other, c.lint_reported);
  total.runs += c.runs;
  total.old_state += c.old_state;
  total.completed += c.completed;
  total.lint += c.lint;
  total.other += c.other;
  total.lint_reported += c.lint_reported;
}

TEST(LifecycleKillCampaign, EveryActionEveryStepEndsOldOrCompletedByARerun) {
  if (real_postfix() && ::access("/usr/sbin/postfix", X_OK) != 0)
    GTEST_SKIP() << "SKIPPED: PFMULTI_CAMPAIGN_REAL=1 but no /usr/sbin/postfix";
  // The campaign is about order and roll-back, not durability: a tmpfs makes fsync cheap.
  if (::access("/dev/shm", W_OK) == 0) ::setenv("TMPDIR", "/dev/shm", 1);
  become_subreaper();
  Counts total;
  for (const auto& a : actions("/unused"))
    if (selected(a.name)) campaign(a, total);
  std::printf(
      "campaign total (%s postfix, %s): %d kills: %d old state, %d completed by re-run, "
      "%d reported by lint, %d other\n",
      real_postfix() ? "real" : "stand-in", full_campaign() ? "full" : "sample", total.runs,
      total.old_state, total.completed, total.lint, total.other);
  EXPECT_EQ(total.other, 0);
  EXPECT_EQ(total.lint, 0);
}

}  // namespace
}  // namespace pfmulti
