// `pfmulti apply` as a pure plan (issue 18 item 2; spec/rules.md R162-R169): from a document of
// the desired secondaries (desired_state.h) and the host's facts, the postmulti(1) `-e` steps
// that take the host there and the main.cf setting edits, as ONE life-cycle transaction
// (model/lifecycle/lifecycle_plan.h LifecyclePlan, carried out by
// impl/runtime/lifecycle_executor.h: undo on failure or signal, the .pfmulti.journal).
//
// How: the host's instances are read as postmulti reads them (model/postmulti/instances.h);
// each desired instance is matched EXACTLY, by its name when it has one, else by its
// config_directory (never by prefix or substring: postfix-out is not postfix-outbound). The
// steps, in this order: init (when the primary is not set up and anything else is to be done);
// per desired instance in document order: create (or import, when its config_directory already
// holds a main.cf), assign (name, group), enable or disable; with prune, every other secondary
// is disabled and deported (never destroyed: its files stay). A run that finishes an interrupted
// apply (its journal is there) also runs set-permissions again on each listed instance the
// document names (a create killed after registering its instance may not have run it). Each step is
// planned by the life-cycle planner itself (plan_lifecycle) on the facts as the steps before it
// leave them, so every check and message of `pfmulti -e` applies; then the settings are edited
// losslessly (model/main_cf/main_cf_edit.h) and read back. Refused, with nothing planned: a damaged
// host (an instance whose main.cf cannot be read or parsed, an interrupted `-e` run's journal), an
// instance the document would move (its directories differ from the host's), any step the
// life-cycle planner refuses. The facts protocol is the life-cycle planner's: needs, then
// plan again. Pure and total: never throws.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/apply/desired_state.h"
#include "model/lifecycle/lifecycle_plan.h"

namespace pfmulti {

struct ApplyInput {
  DesiredState desired;
  bool prune = false;  // deport the secondaries the document does not list
  EnvMap env;
  Defaults defaults = compiled_defaults();
  std::string self_path;                  // for -e init (lifecycle_plan.h)
  std::vector<std::string> journal_args;  // the command that finishes this run: "apply", FILE
};

// One change, as the user sees it.
struct ApplyChange {
  std::string action;    // init create import assign enable disable deport set set-permissions
  std::string instance;  // its name, else its config_directory ("-" for init)
  std::vector<std::string> argv;  // the `pfmulti -e` command line; "set": empty
  std::string detail;             // "set NAME = VALUE" for set; else the argv as text
  friend bool operator==(const ApplyChange&, const ApplyChange&) = default;
};

// A main.cf the plan changes: its bytes before (nullopt: a new file) and after the last step.
struct FileChange {
  std::string path;
  std::optional<std::string> before;
  std::string after;
  friend bool operator==(const FileChange&, const FileChange&) = default;
};

struct ApplyPlan {
  std::optional<std::string> error;   // one line; then nothing else is set
  std::vector<ApplyChange> changes;   // empty: the host is as the document says
  LifecyclePlan transaction;          // every step of every change, one transaction
  std::vector<FileChange> main_cf;    // in the order they are first changed
  std::vector<std::string> warnings;  // printed before anything runs
  DesiredState current;               // the host's secondaries before the plan (for --export)
  friend bool operator==(const ApplyPlan&, const ApplyPlan&) = default;
};

struct ApplyAnswer {
  std::vector<LifecycleNeed> needs;  // non-empty: gather these facts and ask again
  ApplyPlan plan;                    // meaningful when needs is empty
};

ApplyAnswer plan_apply(const ApplyInput& input, const LifecycleFacts& facts) noexcept;

// The unified diff (diff -u) of every main.cf the plan changes ("" when none).
std::string apply_diff(const ApplyPlan& plan);

}  // namespace pfmulti
