// Fault tests for the crash-safe writer (impl/runtime/atomic_file.h) and the edit lock
// (impl/runtime/edit_lock.h):
//   - a failing call at every step of a replace or a create leaves the old file (or no file)
//     and no temporary file, or, past the rename, the new file;
//   - kill -9 at every step leaves the old file or the new one, never a mix or nothing, and the
//     next write cleans up what the killed one left;
//   - kill -9 at random moments during a stream of large rewrites, same law;
//   - mode and owner of the replaced file are kept; a file changed behind the writer's back is
//     not overwritten;
//   - a second lock holder waits, then fails naming the holder; a killed holder frees the lock.
#include "impl/runtime/atomic_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "impl/runtime/edit_lock.h"
#include "tree_snapshot.h"

namespace pfmulti {
namespace {

using testing::ScratchDir;
using testing::snapshot;
using testing::write_file;

std::string contents(const std::string& path) { return read_whole_file(path).value_or("<none>"); }

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// How many counted calls a clean replace makes.
int clean_steps(const std::string& dir, bool create) {
  std::string path = dir + "/count.cf";
  ::unlink(path.c_str());
  if (!create) write_file(path, "old\n");
  PosixFileOps real;
  FaultyFileOps ops(real);
  EXPECT_EQ(atomic_write(ops, {path, create ? std::nullopt : std::optional<std::string>("old\n"),
                               "new\n", 0644}),
            "");
  return static_cast<int>(ops.steps.size());
}

TEST(AtomicWriteFaults, FailingCallAtEveryStepOfAReplaceLeavesOldOrNewAndNoTemp) {
  ScratchDir dir;
  const std::string old_bytes = "# old\na = 1\n", new_bytes = "# new\na = 2\nb = 3\n";
  int n = clean_steps(dir.path(), false);
  ASSERT_GE(n, 7);  // open, write, fchmod, fsync, close, rename, fsync dir
  for (int k = 1; k <= n; ++k) {
    std::string path = dir.path() + "/main.cf";
    write_file(path, old_bytes);
    ::chmod(path.c_str(), 0640);
    PosixFileOps real;
    FaultyFileOps ops(real);
    ops.fail_at = k;
    std::string err = atomic_write(ops, {path, old_bytes, new_bytes, 0644});
    SCOPED_TRACE("failing call " + std::to_string(k) + ": " + ops.steps.back());
    EXPECT_NE(err, "");
    std::string now = contents(path);
    EXPECT_TRUE(now == old_bytes || now == new_bytes) << now;
    bool renamed = ops.steps.back().rfind("fsync_directory", 0) == 0;
    EXPECT_EQ(now, renamed ? new_bytes : old_bytes);
    EXPECT_FALSE(exists(atomic_temp_path(path)));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
  }
}

TEST(AtomicWriteFaults, FailingCallAtEveryStepOfACreateLeavesNothingOrTheNewFile) {
  ScratchDir dir;
  int n = clean_steps(dir.path(), true);
  for (int k = 1; k <= n; ++k) {
    std::string path = dir.path() + "/new.cf";
    ::unlink(path.c_str());
    PosixFileOps real;
    FaultyFileOps ops(real);
    ops.fail_at = k;
    std::string err = atomic_write(ops, {path, std::nullopt, "fresh\n", 0644});
    SCOPED_TRACE("failing call " + std::to_string(k) + ": " + ops.steps.back());
    EXPECT_NE(err, "");
    bool renamed = ops.steps.back().rfind("fsync_directory", 0) == 0;
    EXPECT_EQ(exists(path), renamed);
    if (renamed) {
      EXPECT_EQ(contents(path), "fresh\n");
    }
    EXPECT_FALSE(exists(atomic_temp_path(path)));
  }
}

// Runs an atomic write in a child that kills itself (SIGKILL) just before counted call k.
// Returns true when the child died by SIGKILL.
bool write_and_die_at(const std::string& path, std::optional<std::string> expected,
                      const std::string& bytes, int k) {
  pid_t pid = ::fork();
  if (pid == 0) {
    PosixFileOps real;
    FaultyFileOps ops(real);
    ops.on_step = [k](int step, const std::string&) {
      if (step == k) ::kill(::getpid(), SIGKILL);
    };
    atomic_write(ops, {path, std::move(expected), bytes, 0644});
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(AtomicWriteFaults, KillNineAtEveryStepLeavesOldOrNewAndTheNextWriteCleansUp) {
  ScratchDir dir;
  const std::string old_bytes(20000, 'o'), new_bytes(30000, 'n');
  int n = clean_steps(dir.path(), false);
  for (int k = 1; k <= n; ++k) {
    SCOPED_TRACE("killed before call " + std::to_string(k));
    std::string path = dir.path() + "/main.cf";
    ::unlink(atomic_temp_path(path).c_str());
    write_file(path, old_bytes);
    ASSERT_TRUE(write_and_die_at(path, old_bytes, new_bytes, k));
    std::string now = contents(path);
    EXPECT_TRUE(now == old_bytes || now == new_bytes) << now.size() << " bytes";
    // The next run: writes again from whatever is there, and leaves no temporary file.
    PosixFileOps real;
    EXPECT_EQ(atomic_write(real, {path, now, "after\n", 0644}), "");
    EXPECT_EQ(contents(path), "after\n");
    EXPECT_FALSE(exists(atomic_temp_path(path)));
  }
}

TEST(AtomicWriteFaults, KillNineAtRandomMomentsDuringRewritesLeavesAWholeFile) {
  ScratchDir dir;
  std::string path = dir.path() + "/main.cf";
  const std::string a(200000, 'a'), b(150000, 'b');
  write_file(path, a);
  std::mt19937 rng(12345);
  for (int round = 0; round < 20; ++round) {
    pid_t pid = ::fork();
    if (pid == 0) {
      PosixFileOps real;
      for (;;) {
        std::string cur = read_whole_file(path).value_or("");
        atomic_write(real, {path, cur, cur == a ? b : a, 0644});
      }
    }
    ::usleep(std::uniform_int_distribution<int>(1000, 20000)(rng));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::string now = contents(path);
    EXPECT_TRUE(now == a || now == b) << "round " << round << ": " << now.size() << " bytes";
  }
}

TEST(AtomicWrite, KeepsModeAndOwnerOfTheReplacedFile) {
  ScratchDir dir;
  std::string path = dir.path() + "/main.cf";
  write_file(path, "x\n");
  ::chmod(path.c_str(), 0604);
  uid_t want_uid = ::geteuid();
  gid_t want_gid = ::getegid();
  if (::geteuid() == 0) {  // root can give the file away: the writer must give it back
    want_uid = 4321;
    want_gid = 4322;
    ASSERT_EQ(::chown(path.c_str(), want_uid, want_gid), 0);
  }
  PosixFileOps real;
  ASSERT_EQ(atomic_write(real, {path, "x\n", "y\n", 0644}), "");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0604u);
  EXPECT_EQ(st.st_uid, want_uid);
  EXPECT_EQ(st.st_gid, want_gid);
  EXPECT_EQ(contents(path), "y\n");
}

TEST(AtomicWrite, RefusesAFileChangedBehindItsBackAndACreateOverAnExistingFile) {
  ScratchDir dir;
  std::string path = dir.path() + "/main.cf";
  write_file(path, "changed\n");
  PosixFileOps real;
  std::string err = atomic_write(real, {path, "planned\n", "new\n", 0644});
  EXPECT_NE(err.find("changed while pfmulti was planning"), std::string::npos) << err;
  EXPECT_EQ(contents(path), "changed\n");
  err = atomic_write(real, {path, std::nullopt, "new\n", 0644});
  EXPECT_NE(err.find("appeared"), std::string::npos) << err;
  EXPECT_EQ(contents(path), "changed\n");
  EXPECT_FALSE(exists(atomic_temp_path(path)));
}

TEST(AtomicWrite, CreatesWithThePlannedModeWhateverTheUmask) {
  ScratchDir dir;
  mode_t old = ::umask(077);
  PosixFileOps real;
  std::string path = dir.path() + "/fresh.cf";
  EXPECT_EQ(atomic_write(real, {path, std::nullopt, "z\n", 0644}), "");
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
}

// ---------- the edit lock ----------

// A child that takes the lock, reports on `ready`, and holds it until killed.
pid_t hold_lock(const std::string& dir) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    EditLock lock;
    std::string err;
    if (!lock.acquire(dir, std::chrono::milliseconds(0), err)) ::_exit(3);
    char c = 'x';
    if (::write(fds[1], &c, 1) != 1) ::_exit(4);
    for (;;) ::pause();
  }
  ::close(fds[1]);
  char c;
  if (::read(fds[0], &c, 1) != 1) pid = -1;
  ::close(fds[0]);
  return pid;
}

TEST(EditLock, ASecondRunWaitsBrieflyThenFailsNamingTheHolder) {
  ScratchDir dir;
  pid_t holder = hold_lock(dir.path());
  ASSERT_GT(holder, 0);
  EditLock lock;
  std::string err;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(lock.acquire(dir.path(), std::chrono::milliseconds(300), err));
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_LT(waited, std::chrono::milliseconds(3000));
  EXPECT_NE(err.find("process " + std::to_string(holder)), std::string::npos) << err;
  EXPECT_NE(err.find(dir.path() + "/.pfmulti.lock"), std::string::npos) << err;
  // kill -9 of the holder frees the lock at once.
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  EXPECT_TRUE(lock.acquire(dir.path(), std::chrono::milliseconds(0), err)) << err;
}

TEST(EditLock, AWaitingRunGetsTheLockWhenTheHolderLetsGo) {
  ScratchDir dir;
  pid_t holder = hold_lock(dir.path());
  ASSERT_GT(holder, 0);
  pid_t killer = ::fork();
  if (killer == 0) {
    ::usleep(200000);
    ::kill(holder, SIGKILL);
    ::_exit(0);
  }
  EditLock lock;
  std::string err;
  EXPECT_TRUE(lock.acquire(dir.path(), std::chrono::milliseconds(5000), err)) << err;
  ::waitpid(killer, nullptr, 0);
  ::waitpid(holder, nullptr, 0);
}

TEST(EditLock, AMissingDirectoryIsAClearError) {
  EditLock lock;
  std::string err;
  EXPECT_FALSE(lock.acquire("/nonexistent/pfmulti-test", std::chrono::milliseconds(0), err));
  EXPECT_EQ(err,
            "cannot open the edit lock /nonexistent/pfmulti-test/.pfmulti.lock: No such file or "
            "directory");
}

}  // namespace
}  // namespace pfmulti
