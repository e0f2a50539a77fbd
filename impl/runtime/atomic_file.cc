// Crash-safe file replacement that loses no concurrent writer's bytes (see atomic_file.h).
#include "impl/runtime/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "model/text/strings.h"

namespace pfmulti {
namespace {

std::string sys_error(int err) { return std::strerror(err); }

// The whole file behind fd, read from its start; nullopt when it cannot be read.
std::optional<std::string> read_from_start(int fd) {
  if (::lseek(fd, 0, SEEK_SET) < 0) return std::nullopt;
  std::string bytes;
  if (read_fd(fd, &bytes) != 0) return std::nullopt;
  return bytes;
}

// True once no process holds fd's file open for writing: a read lease (fcntl F_SETLEASE) can be
// taken only then. Waits up to `limit` for writers to close it. False when that cannot be told
// (leases refused: not the owner, leases disabled) or the limit passed.
bool no_writer_holds(int fd, std::chrono::milliseconds limit) {
  // A lease break (another open for writing while we hold it, for microseconds) signals the
  // holder; SIGURG is ignored by default, SIGIO would end the process.
  if (::fcntl(fd, F_SETSIG, SIGURG) < 0) return false;
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (::fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
      ::fcntl(fd, F_SETLEASE, F_UNLCK);
      return true;
    }
    if (errno != EAGAIN && errno != EBUSY) return false;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// Descriptor guard for the old file, kept open across the rename.
struct OldFile {
  int fd = -1;
  ~OldFile() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string atomic_temp_path(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "." + path + ".pfmulti-new";
  return path.substr(0, slash + 1) + "." + path.substr(slash + 1) + ".pfmulti-new";
}

std::string atomic_write(FileOps& ops, const AtomicWrite& w, bool* changed_by_other,
                         std::string* written) {
  const std::string& path = w.path;
  // base: what the file holds now as far as we know; bytes: what we will write. Bytes another
  // writer appends to base are appended to ours too (a merge: as if written a moment later).
  std::string base = w.expected.value_or(std::string());
  std::string bytes = w.bytes;
  auto merge = [&](const std::string& now) {
    if (now.size() <= base.size() || now.compare(0, base.size(), base) != 0) return false;
    bytes += now.substr(base.size());
    base = now;
    return true;
  };
  auto changed = [&](std::string message) {
    if (changed_by_other) *changed_by_other = true;
    return message;
  };
  struct stat old {};
  bool exists = ops.lstat(path, &old) == 0;
  if (!exists && errno != ENOENT) return fmt::format("stat {}: {}", path, sys_error(errno));
  if (exists && !S_ISREG(old.st_mode))
    return fmt::format("{} is not a regular file; not replaced", path);
  OldFile old_file;
  if (w.expected) {
    if (!exists)
      return changed(
          fmt::format("{} disappeared while pfmulti was planning; nothing written", path));
    // Kept open until after the rename: a writer that had the old file open is seen there.
    old_file.fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (old_file.fd < 0) return fmt::format("open {}: {}", path, sys_error(errno));
    struct stat opened {};
    if (::fstat(old_file.fd, &opened) < 0 || opened.st_ino != old.st_ino ||
        opened.st_dev != old.st_dev)
      return changed(fmt::format("{} changed while pfmulti was planning; nothing written", path));
    auto now = read_from_start(old_file.fd);
    if (!now) return fmt::format("read {}: {}", path, sys_error(errno));
    if (*now != base && !merge(*now))
      return changed(fmt::format("{} changed while pfmulti was planning; nothing written", path));
  } else if (exists) {
    return changed(fmt::format("{} appeared while pfmulti was planning; nothing written", path));
  }

  const std::string tmp = atomic_temp_path(path);
  struct stat stale {};
  if (ops.lstat(tmp, &stale) == 0) {
    if (ops.unlink(tmp) < 0) return fmt::format("remove stale {}: {}", tmp, sys_error(errno));
  } else if (errno != ENOENT) {
    return fmt::format("stat {}: {}; {} is unchanged", tmp, sys_error(errno), path);
  }
  int fd = ops.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  if (fd < 0)
    return fmt::format("cannot create the temporary file {} to replace {}: {}; {} is unchanged",
                       tmp, path, sys_error(errno), path);

  auto abandon = [&](std::string what, int err, bool fd_open) {
    if (fd_open) ops.close(fd);
    ops.unlink(tmp);
    return fmt::format("{} {}: {}; {} is unchanged", what, tmp, sys_error(err), path);
  };
  const mode_t mode = exists ? (old.st_mode & 07777) : w.mode_if_new;
  for (int round = 0;; ++round) {
    const char* data = bytes.data();
    size_t left = bytes.size();
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
    if (ops.fchmod(fd, mode) < 0) return abandon("keep mode on", errno, true);
    if (ops.fsync(fd) < 0) return abandon("fsync", errno, true);
    if (ops.close(fd) < 0) return abandon("close", errno, false);

    // The last look before the rename: the same file, the same bytes (or bytes appended: then
    // the temporary file is written again with them, a few times at most).
    if (w.expected) {
      struct stat again {};
      auto now = read_from_start(old_file.fd);
      bool same_file = ops.lstat(path, &again) == 0 && again.st_ino == old.st_ino &&
                       again.st_dev == old.st_dev && now;
      if (same_file && *now != base && round < 8 && merge(*now)) {
        ops.unlink(tmp);
        fd = ops.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
        if (fd < 0)
          return fmt::format(
              "cannot create the temporary file {} to replace {}: {}; {} is "
              "unchanged",
              tmp, path, sys_error(errno), path);
        continue;
      }
      if (!same_file || *now != base) {
        ops.unlink(tmp);
        return changed(
            fmt::format("{} was changed by another process while pfmulti wrote it; nothing "
                        "written",
                        path));
      }
    }
    break;
  }
  if (ops.rename(tmp, path, /*noreplace=*/!exists) < 0) return abandon("rename", errno, false);

  // After the rename: a writer that opened the old file before it may still write there. Wait
  // until none holds it open for writing, then look: appended bytes are appended to the new
  // file (as if they had been written a moment later); any other change puts the other
  // writer's version back and fails.
  if (w.expected) {
    no_writer_holds(old_file.fd, std::chrono::milliseconds(2000));
    auto now = read_from_start(old_file.fd);
    if (now && *now != *w.expected) {
      if (now->size() > w.expected->size() &&
          now->compare(0, w.expected->size(), *w.expected) == 0) {
        std::string suffix = now->substr(w.expected->size());
        int afd = ops.open(path, O_WRONLY | O_APPEND | O_NOFOLLOW, 0);
        bool ok = afd >= 0;
        if (ok) {
          const char* p = suffix.data();
          size_t n_left = suffix.size();
          while (ok && n_left > 0) {
            ssize_t n = ops.write(afd, p, n_left);
            if (n <= 0)
              ok = false;
            else
              p += n, n_left -= static_cast<size_t>(n);
          }
          ok = ops.fsync(afd) == 0 && ok;
          ok = ops.close(afd) == 0 && ok;
        }
        if (!ok)
          return fmt::format(
              "{} was appended to by another process while pfmulti replaced it, "
              "and its lines could not be carried over: {}",
              path, sys_error(errno));
      } else {
        std::string back = atomic_write(ops, {path, bytes, *now, mode});
        if (!back.empty())
          return fmt::format(
              "{} was changed by another process while pfmulti replaced it, and "
              "its version could not be put back: {}",
              path, back);
        return fmt::format(
            "{} was changed by another process while pfmulti replaced it; the "
            "other process's version is back in place, pfmulti's edit is not",
            path);
      }
    }
  }
  if (ops.fsync_directory(path_dirname(path)) < 0)
    return fmt::format("fsync {}: {}; the new {} is in place but may not survive a crash",
                       path_dirname(path), sys_error(errno), path);
  if (written) *written = bytes;
  return {};
}

}  // namespace pfmulti
