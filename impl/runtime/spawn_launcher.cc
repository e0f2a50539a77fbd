// The clone behind SpawnLauncher (see spawn_launcher.h). The child runs on a stack of its own,
// mapped once (with a guard page) and reused: CLONE_VFORK suspends the parent until the child
// has exec'd or exited, so one child at a time uses it. The child shares our memory, so it
// calls nothing that allocates, locks or is intercepted (sanitizers wrap sigaction and execve):
// raw system calls only, and errno is read back by the parent, which is suspended meanwhile.
// Without CLONE_PIDFD the parent asks pidfd_open for one; without that either, it returns no
// pidfd and the runner waits for the child on SIGCHLD (spec/rules.md R192).
#include "impl/runtime/spawn_launcher.h"

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "impl/runtime/caught_signals.h"

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000  // Linux 5.2
#endif

namespace pfmulti {
namespace {

constexpr size_t kStackSize = 64 * 1024;
constexpr size_t kKernelSigsetSize = _NSIG / 8;

// The kernel's struct sigaction for rt_sigaction (no restorer: only SIG_DFL is ever set).
struct KernelSigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)();
  unsigned long mask;
};
static_assert(kKernelSigsetSize == sizeof(unsigned long));

struct ChildArgs {
  const SpawnRequest* request;
  sigset_t restore_mask;  // the parent's mask before the clone: the program starts with it
  int error;              // the child's execve errno; 0 when the exec happened
};

// Points at the top of the child stack (the stack grows down on every Linux pfmulti runs on).
char* child_stack_top() {
  static char* top = [] {
    size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    void* base = ::mmap(nullptr, kStackSize + page, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) return static_cast<char*>(nullptr);
    ::mprotect(base, page, PROT_NONE);  // the guard page below the stack
    return static_cast<char*>(base) + page + kStackSize;
  }();
  return top;
}

long raw(long number, long a = 0, long b = 0, long c = 0, long d = 0) {
  return ::syscall(number, a, b, c, d);
}

// The child: caught signals to SIG_DFL while every signal is still blocked, the dup3s, the
// parent's mask back, execve. Nothing here may touch the sanitizers' shadow state.
__attribute__((no_sanitize("address", "undefined"))) int child_main(void* p) {
  auto* args = static_cast<ChildArgs*>(p);
  const SpawnRequest& r = *args->request;
  for (int signo : kCaughtSignals) {
    KernelSigaction old{};
    if (raw(SYS_rt_sigaction, signo, 0, reinterpret_cast<long>(&old), kKernelSigsetSize) == 0 &&
        old.handler != SIG_DFL && old.handler != SIG_IGN) {
      KernelSigaction dfl{};
      dfl.handler = SIG_DFL;
      raw(SYS_rt_sigaction, signo, reinterpret_cast<long>(&dfl), 0, kKernelSigsetSize);
    }
  }
  const int wanted[2][2] = {{r.stdout_fd, 1}, {r.stderr_fd, 2}};
  for (const auto& [from, to] : wanted) {
    if (from < 0) continue;
    // dup3 (there is no dup2 system call on arm64) refuses a descriptor onto itself, which
    // would keep close-on-exec anyway: clear the flag instead.
    long rc = from == to ? raw(SYS_fcntl, from, F_SETFD, 0) : raw(SYS_dup3, from, to, 0);
    if (rc < 0) {
      args->error = errno;
      raw(SYS_exit_group, 127);
    }
  }
  raw(SYS_rt_sigprocmask, SIG_SETMASK, reinterpret_cast<long>(&args->restore_mask), 0,
      kKernelSigsetSize);
  raw(SYS_execve, reinterpret_cast<long>(r.path), reinterpret_cast<long>(r.argv),
      reinterpret_cast<long>(r.envp));
  args->error = errno;
  raw(SYS_exit_group, 127);
  return 127;
}

// Decided once per process, at the first refusal, as a kernel or a seccomp policy will not
// change its mind: CLONE_PIDFD refused (EINVAL before Linux 5.2; ENOSYS or EPERM from a seccomp
// filter), pidfd_open refused (ENOSYS before Linux 5.3, or a filter's ENOSYS or EPERM).
bool g_no_clone_pidfd = false;
bool g_no_pidfd_open = false;

bool refused(int error) { return error == EINVAL || error == ENOSYS || error == EPERM; }

// A pidfd for a child cloned without CLONE_PIDFD (still unreaped, so pid names it), or -1.
int open_pidfd(pid_t pid) {
  if (g_no_pidfd_open) return -1;
  int saved_errno = errno;
  long fd = raw(SYS_pidfd_open, pid, 0);
  if (fd < 0 && (errno == ENOSYS || errno == EPERM)) g_no_pidfd_open = true;
  errno = saved_errno;
  return fd < 0 ? -1 : static_cast<int>(fd);
}

}  // namespace

Spawned spawn_child(const SpawnRequest& request) {
  Spawned out;
  char* stack = child_stack_top();
  if (stack == nullptr) {
    out.error = ENOMEM;
    return out;
  }
  int saved_errno = errno;
  ChildArgs args{&request, {}, 0};
  sigset_t all;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, &args.restore_mask);
  int pidfd = -1;
  int flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
  pid_t pid = -1;
  int clone_errno = 0;
  bool without_pidfd = g_no_clone_pidfd;
  if (!without_pidfd) {
    pid = ::clone(child_main, stack, flags | CLONE_PIDFD, &args, &pidfd);
    without_pidfd = pid < 0 && refused(errno);
  }
  if (without_pidfd && pid < 0) {
    pidfd = -1;
    pid = ::clone(child_main, stack, flags, &args);
    if (pid >= 0) g_no_clone_pidfd = true;  // the plain clone works: CLONE_PIDFD was the refusal
  }
  if (pid < 0) clone_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &args.restore_mask, nullptr);
  errno = saved_errno;
  if (pid < 0) {
    out.error = clone_errno;
    return out;
  }
  if (args.error != 0) {  // the child has exited already (CLONE_VFORK): reap it
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (pidfd >= 0) ::close(pidfd);
    errno = saved_errno;
    out.error = args.error;
    return out;
  }
  out.pid = pid;
  out.pidfd = pidfd >= 0 || !without_pidfd ? pidfd : open_pidfd(pid);
  return out;
}

}  // namespace pfmulti
