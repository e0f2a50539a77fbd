// The multi-instance configuration checker (see lint.h).
#include "model/lint/lint.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "model/lint/lint_modes.h"
#include "model/main_cf/config.h"
#include "model/main_cf/main_cf.h"
#include "model/postmulti/claims.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

using Severity = LintProblem::Severity;

class Linter {
 public:
  explicit Linter(const LintInput& in) : in_(in) {}

  std::vector<LintProblem> run() {
    std::string primary_file = main_cf_path(in_.primary_dir);
    std::optional<Config> primary = load(in_.primary_dir, primary_file, "", 0);
    if (!primary) return std::move(problems_);
    check_instance(*primary, in_.primary_dir, true);
    const MainCf& cf = primary->file();
    const Definition* list_def = cf.find("multi_instance_directories");
    int list_line = list_def ? list_def->first_line : 0;
    auto listed = primary->list("multi_instance_directories");
    if (!listed) {
      error(primary_file, list_line, fmt::format("multi_instance_directories: {}", listed.error()));
      return std::move(problems_);
    }
    if (list_def) check_commas(primary_file, list_line, list_def->value);

    std::map<std::string, std::string> seen;  // normalized -> as written
    std::string primary_norm = squeeze_slashes(in_.primary_dir);
    for (const std::string& dir : *listed) {
      if (dir.empty() || dir[0] != '/') {
        error(primary_file, list_line,
              fmt::format("multi_instance_directories: relative directory \"{}\" (instance "
                          "directories must be absolute pathnames)",
                          dir));
        continue;
      }
      std::string norm = squeeze_slashes(dir);  // as the kernel reads it
      // R123 warnings, not errors: postmulti and the wrapper run such an instance twice.
      if (norm == primary_norm) {
        warning(primary_file, list_line,
                fmt::format("multi_instance_directories lists \"{}\", the default instance's own "
                            "configuration directory (every command runs on it twice)",
                            dir));
        continue;
      }
      if (auto it = seen.find(norm); it != seen.end()) {
        warning(primary_file, list_line,
                fmt::format("multi_instance_directories lists \"{}\" twice{} (every command runs "
                            "on it twice)",
                            dir,
                            it->second == dir ? "" : fmt::format(" (also as \"{}\")", it->second)));
        continue;
      }
      seen.emplace(norm, dir);
      std::optional<Config> cfg = load(dir, main_cf_path(dir), primary_file, list_line);
      if (cfg) check_instance(*cfg, dir, false);
    }
    if (!listed->empty()) check_wrapper(*primary, primary_file, list_line);
    add_mode_failures(primary_file);
    return std::move(problems_);
  }

 private:
  void add(Severity s, const std::string& file, int line, std::string message) {
    problems_.push_back({s, file, line, std::move(message)});
  }
  void error(const std::string& file, int line, std::string message) {
    add(Severity::kError, file, line, std::move(message));
  }
  void warning(const std::string& file, int line, std::string message) {
    add(Severity::kWarning, file, line, std::move(message));
  }

  // Reads DIR/main.cf. An absent file is reported where the directory was listed (lister_file,
  // lister_line), or on the file itself for the primary.
  std::optional<Config> load(const std::string& dir, const std::string& path,
                             const std::string& lister_file, int lister_line) {
    const FileState* state = find_file(in_.files, path, in_.cwd);
    if (!state) {
      if (lister_file.empty()) {
        error(path, 0, "No such file or directory");
      } else {
        error(lister_file, lister_line,
              fmt::format("listed directory \"{}\" has no main.cf ({}: No such file or "
                          "directory)",
                          dir, path));
      }
      return std::nullopt;
    }
    if (const auto* bad = std::get_if<Unreadable>(state)) {
      error(path, 0, fmt::format("cannot read: {}", bad->reason));
      return std::nullopt;
    }
    MainCf cf = read_main_cf(std::get<std::string>(*state), path);
    for (const auto& w : cf.warnings) warning(w.file, w.line, w.message);
    if (cf.error) {
      error(cf.error->file, cf.error->line, cf.error->message);
      return std::nullopt;
    }
    return Config(std::move(cf), in_.defaults, dir);
  }

  // R123 every failure of a mode's plan (lint_modes.h) that the checks above did not report,
  // on the file of the instance that fails (the primary's for a whole-command failure), at the
  // line of the parameter its message names.
  void add_mode_failures(const std::string& primary_file) {
    bool any_error = false;
    std::set<std::string> files_with_errors;
    for (const auto& p : problems_)
      if (p.severity == Severity::kError) {
        any_error = true;
        files_with_errors.insert(squeeze_slashes(p.file));
      }
    std::set<std::pair<std::string, std::string>> added;
    for (const ModeFailure& f : mode_failures(in_.primary_dir, in_.files, in_.defaults, in_.cwd)) {
      std::string file = primary_file;
      if (f.config_directory.empty()) {
        if (any_error) continue;  // the command stops at the first problem: reported above
      } else {
        file = squeeze_slashes(main_cf_path(f.config_directory));
        if (files_with_errors.count(squeeze_slashes(file)) || mentioned(f.config_directory))
          continue;
      }
      if (!added.insert({squeeze_slashes(file), f.reason}).second) continue;
      error(file, line_named_in(file, f.reason), fmt::format("{} fails: {}", f.mode, f.reason));
    }
  }

  // An error already names dir ("relative directory \"x\"", "listed directory \"x\" ...").
  bool mentioned(const std::string& dir) const {
    std::string quoted = fmt::format("\"{}\"", dir);
    for (const auto& p : problems_)
      if (p.severity == Severity::kError && p.message.find(quoted) != std::string::npos)
        return true;
    return false;
  }

  // The line of the longest parameter name of file that message names ("NAME:", "NAME =",
  // "NAME="), 0 when it names none (or the file cannot be read).
  int line_named_in(const std::string& file, const std::string& message) const {
    const FileState* state = find_file(in_.files, file, in_.cwd);
    if (!state || !std::holds_alternative<std::string>(*state)) return 0;
    MainCf cf = read_main_cf(std::get<std::string>(*state), file);
    const Definition* best = nullptr;
    for (const auto& d : cf.definitions) {
      for (const char* after : {":", " =", "="})
        if (message.find(d.name + after) != std::string::npos &&
            (!best || d.name.size() > best->name.size()))
          best = cf.find(d.name);
    }
    return best ? best->first_line : 0;
  }

  int line_of(const Config& cfg, std::string_view name) {
    const Definition* d = cfg.file().find(name);
    return d ? d->first_line : 0;
  }

  std::optional<std::string> value(const Config& cfg, std::string_view name) {
    auto v = cfg.expand(name);
    if (!v) {
      error(cfg.file().file, line_of(cfg, name), fmt::format("{}: {}", name, v.error()));
      return std::nullopt;
    }
    return *v;
  }

  void check_instance(const Config& cfg, const std::string& dir, bool is_primary) {
    const std::string& file = cfg.file().file;
    if (auto enable = value(cfg, "multi_instance_enable")) {
      int line = line_of(cfg, "multi_instance_enable");
      auto b = parse_bool(*enable);
      if (!b) {
        error(file, line,
              fmt::format("multi_instance_enable = \"{}\" is not \"yes\" or \"no\"", *enable));
      } else if (*b) {
        std::string raw = collapse_white_space(cfg.raw("multi_instance_enable").value_or(""));
        if (raw != "yes")
          warning(file, line,
                  fmt::format("multi_instance_enable = \"{}\": postmulti reads \"yes\", but the "
                              "shipped postfix-wrapper script enables only the literal word "
                              "\"yes\" and treats this instance as disabled",
                              raw));
      }
    }
    std::optional<std::string> name = value(cfg, "multi_instance_name");
    if (name && !name->empty() && name->rfind("postfix-", 0) != 0)
      warning(file, line_of(cfg, "multi_instance_name"),
              fmt::format("multi_instance_name = \"{}\" does not start with \"postfix-\" "
                          "(postmulti -e requires the prefix for instance names)",
                          *name));
    // R120: postfix(1) and postmulti keep the directory they read; the line only feeds
    // $config_directory in other values (spec/postfix-facts.md §9.1, §9.3).
    if (const Definition* cd = cfg.file().find("config_directory");
        cd && squeeze_slashes(cd->value) != squeeze_slashes(dir))
      warning(file, cd->first_line,
              fmt::format("config_directory = \"{}\" is ignored as this instance's directory: "
                          "postfix(1) and postmulti use \"{}\", the directory they read; the "
                          "line only changes what $config_directory expands to in other "
                          "parameters",
                          cd->value, dir));
    if (!is_primary && cfg.defined_in_file("multi_instance_directories"))
      warning(file, line_of(cfg, "multi_instance_directories"),
              "multi_instance_directories in a secondary instance is ignored: only the default "
              "instance's list counts");

    // Claims (postmulti register_claim): name, config, queue and data directory, and for the
    // primary its shared command, daemon and shlib directories.
    std::vector<std::pair<std::string, std::string>> claims;
    if (name && !name->empty()) claims.emplace_back("multi_instance_name", *name);
    claims.emplace_back("config_directory", dir);  // R120: the directory read, for all
    for (const char* p : {"queue_directory", "data_directory"})
      if (auto v = value(cfg, p)) claims.emplace_back(p, *v);
    if (is_primary)
      for (const char* p : {"command_directory", "daemon_directory", "shlib_directory"})
        if (auto v = value(cfg, p); v && !v->empty() && (*v)[0] == '/') claims.emplace_back(p, *v);
    for (const auto& [param, val] : claims) claim(cfg, dir, param, val);
  }

  void claim(const Config& cfg, const std::string& dir, const std::string& param,
             const std::string& val) {
    Claim c{dir, param, val};
    const Claim* owner = claims_.owning_claim(val);
    if (!owner) {
      claims_.add(c);
      return;
    }
    if (!claims_.conflicts(c)) return;
    // Two instances with one config_directory: a duplicate list entry, reported already.
    if (param == "config_directory" && owner->param == "config_directory") return;
    const std::string& file = cfg.file().file;
    std::string where = cfg.defined_in_file(param) ? "" : " (not set in this file: the default)";
    error(file, line_of(cfg, param),
          fmt::format("{} = {}{} conflicts with instance {} = {}", param, val, where,
                      owner->owner(), val));
  }

  void check_commas(const std::string& file, int line, std::string_view raw) {
    std::string value(raw);
    auto comma = value.find(',');
    if (comma == std::string::npos) return;
    value[comma] = ' ';
    std::vector<std::string> misread;
    for (const auto& w : split_on(value, kPostfixWhiteSpace))
      if (w.find(',') != std::string::npos) misread.push_back(w);
    if (misread.empty()) return;
    warning(file, line,
            fmt::format("the shipped postfix-wrapper script (Postfix 3.7) turns only the first "
                        "comma into a space and would read \"{}\" as a directory name; separate "
                        "the entries with white space",
                        fmt::join(misread, "\", \"")));
  }

  void check_wrapper(const Config& primary, const std::string& file, int list_line) {
    auto wrapper = value(primary, "multi_instance_wrapper");
    if (!wrapper) return;
    int line = line_of(primary, "multi_instance_wrapper");
    std::vector<std::string> words = split_on(*wrapper, kPostfixWhiteSpace);
    if (words.empty()) {
      error(file, line ? line : list_line,
            "multi_instance_directories lists instances, but multi_instance_wrapper is empty: "
            "postfix(1) will refuse every command");
      return;
    }
    const std::string& program = words[0];
    if (program.find('/') != std::string::npos) {
      if (program[0] != '/') {
        warning(file, line,  // R123: no plan fails on it (it may be there, below the queue)
                fmt::format("multi_instance_wrapper program \"{}\" is a relative path (postfix(1) "
                            "runs it from the queue directory)",
                            program));
      } else if (!in_.is_executable(program)) {
        error(file, line,
              fmt::format("multi_instance_wrapper program \"{}\" is not an executable file",
                          program));
      }
      return;
    }
    for (const std::string& dir : split_on(kPostfixRootPath, ":"))
      if (in_.is_executable(dir + "/" + program)) return;
    error(file, line,
          fmt::format("multi_instance_wrapper program \"{}\" is not in postfix(1)'s PATH ({})",
                      program, kPostfixRootPath));
  }

  const LintInput& in_;
  std::vector<LintProblem> problems_;
  ClaimTable claims_;  // the first claim of each value: the one owner (claims.h)
};

}  // namespace

std::string LintProblem::str() const {
  return fmt::format("{}{}: {}: {}", file, line > 0 ? fmt::format(":{}", line) : "",
                     severity == Severity::kError ? "error" : "warning", message);
}

std::vector<LintProblem> lint(const LintInput& input) noexcept { return Linter(input).run(); }

}  // namespace pfmulti
