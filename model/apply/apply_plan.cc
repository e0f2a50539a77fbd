// `pfmulti apply` as a pure plan (see apply_plan.h; spec/rules.md R162-R169).
#include "model/apply/apply_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/lifecycle/lifecycle_journal.h"
#include "model/main_cf/instance_config.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/main_cf_edit.h"
#include "model/postmulti/postmulti_plan.h"
#include "model/text/strings.h"
#include "model/text/unified_diff.h"

namespace pfmulti {
namespace {

std::string shown(std::string_view v) { return "'" + printable(v) + "'"; }

std::string label(const std::string& name, const std::string& dir) {
  return name.empty() ? dir : name;
}

// The facts as the steps planned so far leave them.
void simulate(const LifecycleStep& step, LifecycleFacts& f) {
  if (const auto* w = std::get_if<WriteFileStep>(&step)) {
    f.files[w->path] = w->after;
    f.read.insert(w->path);
    f.kinds[w->path] = PathKind::kFile;
  } else if (const auto* m = std::get_if<MakeDirectoryStep>(&step)) {
    f.kinds[m->path] = PathKind::kDirectory;
  } else if (const auto* r = std::get_if<RemoveFileStep>(&step)) {
    f.files.erase(r->path);
    f.kinds[r->path] = PathKind::kAbsent;
  } else if (const auto* d = std::get_if<RemoveDirectoryStep>(&step)) {
    f.kinds[d->path] = PathKind::kAbsent;
  }
}

class ApplyPlanner {
 public:
  ApplyPlanner(const ApplyInput& in, const LifecycleFacts& f) : in_(in), f_(f) {}

  ApplyAnswer run() {
    ApplyAnswer a;
    plan();
    std::sort(needs_.begin(), needs_.end());
    needs_.erase(std::unique(needs_.begin(), needs_.end()), needs_.end());
    a.needs = std::move(needs_);
    if (a.needs.empty()) {
      if (plan_.error) {
        ApplyPlan failed;
        failed.error = plan_.error;
        a.plan = std::move(failed);
      } else {
        a.plan = std::move(plan_);
      }
    }
    return a;
  }

 private:
  bool known_read(const std::string& path) {
    if (f_.read.count(path)) return true;
    needs_.push_back({LifecycleNeed::Kind::kRead, path, {}});
    return false;
  }
  void fail(std::string message) { plan_.error = std::move(message); }

  void plan();
  bool read_host();
  bool check_journal();
  bool add_step(std::string action, std::string instance, std::vector<std::string> argv);
  bool edit_settings(const DesiredInstance& d);
  void finish();

  const ApplyInput& in_;
  const LifecycleFacts& f_;
  LifecycleFacts sim_;  // f_ with the effects of the steps planned so far
  std::vector<LifecycleNeed> needs_;
  ApplyPlan plan_;
  std::string primary_dir_;
  std::vector<Instance> host_;  // primary first
  std::string command_directory_;
  bool initialized_ = false;
  bool resuming_ = false;
};

bool ApplyPlanner::read_host() {
  auto mail_config = in_.env.find("MAIL_CONFIG");
  primary_dir_ =
      mail_config != in_.env.end() ? mail_config->second : in_.defaults.config_directory();
  std::string primary_main = main_cf_path(primary_dir_);
  bool a = known_read(primary_main), b = known_read(journal_path(primary_dir_));
  if (!a || !b) return false;
  auto primary = load_config(f_.files, primary_dir_, in_.defaults, "");
  if (!primary) return fail(primary.error()), false;
  auto dirs = primary->expand("multi_instance_directories");
  if (!dirs)
    return fail(fmt::format("{}: multi_instance_directories: {}", primary_main, dirs.error())),
           false;
  bool waiting = false;
  for (const auto& d : split_list(*dirs))
    if (!known_read(main_cf_path(d))) waiting = true;
  if (waiting) return false;
  auto wrapper = primary->expand("multi_instance_wrapper");
  auto enable = primary->expand("multi_instance_enable");
  auto command_dir = primary->expand("command_directory");
  command_directory_ = command_dir ? *command_dir : std::string();
  initialized_ = wrapper && enable && !collapse_white_space(*wrapper).empty() &&
                 collapse_white_space(*enable) == "yes";

  Scenario s;
  s.program = Program::kPostmulti;
  s.argv = {"postmulti", "-l"};
  s.env = in_.env;
  s.files = f_.files;
  s.defaults = in_.defaults;
  auto loaded = load_instances(s);
  if (auto* refusal = std::get_if<std::string>(&loaded)) return fail(*refusal), false;
  host_ = std::get<std::vector<Instance>>(std::move(loaded));
  // R166: a damaged host is refused whole; nothing is planned.
  for (const auto& ip : host_)
    if (ip.damage)
      return fail(fmt::format("instance {} cannot be read: {}; apply changes nothing on a "
                              "damaged host (fix it, or deport it with 'pfmulti -i {} -e deport')",
                              ip.config_dir, *ip.damage, ip.config_dir)),
             false;
  plan_.current = desired_state_of(host_);
  return true;
}

// R167: an interrupted `-e` action must be finished first; an interrupted apply is finished by
// this run (apply plans from what is there, so running it again completes it).
bool ApplyPlanner::check_journal() {
  std::string path = journal_path(primary_dir_);
  const FileState* st = find_file(f_.files, path);
  if (!st) return true;
  if (const auto* bad = std::get_if<Unreadable>(st))
    return fail(fmt::format("cannot read the life-cycle journal {}: {}", path, bad->reason)), false;
  auto j = parse_journal(std::get<std::string>(*st));
  if (!j)
    return fail(fmt::format("{} is not a pfmulti journal: check the instances, then remove it",
                            path)),
           false;
  if (j->action != "apply")
    return fail(fmt::format("an interrupted '{}' did not finish (journal {}): run it again to "
                            "finish it first",
                            journal_command(primary_dir_, j->args), path)),
           false;
  resuming_ = true;
  // The life-cycle planner must not see apply's own journal (it would refuse every action).
  sim_.files.erase(path);
  return true;
}

bool ApplyPlanner::add_step(std::string action, std::string instance,
                            std::vector<std::string> argv) {
  LifecycleInput li;
  li.argv = argv;
  li.env = in_.env;
  li.defaults = in_.defaults;
  li.self_path = in_.self_path;
  LifecycleAnswer a = plan_lifecycle(li, sim_);
  if (!a.needs.empty()) {
    needs_.insert(needs_.end(), a.needs.begin(), a.needs.end());
    return false;
  }
  if (a.plan.error)
    return fail(fmt::format("instance {}: {}: {}", instance, action, *a.plan.error)), false;
  for (const auto& w : a.plan.warnings)
    if (std::find(plan_.warnings.begin(), plan_.warnings.end(), w) == plan_.warnings.end())
      plan_.warnings.push_back(w);
  if (a.plan.steps.empty()) return true;
  for (const auto& s : a.plan.steps) {
    simulate(s, sim_);
    plan_.transaction.steps.push_back(s);
  }
  std::vector<std::string> shown_argv(argv.begin() + 1, argv.end());
  plan_.changes.push_back(
      {std::move(action), std::move(instance), std::move(argv), "pfmulti " + join(shown_argv)});
  return true;
}

// R165: each setting NAME = VALUE, edited losslessly where it differs, read back exactly.
bool ApplyPlanner::edit_settings(const DesiredInstance& d) {
  if (d.settings.empty()) return true;
  std::string path = main_cf_path(d.config_directory);
  std::string who = label(d.name, d.config_directory);
  const FileState* st = find_file(sim_.files, path);
  if (!st || !std::holds_alternative<std::string>(*st))
    return fail(fmt::format("instance {}: cannot edit {}: it cannot be read", who, path)), false;
  const std::string before = std::get<std::string>(*st);
  MainCf cf = read_main_cf(before, path);
  std::vector<ParameterEdit> edits;
  for (const auto& [name, value] : d.settings) {
    const Definition* def = cf.find(name);
    if (def && collapse_white_space(def->value) == collapse_white_space(value)) continue;
    edits.push_back(set_param(name, value));
  }
  if (edits.empty()) return true;
  auto after = edit_main_cf(before, edits, path);
  if (!after) return fail(fmt::format("instance {}: {}", who, after.error())), false;
  MainCf back = read_main_cf(*after, path);
  for (const auto& e : edits) {
    const Definition* def = back.find(e.name);
    if (back.error || !def || collapse_white_space(def->value) != collapse_white_space(e.value))
      return fail(fmt::format("instance {}: {} = {} cannot be stored in {} (it does not read back)",
                              who, e.name, shown(e.value), path)),
             false;
  }
  std::vector<std::string> what;
  for (const auto& e : edits) what.push_back(fmt::format("{} = {}", e.name, e.value));
  LifecycleStep step = WriteFileStep{path, before, *after, 0644, join(what, "; ")};
  simulate(step, sim_);
  plan_.transaction.steps.push_back(step);
  for (const auto& e : edits)
    plan_.changes.push_back(
        {"set", who, {}, fmt::format("set {} = {} in {}", e.name, e.value, path)});
  return true;
}

void ApplyPlanner::plan() {
  if (!read_host()) return;
  sim_ = f_;
  if (!check_journal()) return;
  const std::string prog = "pfmulti";

  // What each desired instance is on the host (exact matches only: R163).
  struct Match {
    const DesiredInstance* d;
    const Instance* host;  // nullptr: to be created or imported
  };
  std::vector<Match> matches;
  std::vector<const Instance*> claimed;
  for (const auto& d : in_.desired.instances) {
    std::string who = label(d.name, d.config_directory);
    if (d.config_directory == primary_dir_)
      return fail(fmt::format("instance {}: config_directory {} is the primary instance's", who,
                              d.config_directory));
    const Instance* by_name = nullptr;
    const Instance* by_dir = nullptr;
    for (size_t i = 1; i < host_.size(); ++i) {
      if (!d.name.empty() && host_[i].name == d.name) by_name = &host_[i];
      if (host_[i].config_dir == d.config_directory) by_dir = &host_[i];
    }
    if (by_name && by_name->config_dir != d.config_directory)
      return fail(
          fmt::format("instance {}: config_directory is {} on the host, {} in the "
                      "document (apply does not move instances: deport it first)",
                      who, by_name->config_dir, d.config_directory));
    const Instance* h = by_name ? by_name : by_dir;
    if (h) {
      for (auto [param, want, have] :
           {std::tuple{"queue_directory", d.queue_directory, h->queue_dir},
            std::tuple{"data_directory", d.data_directory, h->data_dir}})
        if (!want.empty() && want != have)
          return fail(
              fmt::format("instance {}: {} is {} on the host, {} in the document (apply "
                          "does not move instances)",
                          who, param, have, want));
      claimed.push_back(h);
    }
    matches.push_back({&d, h});
  }
  std::vector<const Instance*> extra;
  if (in_.prune)
    for (size_t i = 1; i < host_.size(); ++i)
      if (std::find(claimed.begin(), claimed.end(), &host_[i]) == claimed.end())
        extra.push_back(&host_[i]);

  // init first when anything else is to be done on a primary that is not set up (R164).
  bool work = !extra.empty();
  for (const auto& m : matches)
    work = work || !m.host || m.host->name != m.d->name || m.host->group != m.d->group ||
           m.host->enabled != m.d->enabled;
  if (work && !initialized_ && !add_step("init", "-", {prog, "-e", "init"})) return;

  for (const auto& m : matches) {
    const DesiredInstance& d = *m.d;
    std::string who = label(d.name, d.config_directory);
    if (!m.host) {
      std::string main_path = main_cf_path(d.config_directory);
      if (!known_read(main_path)) return;
      bool exists = find_file(f_.files, main_path) != nullptr;
      std::vector<std::string> argv{prog, "-e", exists ? "import" : "create"};
      if (!d.name.empty()) argv.insert(argv.end(), {"-I", d.name});
      if (!d.group.empty()) argv.insert(argv.end(), {"-G", d.group});
      argv.push_back("config_directory=" + d.config_directory);
      if (!d.queue_directory.empty()) argv.push_back("queue_directory=" + d.queue_directory);
      if (!d.data_directory.empty()) argv.push_back("data_directory=" + d.data_directory);
      // An imported instance keeps its own enable setting (a new one is disabled); only a
      // difference is a step (found by the apply kill campaign: a re-run after SIGKILL imported
      // a half-created instance and wrote multi_instance_enable = no where create writes none).
      bool enabled_now = false;
      if (exists) {
        auto loaded = load_secondary(d.config_directory,
                                     load_config(f_.files, d.config_directory, in_.defaults, ""));
        if (const auto* ip = std::get_if<Instance>(&loaded)) enabled_now = ip->enabled;
      }
      if (!add_step(exists ? "import" : "create", who, argv)) return;
      if (d.enabled != enabled_now &&
          !add_step(d.enabled ? "enable" : "disable", who,
                    {prog, "-e", d.enabled ? "enable" : "disable", "-i", d.config_directory}))
        return;
    } else {
      std::vector<std::string> argv{prog, "-e", "assign", "-i", d.config_directory};
      if (m.host->name != d.name) argv.insert(argv.end(), {"-I", d.name});
      if (m.host->group != d.group) argv.insert(argv.end(), {"-G", d.group});
      if (argv.size() > 5 && !add_step("assign", who, argv)) return;
      if (m.host->enabled != d.enabled &&
          !add_step(d.enabled ? "enable" : "disable", who,
                    {prog, "-e", d.enabled ? "enable" : "disable", "-i", d.config_directory}))
        return;
    }
    if (!edit_settings(d)) return;
  }
  // Finishing an interrupted apply (R167): a create killed after registering its instance may
  // not have run set-permissions; it runs again on every listed instance the document names.
  if (resuming_)
    for (const auto& m : matches) {
      if (!m.host) continue;
      RunAction perms;
      perms.config_directory = m.host->config_dir;
      perms.argv = {command_directory_ + "/postfix", "-c", m.host->config_dir, "set-permissions"};
      perms.reason = "finish an interrupted pfmulti apply: set-permissions again";
      plan_.transaction.steps.push_back(RunStep{perms});
      plan_.changes.push_back({"set-permissions", label(m.d->name, m.d->config_directory),
                               perms.argv, join(perms.argv) + " (finishing an interrupted apply)"});
    }
  for (const Instance* h : extra) {
    std::string who = label(h->name, h->config_dir);
    if (h->enabled && !add_step("disable", who, {prog, "-e", "disable", "-i", h->config_dir}))
      return;
    if (!add_step("deport", who, {prog, "-e", "deport", "-i", h->config_dir})) return;
  }
  finish();
}

// One transaction (R168): every step is undone when any fails or a signal comes; the journal
// names `pfmulti apply` so that a run killed with -9 is finished by running it again.
void ApplyPlanner::finish() {
  LifecyclePlan& t = plan_.transaction;
  t.action = "apply";
  t.primary_config_directory = primary_dir_;
  t.journal_file = journal_path(primary_dir_);
  t.commit_step = t.steps.empty() ? 0 : t.steps.size() - 1;
  t.resuming = resuming_;
  t.warnings = plan_.warnings;
  if (t.steps.size() > 1) {
    LifecycleJournal j;
    j.action = "apply";
    j.args = in_.journal_args;
    t.journal_write = journal_text(j);
  }
  t.journal_clear = t.journal_write.has_value() || resuming_;
  for (const auto& s : t.steps) {
    const auto* w = std::get_if<WriteFileStep>(&s);
    if (!w || path_basename(w->path) != "main.cf") continue;
    auto it = std::find_if(plan_.main_cf.begin(), plan_.main_cf.end(),
                           [&](const FileChange& c) { return c.path == w->path; });
    if (it == plan_.main_cf.end())
      plan_.main_cf.push_back({w->path, w->before, w->after});
    else
      it->after = w->after;
  }
}

}  // namespace

ApplyAnswer plan_apply(const ApplyInput& input, const LifecycleFacts& facts) noexcept {
  return ApplyPlanner(input, facts).run();
}

std::string apply_diff(const ApplyPlan& plan) {
  std::string out;
  for (const auto& c : plan.main_cf) out += unified_diff(c.path, c.path, c.before, c.after);
  return out;
}

}  // namespace pfmulti
