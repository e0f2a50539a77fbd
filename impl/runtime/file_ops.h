// The file-changing system calls pfmulti's life-cycle mode makes, behind an interface so that
// tests can make any one of them fail (FaultyFileOps) or kill the process at that very call. The
// atomic writer (impl/runtime/atomic_file.h) and the life-cycle executor
// (impl/runtime/lifecycle_executor.h) use nothing else to change the disk. POSIX conventions: -1
// with errno set on failure.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace pfmulti {

class FileOps {
 public:
  virtual ~FileOps() = default;
  virtual int open(const std::string& path, int flags, mode_t mode) = 0;  // fd
  virtual ssize_t write(int fd, const void* data, size_t size) = 0;
  virtual int fsync(int fd) = 0;
  virtual int fchmod(int fd, mode_t mode) = 0;
  virtual int fchown(int fd, uid_t uid, gid_t gid) = 0;
  virtual int close(int fd) = 0;
  // noreplace: fail with EEXIST when `to` exists (renameat2 RENAME_NOREPLACE).
  virtual int rename(const std::string& from, const std::string& to, bool noreplace) = 0;
  virtual int unlink(const std::string& path) = 0;
  virtual int mkdir(const std::string& path, mode_t mode) = 0;
  virtual int rmdir(const std::string& path) = 0;
  virtual int chmod(const std::string& path, mode_t mode) = 0;
  // open(O_DIRECTORY) + fsync + close: makes a rename or an unlink in dir durable.
  virtual int fsync_directory(const std::string& dir) = 0;
  virtual int lstat(const std::string& path, struct stat* st) = 0;
  // symlink(2): a link at path whose text is target (the systemd generator's .wants links).
  virtual int symlink(const std::string& target, const std::string& path) = 0;
};

class PosixFileOps final : public FileOps {
 public:
  int open(const std::string& path, int flags, mode_t mode) override;
  ssize_t write(int fd, const void* data, size_t size) override;
  int fsync(int fd) override;
  int fchmod(int fd, mode_t mode) override;
  int fchown(int fd, uid_t uid, gid_t gid) override;
  int close(int fd) override;
  int rename(const std::string& from, const std::string& to, bool noreplace) override;
  int unlink(const std::string& path) override;
  int mkdir(const std::string& path, mode_t mode) override;
  int rmdir(const std::string& path) override;
  int chmod(const std::string& path, mode_t mode) override;
  int fsync_directory(const std::string& dir) override;
  int lstat(const std::string& path, struct stat* st) override;
  int symlink(const std::string& target, const std::string& path) override;
};

// Passes every call to `real`, counting the calls that change or sync something (lstat is not
// counted: it changes nothing). At call number fail_at (1-based) it either fails with
// fail_errno or calls on_step (a test's "kill -9 now"). steps records every counted call.
class FaultyFileOps final : public FileOps {
 public:
  explicit FaultyFileOps(FileOps& real) : real_(real) {}
  int fail_at = 0;                                                 // 0: never
  int fail_errno = 5;                                              // EIO
  std::function<void(int step, const std::string& call)> on_step;  // called before each call
  std::vector<std::string> steps;

  int open(const std::string& path, int flags, mode_t mode) override;
  ssize_t write(int fd, const void* data, size_t size) override;
  int fsync(int fd) override;
  int fchmod(int fd, mode_t mode) override;
  int fchown(int fd, uid_t uid, gid_t gid) override;
  int close(int fd) override;
  int rename(const std::string& from, const std::string& to, bool noreplace) override;
  int unlink(const std::string& path) override;
  int mkdir(const std::string& path, mode_t mode) override;
  int rmdir(const std::string& path) override;
  int chmod(const std::string& path, mode_t mode) override;
  int fsync_directory(const std::string& dir) override;
  int lstat(const std::string& path, struct stat* st) override { return real_.lstat(path, st); }
  int symlink(const std::string& target, const std::string& path) override;

 private:
  bool step(const std::string& call);  // false: fail this call
  FileOps& real_;
};

}  // namespace pfmulti
