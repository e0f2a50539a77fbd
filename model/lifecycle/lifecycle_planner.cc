// postmulti(1) life-cycle planning: the facts protocol, the steps every action shares, and the
// dispatch to one file per action family (see lifecycle_planner.h). The order of checks follows
// postmulti.c (main(), then manage()) and then postmulti-script, so that the first error a user
// sees is the one postmulti would show (spec/rules.md R97); pfmulti's extra checks come where
// they are cheapest to understand (before anything is changed, always).
#include "model/lifecycle/lifecycle_planner.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/main_cf/instance_config.h"
#include "model/main_cf/main_cf.h"
#include "model/text/strings.h"

namespace pfmulti {

std::string_view path_kind_name(PathKind k) {
  switch (k) {
    case PathKind::kAbsent:
      return "absent";
    case PathKind::kFile:
      return "file";
    case PathKind::kDirectory:
      return "directory";
    case PathKind::kSymlink:
      return "symbolic link";
    case PathKind::kSocket:
      return "socket";
    case PathKind::kFifo:
      return "fifo";
    case PathKind::kOther:
      return "special file";
  }
  return "?";
}

const std::vector<std::string>& message_queue_names() {
  static const std::vector<std::string> names{"maildrop", "incoming", "active",
                                              "deferred", "hold",     "corrupt"};
  return names;
}

const std::vector<std::string>& queue_subdirs() {
  static const std::vector<std::string> names{
      "active",   "bounce",   "corrupt", "defer",   "deferred", "flush", "hold",
      "incoming", "maildrop", "pid",     "private", "public",   "saved", "trace"};
  return names;
}

const std::vector<std::string>& shared_parameters() {
  static const std::vector<std::string> names{
      "command_directory", "daemon_directory",  "meta_directory",   "mail_owner",
      "setgid_group",      "sendmail_path",     "mailq_path",       "newaliases_path",
      "html_directory",    "manpage_directory", "sample_directory", "readme_directory",
      "shlib_directory"};
  return names;
}

LifecycleAnswer plan_lifecycle(const LifecycleInput& input, const LifecycleFacts& facts) noexcept {
  return LifecyclePlanner(input, facts).run();
}

LifecycleAnswer LifecyclePlanner::run() {
  LifecycleAnswer a;
  plan();
  std::sort(needs_.begin(), needs_.end());
  needs_.erase(std::unique(needs_.begin(), needs_.end()), needs_.end());
  a.needs = std::move(needs_);
  if (a.needs.empty()) a.plan = std::move(plan_);
  return a;
}

// ---------- facts ----------

bool LifecyclePlanner::known_read(const std::string& path) {
  if (f_.read.count(path)) return true;
  needs_.push_back({LifecycleNeed::Kind::kRead, path, {}});
  return false;
}
bool LifecyclePlanner::known_stat(const std::string& path) {
  if (f_.kinds.count(path)) return true;
  needs_.push_back({LifecycleNeed::Kind::kStat, path, {}});
  return false;
}
bool LifecyclePlanner::known_tree(const std::string& path) {
  if (f_.listed.count(path)) return true;
  needs_.push_back({LifecycleNeed::Kind::kTree, path, {}});
  return false;
}
bool LifecyclePlanner::known_status(const std::string& dir) {
  if (f_.running.count(dir)) return true;
  needs_.push_back({LifecycleNeed::Kind::kStatus,
                    dir,
                    {v_["command_directory"] + "/postfix", "-c", dir, "status"}});
  return false;
}
const std::string* LifecyclePlanner::content(const std::string& path) const {
  const FileState* s = file(path);
  return s ? std::get_if<std::string>(s) : nullptr;
}
PathKind LifecyclePlanner::kind(const std::string& path) const {
  auto it = f_.kinds.find(path);
  return it == f_.kinds.end() ? PathKind::kAbsent : it->second;
}

// ---------- the plan ----------

void LifecyclePlanner::plan() {
  if (!read_primary() || !parse_options() || !read_journal()) return;
  dispatch();
  if (needs_.empty()) finish_journal();
}

void LifecyclePlanner::dispatch() {
  bool waiting = false;
  if (!claim_shared_directories(waiting) || waiting) return;
  if (command_.edit == EditAction::kInit) return plan_init();
  if (!load_instances()) return;
  switch (command_.edit) {
    case EditAction::kCreate:
    case EditAction::kImport:
      return plan_add();
    case EditAction::kAssign:
      return plan_assign();
    case EditAction::kDestroy:
    case EditAction::kDeport:
      return plan_remove();
    case EditAction::kEnable:
    case EditAction::kDisable:
      return plan_enable();
    case EditAction::kInit:
      break;
  }
  fail("internal error: unknown action");
}

// R71 the primary main.cf (never edited when Postfix cannot read it), R70 MAIL_CONFIG.
bool LifecyclePlanner::read_primary() {
  const std::string& default_dir = in_.defaults.config_directory();
  auto mail_config = in_.env.find("MAIL_CONFIG");
  std::string read_dir = mail_config != in_.env.end() ? mail_config->second : default_dir;
  std::string primary_path = main_cf_path(read_dir);
  if (!known_read(primary_path)) return false;
  auto loaded = load_config(f_.files, read_dir, in_.defaults, "");
  if (!loaded) return fail(loaded.error()), false;
  primary_cfg_.emplace(std::move(loaded).value());
  for (const char* name :
       {"config_directory", "command_directory", "daemon_directory", "meta_directory",
        "shlib_directory", "queue_directory", "data_directory", "multi_instance_directories",
        "multi_instance_name", "multi_instance_group", "multi_instance_enable",
        "multi_instance_wrapper"}) {
    auto x = primary_cfg_->expand(name);
    if (!x) return fail(fmt::format("{}: {}: {}", primary_path, name, x.error())), false;
    v_[name] = *x;
  }
  v_["config_directory"] = read_dir;  // R120: the directory read, not main.cf's value
  primary_path_ = primary_path;
  primary_bytes_ = *content(primary_path);
  if (!parse_bool(v_["multi_instance_enable"]))
    return fail(fmt::format("bad boolean configuration: multi_instance_enable = {}",
                            v_["multi_instance_enable"])),
           false;
  if (mail_config != in_.env.end() && mail_config->second != default_dir)
    return fail(fmt::format("Non-default configuration directory: MAIL_CONFIG={}",
                            mail_config->second)),
           false;
  plan_.primary_config_directory = v_["config_directory"];
  return true;
}

// R97 postmulti's options (model/postmulti/postmulti_command.h).
bool LifecyclePlanner::parse_options() {
  PostmultiParse parse = parse_postmulti_command(in_.argv);
  if (parse.refusal) return fail(parse.refusal->message), false;
  if (parse.command->mode != PostmultiMode::kEdit)
    return fail("not a life-cycle command: use -e ACTION"), false;
  command_ = std::move(*parse.command);
  plan_.action = std::string(edit_action_name(command_.edit));
  return true;
}

// R74 shared directories: must be directories; command, daemon and shlib are the primary's.
bool LifecyclePlanner::claim_shared_directories(bool& waiting) {
  for (const char* name : kSharedDirectories) {
    const std::string& dir = v_[name];
    if (!dir.empty() && dir.front() == '/' && !known_stat(dir)) waiting = true;
  }
  if (waiting) return true;
  for (const char* name : kSharedDirectories) {
    const std::string& dir = v_[name];
    if (dir.empty() || dir.front() != '/') continue;
    PathKind k = kind(dir);
    if (k == PathKind::kAbsent)
      return fail(fmt::format("{} = '{}': directory not found: No such file or directory", name,
                              dir)),
             false;
    if (k != PathKind::kDirectory)
      return fail(fmt::format("{} = '{}' is not a directory", name, dir)), false;
    if (std::string_view(name) == "meta_directory") continue;
    if (auto conflict = claims_.add({v_["config_directory"], name, dir}))
      return fail(*conflict), false;
  }
  return true;
}

// A secondary through the one loader (model/postmulti/instances.h); damage is kept.
Instance LifecyclePlanner::load_instance(const std::string& dir) {
  auto loaded = load_secondary(dir, load_config(f_.files, dir, in_.defaults, ""));
  Instance ip;
  if (auto* bad = std::get_if<LoadFailure>(&loaded)) {
    ip.config_dir = dir;
    ip.damage = bad->detail;
  } else {
    ip = std::get<Instance>(std::move(loaded));
  }
  ip.main_cf_absent = file(main_cf_path(dir)) == nullptr;
  return ip;
}

// load_all_instances(): the primary, then multi_instance_directories, claims registered. A
// damaged secondary blocks everything but deporting it (selected by its directory).
bool LifecyclePlanner::load_instances() {
  std::vector<std::string> dirs = split_list(v_["multi_instance_directories"]);
  instances_.push_back(primary_instance(v_["config_directory"], v_["multi_instance_name"],
                                        v_["multi_instance_group"],
                                        *parse_bool(v_["multi_instance_enable"]), dirs.empty(),
                                        v_["queue_directory"], v_["data_directory"]));
  bool waiting = false;
  for (const auto& d : dirs)
    if (!known_read(main_cf_path(d))) waiting = true;
  if (waiting) return false;
  if (auto conflict = claims_.add_all(claims_of(instances_.front()))) return fail(*conflict), false;
  for (const auto& d : dirs) {
    Instance ip = load_instance(d);
    if (!ip.damage)
      if (auto conflict = claims_.add_all(claims_of(ip))) return fail(*conflict), false;
    instances_.push_back(std::move(ip));
  }
  // Damage (issue 12 item 8): an action that adds a claim (create, import, assign) must know
  // every claim, so any damaged instance blocks it. Removing or switching an instance needs
  // only the target: others' damage is a warning; a damaged target is deported by directory.
  const bool adds_claims = command_.edit == EditAction::kCreate ||
                           command_.edit == EditAction::kImport ||
                           command_.edit == EditAction::kAssign;
  for (const auto& ip : instances_) {
    if (!ip.damage) continue;
    bool deporting_it =
        command_.edit == EditAction::kDeport && matches(ip, command_.selection).value_or(false);
    if (deporting_it) continue;
    if (adds_claims)
      return fail(fmt::format("instance {} cannot be read: {} (fix it or deport it with 'pfmulti "
                              "-i {} -e deport' first: its claims are unknown)",
                              ip.config_dir, *ip.damage, ip.config_dir)),
             false;
    plan_.warnings.push_back(
        fmt::format("instance {} cannot be read: {} (left alone)", ip.config_dir, *ip.damage));
  }
  return true;
}

// postmulti-script: every action but init needs a primary that `postmulti -e init` set up.
bool LifecyclePlanner::check_initialized() {
  if (collapse_white_space(v_["multi_instance_wrapper"]).empty())
    return fail("multi_instance_wrapper is empty, run 'pfmulti -e init' first."), false;
  if (collapse_white_space(v_["multi_instance_enable"]) != "yes")
    return fail("multi_instance_enable!=yes, run 'pfmulti -e init' first."), false;
  return true;
}

// Adds a write step editing path (current bytes `before`) unless the edit changes nothing.
bool LifecyclePlanner::edit_file(const std::string& path, const std::string& before,
                                 const std::vector<ParameterEdit>& edits) {
  auto after = edit_main_cf(before, edits, path);
  if (!after) return fail(after.error()), false;
  if (*after == before) return true;
  std::vector<std::string> what;
  for (const auto& e : edits) {
    switch (e.kind) {
      case ParameterEdit::Kind::kSet:
        what.push_back(fmt::format("{} = {}", e.name, e.value));
        break;
      case ParameterEdit::Kind::kCommentOut:
        what.push_back("#" + e.name);
        break;
      case ParameterEdit::Kind::kRemove:
        what.push_back("-" + e.name);
        break;
    }
  }
  plan_.steps.push_back(WriteFileStep{path, before, *after, 0644, join(what, "; ")});
  return true;
}

// update_cfdirs: multi_instance_directories always; alternate_config_directories gains
// (deport) or loses (create, import, destroy) the directory.
bool LifecyclePlanner::edit_primary_lists(const std::vector<std::string>& list,
                                          const std::string& dir, bool alternate_add) {
  std::vector<ParameterEdit> edits{set_param("multi_instance_directories", join(list))};
  const Definition* alt_def = primary_cfg_->file().find("alternate_config_directories");
  std::vector<std::string> alt =
      split_list(alt_def ? collapse_white_space(alt_def->value) : std::string());
  std::vector<std::string> keep;
  bool found = false;
  for (const auto& d : alt) {
    if (d == dir)
      found = true;
    else
      keep.push_back(d);
  }
  if (alternate_add && !found) keep.push_back(dir);
  bool alt_edited = alternate_add != found;
  if (alt_edited) edits.push_back(set_param("alternate_config_directories", join(keep)));
  size_t before_steps = plan_.steps.size();
  if (!edit_file(primary_path_, primary_bytes_, edits)) return false;
  if (plan_.steps.size() == before_steps) return true;
  std::vector<std::pair<std::string, std::vector<std::string>>> lists{
      {"multi_instance_directories", list}};
  if (alt_edited) lists.emplace_back("alternate_config_directories", keep);
  return reads_back(primary_path_, std::get<WriteFileStep>(plan_.steps.back()).after, lists, {});
}

// select_existing_instance()
const Instance* LifecyclePlanner::select_existing(bool unlink) {
  if (command_.selection.type != SelectionType::kName)
    return fail("Select an instance via '-i name'"), nullptr;
  auto it = std::find_if(instances_.begin(), instances_.end(), [&](const Instance& ip) {
    return matches(ip, command_.selection).value_or(false);
  });
  if (it == instances_.end()) {
    for (const auto& ip : instances_)
      if (ip.damage && !matches(ip, command_.selection).has_value())
        return fail(fmt::format("No instance named {} (instance {} cannot be read: {}; select it "
                                "by its directory: -i {})",
                                command_.selection.value, ip.config_dir, *ip.damage,
                                ip.config_dir)),
               nullptr;
    return fail(fmt::format("No instance named {}", command_.selection.value)), nullptr;
  }
  if (unlink && it->primary) return fail("Cannot remove the primary instance"), nullptr;
  if (unlink && it->enabled) return fail("Cannot remove enabled instances"), nullptr;
  plan_.target = {it->name, it->group, it->config_dir};
  return &*it;
}

const std::string& LifecyclePlanner::bytes_of(const Instance& ip) {
  return ip.primary ? primary_bytes_ : std::get<std::string>(*file(main_cf_path(ip.config_dir)));
}

}  // namespace pfmulti
