// JSON conversion of plans and scenarios (see plan_json.h; spec/plan.schema.json,
// spec/scenario.schema.json). An action's "op" is its kind name (kKind, model/plan/plan.h).
#include "model/plan/plan_json.h"

#include <fmt/format.h>

namespace pfmulti {

namespace {

// Reading helpers: each returns an error message or "" on success.
std::string get_string(const Json& obj, std::string_view key, std::string& out, bool required) {
  const Json* v = obj.find(key);
  if (!v) return required ? fmt::format("missing \"{}\"", key) : "";
  if (!v->is_string()) return fmt::format("\"{}\" must be a string", key);
  out = v->as_string();
  return "";
}

std::string get_strings(const Json& obj, std::string_view key, std::vector<std::string>& out,
                        bool required) {
  const Json* v = obj.find(key);
  if (!v) return required ? fmt::format("missing \"{}\"", key) : "";
  if (!v->is_array()) return fmt::format("\"{}\" must be an array of strings", key);
  out.clear();
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) return fmt::format("\"{}\" must be an array of strings", key);
    out.push_back(e.as_string());
  }
  return "";
}

std::string get_env(const Json& obj, std::string_view key, EnvMap& out) {
  const Json* v = obj.find(key);
  if (!v) return "";
  if (!v->is_object()) return fmt::format("\"{}\" must be an object of strings", key);
  out.clear();
  for (const auto& [k, e] : v->as_object()) {
    if (!e.is_string()) return fmt::format("\"{}\".\"{}\" must be a string", key, k);
    out[k] = e.as_string();
  }
  return "";
}

template <class T>
Result<T> error(std::string_view where, std::string_view what) {
  return Result<T>::fail(fmt::format("{}: {}", where, what));
}

}  // namespace

Json plan_to_json(const Plan& plan, const PlanExplanation* why) noexcept {
  Json actions = Json::array();
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    Json o = Json::object();
    o.set("op", Json(action_op(a)));
    std::visit(Overloaded{
                   [&o](const ExecAction& e) {
                     o.set("argv", json_strings(e.argv));
                     o.set("env", json_string_map(e.env));
                     if (!e.reason.empty()) o.set("reason", Json(e.reason));
                   },
                   [&o](const RunAction& r) {
                     o.set("config_directory", Json(r.config_directory));
                     o.set("argv", json_strings(r.argv));
                     o.set("env", json_string_map(r.env));
                     if (!r.unset.empty()) o.set("unset", json_strings(r.unset));
                     if (!r.reason.empty()) o.set("reason", Json(r.reason));
                   },
                   [&o](const SkipAction& s) {
                     o.set("config_directory", Json(s.config_directory));
                     o.set("reason", Json(s.reason));
                   },
                   [&o](const FailAction& f) {
                     o.set("config_directory", Json(f.config_directory));
                     o.set("reason", Json(f.reason));
                     o.set("exit_status", Json(f.exit_status));
                   },
               },
               a);
    if (why && i < why->action_rules.size()) o.set("rules", json_strings(why->action_rules[i]));
    actions.push(std::move(o));
  }
  Json out = Json::object();
  out.set("actions", std::move(actions));
  out.set("exit", Json(exit_rule_id(plan.exit)));
  if (!plan.warnings.empty()) out.set("warnings", json_strings(plan.warnings));
  if (!plan.output.empty()) out.set("output", Json(plan.output));
  if (!plan.stages.empty()) {  // --parallel N (R127)
    out.set("parallel", Json(static_cast<int64_t>(plan.parallel)));
    Json stages = Json::array();
    for (const auto& stage : plan.stages) {
      Json st = Json::array();
      for (size_t i : stage) st.push(Json(static_cast<int64_t>(i)));
      stages.push(std::move(st));
    }
    out.set("stages", std::move(stages));
  }
  if (why) out.set("rules", json_strings(why->plan_rules));
  return out;
}

Result<Plan> plan_from_json(const Json& json) noexcept {
  if (!json.is_object()) return error<Plan>("plan", "must be an object");
  Plan plan;
  const Json* actions = json.find("actions");
  if (!actions || !actions->is_array()) return error<Plan>("plan", "\"actions\" must be an array");
  size_t index = 0;
  for (const Json& a : actions->as_array()) {
    std::string where = fmt::format("plan: actions[{}]", index++);
    if (!a.is_object()) return error<Plan>(where, "must be an object");
    std::string op, err;
    if (!(err = get_string(a, "op", op, true)).empty()) return error<Plan>(where, err);
    if (op == ExecAction::kKind) {
      ExecAction e;
      if (!(err = get_strings(a, "argv", e.argv, true)).empty() ||
          !(err = get_env(a, "env", e.env)).empty() ||
          !(err = get_string(a, "reason", e.reason, false)).empty())
        return error<Plan>(where, err);
      plan.actions.push_back(std::move(e));
    } else if (op == RunAction::kKind) {
      RunAction r;
      if (!(err = get_string(a, "config_directory", r.config_directory, true)).empty() ||
          !(err = get_strings(a, "argv", r.argv, true)).empty() ||
          !(err = get_env(a, "env", r.env)).empty() ||
          !(err = get_strings(a, "unset", r.unset, false)).empty() ||
          !(err = get_string(a, "reason", r.reason, false)).empty())
        return error<Plan>(where, err);
      plan.actions.push_back(std::move(r));
    } else if (op == SkipAction::kKind) {
      SkipAction s;
      if (!(err = get_string(a, "config_directory", s.config_directory, true)).empty() ||
          !(err = get_string(a, "reason", s.reason, false)).empty())
        return error<Plan>(where, err);
      plan.actions.push_back(std::move(s));
    } else if (op == FailAction::kKind) {
      FailAction f;
      if (!(err = get_string(a, "config_directory", f.config_directory, false)).empty() ||
          !(err = get_string(a, "reason", f.reason, true)).empty())
        return error<Plan>(where, err);
      if (const Json* st = a.find("exit_status")) {
        if (!st->is_int() || st->as_int() < 0 || st->as_int() > 255)
          return error<Plan>(where, "\"exit_status\" must be an integer 0..255");
        f.exit_status = static_cast<int>(st->as_int());
      }
      plan.actions.push_back(std::move(f));
    } else {
      return error<Plan>(where, fmt::format("unknown op \"{}\"", op));
    }
  }
  std::string exit, err;
  if (!(err = get_string(json, "exit", exit, true)).empty()) return error<Plan>("plan", err);
  auto rule = exit_rule_from_id(exit);
  if (!rule) return error<Plan>("plan", fmt::format("unknown exit rule \"{}\"", exit));
  plan.exit = *rule;
  if (!(err = get_strings(json, "warnings", plan.warnings, false)).empty() ||
      !(err = get_string(json, "output", plan.output, false)).empty())
    return error<Plan>("plan", err);
  const Json* parallel = json.find("parallel");
  const Json* stages = json.find("stages");
  if (parallel || stages) {
    if (!parallel || !stages || !parallel->is_int() || parallel->as_int() < 2 ||
        !stages->is_array())
      return error<Plan>("plan", "\"parallel\" (an integer >= 2) and \"stages\" go together");
    plan.parallel = static_cast<size_t>(parallel->as_int());
    for (const Json& st : stages->as_array()) {
      if (!st.is_array()) return error<Plan>("plan", "\"stages\" must be arrays of indices");
      auto& stage = plan.stages.emplace_back();
      for (const Json& i : st.as_array()) {
        if (!i.is_int() || i.as_int() < 0)
          return error<Plan>("plan", "\"stages\" must be arrays of indices");
        stage.push_back(static_cast<size_t>(i.as_int()));
      }
    }
    if (!stages_are_valid(plan.stages, plan.actions.size()))
      return error<Plan>("plan",
                         "\"stages\" must cover the actions once, in order, as consecutive runs");
  }
  return Result<Plan>::ok(std::move(plan));
}

Json scenario_to_json(const Scenario& s) noexcept {
  Json out = Json::object();
  out.set("program", Json(program_name(s.program)));
  out.set("profile", Json(profile_id(s.profile)));
  if (s.release != kDefaultRelease) out.set("postfix_release", Json(release_id(s.release)));
  out.set("argv", json_strings(s.argv));
  out.set("env", json_string_map(s.env));
  Json files = Json::object();
  for (const auto& [path, state] : s.files) {
    if (const auto* text = std::get_if<std::string>(&state)) {
      files.set(path, Json(*text));
    } else {
      Json u = Json::object();
      u.set("unreadable", Json(std::get<Unreadable>(state).reason));
      files.set(path, std::move(u));
    }
  }
  out.set("files", std::move(files));
  Json defaults = Json::object();
  const Defaults& base = compiled_defaults();
  for (const auto& [k, v] : s.defaults.values) {
    const std::string* b = base.find(k);
    if (!b || *b != v) defaults.set(k, Json(v));
  }
  if (!defaults.as_object().empty()) out.set("defaults", std::move(defaults));
  if (s.directories) out.set("directories", json_strings(*s.directories));
  if (!s.cwd.empty()) out.set("cwd", Json(s.cwd));
  if (s.parallel > 1) out.set("parallel", Json(static_cast<int64_t>(s.parallel)));
  return out;
}

Result<Scenario> scenario_from_json(const Json& json) noexcept {
  constexpr std::string_view where = "scenario";
  if (!json.is_object()) return error<Scenario>(where, "must be an object");
  for (const auto& [k, v] : json.as_object()) {
    if (k != "program" && k != "profile" && k != "postfix_release" && k != "argv" && k != "env" &&
        k != "files" && k != "defaults" && k != "directories" && k != "cwd" && k != "comment" &&
        k != "rules" && k != "parallel")
      return error<Scenario>(where, fmt::format("unknown member \"{}\"", k));
  }
  Scenario s;
  std::string text, err;
  if (!(err = get_string(json, "program", text, true)).empty()) return error<Scenario>(where, err);
  auto program = program_from_name(text);
  if (!program) return error<Scenario>(where, fmt::format("unknown program \"{}\"", text));
  s.program = *program;
  text = "postmulti";
  if (!(err = get_string(json, "profile", text, false)).empty()) return error<Scenario>(where, err);
  auto prof = profile_from_id(text);
  if (!prof) return error<Scenario>(where, fmt::format("unknown profile \"{}\"", text));
  s.profile = *prof;
  text = std::string(release_id(kDefaultRelease));
  if (!(err = get_string(json, "postfix_release", text, false)).empty())
    return error<Scenario>(where, err);
  auto release = release_from_id(text);
  if (!release) return error<Scenario>(where, fmt::format("unknown postfix_release \"{}\"", text));
  s.release = *release;
  if (!(err = get_strings(json, "argv", s.argv, true)).empty() ||
      !(err = get_env(json, "env", s.env)).empty() ||
      !(err = get_string(json, "cwd", s.cwd, false)).empty())
    return error<Scenario>(where, err);
  if (const Json* p = json.find("parallel")) {
    if (!p->is_int() || p->as_int() < 1 || p->as_int() > 1024)
      return error<Scenario>(where, "\"parallel\" must be an integer 1..1024");
    s.parallel = static_cast<size_t>(p->as_int());
  }
  if (const Json* files = json.find("files")) {
    if (!files->is_object()) return error<Scenario>(where, "\"files\" must be an object");
    for (const auto& [path, v] : files->as_object()) {
      if (v.is_string()) {
        s.files[path] = v.as_string();
      } else if (const Json* u = v.find("unreadable"); u && u->is_string()) {
        s.files[path] = Unreadable{u->as_string()};
      } else {
        return error<Scenario>(
            where,
            fmt::format("files.\"{}\" must be a string or {{\"unreadable\": REASON}}", path));
      }
    }
  }
  if (const Json* d = json.find("defaults")) {
    if (!d->is_object()) return error<Scenario>(where, "\"defaults\" must be an object");
    for (const auto& [k, v] : d->as_object()) {
      if (!v.is_string()) return error<Scenario>(where, fmt::format("defaults.\"{}\"", k));
      s.defaults.values[k] = v.as_string();
    }
  }
  if (json.find("directories")) {
    std::vector<std::string> dirs;
    if (!(err = get_strings(json, "directories", dirs, true)).empty())
      return error<Scenario>(where, err);
    s.directories = std::move(dirs);
  }
  return Result<Scenario>::ok(std::move(s));
}

Result<Scenario> parse_scenario(std::string_view text) noexcept {
  auto json = parse_json(text);
  if (!json) return Result<Scenario>::fail(json.error());
  return scenario_from_json(*json);
}

Result<Plan> parse_plan(std::string_view text) noexcept {
  auto json = parse_json(text);
  if (!json) return Result<Plan>::fail(json.error());
  return plan_from_json(*json);
}

}  // namespace pfmulti
