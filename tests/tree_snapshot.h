// A byte-for-byte picture of a directory tree (paths, kinds, modes, owners, file contents,
// symbolic link targets) for tests that must show "nothing changed on disk", and a scratch
// directory that removes itself.
#pragma once

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace pfmulti::testing {

struct NodeState {
  char kind = '?';  // f d l s p ?
  unsigned mode = 0;
  unsigned uid = 0, gid = 0;
  std::string content;  // file bytes or link target
  friend bool operator==(const NodeState&, const NodeState&) = default;
};

using TreeSnapshot = std::map<std::string, NodeState>;

inline void snapshot_into(const std::string& root, const std::string& rel, TreeSnapshot& out) {
  std::string dir = rel.empty() ? root : root + "/" + rel;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string r = rel.empty() ? name : rel + "/" + name;
    std::string full = root + "/" + r;
    struct stat st {};
    if (::lstat(full.c_str(), &st) < 0) continue;
    NodeState n;
    n.mode = st.st_mode & 07777;
    n.uid = st.st_uid;
    n.gid = st.st_gid;
    if (S_ISREG(st.st_mode)) {
      n.kind = 'f';
      std::ifstream in(full, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      n.content = ss.str();
    } else if (S_ISDIR(st.st_mode)) {
      n.kind = 'd';
    } else if (S_ISLNK(st.st_mode)) {
      n.kind = 'l';
      char buf[4096];
      ssize_t len = ::readlink(full.c_str(), buf, sizeof buf);
      if (len > 0) n.content.assign(buf, static_cast<size_t>(len));
    } else if (S_ISSOCK(st.st_mode)) {
      n.kind = 's';
    } else if (S_ISFIFO(st.st_mode)) {
      n.kind = 'p';
    }
    out[r] = n;
    if (n.kind == 'd') snapshot_into(root, r, out);
  }
  ::closedir(d);
}

inline TreeSnapshot snapshot(const std::string& root) {
  TreeSnapshot out;
  snapshot_into(root, "", out);
  return out;
}

// Paths that differ between two snapshots, for failure messages.
inline std::string snapshot_diff(const TreeSnapshot& a, const TreeSnapshot& b) {
  std::string out;
  for (const auto& [p, n] : a) {
    auto it = b.find(p);
    if (it == b.end())
      out += "  gone: " + p + "\n";
    else if (!(it->second == n))
      out += "  changed: " + p + "\n";
  }
  for (const auto& [p, n] : b)
    if (!a.count(p)) out += "  new: " + p + "\n";
  return out;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pfmulti-test-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    path_ = made ? made : "";
  }
  ~ScratchDir() {
    std::error_code ec;
    // Writable again, in case a test made parts of it read-only.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->is_directory(ec)) ::chmod(it->path().c_str(), 0755);
    ::chmod(path_.c_str(), 0755);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace pfmulti::testing
