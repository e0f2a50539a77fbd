// The life-cycle planner's state and steps (internal to model/lifecycle/; the entry point is
// plan_lifecycle in lifecycle_plan.h). One class, its member functions in one file per job:
//   lifecycle_planner.cc  the facts protocol, the primary, the options, the instances, dispatch;
//   lifecycle_add.cc      -e create / import (R99-R102);
//   lifecycle_remove.cc   -e deport / destroy and what destroy removes (R103, R104);
//   lifecycle_edit.cc     -e init / assign / enable / disable (R98, R105, R106);
//   lifecycle_checks.cc   the journal, the read-back of every value written (issue 12).
// Pure; nothing throws but std::bad_alloc.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/lifecycle/lifecycle_journal.h"
#include "model/lifecycle/lifecycle_plan.h"
#include "model/main_cf/config.h"
#include "model/postmulti/instances.h"
#include "model/postmulti/postmulti_command.h"

namespace pfmulti {

class LifecyclePlanner {
 public:
  LifecyclePlanner(const LifecycleInput& in, const LifecycleFacts& f) : in_(in), f_(f) {}
  LifecycleAnswer run();

 private:
  // ---------- facts (lifecycle_planner.cc) ----------
  bool known_read(const std::string& path);
  bool known_stat(const std::string& path);
  bool known_tree(const std::string& path);
  bool known_status(const std::string& dir);
  const FileState* file(const std::string& path) const { return find_file(f_.files, path); }
  const std::string* content(const std::string& path) const;
  PathKind kind(const std::string& path) const;

  void fail(std::string message) {
    plan_.error = std::move(message);
    plan_.steps.clear();
  }

  // ---------- common steps (lifecycle_planner.cc) ----------
  void plan();
  void dispatch();
  bool read_journal();
  void finish_journal();
  bool storable(const std::string& param, const std::string& value);
  bool reads_back(const std::string& path, const std::string& bytes,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& lists,
                  const std::vector<std::pair<std::string, std::string>>& values);
  bool read_primary();
  bool parse_options();
  bool claim_shared_directories(bool& waiting);
  bool load_instances();
  bool check_initialized();
  bool edit_file(const std::string& path, const std::string& before,
                 const std::vector<ParameterEdit>& edits);
  bool edit_primary_lists(const std::vector<std::string>& list, const std::string& dir,
                          bool alternate_add);
  const Instance* select_existing(bool unlink);
  const std::string& bytes_of(const Instance& ip);
  Instance load_instance(const std::string& dir);

  // ---------- create / import (lifecycle_add.cc) ----------
  void plan_add();
  bool resolve_new_instance(Instance& nw, bool& complete, std::string& main_path,
                            std::string& master_path);
  bool plan_new_directories(const Instance& nw);
  bool plan_new_files(const Instance& nw, bool set_name, bool set_group,
                      const std::string& main_path, const std::string& master_path);

  // ---------- deport / destroy (lifecycle_remove.cc) ----------
  void plan_remove();
  void plan_destroy(const Instance& target, const std::vector<std::string>& list);
  template <class Pred>
  void remove_tree(const std::string& root, Pred removable);

  // ---------- init / assign / enable / disable (lifecycle_edit.cc) ----------
  void plan_init();
  void plan_assign();
  void plan_enable();

  const LifecycleInput& in_;
  const LifecycleFacts& f_;
  std::vector<LifecycleNeed> needs_;
  LifecyclePlan plan_;
  std::optional<Config> primary_cfg_;
  std::map<std::string, std::string, std::less<>> v_;
  std::string primary_path_, primary_bytes_;
  ClaimTable claims_;
  std::vector<Instance> instances_;
  PostmultiCommand command_;
  std::optional<LifecycleJournal> resuming_;  // the journal of the run this one finishes
  LifecycleJournal journal_;                  // this run's (create, import, destroy)
  bool commit_set_ = false;                   // plan_.commit_step chosen by the action
};

// postmulti-script's QUEUE_SUBDIRS and SHARED_PARAMETERS.
const std::vector<std::string>& queue_subdirs();
const std::vector<std::string>& shared_parameters();

// Names of the temporary files the atomic writer uses (impl/runtime/atomic_file.h): destroy
// removes leftovers of an interrupted pfmulti run too.
inline std::string temp_name(const std::string& base) { return "." + base + ".pfmulti-new"; }

}  // namespace pfmulti
