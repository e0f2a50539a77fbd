// `pfmulti lint [-c DIR] [--json]`: checks a multi-instance configuration (model/lint/lint.h, and
// what interrupted life-cycle changes left behind, model/lint/lifecycle_lint.h) and lists every
// problem as "FILE:LINE: error|warning: MESSAGE" on stdout, then a count. --json (rules.md
// R185; spec/lint.schema.json): one object per problem, {"severity", "file", "line" (null for
// the file as a whole), "message", "name", "group", "config_directory"} naming the instance
// whose configuration directory holds the file (null when none does), then {"summary":
// {"config_directory", "errors", "warnings"}}. Exit status 1 when there is an error, else 0.
// DIR defaults to $MAIL_CONFIG, else the compiled-in directory.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "impl/cli/cli.h"
#include "impl/runtime/world_reader.h"
#include "model/lint/lifecycle_lint.h"
#include "model/lint/lint.h"
#include "model/main_cf/instance_config.h"
#include "model/text/json.h"
#include "model/text/strings.h"

namespace pfmulti {

namespace {

Json or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

// A problem as its --json line: the instance is the one whose directory holds the file.
Json problem_to_json(const LintProblem& p, const LintInput& in) {
  Json j = Json::object();
  j.set("severity", Json(p.severity == LintProblem::Severity::kError ? "error" : "warning"));
  j.set("file", Json(p.file));
  j.set("line", p.line > 0 ? Json(static_cast<int64_t>(p.line)) : Json());
  j.set("message", Json(p.message));
  std::string dir = p.file.substr(0, p.file.rfind('/'));
  if (dir.empty() || !find_file(in.files, dir + "/main.cf")) dir.clear();
  std::string name, group;
  if (!dir.empty()) {
    name = postconf_h(in.files, dir, in.defaults, in.cwd, "multi_instance_name").value_or("");
    group = postconf_h(in.files, dir, in.defaults, in.cwd, "multi_instance_group").value_or("");
  }
  j.set("name", or_null(name));
  j.set("group", or_null(group));
  j.set("config_directory", or_null(dir));
  return j;
}

}  // namespace

int run_lint(CliContext& ctx) {
  std::string dir;
  bool explicit_dir = false, json = false;
  for (size_t i = 0; i < ctx.args.size(); ++i) {
    const std::string& a = ctx.args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "-c" && i + 1 < ctx.args.size()) {
      dir = ctx.args[++i];
      explicit_dir = true;
    } else if (a.size() > 2 && a.rfind("-c", 0) == 0) {
      dir = a.substr(2);
      explicit_dir = true;
    } else if (a == "-c") {
      return usage_error(ctx, "option -c requires a directory argument");
    } else {
      return usage_error(
          ctx, fmt::format("unexpected argument \"{}\"; usage: lint [-c DIR] [--json]", a));
    }
  }
  if (!explicit_dir) {
    auto it = ctx.env.find("MAIL_CONFIG");
    dir = it != ctx.env.end() ? it->second : compiled_defaults().config_directory();
  }
  if (dir.empty() || dir[0] != '/')
    return fatal(ctx, fmt::format("-c requires absolute pathname: \"{}\"", dir));

  char buf[PATH_MAX];
  LintInput in;
  in.primary_dir = dir;
  in.cwd = ::getcwd(buf, sizeof buf) ? buf : "";
  in.files = read_world(*ctx.fs, dir, in.defaults, in.cwd).files;
  in.is_executable = [](std::string_view path) {
    std::string p(path);
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
  };
  for (const auto& path : lifecycle_lint_paths(in)) {
    FileContent c = ctx.fs->read(path);
    if (auto* bytes = std::get_if<std::string>(&c))
      in.files[path] = std::move(*bytes);
    else if (auto* bad = std::get_if<FileUnreadable>(&c))
      in.files[path] = Unreadable{bad->reason};
  }
  std::vector<LintProblem> problems = lint(in);
  for (auto& p : lifecycle_lint(in)) problems.push_back(std::move(p));
  int errors = 0, warnings = 0;
  for (const auto& p : problems) {
    if (json) {
      fmt::print(ctx.out, "{}\n", to_json(problem_to_json(p, in), -1));
    } else {
      fmt::print(ctx.out, "{}\n", printable(p.str()));  // R126
    }
    (p.severity == LintProblem::Severity::kError ? errors : warnings)++;
  }
  if (json) {
    Json s = Json::object();
    s.set("config_directory", Json(dir));
    s.set("errors", Json(static_cast<int64_t>(errors)));
    s.set("warnings", Json(static_cast<int64_t>(warnings)));
    Json o = Json::object();
    o.set("summary", std::move(s));
    fmt::print(ctx.out, "{}\n", to_json(o, -1));
  } else {
    fmt::print(ctx.out, "{}: {} error{}, {} warning{}\n", dir, errors, errors == 1 ? "" : "s",
               warnings, warnings == 1 ? "" : "s");
  }
  return errors ? 1 : 0;
}

}  // namespace pfmulti
