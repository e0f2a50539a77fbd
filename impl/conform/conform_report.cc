// Text, JSON and Markdown reports of `pfmulti conform` (see conform_report.h).
#include "impl/conform/conform_report.h"

#include <fmt/format.h>

#include "model/plan/plan_json.h"

namespace pfmulti {

namespace {

std::string replace_root(std::string s, const std::string& root,
                         const std::string& placeholder = "@ROOT@") {
  if (root.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(root, pos)) != std::string::npos) {
    s.replace(pos, root.size(), placeholder);
    pos += placeholder.size();
  }
  return s;
}

// The scenario and plan of a vector keep absolute paths (the model treats a path without a
// leading slash as relative): the case root becomes /ROOT there.
Json abstract_json(const Json& j, const std::string& root) {
  if (j.is_string()) return Json(replace_root(j.as_string(), root, "/ROOT"));
  if (j.is_array()) {
    Json out = Json::array();
    for (const auto& e : j.as_array()) out.push(abstract_json(e, root));
    return out;
  }
  if (j.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : j.as_object())
      out.set(replace_root(k, root, "/ROOT"), abstract_json(v, root));
    return out;
  }
  return j;
}

std::string trace_text(const Trace& t, const std::string& root, const std::string& indent) {
  std::string out;
  if (t.calls.empty()) out += indent + "(no postfix call)\n";
  for (const auto& c : t.calls) out += indent + call_text(c, root) + "\n";
  out += indent + (t.ending ? ending_text(*t.ending) : std::string("exit status: not predicted")) +
         "\n";
  return out;
}

std::string command_line(const Summary& sum) {
  return fmt::format("pfmulti conform --profile {}{} -- {}", sum.profile,
                     sum.postmulti_mode ? " --postmulti" : "", fmt::join(sum.implementation, " "));
}

std::string indent_lines(const std::string& text, const std::string& indent) {
  std::string out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    out += indent + text.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return out;
}

}  // namespace

std::string case_text(const CaseSpec& spec, bool postmulti_mode) {
  CasePaths paths{"@ROOT@", postmulti_mode ? "/etc/postfix" : "@ROOT@/primary"};
  std::string out;
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    const InstanceSpec& in = spec.instances[i];
    std::string dir = instance_directory(spec, i, paths);
    switch (i == 0 ? MainCfState::kFile : in.state) {
      case MainCfState::kNoDir:
        out += fmt::format("{}/: (no such directory)\n", dir);
        break;
      case MainCfState::kAbsent:
        out += fmt::format("{}/main.cf: (absent)\n", dir);
        break;
      case MainCfState::kDirectory:
        out += fmt::format("{}/main.cf: (a directory: cannot be read)\n", dir);
        break;
      case MainCfState::kFile: {
        out += fmt::format("{}/main.cf:\n", dir);
        if (i == 0) {
          out +=
              "    # + command_directory = @ROOT@/bin (the recording stub), daemon_directory,\n"
              "    #   shlib_directory, meta_directory, queue_directory, data_directory,\n"
              "    #   multi_instance_wrapper\n";
          for (const auto& l : in.lines) out += "    " + substitute(l, paths) + "\n";
          std::string text = primary_main_cf(spec, paths);
          size_t at = text.rfind("multi_instance_directories =");
          out += indent_lines(text.substr(at), "    ");
        } else {
          if (in.lines.empty()) out += "    (empty)\n";
          for (const auto& l : in.lines) out += "    " + substitute(l, paths) + "\n";
        }
        break;
      }
    }
    if (in.outcome != CallOutcome{})
      out +=
          fmt::format("    (its postfix(1) call {} {})\n",
                      in.outcome.signal ? "is killed by signal" : "exits with", in.outcome.value);
  }
  out += fmt::format("command: postfix {}\n", fmt::join(spec.command, " "));
  return out;
}

Json finding_json(const Summary& sum, const Finding& f) {
  const std::string& root = f.run.paths.root;
  Json j = Json::object();
  j.set("comment", fmt::format("pfmulti conform vector: {} (run again with pfmulti conform "
                               "--vectors DIR; \"scenario\" is pfmulti oracle input, with the "
                               "case root as /ROOT)",
                               f.run.difference ? replace_root(f.run.difference->description, root)
                                                : "conforms"));
  Json impl = Json::array();
  for (const auto& w : sum.implementation) impl.push(w);
  j.set("implementation", std::move(impl));
  j.set("profile", sum.profile);
  j.set("postmulti_mode", sum.postmulti_mode);
  j.set("case", case_to_json(f.spec));
  if (f.run.difference) {
    j.set("difference", replace_root(f.run.difference->description, root));
    j.set("kind", f.run.difference->signature);
  }
  Json rules = Json::array();
  for (const auto& r : rules_at_difference(f.run)) rules.push(r);
  j.set("rules", std::move(rules));
  j.set("expected", trace_to_json(f.run.expected, root));
  j.set("actual", trace_to_json(f.run.actual, root));
  j.set("scenario", abstract_json(scenario_to_json(f.run.scenario), root));
  j.set("plan", abstract_json(plan_to_json(f.run.plan), root));
  return j;
}

std::string summary_text(const Summary& sum) {
  std::string out;
  for (size_t n = 0; n < sum.findings.size(); ++n) {
    const Finding& f = sum.findings[n];
    const std::string& root = f.run.paths.root;
    out += fmt::format(
        "=== difference {} of {}: {} ({} of {} cases; first: case {}; shrunk in {} "
        "steps, {} runs)\n",
        n + 1, sum.findings.size(),
        f.run.difference ? replace_root(f.run.difference->description, root) : "?", f.cases_of_kind,
        sum.cases, f.first_case, f.steps, f.evaluations);
    if (f.run.difference) out += fmt::format("kind: {}\n", f.run.difference->signature);
    out += "minimal case:\n" + indent_lines(case_text(f.spec, sum.postmulti_mode), "  ");
    auto rules = rules_at_difference(f.run);
    out += fmt::format("expected (model, profile {}; rules {}):\n", sum.profile,
                       rules.empty() ? std::string("-") : fmt::format("{}", fmt::join(rules, " ")));
    out += trace_text(f.run.expected, root, "  ");
    out += "actual:\n" + trace_text(f.run.actual, root, "  ");
    if (!f.run.output.empty())
      out += "implementation output:\n" + indent_lines(replace_root(f.run.output, root), "  | ");
    out += "vector:\n" + to_json(finding_json(sum, f), -1) + "\n";
  }
  if (!sum.kinds.empty()) {
    out += "kinds seen (cases, kind):\n";
    for (const auto& [kind, n] : sum.kinds) out += fmt::format("seen: {:4} {}\n", n, kind);
  }
  for (const auto& e : sum.error_notes) out += "error: " + e + "\n";
  out += fmt::format(
      "conform: {}: {}: {} conform, {} differ ({} kinds{}), {} errors; {:.1f} s ({:.1f} s "
      "running cases, {:.1f} s shrinking)\n",
      command_line(sum), sum.source, sum.conforming, sum.differing,
      sum.findings.size() + sum.unshrunk_kinds,
      sum.unshrunk_kinds ? fmt::format(", {} not shrunk", sum.unshrunk_kinds) : std::string(),
      sum.errors, sum.seconds, sum.run_seconds, sum.seconds - sum.run_seconds);
  return out;
}

std::string summary_markdown(const Summary& sum) {
  std::string out;
  out += fmt::format("### `{}` against profile `{}`\n\n", fmt::join(sum.implementation, " "),
                     sum.profile);
  out += fmt::format("- command: `{}`\n", command_line(sum));
  out += fmt::format("- cases: {}; conform: {}; differ: {}; errors: {}; time: {:.1f} s\n",
                     sum.source, sum.conforming, sum.differing, sum.errors, sum.seconds);
  out += fmt::format("- verdict: **{}**\n\n",
                     sum.differing == 0 && sum.errors == 0 ? "conforms" : "differs");
  for (size_t n = 0; n < sum.findings.size(); ++n) {
    const Finding& f = sum.findings[n];
    const std::string& root = f.run.paths.root;
    auto rules = rules_at_difference(f.run);
    out += fmt::format("#### {}.{} {}\n\n", sum.profile, n + 1,
                       f.run.difference ? replace_root(f.run.difference->description, root) : "?");
    out += fmt::format(
        "{} of {} cases showed this kind (`{}`); minimal case after {} shrinking "
        "steps:\n\n",
        f.cases_of_kind, sum.cases, f.run.difference ? f.run.difference->signature : "", f.steps);
    out += "```\n" + case_text(f.spec, sum.postmulti_mode) + "```\n\n";
    out += fmt::format("Model (profile `{}`, spec/rules.md {}):\n\n```\n{}```\n\n", sum.profile,
                       rules.empty() ? std::string("-") : fmt::format("{}", fmt::join(rules, ", ")),
                       trace_text(f.run.expected, root, ""));
    out += fmt::format("Implementation:\n\n```\n{}```\n\n", trace_text(f.run.actual, root, ""));
  }
  if (sum.unshrunk_kinds)
    out += fmt::format("({} more kinds of difference were seen but not shrunk.)\n\n",
                       sum.unshrunk_kinds);
  return out;
}

}  // namespace pfmulti
