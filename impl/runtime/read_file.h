// Reading a whole file or descriptor: the one read loop of the effects layer (open(2) with
// O_CLOEXEC, read(2) until end of file, EINTR retried). Its callers turn the outcome into their
// own forms: RealFileSystem::read (absent or unreadable, with strerror's reason), the
// life-cycle fact gatherer (lifecycle_facts.cc), read_whole_file (nullopt on any failure), the
// conformance runner, and the recording postfix stub (tests/conform/recording_postfix.cc), which
// compiles this file in because it must need nothing beyond libc. So: libc and the standard
// library only, no fmt, no other pfmulti file.
#pragma once

#include <optional>
#include <string>

namespace pfmulti {

struct FileBytes {
  std::string bytes;    // the whole file when error == 0; empty otherwise
  int error = 0;        // 0, or the errno of the open(2) or read(2) that failed
  bool opened = false;  // the file was opened: a non-zero error is read(2)'s
  bool ok() const { return error == 0; }
};

// Reads path whole. Regular files are read straight into a string sized from fstat(2); files
// that grow, shrink or report no size (pipes, /proc) are read to their end all the same.
FileBytes read_file(const std::string& path);

// Reads fd to its end (the caller opens and closes it): 0, or read(2)'s errno (bytes then
// holds what came before the error).
int read_fd(int fd, std::string* bytes);

// The bytes of path, nullopt when it cannot be opened or read.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace pfmulti
