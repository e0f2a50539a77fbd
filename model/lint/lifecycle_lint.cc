// Leftovers of interrupted life-cycle changes (see lifecycle_lint.h).
#include "model/lint/lifecycle_lint.h"

#include <fmt/format.h>

#include <set>

#include "model/lifecycle/lifecycle_journal.h"
#include "model/main_cf/instance_config.h"
#include "model/main_cf/main_cf.h"

namespace pfmulti {
namespace {

// The primary and its listed instances (none when the primary cannot be read: lint() says why).
std::vector<std::string> listed_dirs(const LintInput& in) {
  auto cfg = load_config(in.files, in.primary_dir, in.defaults, in.cwd);
  if (!cfg) return {};
  auto l = cfg->list("multi_instance_directories");
  if (!l) return {};
  std::vector<std::string> out;
  for (const auto& d : *l)
    if (!d.empty() && d.front() == '/') out.push_back(d);
  return out;
}

const std::string* text_of(const LintInput& in, const std::string& path) {
  const FileState* s = find_file(in.files, path, in.cwd);
  return s ? std::get_if<std::string>(s) : nullptr;
}

std::vector<std::string> temp_files_of(const std::string& dir) {
  return {dir + "/.main.cf.pfmulti-new", dir + "/.master.cf.pfmulti-new"};
}

}  // namespace

std::vector<std::string> lifecycle_lint_paths(const LintInput& in) {
  std::vector<std::string> paths{journal_path(in.primary_dir), atomic_journal_temp(in.primary_dir)};
  std::vector<std::string> dirs = listed_dirs(in);
  dirs.push_back(in.primary_dir);
  for (const auto& d : dirs)
    for (const auto& t : temp_files_of(d)) paths.push_back(t);
  for (const auto& d : listed_dirs(in)) paths.push_back(d + "/master.cf");
  if (const std::string* j = text_of(in, journal_path(in.primary_dir)))
    if (auto parsed = parse_journal(*j); parsed && !parsed->config_dir.empty())
      for (const auto& t : temp_files_of(parsed->config_dir)) paths.push_back(t);
  return paths;
}

std::vector<LintProblem> lifecycle_lint(const LintInput& in) noexcept {
  std::vector<LintProblem> out;
  const std::string& p = in.primary_dir;
  std::set<std::string> temp_dirs{p};
  std::string jpath = journal_path(p);
  if (const FileState* st = find_file(in.files, jpath, in.cwd)) {
    const std::string* text = std::get_if<std::string>(st);
    auto j = text ? parse_journal(*text) : std::nullopt;
    if (!j) {
      out.push_back({LintProblem::Severity::kError, jpath, 0,
                     "not a pfmulti life-cycle journal: check the instances, then remove it"});
    } else {
      std::string cmd = journal_command(p, j->args);
      std::string msg = fmt::format(
          "an interrupted '{}' did not finish (instance {}): run the same command again to "
          "finish it",
          cmd, j->config_dir.empty() ? std::string("unknown") : j->config_dir);
      if ((j->action == "create" || j->action == "import") && !j->config_dir.empty())
        msg += fmt::format("; to undo it, then run '{}'",
                           journal_command(p, {"-i", j->config_dir, "-e", "destroy"}));
      out.push_back({LintProblem::Severity::kError, jpath, 0, msg});
      if (!j->config_dir.empty()) temp_dirs.insert(j->config_dir);
    }
  }
  for (const auto& d : listed_dirs(in)) {
    temp_dirs.insert(d);
    if (find_file(in.files, main_cf_path(d), in.cwd) &&
        !find_file(in.files, d + "/master.cf", in.cwd))
      out.push_back(
          {LintProblem::Severity::kError, main_cf_path(d), 0,
           fmt::format("instance {} is half made: it has no master.cf (Postfix cannot start it); "
                       "add one, or take the instance out of the list: '{}'",
                       d, journal_command(p, {"-i", d, "-e", "deport"}))});
  }
  std::vector<std::string> temps{atomic_journal_temp(p)};
  for (const auto& d : temp_dirs)
    for (const auto& t : temp_files_of(d)) temps.push_back(t);
  for (const auto& t : temps)
    if (find_file(in.files, t, in.cwd))
      out.push_back({LintProblem::Severity::kWarning, t, 0,
                     fmt::format("stale temporary file of an interrupted pfmulti write (the file "
                                 "it was to replace is whole): remove it: rm {}",
                                 shell_quote(t))});
  return out;
}

}  // namespace pfmulti
