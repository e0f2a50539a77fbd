// The file system as pfmulti's effects layer sees it: read a file whole, or say why not; whether
// a path is a directory; the names in a directory (for the shell's pathname expansion, R53).
// A real implementation (RealFileSystem) and a recording fake (FakeFileSystem) for tests, in the
// manner of ninja's VirtualFileSystem.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pfmulti {

struct FileAbsent {
  std::string reason;  // e.g. "No such file or directory"
};
struct FileUnreadable {
  std::string reason;  // e.g. "Permission denied", "Is a directory"
};
using FileContent = std::variant<std::string, FileAbsent, FileUnreadable>;

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual FileContent read(const std::string& path) = 0;
  virtual bool is_directory(const std::string& path) = 0;
  // The names in directory path, sorted, without "." and ".."; nullopt when it cannot be listed.
  virtual std::optional<std::vector<std::string>> list_directory(const std::string& path) = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  FileContent read(const std::string& path) override;
  bool is_directory(const std::string& path) override;
  std::optional<std::vector<std::string>> list_directory(const std::string& path) override;
};

// Files and directories held in memory; records every path read and every directory listed.
// A directory lists the files and directories directly below it; it can be listed only when it
// is in `directories`.
class FakeFileSystem final : public FileSystem {
 public:
  std::map<std::string, FileContent> files;
  std::vector<std::string> directories;
  std::vector<std::string> reads;
  std::vector<std::string> listings;
  FileContent read(const std::string& path) override;
  bool is_directory(const std::string& path) override;
  std::optional<std::vector<std::string>> list_directory(const std::string& path) override;
};

}  // namespace pfmulti
