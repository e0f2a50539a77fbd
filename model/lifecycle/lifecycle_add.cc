// postmulti(1) -e create and -e import as a plan (spec/rules.md R99-R102): postmulti.c manage()
// (check_name_assignments, make_private_path, do_name_assignments, insert_instance) and
// postmulti-script's create/import (directories, the three rounds of main.cf edits,
// update_cfdirs, set-permissions). pfmulti's safety differences are in lifecycle_plan.h.
#include <fmt/format.h>

#include <algorithm>

#include "model/lifecycle/instance_names.h"
#include "model/lifecycle/lifecycle_planner.h"
#include "model/text/strings.h"

namespace pfmulti {

// The new instance's directories and whether it is complete (main.cf and master.cf exist);
// false when failed or waiting for facts.
bool LifecyclePlanner::resolve_new_instance(Instance& nw, bool& complete, std::string& main_path,
                                            std::string& master_path) {
  const bool import = command_.edit == EditAction::kImport;
  std::string action(edit_action_name(command_.edit));
  for (const auto& arg : command_.operands) {
    auto s = parse_path_setting(arg, action);
    if (!s) return fail(s.error()), false;
    if (s->name == "config_directory") nw.config_dir = s->value;
    if (s->name == "queue_directory") nw.queue_dir = s->value;
    if (s->name == "data_directory") nw.data_dir = s->value;
  }
  std::string name = command_.assign_name.value_or("");
  auto derive = [&](const char* param, std::string& out) {
    if (!out.empty()) return true;
    auto d = derive_private_path(param, v_[param], name);
    if (!d) return fail(d.error()), false;
    out = *d;
    return true;
  };
  if (!derive("config_directory", nw.config_dir)) return false;
  if (!storable("config_directory", nw.config_dir)) return false;
  journal_.config_dir = nw.config_dir;
  if (auto owner = claims_.owner_of(nw.config_dir))
    return fail(fmt::format("new config_directory={} is already in use by instance {}={}",
                            nw.config_dir, *owner, nw.config_dir)),
           false;
  main_path = nw.config_dir + "/main.cf";
  master_path = nw.config_dir + "/master.cf";
  bool a = known_read(main_path), b = known_read(master_path), c = known_stat(nw.config_dir);
  if (!a || !b || !c) return false;
  const FileState* main_st = file(main_path);
  const FileState* master_st = file(master_path);
  for (auto [path, st] : {std::pair{main_path, main_st}, std::pair{master_path, master_st}})
    if (st && std::holds_alternative<Unreadable>(*st))
      return fail(fmt::format("cannot read {}: {}", path, std::get<Unreadable>(*st).reason)), false;
  if (kind(nw.config_dir) != PathKind::kAbsent && kind(nw.config_dir) != PathKind::kDirectory)
    return fail(fmt::format("config_directory {} exists and is not a directory", nw.config_dir)),
           false;
  complete = main_st && master_st;
  if (!import && !complete) {
    if (!derive("queue_directory", nw.queue_dir) || !derive("data_directory", nw.data_dir))
      return false;
    if (!storable("queue_directory", nw.queue_dir) || !storable("data_directory", nw.data_dir))
      return false;
    journal_.queue_dir = nw.queue_dir;
    journal_.data_dir = nw.data_dir;
    return true;
  }

  // An existing instance: its own directories; given ones must agree.
  if (import && !main_st)
    return fail(fmt::format("'{}' lacks a main.cf file", nw.config_dir)), false;
  Instance existing = load_instance(nw.config_dir);
  if (existing.damage) return fail(*existing.damage), false;
  for (auto [param, given, have] : {std::tuple{"queue_directory", nw.queue_dir, existing.queue_dir},
                                    std::tuple{"data_directory", nw.data_dir, existing.data_dir}})
    if (!given.empty() && given != have)
      return fail(fmt::format("{} already holds an instance with {}={}, not {}", nw.config_dir,
                              param, have, given)),
             false;
  existing.primary = false;
  nw = std::move(existing);
  journal_.queue_dir = nw.queue_dir;
  journal_.data_dir = nw.data_dir;
  return true;
}

void LifecyclePlanner::plan_add() {
  const bool import = command_.edit == EditAction::kImport;
  const auto& assign_name = command_.assign_name;
  const auto& assign_group = command_.assign_group;
  if (std::string e = check_name_assignment(assign_name, assign_group); !e.empty()) return fail(e);
  // Finishing an interrupted create or import that got as far as registering the instance:
  // set-permissions again (it may not have finished), then the journal goes.
  if (resuming_ && !resuming_->config_dir.empty())
    for (size_t i = 1; i < instances_.size(); ++i)
      if (instances_[i].config_dir == resuming_->config_dir) {
        journal_ = *resuming_;
        RunAction perms;
        perms.config_directory = journal_.config_dir;
        perms.argv = {v_["command_directory"] + "/postfix", "-c", journal_.config_dir,
                      "set-permissions"};
        perms.reason = "set the ownership and permissions of the new instance's private files";
        plan_.steps.push_back(RunStep{perms});
        return;
      }
  Instance nw;
  bool complete = false;
  std::string main_path, master_path;
  if (!resolve_new_instance(nw, complete, main_path, master_path)) return;

  // do_name_assignments(): a changed name is claimed.
  bool set_name = false, set_group = false;
  if (assign_name && *assign_name != nw.name) {
    if (auto conflict = claims_.add({nw.config_dir, "multi_instance_name", *assign_name}))
      return fail(*conflict);
    nw.name = *assign_name;
    set_name = true;
  }
  if (assign_group && *assign_group != nw.group) {
    nw.group = *assign_group;
    set_group = true;
  }

  // insert_instance(): claims, then the place in the list (R100).
  if (auto conflict = claims_.add_all(claims_of(nw))) return fail(*conflict);
  plan_.target = {nw.name, nw.group, nw.config_dir};
  std::vector<Instance> secondaries(instances_.begin() + 1, instances_.end());
  size_t pos = secondaries.size();
  if (command_.selection.type == SelectionType::kAll) {
    pos = 0;
  } else if (command_.selection.type != SelectionType::kNone) {
    auto it = std::find_if(secondaries.begin(), secondaries.end(), [&](const Instance& ip) {
      return matches(ip, command_.selection).value_or(false);
    });
    if (it == secondaries.end()) return fail("No matching secondary instances");
    pos = static_cast<size_t>(it - secondaries.begin());
  }
  secondaries.insert(secondaries.begin() + static_cast<std::ptrdiff_t>(pos), nw);

  if (!check_initialized()) return;
  if (!complete) {
    if (import) return fail(fmt::format("'{}' lacks a master.cf file", nw.config_dir));
    if (!plan_new_files(nw, set_name, set_group, main_path, master_path)) return;
  } else {
    std::vector<ParameterEdit> names;
    if (set_name) names.push_back(set_param("multi_instance_name", nw.name));
    if (set_group) names.push_back(set_param("multi_instance_group", nw.group));
    if (!names.empty() && !edit_file(main_path, std::get<std::string>(*file(main_path)), names))
      return;
  }

  // The instance is registered once its files are whole, then set-permissions runs (the commit
  // step). It must be registered first: Postfix 3.7's post-install treats an instance that the
  // primary does not list as a primary of its own and sets the permissions of the shared files
  // (makedefs.out, the manual pages) too, failing where they are not installed. A failing or
  // interrupted set-permissions undoes the registration with the rest; after kill -9 the
  // journal makes a re-run run it again.
  std::vector<std::string> list;
  for (const auto& ip : secondaries) list.push_back(ip.config_dir);
  if (!edit_primary_lists(list, nw.config_dir, /*alternate_add=*/false)) return;
  RunAction perms;
  perms.config_directory = nw.config_dir;
  perms.argv = {v_["command_directory"] + "/postfix", "-c", nw.config_dir, "set-permissions"};
  perms.reason = "set the ownership and permissions of the new instance's private files";
  plan_.steps.push_back(RunStep{perms});
}

// The directories of a new instance, as `mkdir -p` would make them.
bool LifecyclePlanner::plan_new_directories(const Instance& nw) {
  struct DirWant {
    std::string path;
    unsigned mode;
  };
  std::vector<MakeDirectoryStep> mkdirs;
  bool waiting = false;
  for (const DirWant& d :
       {DirWant{nw.config_dir, 0755}, DirWant{nw.queue_dir, 0755}, DirWant{nw.data_dir, 0700}}) {
    std::vector<std::string> missing;
    for (std::string p = d.path;; p = path_dirname(p)) {
      if (!known_stat(p)) {
        waiting = true;
        break;
      }
      PathKind k = kind(p);
      if (k == PathKind::kDirectory) break;
      if (k != PathKind::kAbsent)
        return fail(fmt::format("{} exists and is not a directory", p)), false;
      missing.push_back(p);
      if (p == "/") break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      bool dup = std::any_of(mkdirs.begin(), mkdirs.end(),
                             [&](const MakeDirectoryStep& m) { return m.path == *it; });
      if (!dup) mkdirs.push_back({*it, d.mode});
    }
  }
  if (waiting) return false;
  for (auto& m : mkdirs) plan_.steps.push_back(m);
  return true;
}

// -e create of an instance that is not there yet: the directories, a stock master.cf and the
// new main.cf, edited in postmulti-script's three rounds.
bool LifecyclePlanner::plan_new_files(const Instance& nw, bool set_name, bool set_group,
                                      const std::string& main_path,
                                      const std::string& master_path) {
  const FileState* master_st = file(master_path);
  // A main.cf without master.cf is somebody's work: never overwritten (postmulti would).
  if (file(main_path))
    return fail(fmt::format(
               "{} exists but {} does not: an incomplete instance; add a master.cf and import "
               "it, or remove {}",
               main_path, master_path, main_path)),
           false;
  std::string meta = v_["meta_directory"];
  std::string main_proto = meta + "/main.cf.proto", master_proto = meta + "/master.cf.proto";
  bool p1 = known_read(main_proto), p2 = known_read(master_proto);
  if (!p1 || !p2) return false;
  const std::string* main_proto_bytes = content(main_proto);
  const std::string* master_proto_bytes = content(master_proto);
  if (!main_proto_bytes)
    return fail(fmt::format("Missing main.cf prototype: {}", main_proto)), false;
  if (!master_proto_bytes)
    return fail(fmt::format("Missing master.cf prototype: {}", master_proto)), false;
  // A master.cf alone is what an interrupted create leaves: replaced only when it is stock.
  if (master_st && std::get<std::string>(*master_st) != *master_proto_bytes)
    return fail(fmt::format(
               "{} exists (without main.cf) and differs from {}: remove it or add a main.cf "
               "and import the instance",
               master_path, master_proto)),
           false;
  if (!plan_new_directories(nw)) return false;

  std::vector<ParameterEdit> round1, round2, round3;
  for (const auto& p : shared_parameters()) {
    const Definition* d = primary_cfg_->file().find(p);
    std::string val = d ? collapse_white_space(d->value) : std::string();
    if (val.empty())
      round1.push_back(comment_out_param(p));
    else
      round2.push_back(set_param(p, val));
  }
  std::vector<ParameterEdit> own{
      set_param("queue_directory", nw.queue_dir), set_param("data_directory", nw.data_dir),
      set_param("authorized_submit_users", ""), set_param("master_service_disable", "inet")};
  round2.insert(round2.begin(), own.begin(), own.end());
  if (set_name) round3.push_back(set_param("multi_instance_name", nw.name));
  if (set_group) round3.push_back(set_param("multi_instance_group", nw.group));
  std::string bytes = *main_proto_bytes;
  for (const auto* round : {&round1, &round2, &round3}) {
    if (round->empty()) continue;
    auto r = edit_main_cf(bytes, *round, main_proto);
    if (!r) return fail(r.error()), false;
    bytes = *r;
  }
  std::vector<std::pair<std::string, std::string>> want{{"queue_directory", nw.queue_dir},
                                                        {"data_directory", nw.data_dir}};
  if (set_name) want.emplace_back("multi_instance_name", nw.name);
  if (set_group) want.emplace_back("multi_instance_group", nw.group);
  if (!reads_back(main_path, bytes, {}, want)) return false;
  if (!master_st)
    plan_.steps.push_back(WriteFileStep{master_path, std::nullopt, *master_proto_bytes, 0644,
                                        fmt::format("stock master.cf from {}", master_proto)});
  plan_.steps.push_back(WriteFileStep{
      main_path, std::nullopt, bytes, 0644,
      fmt::format("stock main.cf from {} with the new instance's settings", main_proto)});
  return true;
}

}  // namespace pfmulti
