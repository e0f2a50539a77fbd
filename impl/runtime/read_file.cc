// Reading a whole file or descriptor (see read_file.h).
#include "impl/runtime/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace pfmulti {
namespace {

// Reads fd to its end into *bytes, which holds `used` bytes already; grows the string by
// doubling (from 64 KiB) only when the capacity it has is filled. More than `limit` bytes:
// kFileTooLarge (bytes then holds what came before). expected: the size fstat gave a regular
// file (0: unknown); once exactly that many bytes are in, the file is read as it was when the
// read returned them, and the read that would see end of file is not made (one read(2) per
// main.cf instead of two). A file that grew meanwhile fills the extra byte the buffer has and
// is read on to its end.
int read_rest(int fd, std::string* bytes, size_t limit, size_t expected = 0) {
  size_t used = bytes->size();
  for (;;) {
    if (expected > 0 && used == expected) break;
    if (used > limit) {
      bytes->resize(used);
      return kFileTooLarge;
    }
    if (bytes->capacity() == used)
      bytes->reserve(std::min(std::max<size_t>(2 * bytes->capacity(), 65536), limit + 1));
    bytes->resize(std::max(bytes->capacity(), used + 1));
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

std::string FileBytes::reason() const {
  switch (error) {
    case kNotRegularFile:
      return "not a regular file";
    case kFileTooLarge:
      return "File too large (more than " + std::to_string(kMaxFileBytes) + " bytes)";
    default:
      return std::strerror(error);
  }
}

FileBytes read_file(const std::string& path) {
  FileBytes out;
  // O_NONBLOCK: opening a FIFO with no writer must not wait for one (R121); O_NOCTTY: a
  // terminal device never becomes our controlling terminal. Regular files ignore both.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    out.error = errno;
    return out;
  }
  out.opened = true;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    out.error = errno;
  } else if (S_ISDIR(st.st_mode)) {
    out.error = EISDIR;  // what read(2) would say, and postconf's "read ...: Is a directory"
  } else if (!S_ISREG(st.st_mode)) {
    out.error = kNotRegularFile;
  } else if (st.st_size > 0 && static_cast<unsigned long long>(st.st_size) > kMaxFileBytes) {
    out.error = kFileTooLarge;
  } else {
    // Read straight into the string, sized from fstat (one copy of the bytes, not a copy per
    // 64 KiB chunk plus the doublings); the + 1 lets the read that sees end of file fit.
    if (st.st_size > 0) out.bytes.reserve(static_cast<size_t>(st.st_size) + 1);
    out.error = read_rest(fd, &out.bytes, kMaxFileBytes, static_cast<size_t>(st.st_size));
  }
  ::close(fd);
  if (out.error) out.bytes.clear();
  return out;
}

int read_fd(int fd, std::string* bytes) { return read_rest(fd, bytes, SIZE_MAX - 1); }

std::optional<std::string> read_whole_file(const std::string& path) {
  FileBytes f = read_file(path);
  if (!f.ok()) return std::nullopt;
  return std::move(f.bytes);
}

}  // namespace pfmulti
