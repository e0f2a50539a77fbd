// postmulti(1) -e deport and -e destroy as a plan (spec/rules.md R103, R104): postmulti.c
// manage() (select_existing_instance, the instance must be stopped) and postmulti-script's
// deport/destroy (update_cfdirs, removing what Postfix created). pfmulti's differences: destroy
// refuses a queue that holds messages and removes only what Postfix made, naming what it leaves.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "model/lifecycle/lifecycle_planner.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

// The top-level directory of a tree entry ("a" of "a/b").
std::string top_of(const std::string& path) { return path.substr(0, path.find('/')); }

// What Postfix makes under queue_directory: known queue subdirectories (and what is inside them:
// hashed subdirectories, sockets and fifos, pid files).
bool made_in_queue(const TreeEntry& e) {
  std::string top = top_of(e.path);
  if (std::count(queue_subdirs().begin(), queue_subdirs().end(), top) == 0) return false;
  if (e.kind == PathKind::kDirectory) return true;
  if (e.kind == PathKind::kSocket || e.kind == PathKind::kFifo)
    return top == "public" || top == "private";
  return e.kind == PathKind::kFile && top == "pid" && e.path.size() > 4 &&
         e.path.find('/', 4) == std::string::npos && e.path.ends_with(".pid");
}

// data_directory's lock and random seed.
bool made_in_data(const TreeEntry& e) {
  return e.kind == PathKind::kFile && (e.path == "master.lock" || e.path == "prng_exch");
}

// main.cf and master.cf (and pfmulti's own temporary files).
bool made_in_config(const TreeEntry& e) {
  if (e.kind == PathKind::kFile)
    return e.path == "main.cf" || e.path == "master.cf" || e.path == temp_name("main.cf") ||
           e.path == temp_name("master.cf");
  return e.kind == PathKind::kDirectory && e.path == ".tmp";
}

// The parent of a relative tree path, "" at the top.
std::string tree_parent(const std::string& p) {
  size_t s = p.rfind('/');
  return s == std::string::npos ? std::string() : p.substr(0, s);
}

}  // namespace

void LifecyclePlanner::plan_remove() {
  // Finishing an interrupted destroy that took the instance out of the list already: remove
  // what is left of the directories its journal names.
  if (command_.edit == EditAction::kDestroy && resuming_ && resuming_->action == "destroy" &&
      command_.selection.type == SelectionType::kName) {
    bool listed = std::any_of(instances_.begin() + 1, instances_.end(), [&](const Instance& ip) {
      return ip.config_dir == resuming_->config_dir;
    });
    if (!listed) {
      journal_ = *resuming_;
      std::vector<std::string> roots;
      for (const auto* d : {&journal_.queue_dir, &journal_.data_dir, &journal_.config_dir})
        if (!d->empty() && d->front() == '/') roots.push_back(*d);
      bool waiting = false;
      for (const auto& r : roots)
        if (!known_tree(r)) waiting = true;
      if (waiting) return;
      if (!journal_.queue_dir.empty()) remove_tree(journal_.queue_dir, made_in_queue);
      if (!journal_.data_dir.empty()) remove_tree(journal_.data_dir, made_in_data);
      if (!journal_.config_dir.empty()) remove_tree(journal_.config_dir, made_in_config);
      return;
    }
  }
  const Instance* t = select_existing(true);
  if (!t) return;
  const Instance target = *t;
  if (!check_initialized()) return;
  std::vector<std::string> list;
  for (size_t i = 1; i < instances_.size(); ++i)
    if (instances_[i].config_dir != target.config_dir) list.push_back(instances_[i].config_dir);
  if (command_.edit == EditAction::kDestroy) return plan_destroy(target, list);

  if (target.main_cf_absent)  // deporting an already deleted instance
    return void(edit_primary_lists(list, target.config_dir, false));
  // A damaged instance (selected by its directory) is deported too: `postfix status` decides
  // whether it runs, as for any other (it fails, and so says "not running", when Postfix
  // cannot read the instance either).
  if (!known_status(target.config_dir)) return;
  if (f_.running.at(target.config_dir))
    return fail(fmt::format("Instance '{}' is not stopped", target.config_dir));
  edit_primary_lists(list, target.config_dir, true);
}

void LifecyclePlanner::plan_destroy(const Instance& target, const std::vector<std::string>& list) {
  if (target.damage)
    return fail(
        fmt::format("instance {} cannot be read: {}; its queue and data directories are "
                    "unknown, so it cannot be destroyed: deport it ('pfmulti -i {} -e "
                    "deport') and remove its directories by hand",
                    target.config_dir, *target.damage, target.config_dir));
  if (target.main_cf_absent)
    return fail(fmt::format("{}/main.cf file not found", target.config_dir));
  if (!known_status(target.config_dir)) return;
  if (f_.running.at(target.config_dir))
    return fail(fmt::format("Instance '{}' is not stopped", target.config_dir));
  bool a = known_tree(target.queue_dir), b = known_tree(target.data_dir),
       c = known_tree(target.config_dir);
  if (!a || !b || !c) return;
  // pfmulti: the queue must hold no messages.
  std::vector<std::string> messages;
  if (auto it = f_.trees.find(target.queue_dir); it != f_.trees.end()) {
    for (const auto& e : it->second) {
      std::string top = top_of(e.path);
      if (e.kind == PathKind::kFile && top != e.path &&
          std::count(message_queue_names().begin(), message_queue_names().end(), top))
        messages.push_back(target.queue_dir + "/" + e.path);
    }
  }
  if (!messages.empty())
    return fail(
        fmt::format("Instance '{}' has {} message file(s) in its queue (first: {}): "
                    "the queue must be empty",
                    target.config_dir, messages.size(), messages.front()));

  // The list edit is the commit: after it the removals are finished whatever happens (a
  // re-run finds the directories in the journal).
  journal_.config_dir = target.config_dir;
  journal_.queue_dir = target.queue_dir;
  journal_.data_dir = target.data_dir;
  if (!edit_primary_lists(list, target.config_dir, false)) return;
  plan_.commit_step = 0;
  commit_set_ = true;
  remove_tree(target.queue_dir, made_in_queue);
  remove_tree(target.data_dir, made_in_data);
  remove_tree(target.config_dir, made_in_config);
}

// Removes what `removable` accepts (an entry counts only when every directory above it is
// accepted too), then every directory left empty, deepest first, then root itself when
// nothing is left. What stays is recorded (and warned about).
template <class Pred>
void LifecyclePlanner::remove_tree(const std::string& root, Pred removable) {
  auto it = f_.trees.find(root);
  if (it == f_.trees.end()) return;  // already gone
  const std::vector<TreeEntry>& entries = it->second;
  auto eligible = [&](const TreeEntry& e) {
    if (!removable(e)) return false;
    for (std::string q = tree_parent(e.path); !q.empty(); q = tree_parent(q))
      if (!removable(TreeEntry{q, PathKind::kDirectory})) return false;
    return true;
  };
  std::set<std::string> stays;  // directories that keep something ("" = root)
  std::vector<std::string> reasons;
  for (const auto& e : entries) {
    if (eligible(e)) continue;
    // Report the top-most entry that is not eligible.
    bool ancestor_ineligible = false;
    for (std::string q = tree_parent(e.path); !q.empty(); q = tree_parent(q))
      if (!eligible(TreeEntry{q, PathKind::kDirectory})) ancestor_ineligible = true;
    if (!ancestor_ineligible)
      reasons.push_back(e.kind == PathKind::kDirectory ? e.path + "/" : e.path);
    for (std::string q = tree_parent(e.path);; q = tree_parent(q)) {
      stays.insert(q);
      if (q.empty()) break;
    }
  }
  std::vector<std::string> dirs;
  for (const auto& e : entries) {
    if (!eligible(e)) continue;
    if (e.kind != PathKind::kDirectory)
      plan_.steps.push_back(RemoveFileStep{root + "/" + e.path});
    else if (!stays.count(e.path))
      dirs.push_back(e.path);
  }
  auto depth = [](const std::string& s) { return std::count(s.begin(), s.end(), '/'); };
  std::sort(dirs.begin(), dirs.end(), [&](const std::string& x, const std::string& y) {
    if (depth(x) != depth(y)) return depth(x) > depth(y);
    return x < y;
  });
  for (const auto& d : dirs) plan_.steps.push_back(RemoveDirectoryStep{root + "/" + d});
  if (!stays.count("")) {
    plan_.steps.push_back(RemoveDirectoryStep{root});
    return;
  }
  std::sort(reasons.begin(), reasons.end());
  std::vector<std::string> shown(
      reasons.begin(),
      reasons.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(reasons.size(), 5)));
  std::string text = join(shown, ", ");
  if (reasons.size() > 5) text += fmt::format(", and {} more", reasons.size() - 5);
  plan_.leftovers.push_back(fmt::format(
      "{}: please verify contents and remove by hand (not made by Postfix: {})", root, text));
}

}  // namespace pfmulti
