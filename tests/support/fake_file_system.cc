// The recording fake file system (see fake_file_system.h).
#include "tests/support/fake_file_system.h"

#include <algorithm>
#include <set>

namespace pfmulti {

FileContent FakeFileSystem::read(const std::string& path) {
  reads.push_back(path);
  auto it = files.find(path);
  if (it == files.end()) return FileAbsent{"No such file or directory"};
  return it->second;
}

bool FakeFileSystem::is_directory(const std::string& path) {
  return std::find(directories.begin(), directories.end(), path) != directories.end();
}

std::optional<std::vector<std::string>> FakeFileSystem::list_directory(const std::string& path) {
  listings.push_back(path);
  if (!is_directory(path)) return std::nullopt;
  std::string prefix = path.empty() || path.back() != '/' ? path + "/" : path;
  std::set<std::string> names;
  auto note = [&](const std::string& p) {
    if (p.size() <= prefix.size() || p.compare(0, prefix.size(), prefix) != 0) return;
    std::string rest = p.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  };
  for (const auto& [p, content] : files) note(p);
  for (const auto& d : directories) note(d);
  names.erase("");
  return std::vector<std::string>(names.begin(), names.end());
}

}  // namespace pfmulti
