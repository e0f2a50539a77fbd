// Writes what the systemd generator decided (model/systemd/unit_generator.h) into one of its
// output directories (spec/rules.md R137): each file atomically, a crash or a failing call
// leaving the old entry or the new one under its name, never a part: a regular file is written
// to ".NAME.pfmulti-new" beside it (mode 0644), fsync'ed, closed and renamed over NAME; a link
// is made as ".NAME.pfmulti-new" and renamed over NAME. Missing parent directories (the
// ".wants" directory) are made with mode 0755. Every change goes through FileOps.
#pragma once

#include <string>
#include <vector>

#include "impl/runtime/file_ops.h"
#include "model/systemd/unit_generator.h"

namespace pfmulti {

// One message per file that could not be written ("DIR/NAME: STEP: REASON"); the others are
// written all the same.
std::vector<std::string> write_generated_files(FileOps& ops, const std::string& dir,
                                               const std::vector<GeneratedFile>& files);

}  // namespace pfmulti
