// Writing the systemd generator's files (see unit_writer.h; spec/rules.md R137).
#include "impl/runtime/unit_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "model/text/strings.h"

namespace pfmulti {
namespace {

std::string failure(const std::string& path, const char* step) {
  return fmt::format("{}: {}: {}", path, step, std::strerror(errno));
}

// mkdir -p of the directories between dir and path's parent ("" when done).
std::string make_parents(FileOps& ops, const std::string& dir, const std::string& relative) {
  std::string current = dir;
  size_t start = 0;
  for (size_t slash = relative.find('/'); slash != std::string::npos;
       slash = relative.find('/', start)) {
    current += "/" + relative.substr(start, slash - start);
    start = slash + 1;
    struct stat st;
    if (ops.lstat(current, &st) == 0 && S_ISDIR(st.st_mode)) continue;
    if (ops.mkdir(current, 0755) != 0 && errno != EEXIST) return failure(current, "mkdir");
  }
  return "";
}

std::string write_one(FileOps& ops, const std::string& dir, const GeneratedFile& f) {
  if (std::string e = make_parents(ops, dir, f.path); !e.empty()) return e;
  std::string path = dir + "/" + f.path;
  std::string temp = path_dirname(path) + "/." + path_basename(path) + ".pfmulti-new";
  ops.unlink(temp);  // a leftover of an interrupted run
  if (f.link) {
    if (ops.symlink(f.content, temp) != 0) return failure(temp, "symlink");
  } else {
    int fd = ops.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return failure(temp, "open");
    size_t done = 0;
    while (done < f.content.size()) {
      ssize_t n = ops.write(fd, f.content.data() + done, f.content.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        std::string e = failure(temp, "write");
        ops.close(fd);
        ops.unlink(temp);
        return e;
      }
      done += static_cast<size_t>(n);
    }
    if (ops.fchmod(fd, 0644) != 0 || ops.fsync(fd) != 0) {
      std::string e = failure(temp, "fsync");
      ops.close(fd);
      ops.unlink(temp);
      return e;
    }
    if (ops.close(fd) != 0) {
      std::string e = failure(temp, "close");
      ops.unlink(temp);
      return e;
    }
  }
  if (ops.rename(temp, path, false) != 0) {
    std::string e = failure(path, "rename");
    ops.unlink(temp);
    return e;
  }
  return "";
}

}  // namespace

std::vector<std::string> write_generated_files(FileOps& ops, const std::string& dir,
                                               const std::vector<GeneratedFile>& files) {
  std::vector<std::string> errors;
  for (const auto& f : files)
    if (std::string e = write_one(ops, dir, f); !e.empty()) errors.push_back(std::move(e));
  if (!files.empty() && ops.fsync_directory(dir) != 0) errors.push_back(failure(dir, "fsync"));
  return errors;
}

}  // namespace pfmulti
