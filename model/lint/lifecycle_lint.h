// `pfmulti lint`, the life-cycle part (issue 12 item 5): what an interrupted `pfmulti -e` run
// can leave behind, each with the command that finishes or undoes it:
//   errors   - the life-cycle journal (model/lifecycle/lifecycle_journal.h): an interrupted
//              create, import or destroy, with the command that finishes it (and the one that
//              removes the instance afterwards, for create and import); a journal pfmulti cannot
//              read; a listed instance with a main.cf but no master.cf (half made);
//   warnings - stale temporary files of the atomic writer (".main.cf.pfmulti-new" ...) in the
//              primary, the listed instances and the journal's instance.
// Kept apart from lint() (model/lint/lint.h), whose errors are exactly the configurations some
// mode fails on; these are states of a change in progress. Pure: the caller reads the paths
// lifecycle_lint_paths() names into input.files (absent files: no entry).
#pragma once

#include <string>
#include <vector>

#include "model/lint/lint.h"

namespace pfmulti {

std::vector<std::string> lifecycle_lint_paths(const LintInput& input);
std::vector<LintProblem> lifecycle_lint(const LintInput& input) noexcept;

}  // namespace pfmulti
