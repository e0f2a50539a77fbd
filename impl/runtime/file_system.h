// The file system as pfmulti's effects layer sees it: read a file whole, or say why not; whether
// a path is a directory; the names in a directory (for the shell's pathname expansion, R53).
// A real implementation (RealFileSystem) here; the recording fake (FakeFileSystem) for tests is
// in the test-only target (tests/support/fake_file_system.h), in the manner of ninja's
// VirtualFileSystem.
#pragma once

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
  // Whether a read that returned a file's bytes shows that the path's parent is a directory
  // (is_directory would say so). True of a real file system, where opening "D/F" resolves D as
  // a directory; a fake's files need no parents. The world reader skips a stat with it.
  virtual bool reads_prove_parent_directory() const { return false; }
};

class RealFileSystem final : public FileSystem {
 public:
  FileContent read(const std::string& path) override;
  bool is_directory(const std::string& path) override;
  std::optional<std::vector<std::string>> list_directory(const std::string& path) override;
  bool reads_prove_parent_directory() const override { return true; }
};

}  // namespace pfmulti
