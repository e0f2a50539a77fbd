// The life-cycle edit lock: an fcntl(2) write lock on ".pfmulti.lock" in the primary instance's
// configuration directory, held while pfmulti reads the instances, plans and carries out a
// life-cycle action, so that two runs never edit main.cf files at once (postmulti has no lock:
// "XXX: No multi.cf lock file, so this is not race-free"). A second run waits briefly, then
// fails with a message naming the lock file and the process holding it. The lock goes with the
// process: a run killed with -9 never leaves it held.
#pragma once

#include <chrono>
#include <string>

namespace pfmulti {

class EditLock {
 public:
  EditLock() = default;
  EditLock(EditLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  EditLock& operator=(EditLock&& other) noexcept;
  EditLock(const EditLock&) = delete;
  EditLock& operator=(const EditLock&) = delete;
  ~EditLock();

  // Takes the lock, waiting up to `wait`. On failure returns false and sets error to one line.
  bool acquire(const std::string& config_directory, std::chrono::milliseconds wait,
               std::string& error);
  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

std::string edit_lock_path(const std::string& config_directory);

}  // namespace pfmulti
