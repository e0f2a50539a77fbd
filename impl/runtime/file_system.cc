// The real file system (see file_system.h). Reads use open/read directly: main.cf files are
// small, and errno gives the exact reason to quote.
#include "impl/runtime/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pfmulti {

FileContent RealFileSystem::read(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT || err == ENOTDIR) return FileAbsent{std::strerror(err)};
    return FileUnreadable{std::strerror(err)};
  }
  // Read straight into the string, sized from fstat (one copy of the bytes, not a copy per
  // 64 KiB chunk plus the doublings); files that grow or lie about their size still work.
  std::string data;
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
    data.reserve(static_cast<size_t>(st.st_size) + 1);
  size_t used = 0;
  for (;;) {
    if (data.capacity() == used) data.reserve(std::max<size_t>(2 * data.capacity(), 65536));
    data.resize(data.capacity());
    ssize_t n = ::read(fd, data.data() + used, data.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return FileUnreadable{std::strerror(err)};
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(used);
  return data;
}

bool RealFileSystem::is_directory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<std::vector<std::string>> RealFileSystem::list_directory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return std::nullopt;
  std::vector<std::string> names;
  while (const struct dirent* e = ::readdir(dir)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace pfmulti
