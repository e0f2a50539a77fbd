// Crash-safe file replacement (see atomic_file.h).
#include "impl/runtime/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "model/text/strings.h"

namespace pfmulti {
namespace {

std::string sys_error(int err) { return std::strerror(err); }

}  // namespace

std::string atomic_temp_path(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "." + path + ".pfmulti-new";
  return path.substr(0, slash + 1) + "." + path.substr(slash + 1) + ".pfmulti-new";
}

std::string atomic_write(FileOps& ops, const AtomicWrite& w) {
  const std::string& path = w.path;
  struct stat old {};
  bool exists = ops.lstat(path, &old) == 0;
  if (!exists && errno != ENOENT) return fmt::format("stat {}: {}", path, sys_error(errno));
  if (exists && !S_ISREG(old.st_mode))
    return fmt::format("{} is not a regular file; not replaced", path);
  if (w.expected) {
    if (!exists)
      return fmt::format("{} disappeared while pfmulti was planning; nothing written", path);
    auto now = read_whole_file(path);
    if (!now) return fmt::format("read {}: {}", path, sys_error(errno));
    if (*now != *w.expected)
      return fmt::format("{} changed while pfmulti was planning; nothing written", path);
  } else if (exists) {
    return fmt::format("{} appeared while pfmulti was planning; nothing written", path);
  }

  const std::string tmp = atomic_temp_path(path);
  if (ops.unlink(tmp) < 0 && errno != ENOENT)
    return fmt::format("remove stale {}: {}", tmp, sys_error(errno));
  int fd = ops.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0) return fmt::format("create {}: {}", tmp, sys_error(errno));

  auto abandon = [&](std::string what, int err, bool fd_open) {
    if (fd_open) ops.close(fd);
    ops.unlink(tmp);
    return fmt::format("{} {}: {}; {} is unchanged", what, tmp, sys_error(err), path);
  };
  const char* data = w.bytes.data();
  size_t left = w.bytes.size();
  while (left > 0) {
    ssize_t n = ops.write(fd, data, left);
    if (n < 0) return abandon("write", errno, true);
    if (n == 0) return abandon("write", EIO, true);
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (exists && (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) &&
      ops.fchown(fd, old.st_uid, old.st_gid) < 0)
    return abandon("keep owner on", errno, true);
  mode_t mode = exists ? (old.st_mode & 07777) : w.mode_if_new;
  if (ops.fchmod(fd, mode) < 0) return abandon("keep mode on", errno, true);
  if (ops.fsync(fd) < 0) return abandon("fsync", errno, true);
  if (ops.close(fd) < 0) return abandon("close", errno, false);
  if (ops.rename(tmp, path, /*noreplace=*/!exists) < 0) return abandon("rename", errno, false);
  if (ops.fsync_directory(path_dirname(path)) < 0)
    return fmt::format("fsync {}: {}; the new {} is in place but may not survive a crash",
                       path_dirname(path), sys_error(errno), path);
  return {};
}

}  // namespace pfmulti
