// Signal names and the standard descriptors (see signals.h).
#include "impl/runtime/signals.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace pfmulti {

std::string signal_name(int signo) {
  if (const char* abbrev = ::sigabbrev_np(signo)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", signo);
}

bool ensure_standard_fds() {
  for (int fd = 0; fd < 3; ++fd) {
    struct stat st;
    if (::fstat(fd, &st) == 0) continue;
    int got = ::open("/dev/null", O_RDWR);
    if (got != fd) {
      if (got >= 0) ::close(got);
      return false;
    }
  }
  return true;
}

}  // namespace pfmulti
