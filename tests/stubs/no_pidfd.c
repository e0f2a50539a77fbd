/* A kernel without pidfds, for the tests of spec/rules.md R192 (tests/no_pidfd.cmake builds it):
 * `no_pidfd PROGRAM ARGS...` installs a seccomp filter, then execs PROGRAM with ARGS (PATH is
 * searched). Under the filter, and in every process started from there (a filter is inherited
 * across fork and execve), clone with the CLONE_PIDFD flag fails with EINVAL (as before Linux
 * 5.2), clone3 with ENOSYS (before 5.3; glibc then falls back to clone), and pidfd_open,
 * pidfd_send_signal and pidfd_getfd with ENOSYS (before 5.3/5.1/5.6). Sets PFMULTI_NO_PIDFD=1
 * in the environment so that a test can tell it runs here. Where seccomp filters are not
 * available it prints SKIPPED and exits 77 (ctest's skip code); 2 for a usage error. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "no_pidfd: add this architecture's AUDIT_ARCH_ value"
#endif

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

/* The low 32 bits of clone's first argument, its flags (little-endian on both architectures). */
#define CLONE_FLAGS_LOW offsetof(struct seccomp_data, args[0])

#define DENY(errno_value) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (errno_value))
#define ON_SYSCALL_DENY(nr, errno_value) \
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), DENY(errno_value)

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: no_pidfd PROGRAM [ARGS...]\n");
    return 2;
  }
  struct sock_filter filter[] = {
      /* Another architecture's system call numbers mean other calls: allow them. */
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      ON_SYSCALL_DENY(SYS_clone3, ENOSYS),
      ON_SYSCALL_DENY(SYS_pidfd_open, ENOSYS),
      ON_SYSCALL_DENY(SYS_pidfd_send_signal, ENOSYS),
      ON_SYSCALL_DENY(SYS_pidfd_getfd, ENOSYS),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, CLONE_FLAGS_LOW),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_PIDFD, 0, 1),
      DENY(EINVAL),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog program = {(unsigned short)(sizeof filter / sizeof filter[0]), filter};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
    printf("SKIPPED: no seccomp filters here (%s): cannot play a kernel without pidfds\n",
           strerror(errno));
    fprintf(stderr, "SKIPPED: no seccomp filters here (%s)\n", strerror(errno));
    return 77;
  }
  /* The filter must be in force, else every test under it would pass for the wrong reason. */
  if (syscall(SYS_pidfd_open, getpid(), 0) != -1 || errno != ENOSYS) {
    fprintf(stderr, "no_pidfd: pidfd_open still works under the filter\n");
    return 2;
  }
  setenv("PFMULTI_NO_PIDFD", "1", 1);
  execvp(argv[1], argv + 1);
  fprintf(stderr, "no_pidfd: %s: %s\n", argv[1], strerror(errno));
  return 127;
}
