// A recording FileSystem for tests (test-only target pfmulti_test_support): files and
// directories held in memory, every read and listing recorded (ninja's VirtualFileSystem).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "impl/runtime/file_system.h"

namespace pfmulti {

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
