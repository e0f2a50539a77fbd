// The real file system (see file_system.h). Reads go through read_file (read_file.h): open and
// read directly, so that errno gives the exact reason to quote.
#include "impl/runtime/file_system.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "impl/runtime/read_file.h"

namespace pfmulti {

FileContent RealFileSystem::read(const std::string& path) {
  FileBytes f = read_file(path);
  if (f.ok()) return std::move(f.bytes);
  if (!f.opened && (f.error == ENOENT || f.error == ENOTDIR))
    return FileAbsent{std::strerror(f.error)};
  return FileUnreadable{f.reason()};
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
