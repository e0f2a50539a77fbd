// postmulti(1) life-cycle planning (see lifecycle_plan.h). The order of checks follows
// postmulti.c (main(), then manage()) and then postmulti-script, so that the first error a user
// sees is the one postmulti would show; pfmulti's extra checks come where they are cheapest to
// understand (before anything is changed, always).
#include "model/lifecycle/lifecycle_plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/lifecycle/instance_names.h"
#include "model/main_cf/config.h"
#include "model/main_cf/instance_config.h"
#include "model/main_cf/main_cf.h"
#include "model/postmulti/claims.h"
#include "model/text/getopt.h"

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

namespace {

// postmulti-script's QUEUE_SUBDIRS: what Postfix creates under queue_directory.
const std::vector<std::string>& queue_subdirs() {
  static const std::vector<std::string> names{
      "active",   "bounce",   "corrupt", "defer",   "deferred", "flush", "hold",
      "incoming", "maildrop", "pid",     "private", "public",   "saved", "trace"};
  return names;
}

// postmulti-script's SHARED_PARAMETERS: cloned from the primary into a new instance.
const std::vector<std::string>& shared_parameters() {
  static const std::vector<std::string> names{
      "command_directory", "daemon_directory",  "meta_directory",   "mail_owner",
      "setgid_group",      "sendmail_path",     "mailq_path",       "newaliases_path",
      "html_directory",    "manpage_directory", "sample_directory", "readme_directory",
      "shlib_directory"};
  return names;
}

// Names of the temporary files the atomic writer uses (impl/runtime/atomic_file.h): destroy removes
// leftovers of an interrupted pfmulti run too.
std::string temp_name(const std::string& base) { return "." + base + ".pfmulti-new"; }

struct Instance {
  std::string config_dir, queue_dir, data_dir, name, group;
  bool enabled = false;
  bool primary = false;
  std::optional<std::string> damage;
  bool main_cf_absent = false;
};

enum class SelectionType { kNone, kAll, kName, kGroup };
struct Selection {
  SelectionType type = SelectionType::kNone;
  std::string name;
};

// postmulti.c match_instance_selection().
bool matches(const Instance& ip, const Selection& sel) {
  switch (sel.type) {
    case SelectionType::kNone:
      return false;
    case SelectionType::kAll:
      return true;
    case SelectionType::kGroup:
      return !ip.group.empty() && sel.name == ip.group;
    case SelectionType::kName: {
      if (ip.primary && sel.name == "-") return true;
      if (ip.damage) return sel.name == ip.config_dir;
      std::string_view iname;
      if ((!sel.name.empty() && sel.name.front() == '/') || ip.name.empty()) {
        iname = ip.config_dir;
      } else if (sel.name.rfind(kInstanceNamePrefix, 0) != 0 &&
                 ip.name.rfind(kInstanceNamePrefix, 0) == 0) {
        iname = std::string_view(ip.name).substr(kInstanceNamePrefix.size());
      } else {
        iname = ip.name;
      }
      return sel.name == iname;
    }
  }
  return false;
}

std::string parent_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

constexpr int kEditCreate = 1 << 4, kEditImport = 1 << 5, kEditDestroy = 1 << 6,
              kEditDeport = 1 << 7, kEditEnable = 1 << 8, kEditDisable = 1 << 9,
              kEditAssign = 1 << 10, kEditInit = 1 << 11;
constexpr int kIterPostfix = 1, kIterList = 2, kIterGeneric = 4;
constexpr int kEditMaskAdd = kEditCreate | kEditImport;
constexpr int kEditMaskAssign = kEditMaskAdd | kEditAssign;
constexpr int kEditMaskAll = 0xff0;

struct EditCommand {
  std::string_view name;
  int code;
};
constexpr EditCommand kEditCommands[] = {{"create", kEditCreate},   {"import", kEditImport},
                                         {"destroy", kEditDestroy}, {"deport", kEditDeport},
                                         {"enable", kEditEnable},   {"disable", kEditDisable},
                                         {"assign", kEditAssign},   {"init", kEditInit}};

std::string_view edit_name(int code) {
  for (const auto& e : kEditCommands)
    if (e.code == code) return e.name;
  return "";
}

class Planner {
 public:
  Planner(const LifecycleInput& in, const LifecycleFacts& f) : in_(in), f_(f) {}

  LifecycleAnswer run() {
    LifecycleAnswer a;
    plan();
    std::sort(needs_.begin(), needs_.end());
    needs_.erase(std::unique(needs_.begin(), needs_.end()), needs_.end());
    a.needs = std::move(needs_);
    if (a.needs.empty()) a.plan = std::move(plan_);
    return a;
  }

 private:
  // ---------- facts ----------
  bool known_read(const std::string& path) {
    if (f_.read.count(path)) return true;
    needs_.push_back({LifecycleNeed::Kind::kRead, path, {}});
    return false;
  }
  bool known_stat(const std::string& path) {
    if (f_.kinds.count(path)) return true;
    needs_.push_back({LifecycleNeed::Kind::kStat, path, {}});
    return false;
  }
  bool known_tree(const std::string& path) {
    if (f_.listed.count(path)) return true;
    needs_.push_back({LifecycleNeed::Kind::kTree, path, {}});
    return false;
  }
  bool known_status(const std::string& dir) {
    if (f_.running.count(dir)) return true;
    needs_.push_back({LifecycleNeed::Kind::kStatus,
                      dir,
                      {v_["command_directory"] + "/postfix", "-c", dir, "status"}});
    return false;
  }
  const FileState* file(const std::string& path) const { return find_file(f_.files, path); }
  const std::string* content(const std::string& path) const {
    const FileState* s = file(path);
    return s ? std::get_if<std::string>(s) : nullptr;
  }
  PathKind kind(const std::string& path) const {
    auto it = f_.kinds.find(path);
    return it == f_.kinds.end() ? PathKind::kAbsent : it->second;
  }

  void fail(std::string message) {
    plan_.error = std::move(message);
    plan_.steps.clear();
  }
  bool failed() const { return plan_.error.has_value(); }

  // ---------- main.cf edits ----------
  // Adds a write step editing path (current bytes `before`) unless the edit changes nothing.
  bool edit_file(const std::string& path, const std::string& before,
                 const std::vector<ParameterEdit>& edits) {
    auto after = edit_main_cf(before, edits, path);
    if (!after) {
      fail(after.error());
      return false;
    }
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
    std::string summary;
    for (const auto& w : what) summary += (summary.empty() ? "" : "; ") + w;
    plan_.steps.push_back(WriteFileStep{path, before, *after, 0644, summary});
    return true;
  }

  // ---------- instances ----------
  std::optional<Instance> load_secondary(const std::string& dir) {
    Instance ip;
    ip.config_dir = dir;
    std::string path = main_cf_path(dir);
    const FileState* st = file(path);
    if (!st) ip.main_cf_absent = true;
    auto cfg = load_config(f_.files, dir, in_.defaults, "");
    if (!cfg) {
      ip.damage = cfg.error();
      return ip;
    }
    const char* names[5] = {"queue_directory", "data_directory", "multi_instance_name",
                            "multi_instance_group", "multi_instance_enable"};
    std::string values[5];
    for (int i = 0; i < 5; ++i) {
      auto v = cfg->expand(names[i]);
      if (!v) {
        ip.damage = fmt::format("{}: {}: {}", path, names[i], v.error());
        return ip;
      }
      values[i] = collapse_white_space(*v);
    }
    ip.queue_dir = values[0];
    ip.data_dir = values[1];
    ip.name = values[2];
    ip.group = values[3];
    auto enabled = parse_bool(values[4]);
    if (!enabled) {
      ip.damage =
          fmt::format("Unexpected {}/main.cf entry: multi_instance_enable = {}", dir, values[4]);
      return ip;
    }
    ip.enabled = *enabled;
    return ip;
  }

  // ---------- the plan ----------
  void plan() {
    const std::string& default_dir = in_.defaults.config_directory();
    auto mail_config = in_.env.find("MAIL_CONFIG");
    std::string read_dir = mail_config != in_.env.end() ? mail_config->second : default_dir;
    std::string primary_path = main_cf_path(read_dir);
    if (!known_read(primary_path)) return;
    auto loaded = load_config(f_.files, read_dir, in_.defaults, "");
    if (!loaded) return fail(loaded.error());
    primary_cfg_.emplace(std::move(loaded).value());
    for (const char* name :
         {"config_directory", "command_directory", "daemon_directory", "meta_directory",
          "shlib_directory", "queue_directory", "data_directory", "multi_instance_directories",
          "multi_instance_name", "multi_instance_group", "multi_instance_enable",
          "multi_instance_wrapper"}) {
      auto x = primary_cfg_->expand(name);
      if (!x) return fail(fmt::format("{}: {}: {}", primary_path, name, x.error()));
      v_[name] = *x;
    }
    primary_path_ = primary_path;
    primary_bytes_ = *content(primary_path);
    auto primary_enable = parse_bool(v_["multi_instance_enable"]);
    if (!primary_enable)
      return fail(fmt::format("bad boolean configuration: multi_instance_enable = {}",
                              v_["multi_instance_enable"]));
    if (mail_config != in_.env.end() && mail_config->second != default_dir)
      return fail(
          fmt::format("Non-default configuration directory: MAIL_CONFIG={}", mail_config->second));
    plan_.primary_config_directory = v_["config_directory"];

    if (!parse_options()) return;

    // Shared directories: must be directories; command, daemon and shlib are the primary's.
    const std::string& primary_dir = v_["config_directory"];
    bool waiting = false;
    for (const char* name :
         {"command_directory", "daemon_directory", "meta_directory", "shlib_directory"}) {
      const std::string& dir = v_[name];
      if (dir.empty() || dir.front() != '/') continue;
      if (!known_stat(dir)) waiting = true;
    }
    if (waiting) return;
    for (const char* name :
         {"command_directory", "daemon_directory", "meta_directory", "shlib_directory"}) {
      const std::string& dir = v_[name];
      if (dir.empty() || dir.front() != '/') continue;
      PathKind k = kind(dir);
      if (k == PathKind::kAbsent)
        return fail(
            fmt::format("{} = '{}': directory not found: No such file or directory", name, dir));
      if (k != PathKind::kDirectory)
        return fail(fmt::format("{} = '{}' is not a directory", name, dir));
      if (std::string_view(name) == "meta_directory") continue;
      if (auto conflict = claims_.add({primary_dir, name, dir})) return fail(*conflict);
    }

    if (cmd_ == kEditInit) return plan_init();

    // load_all_instances(): the primary, then multi_instance_directories.
    std::vector<std::string> dirs = split_list(v_["multi_instance_directories"]);
    Instance primary;
    primary.config_dir = primary_dir;
    primary.name = collapse_white_space(v_["multi_instance_name"]);
    primary.group = collapse_white_space(v_["multi_instance_group"]);
    primary.enabled = dirs.empty() ? true : *primary_enable;
    primary.queue_dir = v_["queue_directory"];
    primary.data_dir = v_["data_directory"];
    primary.primary = true;
    instances_.push_back(primary);
    for (const auto& d : dirs)
      if (!known_read(main_cf_path(d))) waiting = true;
    if (waiting) return;
    if (auto conflict = claims_.add_all(
            instance_claims(primary.config_dir, primary.name, primary.queue_dir, primary.data_dir)))
      return fail(*conflict);
    for (const auto& d : dirs) {
      Instance ip = *load_secondary(d);
      if (!ip.damage) {
        if (auto conflict =
                claims_.add_all(instance_claims(ip.config_dir, ip.name, ip.queue_dir, ip.data_dir)))
          return fail(*conflict);
      }
      instances_.push_back(std::move(ip));
    }
    // A damaged secondary blocks everything but deporting it (selected by its directory).
    for (const auto& ip : instances_) {
      if (!ip.damage) continue;
      bool deporting_it = cmd_ == kEditDeport && matches(ip, selection_);
      if (!deporting_it)
        return fail(fmt::format("instance {} cannot be read: {}", ip.config_dir, *ip.damage));
    }

    switch (cmd_) {
      case kEditCreate:
      case kEditImport:
        return plan_add();
      case kEditAssign:
        return plan_assign();
      case kEditDestroy:
      case kEditDeport:
        return plan_remove();
      case kEditEnable:
      case kEditDisable:
        return plan_enable();
      default:
        return fail("internal error: unknown action");
    }
  }

  bool parse_options() {
    int instance_select_count = 0, command_mode_count = 0;
    bool reverse = false;
    std::string self = program_basename(in_.argv, "pfmulti");
    GetoptResult opts = posix_getopt(in_.argv, "ae:g:i:G:I:lpRvx");
    for (const ParsedOption& o : opts.options) {
      switch (o.option) {
        case 'a':
          if (selection_.type != SelectionType::kAll) ++instance_select_count;
          selection_.type = SelectionType::kAll;
          break;
        case 'e': {
          int code = -1;
          for (const auto& e : kEditCommands)
            if (e.name == o.argument) code = e.code;
          if (code < 0) {
            fail(
                fmt::format("Invalid '-e' edit action '{}'. Specify 'create', 'destroy', "
                            "'import', 'deport', 'enable', 'disable', 'assign' or 'init'",
                            o.argument));
            return false;
          }
          if (cmd_ != code) ++command_mode_count;
          cmd_ = code;
          break;
        }
        case 'g':
          ++instance_select_count;
          selection_ = {SelectionType::kGroup, o.argument};
          break;
        case 'i':
          ++instance_select_count;
          selection_ = {SelectionType::kName, o.argument};
          break;
        case 'G':
          if (assign_group_) {
            fail("Specify at most one '-G' option");
            return false;
          }
          assign_group_ = o.argument == "-" ? "" : o.argument;
          break;
        case 'I':
          if (assign_name_) {
            fail("Specify at most one '-I' option");
            return false;
          }
          assign_name_ = o.argument == "-" ? "" : o.argument;
          break;
        case 'l':
          if (cmd_ != kIterList) ++command_mode_count;
          cmd_ = kIterList;
          break;
        case 'p':
          if (cmd_ != kIterPostfix) ++command_mode_count;
          cmd_ = kIterPostfix;
          break;
        case 'R':
          reverse = !reverse;
          break;
        case 'v':
          break;
        case 'x':
          if (cmd_ != kIterGeneric) ++command_mode_count;
          cmd_ = kIterGeneric;
          break;
        default:
          fail(fmt::format(
              "Usage:{0} -l [-v] [-a] [-g group] [-i instance] | {0} -p [-v] [-a] [-g group] "
              "[-i instance] command... | {0} -x [-v] [-a] [-i name] [-g group] command... | "
              "{0} -e action [-v] [-a] [-i name] [-g group] [-I name] [-G group] "
              "[param=value ...]",
              self));
          return false;
      }
    }
    args_.assign(in_.argv.begin() + std::min(opts.optind, in_.argv.size()), in_.argv.end());
    if (instance_select_count > 1) {
      fail("Specity no more than one of '-a', '-g', '-i'");
      return false;
    }
    if (command_mode_count != 1) {
      fail("Specify exactly one of '-e', '-l', '-p', '-x'");
      return false;
    }
    if ((cmd_ & kEditMaskAll) == 0) {
      fail("not a life-cycle command: use -e ACTION");
      return false;
    }
    if (reverse) {
      fail("The '-p' and '-e' options preclude the use of '-R'");
      return false;
    }
    if ((cmd_ & kEditMaskAssign) == 0 && (assign_name_ || assign_group_)) {
      fail(fmt::format("Cannot assign instance name or group with '-e {}'", edit_name(cmd_)));
      return false;
    }
    if (cmd_ == kEditAssign && !assign_name_ && !assign_group_) {
      fail("Specify new instance name or group with '-e assign'");
      return false;
    }
    if ((cmd_ & ~kEditMaskAdd) != 0 && !args_.empty()) {
      fail(fmt::format("Parameter overrides not valid with '-e {}'", edit_name(cmd_)));
      return false;
    }
    plan_.action = std::string(edit_name(cmd_));
    return true;
  }

  // postmulti-script: every action but init needs a primary that `postmulti -e init` set up.
  bool check_initialized() {
    std::string wrapper = collapse_white_space(v_["multi_instance_wrapper"]);
    if (wrapper.empty()) {
      fail("multi_instance_wrapper is empty, run 'pfmulti -e init' first.");
      return false;
    }
    if (collapse_white_space(v_["multi_instance_enable"]) != "yes") {
      fail("multi_instance_enable!=yes, run 'pfmulti -e init' first.");
      return false;
    }
    return true;
  }

  // ---------- init ----------
  void plan_init() {
    const std::string& self = in_.self_path;
    if (self.empty() || self.front() != '/')
      return fail(fmt::format("cannot tell where pfmulti is installed (got '{}')", self));
    for (char c : self)
      if (is_postfix_space(c))
        return fail(
            fmt::format("pfmulti's path '{}' holds white space: it cannot be a "
                        "multi_instance_wrapper",
                        self));
    std::string wrapper = self + " -p --";
    if (self == v_["command_directory"] + "/pfmulti")
      wrapper = "${command_directory}/pfmulti -p --";
    edit_file(
        primary_path_, primary_bytes_,
        {set_param("multi_instance_wrapper", wrapper), set_param("multi_instance_enable", "yes")});
  }

  // ---------- create / import ----------
  void plan_add() {
    const bool import = cmd_ == kEditImport;
    std::string action(edit_name(cmd_));
    if (std::string e = check_name_assignment(assign_name_, assign_group_); !e.empty())
      return fail(e);
    Instance nw;
    for (const auto& arg : args_) {
      auto s = parse_path_setting(arg, action);
      if (!s) return fail(s.error());
      if (s->name == "config_directory") nw.config_dir = s->value;
      if (s->name == "queue_directory") nw.queue_dir = s->value;
      if (s->name == "data_directory") nw.data_dir = s->value;
    }
    std::string name = assign_name_.value_or("");
    if (nw.config_dir.empty()) {
      auto d = derive_private_path("config_directory", v_["config_directory"], name);
      if (!d) return fail(d.error());
      nw.config_dir = *d;
    }
    if (auto owner = claims_.owner_of(nw.config_dir))
      return fail(fmt::format("new config_directory={} is already in use by instance {}={}",
                              nw.config_dir, *owner, nw.config_dir));
    const std::string main_path = nw.config_dir + "/main.cf";
    const std::string master_path = nw.config_dir + "/master.cf";
    bool a = known_read(main_path), b = known_read(master_path), c = known_stat(nw.config_dir);
    if (!a || !b || !c) return;
    const FileState* main_st = file(main_path);
    const FileState* master_st = file(master_path);
    for (auto [path, st] : {std::pair{main_path, main_st}, std::pair{master_path, master_st}})
      if (st && std::holds_alternative<Unreadable>(*st))
        return fail(fmt::format("cannot read {}: {}", path, std::get<Unreadable>(*st).reason));
    if (kind(nw.config_dir) != PathKind::kAbsent && kind(nw.config_dir) != PathKind::kDirectory)
      return fail(fmt::format("config_directory {} exists and is not a directory", nw.config_dir));
    const bool complete = main_st && master_st;

    std::string current_name;
    if (import || complete) {
      if (import && !main_st) return fail(fmt::format("'{}' lacks a main.cf file", nw.config_dir));
      auto existing = *load_secondary(nw.config_dir);
      if (existing.damage) return fail(*existing.damage);
      if (!nw.queue_dir.empty() && nw.queue_dir != existing.queue_dir)
        return fail(fmt::format("{} already holds an instance with queue_directory={}, not {}",
                                nw.config_dir, existing.queue_dir, nw.queue_dir));
      if (!nw.data_dir.empty() && nw.data_dir != existing.data_dir)
        return fail(fmt::format("{} already holds an instance with data_directory={}, not {}",
                                nw.config_dir, existing.data_dir, nw.data_dir));
      nw.queue_dir = existing.queue_dir;
      nw.data_dir = existing.data_dir;
      nw.name = existing.name;
      nw.group = existing.group;
      nw.enabled = existing.enabled;
      current_name = existing.name;
    } else {
      if (nw.queue_dir.empty()) {
        auto d = derive_private_path("queue_directory", v_["queue_directory"], name);
        if (!d) return fail(d.error());
        nw.queue_dir = *d;
      }
      if (nw.data_dir.empty()) {
        auto d = derive_private_path("data_directory", v_["data_directory"], name);
        if (!d) return fail(d.error());
        nw.data_dir = *d;
      }
    }

    // do_name_assignments(): a changed name is claimed.
    bool set_name = false, set_group = false;
    if (assign_name_ && *assign_name_ != nw.name) {
      if (auto conflict = claims_.add({nw.config_dir, "multi_instance_name", *assign_name_}))
        return fail(*conflict);
      nw.name = *assign_name_;
      set_name = true;
    }
    if (assign_group_ && *assign_group_ != nw.group) {
      nw.group = *assign_group_;
      set_group = true;
    }

    // insert_instance(): claims, then the place in the list.
    if (auto conflict =
            claims_.add_all(instance_claims(nw.config_dir, nw.name, nw.queue_dir, nw.data_dir)))
      return fail(*conflict);
    std::vector<Instance> secondaries(instances_.begin() + 1, instances_.end());
    size_t pos = secondaries.size();
    if (selection_.type == SelectionType::kAll) {
      pos = 0;
    } else if (selection_.type != SelectionType::kNone) {
      auto it = std::find_if(secondaries.begin(), secondaries.end(),
                             [&](const Instance& ip) { return matches(ip, selection_); });
      if (it == secondaries.end()) return fail("No matching secondary instances");
      pos = static_cast<size_t>(it - secondaries.begin());
    }
    secondaries.insert(secondaries.begin() + static_cast<std::ptrdiff_t>(pos), nw);

    if (!check_initialized()) return;

    if (!complete) {
      if (import) {
        return fail(fmt::format("'{}' lacks a master.cf file", nw.config_dir));
      }
      // A main.cf without master.cf is somebody's work: never overwritten (postmulti would).
      if (main_st)
        return fail(fmt::format(
            "{} exists but {} does not: an incomplete instance; add a master.cf and import it, "
            "or remove {}",
            main_path, master_path, main_path));
      std::string meta = v_["meta_directory"];
      std::string main_proto = meta + "/main.cf.proto", master_proto = meta + "/master.cf.proto";
      bool p1 = known_read(main_proto), p2 = known_read(master_proto);
      if (!p1 || !p2) return;
      const std::string* main_proto_bytes = content(main_proto);
      const std::string* master_proto_bytes = content(master_proto);
      if (!main_proto_bytes) return fail(fmt::format("Missing main.cf prototype: {}", main_proto));
      if (!master_proto_bytes)
        return fail(fmt::format("Missing master.cf prototype: {}", master_proto));
      // A master.cf alone is what an interrupted create leaves: replaced only when it is stock.
      if (master_st && std::get<std::string>(*master_st) != *master_proto_bytes)
        return fail(fmt::format(
            "{} exists (without main.cf) and differs from {}: remove it or add a main.cf and "
            "import the instance",
            master_path, master_proto));

      // Directories, as `mkdir -p` would make them.
      struct DirWant {
        std::string path;
        unsigned mode;
      };
      std::vector<MakeDirectoryStep> mkdirs;
      bool waiting = false;
      for (const DirWant& d : {DirWant{nw.config_dir, 0755}, DirWant{nw.queue_dir, 0755},
                               DirWant{nw.data_dir, 0700}}) {
        std::vector<std::string> missing;
        std::string p = d.path;
        for (;;) {
          if (!known_stat(p)) {
            waiting = true;
            break;
          }
          PathKind k = kind(p);
          if (k == PathKind::kDirectory) break;
          if (k != PathKind::kAbsent)
            return fail(fmt::format("{} exists and is not a directory", p));
          missing.push_back(p);
          if (p == "/") break;
          p = parent_of(p);
        }
        for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
          bool dup = std::any_of(mkdirs.begin(), mkdirs.end(),
                                 [&](const MakeDirectoryStep& m) { return m.path == *it; });
          if (!dup) mkdirs.push_back({*it, d.mode});
        }
      }
      if (waiting) return;
      for (auto& m : mkdirs) plan_.steps.push_back(m);

      // The new main.cf, edited in postmulti-script's three rounds.
      std::string file_label = main_path;
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
        if (!r) return fail(r.error());
        bytes = *r;
      }
      if (!master_st)
        plan_.steps.push_back(WriteFileStep{master_path, std::nullopt, *master_proto_bytes, 0644,
                                            fmt::format("stock master.cf from {}", master_proto)});
      plan_.steps.push_back(WriteFileStep{
          main_path, std::nullopt, bytes, 0644,
          fmt::format("stock main.cf from {} with the new instance's settings", main_proto)});
    } else {
      std::vector<ParameterEdit> names;
      if (set_name) names.push_back(set_param("multi_instance_name", nw.name));
      if (set_group) names.push_back(set_param("multi_instance_group", nw.group));
      if (!names.empty() && !edit_file(main_path, std::get<std::string>(*main_st), names)) return;
    }

    std::vector<std::string> list;
    for (const auto& ip : secondaries) list.push_back(ip.config_dir);
    if (!edit_primary_lists(list, nw.config_dir, /*alternate_add=*/false)) return;
    RunAction perms;
    perms.config_directory = nw.config_dir;
    perms.argv = {v_["command_directory"] + "/postfix", "-c", nw.config_dir, "set-permissions"};
    perms.reason = "set the ownership and permissions of the new instance's private files";
    plan_.steps.push_back(RunStep{perms});
  }

  // update_cfdirs: multi_instance_directories always; alternate_config_directories gains
  // (deport) or loses (create, import, destroy) the directory.
  bool edit_primary_lists(const std::vector<std::string>& list, const std::string& dir,
                          bool alternate_add) {
    std::vector<ParameterEdit> edits{set_param("multi_instance_directories", join_words(list))};
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
    if (alternate_add && !found) {
      keep.push_back(dir);
      edits.push_back(set_param("alternate_config_directories", join_words(keep)));
    } else if (!alternate_add && found) {
      edits.push_back(set_param("alternate_config_directories", join_words(keep)));
    }
    return edit_file(primary_path_, primary_bytes_, edits);
  }

  // select_existing_instance()
  const Instance* select_existing(bool unlink) {
    if (selection_.type != SelectionType::kName) {
      fail("Select an instance via '-i name'");
      return nullptr;
    }
    auto it = std::find_if(instances_.begin(), instances_.end(),
                           [&](const Instance& ip) { return matches(ip, selection_); });
    if (it == instances_.end()) {
      fail(fmt::format("No instance named {}", selection_.name));
      return nullptr;
    }
    if (unlink) {
      if (it->primary) {
        fail("Cannot remove the primary instance");
        return nullptr;
      }
      if (it->enabled) {
        fail("Cannot remove enabled instances");
        return nullptr;
      }
    }
    return &*it;
  }

  const std::string& bytes_of(const Instance& ip) {
    return ip.primary ? primary_bytes_ : std::get<std::string>(*file(main_cf_path(ip.config_dir)));
  }

  // ---------- assign ----------
  void plan_assign() {
    const Instance* t = select_existing(false);
    if (!t) return;
    if (std::string e = check_name_assignment(assign_name_, assign_group_); !e.empty())
      return fail(e);
    std::vector<ParameterEdit> edits;
    if (assign_name_ && *assign_name_ != t->name) {
      if (auto conflict = claims_.add({t->config_dir, "multi_instance_name", *assign_name_}))
        return fail(*conflict);
      edits.push_back(set_param("multi_instance_name", *assign_name_));
    }
    if (assign_group_ && *assign_group_ != t->group)
      edits.push_back(set_param("multi_instance_group", *assign_group_));
    if (edits.empty()) return;  // postmulti: nothing to change, exit 0
    if (!check_initialized()) return;
    edit_file(main_cf_path(t->config_dir), bytes_of(*t), edits);
  }

  // ---------- enable / disable ----------
  void plan_enable() {
    const Instance* t = select_existing(false);
    if (!t) return;
    if (!check_initialized()) return;
    edit_file(main_cf_path(t->config_dir), bytes_of(*t),
              {set_param("multi_instance_enable", cmd_ == kEditEnable ? "yes" : "no")});
  }

  // ---------- deport / destroy ----------
  void plan_remove() {
    const Instance* t = select_existing(true);
    if (!t) return;
    const Instance target = *t;
    if (!check_initialized()) return;
    std::vector<std::string> list;
    for (size_t i = 1; i < instances_.size(); ++i)
      if (instances_[i].config_dir != target.config_dir) list.push_back(instances_[i].config_dir);

    if (cmd_ == kEditDeport) {
      if (target.main_cf_absent)  // deporting an already deleted instance
        return void(edit_primary_lists(list, target.config_dir, false));
      if (target.damage)
        return fail(
            fmt::format("instance {} cannot be read: {}", target.config_dir, *target.damage));
      if (!known_status(target.config_dir)) return;
      if (f_.running.at(target.config_dir))
        return fail(fmt::format("Instance '{}' is not stopped", target.config_dir));
      edit_primary_lists(list, target.config_dir, true);
      return;
    }

    // destroy
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
        if (e.kind != PathKind::kFile) continue;
        std::string top = e.path.substr(0, e.path.find('/'));
        if (top != e.path &&
            std::count(message_queue_names().begin(), message_queue_names().end(), top))
          messages.push_back(target.queue_dir + "/" + e.path);
      }
    }
    if (!messages.empty())
      return fail(
          fmt::format("Instance '{}' has {} message file(s) in its queue (first: {}): "
                      "the queue must be empty",
                      target.config_dir, messages.size(), messages.front()));

    if (!edit_primary_lists(list, target.config_dir, false)) return;
    // What Postfix made: known queue subdirectories (and what is inside them: hashed
    // subdirectories, sockets and fifos, pid files), data_directory's lock and random seed,
    // main.cf and master.cf (and pfmulti's own temporary files).
    remove_tree(target.queue_dir, [](const TreeEntry& e) {
      std::string top = e.path.substr(0, e.path.find('/'));
      bool known = std::count(queue_subdirs().begin(), queue_subdirs().end(), top) > 0;
      if (!known) return false;
      if (e.kind == PathKind::kDirectory) return true;
      if (e.kind == PathKind::kSocket || e.kind == PathKind::kFifo)
        return top == "public" || top == "private";
      if (e.kind == PathKind::kFile && top == "pid" && e.path.size() > 4 &&
          e.path.find('/', 4) == std::string::npos && e.path.ends_with(".pid"))
        return true;
      return false;
    });
    remove_tree(target.data_dir, [](const TreeEntry& e) {
      return e.kind == PathKind::kFile && (e.path == "master.lock" || e.path == "prng_exch");
    });
    remove_tree(target.config_dir, [](const TreeEntry& e) {
      if (e.kind == PathKind::kFile)
        return e.path == "main.cf" || e.path == "master.cf" || e.path == temp_name("main.cf") ||
               e.path == temp_name("master.cf");
      return e.kind == PathKind::kDirectory && e.path == ".tmp";
    });
  }

  // Removes what `removable` accepts (an entry counts only when every directory above it is
  // accepted too), then every directory left empty, deepest first, then root itself when
  // nothing is left. What stays is recorded (and warned about).
  template <class Pred>
  void remove_tree(const std::string& root, Pred removable) {
    auto it = f_.trees.find(root);
    if (it == f_.trees.end()) return;  // already gone
    const std::vector<TreeEntry>& entries = it->second;
    auto parent = [](const std::string& p) {
      size_t s = p.rfind('/');
      return s == std::string::npos ? std::string() : p.substr(0, s);
    };
    auto eligible = [&](const TreeEntry& e) {
      if (!removable(e)) return false;
      for (std::string q = parent(e.path); !q.empty(); q = parent(q))
        if (!removable(TreeEntry{q, PathKind::kDirectory})) return false;
      return true;
    };
    std::set<std::string> stays;  // directories that keep something ("" = root)
    std::vector<std::string> reasons;
    for (const auto& e : entries) {
      if (eligible(e)) continue;
      // Report the top-most entry that is not eligible.
      bool ancestor_ineligible = false;
      for (std::string q = parent(e.path); !q.empty(); q = parent(q))
        if (!eligible(TreeEntry{q, PathKind::kDirectory})) ancestor_ineligible = true;
      if (!ancestor_ineligible)
        reasons.push_back(e.kind == PathKind::kDirectory ? e.path + "/" : e.path);
      for (std::string q = parent(e.path);; q = parent(q)) {
        stays.insert(q);
        if (q.empty()) break;
      }
    }
    std::vector<std::string> dirs;
    for (const auto& e : entries) {
      if (!eligible(e)) continue;
      if (e.kind == PathKind::kDirectory) {
        if (!stays.count(e.path)) dirs.push_back(e.path);
      } else {
        plan_.steps.push_back(RemoveFileStep{root + "/" + e.path});
      }
    }
    std::sort(dirs.begin(), dirs.end(), [](const std::string& x, const std::string& y) {
      auto depth = [](const std::string& s) { return std::count(s.begin(), s.end(), '/'); };
      if (depth(x) != depth(y)) return depth(x) > depth(y);
      return x < y;
    });
    for (const auto& d : dirs) plan_.steps.push_back(RemoveDirectoryStep{root + "/" + d});
    if (!stays.count("")) {
      plan_.steps.push_back(RemoveDirectoryStep{root});
      return;
    }
    std::sort(reasons.begin(), reasons.end());
    std::string shown;
    for (size_t i = 0; i < reasons.size() && i < 5; ++i) shown += (i ? ", " : "") + reasons[i];
    if (reasons.size() > 5) shown += fmt::format(", and {} more", reasons.size() - 5);
    plan_.leftovers.push_back(fmt::format(
        "{}: please verify contents and remove by hand (not made by Postfix: {})", root, shown));
  }

  const LifecycleInput& in_;
  const LifecycleFacts& f_;
  std::vector<LifecycleNeed> needs_;
  LifecyclePlan plan_;
  std::optional<Config> primary_cfg_;
  std::map<std::string, std::string, std::less<>> v_;
  std::string primary_path_, primary_bytes_;
  ClaimTable claims_;
  std::vector<Instance> instances_;
  Selection selection_;
  std::optional<std::string> assign_name_, assign_group_;
  std::vector<std::string> args_;
  int cmd_ = 0;
};

// A short line diff (longest common subsequence on lines) for --dry-run.
std::string line_diff(const std::string& before, const std::string& after) {
  auto a = physical_lines(before), b = physical_lines(after);
  size_t n = a.size(), m = b.size();
  std::string out;
  auto show = [](std::string_view t) {
    std::string s;
    for (char c : t) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f)
        s += fmt::format("\\x{:02x}", u);
      else
        s += c;
    }
    return s;
  };
  if (n * m > 4'000'000) {
    size_t p = 0;
    while (p < n && p < m && a[p].text == b[p].text) ++p;
    size_t sa = n, sb = m;
    while (sa > p && sb > p && a[sa - 1].text == b[sb - 1].text) --sa, --sb;
    for (size_t i = p; i < sa; ++i) out += fmt::format("    - {}\n", show(a[i].text));
    for (size_t i = p; i < sb; ++i) out += fmt::format("    + {}\n", show(b[i].text));
    return out;
  }
  std::vector<std::vector<unsigned>> L(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      L[i][j] = a[i].text == b[j].text ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i].text == b[j].text) {
      ++i, ++j;
    } else if (j < m && (i == n || L[i][j + 1] >= L[i + 1][j])) {
      out += fmt::format("    + {}\n", show(b[j++].text));
    } else {
      out += fmt::format("    - {}\n", show(a[i++].text));
    }
  }
  return out;
}

}  // namespace

LifecycleAnswer plan_lifecycle(const LifecycleInput& input, const LifecycleFacts& facts) {
  return Planner(input, facts).run();
}

std::string describe_step(const LifecycleStep& step) {
  struct V {
    std::string operator()(const WriteFileStep& s) const {
      if (!s.before) return fmt::format("create {} (mode {:04o}): {}\n", s.path, s.mode, s.what);
      return fmt::format("edit {}: {}\n{}", s.path, s.what, line_diff(*s.before, s.after));
    }
    std::string operator()(const MakeDirectoryStep& s) const {
      return fmt::format("mkdir {} (mode {:04o})\n", s.path, s.mode);
    }
    std::string operator()(const RemoveFileStep& s) const {
      return fmt::format("remove {}\n", s.path);
    }
    std::string operator()(const RemoveDirectoryStep& s) const {
      return fmt::format("rmdir {}\n", s.path);
    }
    std::string operator()(const RunStep& s) const {
      std::string argv;
      for (const auto& a : s.run.argv) argv += (argv.empty() ? "" : " ") + a;
      return fmt::format("run {}\n", argv);
    }
  };
  return std::visit(V{}, step);
}

std::string describe_plan(const LifecyclePlan& plan) {
  std::string out;
  if (plan.error) return fmt::format("error: {}\n", *plan.error);
  if (plan.steps.empty()) out += "nothing to change\n";
  for (const auto& s : plan.steps) out += describe_step(s);
  for (const auto& w : plan.warnings) out += fmt::format("warning: {}\n", w);
  for (const auto& l : plan.leftovers) out += fmt::format("left behind: {}\n", l);
  return out;
}

}  // namespace pfmulti
