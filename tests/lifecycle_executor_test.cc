// Fault tests for the life-cycle executor (impl/runtime/lifecycle_executor.h) on a real file system
// (tests/lifecycle_sandbox.h):
//   - create: a failing call at every step is undone: the tree is byte for byte as before;
//   - create: kill -9 at every step leaves only whole files (old or new), and running create
//     again finishes the job: the tree ends as after an uninterrupted create;
//   - destroy: a failing call in the primary edit changes nothing; a failing removal is a
//     warning, and only what it could not remove stays.
#include "impl/runtime/lifecycle_executor.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "impl/runtime/atomic_file.h"
#include "impl/runtime/lifecycle_facts.h"
#include "lifecycle_sandbox.h"
#include "tests/support/fake_process_runner.h"

namespace pfmulti {
namespace {

using testing::Sandbox;
using testing::snapshot;
using testing::snapshot_diff;
using testing::TreeSnapshot;

bool not_running(const std::vector<std::string>&) { return false; }

LifecycleOutcome plan_and_run(const Sandbox& sb, std::vector<std::string> args, FileOps& ops,
                              std::string* plan_error = nullptr) {
  LifecyclePlan plan = plan_lifecycle_on_system(sb.input(std::move(args)), not_running);
  if (plan.error) {
    if (plan_error) *plan_error = *plan.error;
    LifecycleOutcome o;
    o.exit_status = 1;
    o.error = *plan.error;
    return o;
  }
  FakeProcessRunner runner;
  return execute_lifecycle(plan, ops, runner, {});
}

int counted_calls(std::vector<std::string> args,
                  const std::vector<std::vector<std::string>>& setup) {
  Sandbox sb;
  PosixFileOps real;
  for (const auto& s : setup) EXPECT_EQ(plan_and_run(sb, s, real).error, "");
  FaultyFileOps ops(real);
  EXPECT_EQ(plan_and_run(sb, args, ops).error, "");
  return static_cast<int>(ops.steps.size());
}

TEST(LifecycleExecutorFaults, CreateFailingAtEveryCallIsUndoneByteForByte) {
  std::vector<std::string> create{"-I", "postfix-a", "-G", "g", "-e", "create"};
  int n = counted_calls(create, {});
  ASSERT_GE(n, 20);
  for (int k = 1; k <= n; ++k) {
    Sandbox sb;
    TreeSnapshot before = snapshot(sb.root);
    PosixFileOps real;
    FaultyFileOps ops(real);
    ops.fail_at = k;
    LifecycleOutcome out = plan_and_run(sb, create, ops);
    SCOPED_TRACE("failing call " + std::to_string(k) + ": " + ops.steps[k - 1]);
    if (out.error.empty()) {
      // Only the removal of the journal, after the commit, may fail without an error: the
      // instance is made, the journal stays (lint reports it, a re-run removes it).
      EXPECT_GE(k, n - 1);
      EXPECT_NE(ops.steps[k - 1].find(k == n ? sb.primary : sb.primary + "/.pfmulti.journal"),
                std::string::npos);
      continue;
    }
    EXPECT_TRUE(out.rolled_back);
    EXPECT_TRUE(out.rollback_errors.empty());
    TreeSnapshot after = snapshot(sb.root);
    EXPECT_EQ(after, before) << snapshot_diff(before, after);
  }
}

TEST(LifecycleExecutorFaults, CreateKilledAtEveryCallLeavesWholeFilesAndARerunFinishes) {
  std::vector<std::string> create{"-I", "postfix-a", "-e", "create"};
  int n = counted_calls(create, {});
  for (int k = 1; k <= n; ++k) {
    SCOPED_TRACE("killed before call " + std::to_string(k));
    Sandbox sb;
    TreeSnapshot before = snapshot(sb.root);
    pid_t pid = ::fork();
    if (pid == 0) {
      PosixFileOps real;
      FaultyFileOps ops(real);
      ops.on_step = [k](int step, const std::string&) {
        if (step == k) ::kill(::getpid(), SIGKILL);
      };
      plan_and_run(sb, create, ops);
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    // Every file is whole: as before, as after a clean run, or a temporary file.
    TreeSnapshot mid = snapshot(sb.root);
    // A clean run in another scratch tree gives the expected bytes (with its root replaced).
    Sandbox ref;
    PosixFileOps real;
    ASSERT_EQ(plan_and_run(ref, create, real).error, "");
    TreeSnapshot expected_after = snapshot(ref.root);
    auto rebase = [&](std::string bytes) {
      for (size_t p; (p = bytes.find(ref.root)) != std::string::npos;)
        bytes.replace(p, ref.root.size(), sb.root);
      return bytes;
    };
    for (const auto& [path, node] : mid) {
      if (node.kind != 'f') continue;
      if (path.find(".pfmulti-new") != std::string::npos) continue;
      if (path == "etc/postfix/.pfmulti.journal") continue;  // the re-run removes it
      bool as_before = before.count(path) && before.at(path).content == node.content;
      bool as_after =
          expected_after.count(path) && rebase(expected_after.at(path).content) == node.content;
      EXPECT_TRUE(as_before || as_after) << path;
    }
    // Run create again: it finishes, or finds the instance already registered.
    std::string plan_error;
    LifecycleOutcome again = plan_and_run(sb, create, real, &plan_error);
    if (!plan_error.empty())
      EXPECT_NE(plan_error.find("already in use"), std::string::npos) << plan_error;
    else
      EXPECT_EQ(again.error, "");
    TreeSnapshot final_tree = snapshot(sb.root);
    ASSERT_EQ(final_tree.size(), expected_after.size())
        << snapshot_diff(expected_after, final_tree);
    for (const auto& [path, node] : expected_after) {
      ASSERT_TRUE(final_tree.count(path)) << path;
      EXPECT_EQ(final_tree.at(path).kind, node.kind) << path;
      EXPECT_EQ(final_tree.at(path).mode, node.mode) << path;
      EXPECT_EQ(final_tree.at(path).content, rebase(node.content)) << path;
    }
  }
}

TEST(LifecycleExecutorFaults, DestroyFailingAtEveryCallChangesNothingOrWarns) {
  std::vector<std::string> create{"-I", "postfix-a", "-e", "create"};
  std::vector<std::string> destroy{"-i", "postfix-a", "-e", "destroy"};
  int n = counted_calls(destroy, {create});
  ASSERT_GE(n, 10);
  for (int k = 1; k <= n; ++k) {
    Sandbox sb;
    PosixFileOps real;
    ASSERT_EQ(plan_and_run(sb, create, real).error, "");
    TreeSnapshot before = snapshot(sb.root);
    FaultyFileOps ops(real);
    ops.fail_at = k;
    LifecycleOutcome out = plan_and_run(sb, destroy, ops);
    SCOPED_TRACE("failing call " + std::to_string(k) + ": " + ops.steps[k - 1]);
    TreeSnapshot after = snapshot(sb.root);
    if (!out.error.empty()) {
      EXPECT_TRUE(out.rolled_back);
      EXPECT_EQ(after, before) << snapshot_diff(before, after);
    } else {
      // Deregistered; the removal that failed is a warning (and so is its directory, which
      // stays non-empty); nothing new appeared.
      ASSERT_GE(out.warnings.size(), 1u);
      std::string failed_path = ops.steps[k - 1].substr(ops.steps[k - 1].find(' ') + 1);
      EXPECT_EQ(out.warnings[0].rfind(failed_path + ":", 0), 0u) << out.warnings[0];
      for (const auto& [path, node] : after)
        EXPECT_TRUE(before.count(path) || path == "etc/postfix/.pfmulti.journal") << path;
      EXPECT_FALSE(after.count("etc/postfix-a/main.cf") && after.count("etc/postfix-a/master.cf") &&
                   after.count("lib/postfix-a"));
    }
  }
}

}  // namespace
}  // namespace pfmulti
