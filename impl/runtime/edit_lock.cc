// The life-cycle edit lock (see edit_lock.h).
#include "impl/runtime/edit_lock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

namespace pfmulti {

std::string edit_lock_path(const std::string& config_directory) {
  return config_directory + "/.pfmulti.lock";
}

EditLock& EditLock::operator=(EditLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

EditLock::~EditLock() {
  if (fd_ >= 0) ::close(fd_);
}

bool EditLock::acquire(const std::string& config_directory, std::chrono::milliseconds wait,
                       std::string& error) {
  std::string path = edit_lock_path(config_directory);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = fmt::format("cannot open the edit lock {}: {}", path, std::strerror(errno));
    return false;
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    struct flock fl {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (::fcntl(fd, F_SETLK, &fl) == 0) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = fd;
      return true;
    }
    if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
      error = fmt::format("cannot lock {}: {}", path, std::strerror(errno));
      ::close(fd);
      return false;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  std::string holder = "another process";
  if (::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK)
    holder = fmt::format("process {}", probe.l_pid);
  ::close(fd);
  error = fmt::format(
      "another pfmulti run is changing the instances: {} holds the edit lock {} (waited {} ms)",
      holder, path, wait.count());
  return false;
}

}  // namespace pfmulti
