// The JSON lines of pfmulti -e --json (see lifecycle_json.h).
#include "impl/cli/lifecycle_json.h"

#include <cstdint>

#include "impl/runtime/signals.h"
#include "model/kind.h"

namespace pfmulti {
namespace {

Json or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

}  // namespace

Json lifecycle_step_to_json(const LifecycleStep& step, size_t index) {
  Json j = Json::object();
  j.set("step", Json(static_cast<int64_t>(index + 1)));
  std::visit(Overloaded{
                 [&](const WriteFileStep& s) {
                   j.set("op", Json("write-file"));
                   j.set("path", Json(s.path));
                   j.set("what", Json(s.what));
                 },
                 [&](const MakeDirectoryStep& s) {
                   j.set("op", Json("make-directory"));
                   j.set("path", Json(s.path));
                 },
                 [&](const RemoveFileStep& s) {
                   j.set("op", Json("remove-file"));
                   j.set("path", Json(s.path));
                 },
                 [&](const RemoveDirectoryStep& s) {
                   j.set("op", Json("remove-directory"));
                   j.set("path", Json(s.path));
                 },
                 [&](const RunStep& s) {
                   j.set("op", Json("run"));
                   j.set("argv", json_strings(s.run.argv));
                 },
             },
             step);
  std::string text = describe_step(step);
  j.set("description", Json(text.substr(0, text.find('\n'))));
  return j;
}

Json lifecycle_summary_to_json(const LifecyclePlan& plan, const LifecycleOutcome* outcome,
                               bool dry_run) {
  Json s = Json::object();
  s.set("action", Json(plan.action));
  s.set("dry_run", Json(dry_run));
  s.set("name", or_null(plan.target.name));
  s.set("group", or_null(plan.target.group));
  s.set("config_directory", or_null(plan.target.config_directory));
  s.set("steps", Json(static_cast<int64_t>(plan.steps.size())));
  std::vector<std::string> warnings = plan.warnings;
  if (outcome) {
    s.set("steps_done", Json(static_cast<int64_t>(outcome->steps_done)));
    s.set("exit_status",
          Json(outcome->error.empty() ? outcome->exit_status
                                      : (outcome->exit_status ? outcome->exit_status : 1)));
    s.set("error", or_null(outcome->error));
    s.set("rolled_back", Json(outcome->rolled_back));
    s.set("undone", json_strings(outcome->undone));
    s.set("interrupted_by", outcome->signal ? Json(signal_name(outcome->signal)) : Json());
    warnings.insert(warnings.end(), outcome->warnings.begin(), outcome->warnings.end());
    for (const auto& e : outcome->rollback_errors) warnings.push_back("could not undo: " + e);
  } else if (plan.error) {
    s.set("exit_status", Json(1));
    s.set("error", Json(*plan.error));
  }
  s.set("warnings", json_strings(warnings));
  Json o = Json::object();
  o.set("summary", std::move(s));
  return o;
}

}  // namespace pfmulti
