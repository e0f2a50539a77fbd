// `pfmulti lint`: every problem of a multi-instance configuration, each with its file and line
// (postfix-wrapper(5) "multi_instance_directories", "multi_instance_wrapper",
// "multi_instance_enable", NON-SHARED FILES; postmulti(1) claims and instance names):
//   errors   - a relative directory in multi_instance_directories, a listed directory without
//              main.cf, an unreadable or malformed main.cf, two instances claiming one name,
//              config, queue or data directory (or a shared directory of the primary), a
//              multi_instance_enable value that is not yes or no, a wrapper setting that cannot
//              run (empty with instances listed, or a program that is not an executable file),
//              and every other failure of a mode's plan (lint_modes.h: an expansion that fails,
//              an empty required parameter, a missing shared directory, ...). spec/rules.md
//              R123: an error exactly when some mode's plan fails (the wrapper's
//              executability and a relative wrapper path are outside the plans);
//   warnings - a directory listed twice or the default instance in its own list (both run
//              twice), a value the shipped postfix-wrapper script reads differently from
//              postmulti ("YES", "$var", lists with two or more commas), names not starting with
//              "postfix-", main.cf reader warnings.
// Claims are registered in postmulti's ClaimTable (model/postmulti/claims.h), but every conflict
// is reported, with its file and line, where postmulti stops at the first.
// Pure: the caller supplies the files (a FileMap, as the planner takes them) and a predicate
// telling which paths are executable files.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/main_cf/param_defaults.h"
#include "model/plan/planner.h"

namespace pfmulti {

struct LintProblem {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;  // 0: the file as a whole
  std::string message;
  // "FILE:LINE: error: MESSAGE" (no ":LINE" for line 0).
  std::string str() const;
  friend bool operator==(const LintProblem&, const LintProblem&) = default;
};

struct LintInput {
  std::string primary_dir;  // the primary's config directory (absolute)
  FileMap files;            // main.cf files by path
  Defaults defaults = compiled_defaults();
  std::string cwd;  // for relative paths ("" = unknown)
  std::function<bool(std::string_view)> is_executable = [](std::string_view) { return true; };
};

std::vector<LintProblem> lint(const LintInput& input) noexcept;

// The directories postfix(1) searches for a multi_instance_wrapper given without a slash (its
// fixed PATH).
inline constexpr std::string_view kPostfixRootPath = "/bin:/usr/bin:/sbin:/usr/sbin";

}  // namespace pfmulti
