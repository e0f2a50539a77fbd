// POSIX file operations and the fault-injecting wrapper (see file_ops.h).
#include "impl/runtime/file_ops.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>

namespace pfmulti {

int PosixFileOps::open(const std::string& path, int flags, mode_t mode) {
  int fd;
  do fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  while (fd < 0 && errno == EINTR);
  return fd;
}
ssize_t PosixFileOps::write(int fd, const void* data, size_t size) {
  ssize_t n;
  do n = ::write(fd, data, size);
  while (n < 0 && errno == EINTR);
  return n;
}
int PosixFileOps::fsync(int fd) { return ::fsync(fd); }
int PosixFileOps::fchmod(int fd, mode_t mode) { return ::fchmod(fd, mode); }
int PosixFileOps::fchown(int fd, uid_t uid, gid_t gid) { return ::fchown(fd, uid, gid); }
int PosixFileOps::close(int fd) { return ::close(fd); }
int PosixFileOps::symlink(const std::string& target, const std::string& path) {
  return ::symlink(target.c_str(), path.c_str());
}
int PosixFileOps::rename(const std::string& from, const std::string& to, bool noreplace) {
  if (noreplace) return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  return ::rename(from.c_str(), to.c_str());
}
int PosixFileOps::unlink(const std::string& path) { return ::unlink(path.c_str()); }
int PosixFileOps::mkdir(const std::string& path, mode_t mode) {
  return ::mkdir(path.c_str(), mode);
}
int PosixFileOps::rmdir(const std::string& path) { return ::rmdir(path.c_str()); }
int PosixFileOps::chmod(const std::string& path, mode_t mode) {
  return ::chmod(path.c_str(), mode);
}
int PosixFileOps::fsync_directory(const std::string& dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY, 0);
  if (fd < 0) return -1;
  int r = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  errno = saved;
  return r;
}
int PosixFileOps::lstat(const std::string& path, struct stat* st) {
  return ::lstat(path.c_str(), st);
}

bool FaultyFileOps::step(const std::string& call) {
  steps.push_back(call);
  int n = static_cast<int>(steps.size());
  if (on_step) on_step(n, call);
  if (n == fail_at) {
    errno = fail_errno;
    return false;
  }
  return true;
}

int FaultyFileOps::open(const std::string& path, int flags, mode_t mode) {
  if (!step("open " + path)) return -1;
  return real_.open(path, flags, mode);
}
ssize_t FaultyFileOps::write(int fd, const void* data, size_t size) {
  if (!step("write")) return -1;
  return real_.write(fd, data, size);
}
int FaultyFileOps::fsync(int fd) {
  if (!step("fsync")) return -1;
  return real_.fsync(fd);
}
int FaultyFileOps::fchmod(int fd, mode_t mode) {
  if (!step("fchmod")) return -1;
  return real_.fchmod(fd, mode);
}
int FaultyFileOps::fchown(int fd, uid_t uid, gid_t gid) {
  if (!step("fchown")) return -1;
  return real_.fchown(fd, uid, gid);
}
int FaultyFileOps::close(int fd) {
  // A close that "fails" still releases the descriptor, as close(2) does on Linux.
  bool ok = step("close");
  int r = real_.close(fd);
  if (!ok) {
    errno = fail_errno;
    return -1;
  }
  return r;
}
int FaultyFileOps::symlink(const std::string& target, const std::string& path) {
  if (!step("symlink " + target + " " + path)) return -1;
  return real_.symlink(target, path);
}
int FaultyFileOps::rename(const std::string& from, const std::string& to, bool noreplace) {
  if (!step("rename " + from + " " + to)) return -1;
  return real_.rename(from, to, noreplace);
}
int FaultyFileOps::unlink(const std::string& path) {
  if (!step("unlink " + path)) return -1;
  return real_.unlink(path);
}
int FaultyFileOps::mkdir(const std::string& path, mode_t mode) {
  if (!step("mkdir " + path)) return -1;
  return real_.mkdir(path, mode);
}
int FaultyFileOps::rmdir(const std::string& path) {
  if (!step("rmdir " + path)) return -1;
  return real_.rmdir(path);
}
int FaultyFileOps::chmod(const std::string& path, mode_t mode) {
  if (!step("chmod " + path)) return -1;
  return real_.chmod(path, mode);
}
int FaultyFileOps::fsync_directory(const std::string& dir) {
  if (!step("fsync_directory " + dir)) return -1;
  return real_.fsync_directory(dir);
}

}  // namespace pfmulti
