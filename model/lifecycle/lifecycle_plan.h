// postmulti(1) life-cycle mode (-e init|create|import|deport|destroy|enable|disable|assign) as a
// pure plan: the main.cf edits as data (old and new bytes), the directories to create or remove,
// the files to write or remove, the commands to run. Follows postmulti.c manage() and
// $daemon_directory/postmulti-script (Postfix 3.7), with these safety differences:
//   - a main.cf is edited losslessly (model/main_cf/main_cf_edit.h), never a file Postfix cannot
//   read;
//   - create never overwrites a main.cf or a changed master.cf of an incomplete instance;
//     master.cf is written before main.cf, so an interrupted create is finished by re-running it;
//   - create on a complete existing instance imports it, claims checked with its own directories;
//   - destroy refuses an instance whose queue holds messages, removes only what Postfix created
//     (empty directories, Postfix's sockets, fifos and pid/lock files, main.cf, master.cf) and
//     names everything it leaves behind;
//   - a secondary whose main.cf is damaged blocks only the actions that add claims (create,
//     import, assign); deport, destroy, enable and disable of another instance warn about it,
//     and a damaged instance can be deported by its directory;
//   - every action is a transaction (LifecyclePlan::commit_step): create's commit step is its
//     set-permissions; multi-step actions keep a journal so a killed run is finished by
//     running it again (lifecycle_journal.h);
//   - every value written into a main.cf is read back with the model's reader first: a value
//     main.cf cannot hold (white space or a comma in a list entry, '$', control bytes) is
//     refused before anything changes.
//
// The planner never does I/O. It asks for what it must know (LifecycleNeed: read a file, stat a
// path, list a directory tree, ask whether an instance runs); the caller gathers the facts and
// calls again, until the answer holds no needs. Pure and total: never throws.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "model/main_cf/main_cf_edit.h"
#include "model/main_cf/param_defaults.h"
#include "model/plan/plan.h"
#include "model/plan/planner.h"

namespace pfmulti {

// ---------- facts ----------

enum class PathKind { kAbsent, kFile, kDirectory, kSymlink, kSocket, kFifo, kOther };
std::string_view path_kind_name(PathKind k);

struct TreeEntry {
  std::string path;  // relative to the listed directory, "a/b"
  PathKind kind = PathKind::kOther;
  friend bool operator==(const TreeEntry&, const TreeEntry&) = default;
};

struct LifecycleFacts {
  FileMap files;                          // contents of files that were read
  std::set<std::string> read;             // every path whose content was asked for
  std::map<std::string, PathKind> kinds;  // stat (lstat) results
  // Recursive listings (absent directory: no entry in the map after asking, see listed).
  std::map<std::string, std::vector<TreeEntry>> trees;
  std::set<std::string> listed;
  std::map<std::string, bool> running;  // config_directory -> `postfix -c DIR status` exited 0
};

struct LifecycleNeed {
  enum class Kind { kRead, kStat, kTree, kStatus };
  Kind kind = Kind::kRead;
  std::string path;               // kStatus: the instance's config_directory
  std::vector<std::string> argv;  // kStatus: `$command_directory/postfix -c DIR status`
  friend bool operator==(const LifecycleNeed&, const LifecycleNeed&) = default;
  friend auto operator<=>(const LifecycleNeed&, const LifecycleNeed&) = default;
};

// ---------- the plan ----------

// Replace (before set) or create (before unset: the file must not exist) a file, atomically.
struct WriteFileStep {
  std::string path;
  std::optional<std::string> before;
  std::string after;
  unsigned mode = 0644;  // for a new file; a replaced file keeps its mode and owner
  std::string what;      // "set multi_instance_enable = no", "stock master.cf"
  friend bool operator==(const WriteFileStep&, const WriteFileStep&) = default;
};
struct MakeDirectoryStep {
  std::string path;
  unsigned mode = 0755;
  friend bool operator==(const MakeDirectoryStep&, const MakeDirectoryStep&) = default;
};
// Best effort (postmulti-script's "rm -f" and "rmdir ... || warn"): a failure is a warning.
struct RemoveFileStep {
  std::string path;
  friend bool operator==(const RemoveFileStep&, const RemoveFileStep&) = default;
};
struct RemoveDirectoryStep {
  std::string path;  // must be empty by then
  friend bool operator==(const RemoveDirectoryStep&, const RemoveDirectoryStep&) = default;
};
struct RunStep {
  RunAction run;
  friend bool operator==(const RunStep&, const RunStep&) = default;
};
using LifecycleStep =
    std::variant<WriteFileStep, MakeDirectoryStep, RemoveFileStep, RemoveDirectoryStep, RunStep>;

// The instance an action is for, as the action leaves it (create, import: the new one, with its
// -I name and -G group; init: none): how pfmulti -e --json names it (rules.md R184).
struct LifecycleTarget {
  std::string name, group, config_directory;  // "" = none
  friend bool operator==(const LifecycleTarget&, const LifecycleTarget&) = default;
};

struct LifecyclePlan {
  std::string action;  // "create", ...
  LifecycleTarget target;
  std::optional<std::string> error;      // one line; when set there are no steps
  std::vector<LifecycleStep> steps;      // in order; file steps before run steps
  std::vector<std::string> warnings;     // printed before anything is done
  std::vector<std::string> leftovers;    // destroy: what stays behind, with why
  std::string primary_config_directory;  // where the edit lock lives
  // Transaction (docs/lifecycle.md "Guarantees"): steps[0..commit_step] are undone when a step
  // fails or a catchable signal arrives before steps[commit_step] is done; the steps after it
  // are finished (best effort) whatever happens. commit_step = steps.size() - 1 but for
  // destroy, where it is the primary's list edit (0).
  size_t commit_step = 0;
  // The journal (model/lifecycle/lifecycle_journal.h): written before the first step when set,
  // removed after the last one (or after a clean roll-back of a run that did not resume one)
  // when journal_clear.
  std::optional<std::string> journal_write;
  bool journal_clear = false;
  bool resuming = false;     // this run finishes an interrupted one (its journal exists)
  std::string journal_file;  // journal_path(primary_config_directory)
  friend bool operator==(const LifecyclePlan&, const LifecyclePlan&) = default;
};

struct LifecycleInput {
  std::vector<std::string> argv;  // postmulti's command line: argv[0] -e ACTION options operands
  EnvMap env;
  Defaults defaults = compiled_defaults();
  std::string self_path;  // absolute path of the running pfmulti (for -e init)
};

struct LifecycleAnswer {
  std::vector<LifecycleNeed> needs;  // non-empty: gather these facts and ask again
  LifecyclePlan plan;                // meaningful when needs is empty
};

LifecycleAnswer plan_lifecycle(const LifecycleInput& input, const LifecycleFacts& facts) noexcept;

// The step list as text, one line per step (pfmulti -e ... --dry-run).
std::string describe_step(const LifecycleStep& step);
std::string describe_plan(const LifecyclePlan& plan);

// The message queues of an instance: a regular file in any of them is a message.
const std::vector<std::string>& message_queue_names();

}  // namespace pfmulti
