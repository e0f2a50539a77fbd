// Reading a whole file or descriptor (see read_file.h).
#include "impl/runtime/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace pfmulti {
namespace {

// Reads fd to its end into *bytes, which holds `used` bytes already; grows the string by
// doubling (from 64 KiB) only when the capacity it has is filled.
int read_rest(int fd, std::string* bytes) {
  size_t used = bytes->size();
  for (;;) {
    if (bytes->capacity() == used) bytes->reserve(std::max<size_t>(2 * bytes->capacity(), 65536));
    bytes->resize(bytes->capacity());
    ssize_t n = ::read(fd, bytes->data() + used, bytes->size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      bytes->resize(used);
      return err;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  bytes->resize(used);
  return 0;
}

}  // namespace

FileBytes read_file(const std::string& path) {
  FileBytes out;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    out.error = errno;
    return out;
  }
  out.opened = true;
  // Read straight into the string, sized from fstat (one copy of the bytes, not a copy per
  // 64 KiB chunk plus the doublings); the + 1 lets the read that sees end of file fit.
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    out.bytes.reserve(static_cast<size_t>(st.st_size) + 1);
  out.error = read_rest(fd, &out.bytes);
  ::close(fd);
  if (out.error) out.bytes.clear();
  return out;
}

int read_fd(int fd, std::string* bytes) { return read_rest(fd, bytes); }

std::optional<std::string> read_whole_file(const std::string& path) {
  FileBytes f = read_file(path);
  if (!f.ok()) return std::nullopt;
  return std::move(f.bytes);
}

}  // namespace pfmulti
