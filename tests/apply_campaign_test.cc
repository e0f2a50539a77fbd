// The kill campaign of `pfmulti apply` (issue 18; spec/rules.md R167, R168), as the life-cycle
// campaign (tests/lifecycle_campaign_test.cc, shared pieces in kill_campaign.h): one apply that
// does init, two creates, an enable and a setting edit, on an uninitialized sandbox with the
// stand-in postfix (tests/stubs/postfix_stub.cc), gets a signal at one step (a counted file
// call, or while a set-permissions runs) in a child process. A caught signal (SIGINT, SIGTERM,
// SIGHUP) must leave the tree as it was (the whole run is one transaction) or, after the last
// step, finished; SIGKILL must leave the old tree, or one that `pfmulti lint` reports (the
// journal) and that running the same apply again completes to the tree of an uninterrupted run.
// ctest samples (every third step for SIGKILL, every seventh for the caught signals, every
// signal while postfix runs); PFMULTI_CAMPAIGN_FULL=1 runs every signal at every step.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "impl/cli/apply_command.h"
#include "impl/runtime/lifecycle_facts.h"
#include "impl/runtime/system_process_runner.h"
#include "kill_campaign.h"

namespace pfmulti {
namespace {

using namespace kill_campaign;  // NOLINT: the shared campaign pieces
using testing::snapshot_diff;

std::string document(const Sandbox& sb) {
  return R"({"version": 1, "instances": [
    {"name": "postfix-a", "group": "g", "enabled": true, "config_directory": ")" +
         sb.root + R"(/etc/postfix-a", "settings": {"inet_interfaces": "loopback-only"}},
    {"name": "postfix-ab", "config_directory": ")" +
         sb.root + R"(/etc/postfix-ab"}]})";
}

// `pfmulti apply -c PRIMARY DOC` in this process, a signal at step kill_at (see
// lifecycle_campaign_test.cc run_pfmulti).
int run_apply_on(const Sandbox& sb, const std::string& doc, int kill_at = 0, int sig = 0,
                 int* steps = nullptr, std::string* err_text = nullptr,
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
  ctx.args = {"-c", sb.primary, doc};
  LifecycleSetup setup;
  setup.ops = &ops;
  setup.runner = &runner;
  setup.probe = run_status_probe;
  setup.self_path = sb.root + "/sbin/pfmulti";
  setup.lock_wait = std::chrono::milliseconds(2000);
  int status = run_apply(ctx, setup);
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

// The document lives outside the compared tree, at the same path for every run (the journal
// names it).
struct Host {
  std::unique_ptr<Sandbox> sb = make_sandbox(/*initialized=*/false);
  std::string doc;
  explicit Host(const testing::ScratchDir& docs) : doc(docs.path() + "/doc.json") {
    std::ofstream(doc) << document(*sb);
  }
};

TEST(ApplyKillCampaign, EveryStepEndsOldOrCompletedByARerun) {
  if (::access("/dev/shm", W_OK) == 0) ::setenv("TMPDIR", "/dev/shm", 1);
  become_subreaper();
  testing::ScratchDir docs;
  int n = 0;
  TreeSnapshot expected_after;
  std::set<int> command_steps;
  {
    Host ref(docs);
    std::string err;
    ASSERT_EQ(run_apply_on(*ref.sb, ref.doc, 0, 0, &n, &err, &command_steps), 0) << err;
    std::string lint_out;
    ASSERT_EQ(run_lint_on(*ref.sb, &lint_out), 0) << lint_out;
    expected_after = normalized(*ref.sb);
  }
  ASSERT_GE(n, 10);
  int runs = 0, old_state = 0, completed = 0, other = 0;
  for (int sig : {SIGKILL, SIGINT, SIGTERM, SIGHUP}) {
    for (int k = 1; k <= n; ++k) {
      if (!full_campaign() && !command_steps.count(k)) {
        // Sampled more thinly than the life-cycle campaign (its budget in scripts/test).
        if (sig == SIGKILL && k % (3 * stride()) != 0) continue;
        if (sig != SIGKILL && (k + sig) % (7 * stride()) != 0) continue;
      }
      SCOPED_TRACE(signame(sig) + " at step " + std::to_string(k) + " of " + std::to_string(n));
      Host host(docs);
      const Sandbox* sb = host.sb.get();
      TreeSnapshot before = normalized(*sb);
      pid_t pid = ::fork();
      if (pid == 0) ::_exit(run_apply_on(*sb, host.doc, k, sig));
      int status = 0;
      ::waitpid(pid, &status, 0);
      wait_for_orphans();  // a postfix command orphaned by SIGKILL finishes first
      ++runs;
      TreeSnapshot mid = normalized(*sb);
      std::string lint_out;
      bool lint_error = run_lint_on(*sb, &lint_out) != 0;
      bool lint_any = lint_error || lint_out.find(": warning: ") != std::string::npos;
      if (mid == before) {
        ++old_state;
        EXPECT_FALSE(lint_error) << lint_out;
        continue;
      }
      if (mid == expected_after) {
        ++completed;
        continue;
      }
      if (sig != SIGKILL) {  // caught: one transaction, so never a state in between
        ADD_FAILURE() << snapshot_diff(before, mid);
        ++other;
        continue;
      }
      EXPECT_TRUE(lint_any) << "lint reports nothing for an interrupted state:\n"
                            << snapshot_diff(before, mid) << lint_out;
      std::string err;
      int again = run_apply_on(*sb, host.doc, 0, 0, nullptr, &err);
      TreeSnapshot final_tree = normalized(*sb);
      if (again == 0 && final_tree == expected_after) {
        ++completed;
      } else {
        ++other;
        ADD_FAILURE() << "re-run did not complete (" << err << "):\n"
                      << snapshot_diff(expected_after, final_tree);
      }
    }
  }
  std::printf("apply campaign: %d steps, %d runs: %d old state, %d completed, %d other\n", n, runs,
              old_state, completed, other);
  EXPECT_EQ(other, 0);
}

}  // namespace
}  // namespace pfmulti
