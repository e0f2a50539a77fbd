// Crash-safe replacement of one file that loses no concurrent writer's bytes (issue 12 items 6,
// 11): the new bytes go to a temporary file beside the old one (".NAME.pfmulti-new", a fixed name
// so that a crash leaves at most one leftover, which the next run replaces), which gets the old
// file's owner and mode, is fsync'ed, closed, renamed over the old name, and the directory is
// fsync'ed. A crash (or a failing call) at any point leaves the old file or the new one under the
// name, never a mix and never nothing.
// Other writers (an editor, `echo >> main.cf`): the old file is opened (read-only) before
// anything is written and kept open past the rename. Its bytes are compared with what the plan
// was made from first, and again after the temporary file is fsync'ed, just before the rename
// (same inode, same bytes; else nothing is written). After the rename, pfmulti waits until no
// process holds the old file open for writing (a read lease, fcntl F_SETLEASE, is granted only
// then; at most 2 s) and reads it once more. Bytes appended to the old file at any of these
// points are appended to the new bytes (a merge, as if they had been written a moment later);
// any other change is refused before the rename, and after it puts the other writer's version
// back in place and fails. Without
// leases (not root and not the owner, or leases disabled) the last check is made at once.
#pragma once

#include <optional>
#include <string>

#include "impl/runtime/file_ops.h"
#include "impl/runtime/read_file.h"  // read_whole_file, which callers compare with

namespace pfmulti {

// ".main.cf.pfmulti-new" beside "DIR/main.cf".
std::string atomic_temp_path(const std::string& path);

struct AtomicWrite {
  std::string path;
  // Replace: the bytes the file must hold now (else nothing is written). Unset: create, and the
  // file must not exist.
  std::optional<std::string> expected;
  std::string bytes;
  mode_t mode_if_new = 0644;
};

// "" on success, else a one-line message naming the file, the step and the system error.
// On failure before the rename the temporary file is removed and the old file is untouched.
// *changed_by_other (when given) is set when the failure is another writer's change (the file
// is not what the plan was made from): planning again may succeed.
// *written (when given) gets the bytes written on success: w.bytes, plus whatever another
// writer appended to the file meanwhile (merged, see above).
std::string atomic_write(FileOps& ops, const AtomicWrite& w, bool* changed_by_other = nullptr,
                         std::string* written = nullptr);

}  // namespace pfmulti
