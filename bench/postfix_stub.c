/* The `postfix` stand-in of the multi-instance benchmark: exits 0 at once, so that a wrapper's
 * run costs only its own work plus N+1 fork/execs of this program (the floor). Built static.
 * Compiled with -DPFBENCH_LOG it also appends one line per run to "<its own path>.log" when that
 * file exists: MAIL_CONFIG (or "-") and its arguments, tab-separated. The benchmark uses the
 * logging build once per implementation to check that every implementation ran the same
 * commands on the same instances, and the silent build for timing. */
#ifdef PFBENCH_LOG
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void log_run(int argc, char** argv) {
  char path[4096];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 5);
  if (n <= 0) return;
  memcpy(path + n, ".log", 5);
  int fd = open(path, O_WRONLY | O_APPEND);
  if (fd < 0) return;
  char line[8192];
  size_t len = 0;
  const char* mail_config = getenv("MAIL_CONFIG");
  const char* first = mail_config ? mail_config : "-";
  size_t k = strlen(first);
  if (k < sizeof line) {
    memcpy(line, first, k);
    len = k;
  }
  for (int i = 1; i < argc; ++i) {
    k = strlen(argv[i]);
    if (len + 1 + k + 1 >= sizeof line) break;
    line[len++] = '\t';
    memcpy(line + len, argv[i], k);
    len += k;
  }
  line[len++] = '\n';
  (void)!write(fd, line, len); /* one write: O_APPEND keeps lines whole */
  close(fd);
}
#endif

int main(int argc, char** argv) {
#ifdef PFBENCH_LOG
  log_run(argc, argv);
#else
  (void)argc;
  (void)argv;
#endif
  return 0;
}
