// The life-cycle planner's transaction pieces (issue 12 items 5 and 7; see lifecycle_planner.h):
// the journal of an interrupted run (lifecycle_journal.h: refuse other actions, let the same
// command finish it) and the read-back of every value written: a main.cf edit is kept only
// when the model's own reader gets exactly the intended values from the new bytes.
#include <fmt/format.h>

#include "model/lifecycle/lifecycle_planner.h"
#include "model/main_cf/instance_config.h"
#include "model/main_cf/main_cf.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

// A value for a one-line message: control bytes as \xHH, inside double quotes.
std::string shown(std::string_view v) {
  std::string s = "\"";
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      s += fmt::format("\\x{:02x}", u);
    else
      s += c;
  }
  return s + "\"";
}

std::string shown_list(const std::vector<std::string>& v) {
  std::vector<std::string> parts;
  for (const auto& x : v) parts.push_back(shown(x));
  return parts.empty() ? std::string("nothing") : join(parts, ", ");
}

}  // namespace

bool LifecyclePlanner::read_journal() {
  std::string path = journal_path(plan_.primary_config_directory);
  if (!known_read(path)) return false;
  const FileState* st = file(path);
  if (!st) return true;
  if (const auto* bad = std::get_if<Unreadable>(st))
    return fail(fmt::format("cannot read the life-cycle journal {}: {}", path, bad->reason)), false;
  auto j = parse_journal(std::get<std::string>(*st));
  if (!j)
    return fail(fmt::format("{} is not a pfmulti journal: check the instances, then remove it",
                            path)),
           false;
  std::vector<std::string> args(in_.argv.begin() + (in_.argv.empty() ? 0 : 1), in_.argv.end());
  if (j->args != args)
    return fail(fmt::format("an interrupted '{}' did not finish (journal {}): run it again to "
                            "finish it first",
                            journal_command(plan_.primary_config_directory, j->args), path)),
           false;
  resuming_ = std::move(j);
  return true;
}

void LifecyclePlanner::finish_journal() {
  if (plan_.error) return;
  plan_.journal_file = journal_path(plan_.primary_config_directory);
  plan_.resuming = resuming_.has_value();
  if (!commit_set_) plan_.commit_step = plan_.steps.empty() ? 0 : plan_.steps.size() - 1;
  bool multi_step = command_.edit == EditAction::kCreate || command_.edit == EditAction::kImport ||
                    command_.edit == EditAction::kDestroy;
  if (multi_step && !plan_.steps.empty()) {
    journal_.action = plan_.action;
    journal_.args.assign(in_.argv.begin() + (in_.argv.empty() ? 0 : 1), in_.argv.end());
    plan_.journal_write = journal_text(journal_);
  }
  plan_.journal_clear = plan_.journal_write.has_value() || plan_.resuming;
}

// A directory given or derived for a new instance: refused unless main.cf can hold it, as a
// list entry (config_directory) and as a value, read back by the model's reader.
bool LifecyclePlanner::storable(const std::string& param, const std::string& value) {
  std::string why;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) why = "a control character";
  }
  if (why.empty() && value.find('$') != std::string::npos) why = "a '$' (main.cf would expand it)";
  if (why.empty()) {
    std::string probe_dir = "/pfmulti-probe";
    std::string bytes = fmt::format("{} = {}\n", param, value);
    if (param == "config_directory")
      bytes += fmt::format("multi_instance_directories = {}\n", value);
    FileMap files{{main_cf_path(probe_dir), bytes}};
    auto cfg = load_config(files, probe_dir, in_.defaults, "");
    if (!cfg) {
      why = cfg.error();
    } else if (param == "config_directory") {
      auto l = cfg->list("multi_instance_directories");
      if (!l || *l != std::vector<std::string>{value})
        why = fmt::format("multi_instance_directories would read it as {}",
                          l ? shown_list(*l) : l.error());
    } else {
      auto v = cfg->expand(param);
      if (!v || *v != value)
        why = fmt::format("it would read back as {}", v ? shown(*v) : v.error());
    }
  }
  if (why.empty()) return true;
  return fail(fmt::format("{}={}: main.cf cannot hold this value: {}; nothing was changed", param,
                          shown(value), why)),
         false;
}

bool LifecyclePlanner::reads_back(
    const std::string& path, const std::string& bytes,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& lists,
    const std::vector<std::pair<std::string, std::string>>& values) {
  std::string dir = path_dirname(path);
  FileMap files{{main_cf_path(dir), bytes}};
  auto cfg = load_config(files, dir, in_.defaults, "");
  if (!cfg)
    return fail(fmt::format("{}: the edited file would not read back: {}; nothing was changed",
                            path, cfg.error())),
           false;
  for (const auto& [name, want] : lists) {
    auto got = cfg->list(name);
    if (!got || *got != want)
      return fail(fmt::format("{}: {} would read back as {}, not {}; nothing was changed", path,
                              name, got ? shown_list(*got) : got.error(), shown_list(want))),
             false;
  }
  for (const auto& [name, want] : values) {
    auto got = cfg->expand(name);
    if (!got || *got != want)
      return fail(fmt::format("{}: {} would read back as {}, not {}; nothing was changed", path,
                              name, got ? shown(*got) : got.error(), shown(want))),
             false;
  }
  return true;
}

}  // namespace pfmulti
