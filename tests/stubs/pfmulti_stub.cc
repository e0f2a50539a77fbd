// A small stub program for the executor's tests (tests/executor.cmake builds it). One mode per
// run, chosen by argv[1]:
//   exit N              exit with status N
//   kill SIG            kill itself with signal number SIG
//   hang                sleep until a signal ends it
//   hang-ignoring-term  ignore SIGTERM, then sleep (only SIGKILL ends it)
//   output BYTES        write BYTES bytes to stdout, exit 0 (2 when a write fails)
//   write-stdout        write one line to stdout: exit 0, or 3 when the write fails (EBADF...)
//   signal-parent SIG   send signal SIG to the parent, then sleep until a signal ends it
//   signal-parent-ignoring-term SIG [TIMES]  ignore SIGTERM, send SIG to the parent TIMES times
//                       (default 1) 100 ms apart, then sleep (only SIGKILL ends it)
//   lines COUNT WORD    write COUNT lines "WORD I" to stdout and "WORD err I" to stderr, each
//                       in two writes split inside the line, then "WORD end" without a newline
//   record FILE ARGS... append "argv[0] ARGS... | MAIL_CONFIG" as one line to FILE, exit 0
//   env FILE            write the whole environment to FILE, one NAME=VALUE per line, exit 0
//   argv FILE ARGS...   write argv[0] and each ARG to FILE, one per line, exit 0
//   as-configured       read "exit N" or "kill SIG" from $MAIL_CONFIG/stub-status, write
//                       "out: WHAT" to stdout and "err: WHAT" to stderr, then do WHAT
//   orphan N            start a child that sleeps 200 ms, then exit with status N at once
//                       (the child is an orphan: the subreaper above inherits it)
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

extern char** environ;

namespace {

int sleep_forever() {
  for (;;) pause();
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

int append_line(const char* file, const std::string& line, int flags) {
  int fd = ::open(file, O_WRONLY | O_CREAT | flags, 0644);
  if (fd < 0) return 4;
  std::string text = line + "\n";
  bool ok = write_all(fd, text.data(), text.size());
  ::close(fd);
  return ok ? 0 : 4;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 64;
  std::string mode = argv[1];
  if (mode == "exit" && argc == 3) return std::atoi(argv[2]);
  if (mode == "kill" && argc == 3) {
    int sig = std::atoi(argv[2]);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return 65;
  }
  if (mode == "hang") return sleep_forever();
  if (mode == "as-configured" && argc == 2) {
    const char* config = std::getenv("MAIL_CONFIG");
    if (config == nullptr) return 64;
    FILE* f = std::fopen((std::string(config) + "/stub-status").c_str(), "r");
    char what[16] = "";
    int n = 0;
    if (f == nullptr || std::fscanf(f, "%15s %d", what, &n) != 2) return 64;
    std::fclose(f);
    std::string line = std::string(what) + " " + std::to_string(n) + "\n";
    if (!write_all(1, ("out: " + line).data(), line.size() + 5) ||
        !write_all(2, ("err: " + line).data(), line.size() + 5))
      return 2;
    if (std::string(what) == "kill") {
      ::signal(n, SIG_DFL);
      ::raise(n);
      return 65;
    }
    return n;
  }
  if (mode == "orphan" && argc == 3) {
    if (::fork() == 0) {
      ::usleep(200 * 1000);
      ::_exit(0);
    }
    return std::atoi(argv[2]);
  }
  if (mode == "hang-ignoring-term") {
    ::signal(SIGTERM, SIG_IGN);
    return sleep_forever();
  }
  if (mode == "output" && argc == 3) {
    long long left = std::atoll(argv[2]);
    std::string block(65536, 'x');
    while (left > 0) {
      size_t n =
          left < static_cast<long long>(block.size()) ? static_cast<size_t>(left) : block.size();
      if (!write_all(1, block.data(), n)) return 2;
      left -= static_cast<long long>(n);
    }
    return 0;
  }
  if (mode == "write-stdout") return write_all(1, "stub output\n", 12) ? 0 : 3;
  if (mode == "signal-parent" && argc == 3) {
    ::kill(::getppid(), std::atoi(argv[2]));
    return sleep_forever();
  }
  if (mode == "signal-parent-ignoring-term" && argc >= 3) {
    ::signal(SIGTERM, SIG_IGN);
    int times = argc >= 4 ? std::atoi(argv[3]) : 1;
    for (int i = 0; i < times; ++i) {
      if (i) ::usleep(100 * 1000);
      ::kill(::getppid(), std::atoi(argv[2]));
    }
    return sleep_forever();
  }
  if (mode == "lines" && argc == 4) {
    int count = std::atoi(argv[2]);
    std::string word = argv[3];
    for (int i = 0; i < count; ++i) {
      for (int fd : {1, 2}) {
        std::string line = word + (fd == 2 ? " err " : " ") + std::to_string(i) + "\n";
        size_t half = line.size() / 2;
        if (!write_all(fd, line.data(), half)) return 2;
        ::usleep(200);
        if (!write_all(fd, line.data() + half, line.size() - half)) return 2;
      }
    }
    std::string last = word + " end";
    return write_all(1, last.data(), last.size()) ? 0 : 2;
  }
  if (mode == "record" && argc >= 3) {
    std::string line = argv[0];
    for (int i = 3; i < argc; ++i) line += std::string(" ") + argv[i];
    const char* mc = std::getenv("MAIL_CONFIG");
    line += std::string(" | ") + (mc ? mc : "(unset)");
    return append_line(argv[2], line, O_APPEND);
  }
  if (mode == "env" && argc == 3) {
    std::string text;
    for (char** e = environ; e && *e; ++e) text += std::string(*e) + "\n";
    if (!text.empty()) text.pop_back();
    return append_line(argv[2], text, O_TRUNC);
  }
  if (mode == "argv" && argc >= 3) {
    std::string text = argv[0];
    for (int i = 3; i < argc; ++i) text += std::string("\n") + argv[i];
    return append_line(argv[2], text, O_TRUNC);
  }
  return 64;
}
