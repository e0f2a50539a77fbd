// Reading a whole file or descriptor: the one read loop of the effects layer (open(2) with
// O_CLOEXEC | O_NONBLOCK | O_NOCTTY, fstat(2), read(2) until end of file or the size fstat(2)
// gave, EINTR retried).
// spec/rules.md R121: only a regular file is read (symbolic links are followed, as Postfix
// does; a FIFO, a device, a socket or a directory is refused without blocking) and at most
// kMaxFileBytes of it. Its callers turn the outcome into their
// own forms: RealFileSystem::read (absent or unreadable, with strerror's reason), the
// life-cycle fact gatherer (lifecycle_facts.cc), read_whole_file (nullopt on any failure), the
// conformance runner, and the recording postfix stub (tests/conform/recording_postfix.cc), which
// compiles this file in because it must need nothing beyond libc. So: libc and the standard
// library only, no fmt, no other pfmulti file.
#pragma once

#include <optional>
#include <string>

namespace pfmulti {

// R121 the most read_file reads: 64 MiB, far above any real main.cf (Debian's is 2 KiB; a
// generated file with ten thousand instances' settings is under 1 MiB). A longer file (or an
// endless one that claims to be regular) is refused, not truncated.
inline constexpr size_t kMaxFileBytes = size_t{64} << 20;

// FileBytes::error values that are not errno values.
inline constexpr int kNotRegularFile = -1;  // a FIFO, a character or block device
inline constexpr int kFileTooLarge = -2;    // more than kMaxFileBytes

struct FileBytes {
  std::string bytes;    // the whole file when error == 0; empty otherwise
  int error = 0;        // 0, the errno of the open(2) or read(2) that failed, or a k* above
  bool opened = false;  // the file was opened: a non-zero error is fstat's or read(2)'s
  bool ok() const { return error == 0; }
  // Why it could not be read: strerror(error), "not a regular file", or "File too large (more
  // than 67108864 bytes)".
  std::string reason() const;
};

// Reads path whole, if it is a regular file of at most kMaxFileBytes (R121): a directory gives
// EISDIR, a FIFO or device kNotRegularFile (the open does not block: O_NONBLOCK), a socket
// open(2)'s ENXIO. Read straight into a string sized from fstat(2); when the reads return
// exactly that size, no further read(2) looks for end of file (the usual case: open, fstat,
// one read, close); a file that grows, shrinks or reports no size (/proc) is read to its end
// all the same, up to the limit.
FileBytes read_file(const std::string& path);

// Reads fd to its end (the caller opens and closes it): 0, or read(2)'s errno (bytes then
// holds what came before the error).
int read_fd(int fd, std::string* bytes);

// The bytes of path, nullopt when it cannot be opened or read.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace pfmulti
