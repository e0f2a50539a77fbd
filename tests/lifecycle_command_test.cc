// Tests for `pfmulti -e ACTION` (impl/cli/lifecycle_command.h) on a real scratch tree
// (tests/lifecycle_sandbox.h), commands faked: a life-cycle sequence with `pfmulti -l` after each
// step, --dry-run, and the issue's bad inputs (unknown action, missing -i, destroying the primary
// or an enabled instance, a name without the prefix, a taken name or directory, a non-absolute
// or root directory, a read-only configuration directory, a held edit lock): one line on stderr,
// exit status 1, and the tree byte for byte as before.
#include "impl/cli/lifecycle_command.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "impl/runtime/edit_lock.h"
#include "lifecycle_sandbox.h"
#include "tests/support/fake_process_runner.h"

namespace pfmulti {
namespace {

using testing::Ran;
using testing::Sandbox;
using testing::slurp;
using testing::snapshot;
using testing::snapshot_diff;
using testing::TreeSnapshot;

// `pfmulti -c PRIMARY ARGS...` through the iterator CLI (run_iterator, the real entry point)
// when `through_cli`, else straight into run_lifecycle with faked commands.
Ran pfmulti(const Sandbox& sb, std::vector<std::string> args, FakeProcessRunner* runner = nullptr,
            bool through_cli = false) {
  RealFileSystem fs;
  CliContext ctx;
  ctx.program = "pfmulti";
  ctx.fs = &fs;
  ctx.out = std::tmpfile();
  ctx.err = std::tmpfile();
  args.insert(args.begin(), {"-c", sb.primary});
  Ran r;
  if (through_cli) {
    ctx.args = args;
    r.status = run_iterator(ctx);
  } else {
    auto o = scan_iterator_options(args);
    EXPECT_TRUE(o.is_ok()) << o.error();
    LifecycleSetup setup;
    FakeProcessRunner fallback;
    setup.runner = runner ? runner : &fallback;
    setup.probe = [](const std::vector<std::string>&) { return false; };
    setup.self_path = sb.root + "/sbin/pfmulti";
    setup.lock_wait = std::chrono::milliseconds(200);
    r.status = run_lifecycle(ctx, *o, setup);
  }
  r.out = slurp(ctx.out);
  r.err = slurp(ctx.err);
  return r;
}

std::string listing(const Sandbox& sb) {
  Ran r = pfmulti(sb, {"-l"}, nullptr, true);
  EXPECT_EQ(r.status, 0) << r.err;
  std::string out = r.out;
  for (size_t p; (p = out.find(sb.root)) != std::string::npos;) out.replace(p, sb.root.size(), "R");
  return out;
}

void ok(const Sandbox& sb, std::vector<std::string> args) {
  Ran r = pfmulti(sb, args);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(LifecycleCommand, InitCreateListEnableDisableDestroy) {
  Sandbox sb(/*initialized=*/false);
  EXPECT_EQ(listing(sb), "-               -               y         R/etc/postfix\n");
  ok(sb, {"-e", "init"});
  FakeProcessRunner runner;
  Ran r = pfmulti(sb, {"-I", "postfix-a", "-G", "mta", "-e", "create"}, &runner);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(runner.started.size(), 1u);
  EXPECT_EQ(runner.started[0].argv,
            (std::vector<std::string>{sb.root + "/sbin/postfix", "-c", sb.root + "/etc/postfix-a",
                                      "set-permissions"}));
  ok(sb, {"-I", "postfix-b", "-e", "create"});
  EXPECT_EQ(listing(sb),
            "-               -               y         R/etc/postfix\n"
            "postfix-a       mta             n         R/etc/postfix-a\n"
            "postfix-b       -               n         R/etc/postfix-b\n");
  ok(sb, {"-i", "a", "-e", "enable"});
  EXPECT_EQ(listing(sb),
            "-               -               y         R/etc/postfix\n"
            "postfix-a       mta             y         R/etc/postfix-a\n"
            "postfix-b       -               n         R/etc/postfix-b\n");
  ok(sb, {"-i", "a", "-e", "disable"});
  ok(sb, {"-i", "postfix-b", "-e", "destroy"});
  EXPECT_EQ(listing(sb),
            "-               -               y         R/etc/postfix\n"
            "postfix-a       mta             n         R/etc/postfix-a\n");
  EXPECT_FALSE(std::filesystem::exists(sb.root + "/etc/postfix-b"));
  EXPECT_FALSE(std::filesystem::exists(sb.root + "/spool/postfix-b"));
  EXPECT_FALSE(std::filesystem::exists(sb.root + "/lib/postfix-b"));
}

TEST(LifecycleCommand, DryRunPrintsThePlanAndChangesNothing) {
  Sandbox sb;
  TreeSnapshot before = snapshot(sb.root);
  Ran r = pfmulti(sb, {"-n", "-I", "postfix-a", "-e", "create"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("mkdir " + sb.root + "/etc/postfix-a (mode 0755)\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("run " + sb.root + "/sbin/postfix -c " + sb.root +
                       "/etc/postfix-a set-permissions\n"),
            std::string::npos);
  EXPECT_EQ(snapshot(sb.root), before);
}

TEST(LifecycleCommand, TheIteratorCliHandsDashEToLifecycleMode) {
  Sandbox sb;
  Ran r = pfmulti(sb, {"-e", "frobnicate"}, nullptr, /*through_cli=*/true);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("pfmulti: fatal: Invalid '-e' edit action 'frobnicate'.", 0), 0u) << r.err;
}

void expect_refused_unchanged(const Sandbox& sb, std::vector<std::string> args,
                              const std::string& message_part) {
  TreeSnapshot before = snapshot(sb.root);
  Ran r = pfmulti(sb, args);
  std::string shown;
  for (const auto& a : args) shown += a + " ";
  SCOPED_TRACE(shown);
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("pfmulti: fatal: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(message_part), std::string::npos) << r.err;
  TreeSnapshot after = snapshot(sb.root);
  EXPECT_EQ(after, before) << snapshot_diff(before, after);
}

TEST(LifecycleCommand, BadInputIsOneLineExitOneAndNothingChanged) {
  Sandbox sb;
  ok(sb, {"-I", "postfix-a", "-e", "create"});
  ok(sb, {"-i", "postfix-a", "-e", "enable"});
  expect_refused_unchanged(sb, {"-e", "frobnicate"}, "Invalid '-e' edit action 'frobnicate'");
  expect_refused_unchanged(sb, {"-e", "destroy"}, "Select an instance via '-i name'");
  expect_refused_unchanged(sb, {"-i", "-", "-e", "destroy"}, "Cannot remove the primary instance");
  expect_refused_unchanged(sb, {"-i", "postfix-a", "-e", "destroy"},
                           "Cannot remove enabled instances");
  expect_refused_unchanged(sb, {"-I", "mybox", "-e", "create"},
                           "New instance name must start with 'postfix-'");
  expect_refused_unchanged(
      sb, {"-I", "postfix-a", "-e", "create", "config_directory=" + sb.root + "/etc/elsewhere"},
      "multi_instance_name=postfix-a conflicts with instance");
  expect_refused_unchanged(
      sb, {"-I", "postfix-b", "-e", "create", "queue_directory=" + sb.root + "/spool/postfix-a"},
      "queue_directory=" + sb.root + "/spool/postfix-a conflicts with");
  expect_refused_unchanged(sb, {"-I", "postfix-b", "-e", "create", "data_directory=lib/b"},
                           "Parameter setting 'data_directory' is not an absolute path");
  expect_refused_unchanged(sb, {"-I", "postfix-b", "-e", "create", "config_directory=//"},
                           "Parameter setting 'config_directory' is the root directory");
}

TEST(LifecycleCommand, UninitializedPrimaryIsRefused) {
  Sandbox sb(/*initialized=*/false);
  expect_refused_unchanged(sb, {"-I", "postfix-a", "-e", "create"},
                           "multi_instance_wrapper is empty, run 'pfmulti -e init' first.");
}

TEST(LifecycleCommand, AHeldEditLockMakesASecondRunFailClearly) {
  Sandbox sb;
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t holder = ::fork();
  if (holder == 0) {
    EditLock lock;
    std::string err;
    if (!lock.acquire(sb.primary, std::chrono::milliseconds(0), err)) ::_exit(3);
    char c = 'x';
    if (::write(fds[1], &c, 1) != 1) ::_exit(4);
    for (;;) ::pause();
  }
  char c;
  ASSERT_EQ(::read(fds[0], &c, 1), 1);
  expect_refused_unchanged(
      sb, {"-I", "postfix-a", "-e", "create"},
      "another pfmulti run is changing the instances: process " + std::to_string(holder));
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  ok(sb, {"-I", "postfix-a", "-e", "create"});
}

TEST(LifecycleCommand, AReadOnlyConfigDirectoryIsRefusedAndNothingChanges) {
  Sandbox sb;
  ok(sb, {"-I", "postfix-a", "-e", "create"});  // the lock file exists from now on
  // Root ignores permission bits: the refused run goes to a child that gives up root.
  ::chmod(sb.root.c_str(), 0755);
  ::chmod(sb.primary.c_str(), 0555);
  TreeSnapshot before = snapshot(sb.root);
  std::FILE* err_file = std::tmpfile();
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(99);
    Ran r = pfmulti(sb, {"-I", "postfix-b", "-e", "create"});
    std::fputs(r.err.c_str(), err_file);
    std::fflush(err_file);
    ::_exit(r.status);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::string err = slurp(err_file);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << err;
  EXPECT_EQ(err.rfind("pfmulti: fatal: ", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_NE(err.find("Permission denied"), std::string::npos) << err;
  TreeSnapshot after = snapshot(sb.root);
  EXPECT_EQ(after, before) << snapshot_diff(before, after);
}

}  // namespace
}  // namespace pfmulti
