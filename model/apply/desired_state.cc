// `pfmulti apply`'s document: parse, print, export (see desired_state.h; spec/rules.md R160,
// R161).
#include "model/apply/desired_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/lifecycle/instance_names.h"
#include "model/lifecycle/lifecycle_planner.h"
#include "model/text/strings.h"

namespace pfmulti {
namespace {

using Fail = Result<DesiredState>;

std::string shown(std::string_view v) { return "'" + printable(v) + "'"; }

const char* type_name(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_bool()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

bool is_param_name(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// A directory field: absolute, no white space, comma or control byte (main.cf lists split on
// them), not "/".
std::string check_directory(const std::string& where, const std::string& v) {
  if (v.empty() || v.front() != '/' || v == "/")
    return fmt::format("{}: {} is not an absolute directory", where, shown(v));
  for (char c : v)
    if (is_postfix_space(c) || c == ',' || c == '$' || static_cast<unsigned char>(c) < 0x20 ||
        c == 0x7f)
      return fmt::format("{}: {} holds white space, ',', '$' or a control byte", where, shown(v));
  return {};
}

}  // namespace

bool is_reserved_setting(std::string_view name) {
  static const char* own[] = {"config_directory",
                              "queue_directory",
                              "data_directory",
                              "multi_instance_name",
                              "multi_instance_group",
                              "multi_instance_enable",
                              "multi_instance_wrapper",
                              "multi_instance_directories",
                              "alternate_config_directories"};
  for (const char* n : own)
    if (name == n) return true;
  const auto& shared = shared_parameters();
  return std::find(shared.begin(), shared.end(), name) != shared.end();
}

Result<DesiredState> parse_desired_state(std::string_view text) noexcept {
  auto doc = parse_json(text);
  if (!doc) return Fail::fail("not a JSON document: " + doc.error());
  return desired_state_from_json(*doc);
}

Result<DesiredState> desired_state_from_json(const Json& doc) noexcept {
  if (!doc.is_object())
    return Fail::fail(fmt::format("$: expected an object, got {}", type_name(doc)));
  DesiredState st;
  bool have_version = false, have_instances = false;
  for (const auto& [key, value] : doc.as_object()) {
    if (key == "version") {
      if (!value.is_int() || value.as_int() != kDesiredStateVersion)
        return Fail::fail(fmt::format(
            "$.version: expected {}, got {}", kDesiredStateVersion,
            value.is_int() ? std::to_string(value.as_int()) : std::string(type_name(value))));
      have_version = true;
    } else if (key == "instances") {
      if (!value.is_array())
        return Fail::fail(fmt::format("$.instances: expected an array, got {}", type_name(value)));
      have_instances = true;
      size_t i = 0;
      for (const Json& item : value.as_array()) {
        std::string at = fmt::format("$.instances[{}]", i++);
        if (!item.is_object())
          return Fail::fail(fmt::format("{}: expected an object, got {}", at, type_name(item)));
        DesiredInstance d;
        bool have_dir = false;
        for (const auto& member : item.as_object()) {
          // (not a structured binding: clang 14 cannot capture one in the lambda below)
          const std::string& k = member.first;
          const Json& v = member.second;
          std::string where = at + "." + k;
          auto want_string = [&](std::string& out) -> std::string {
            if (!v.is_string())
              return fmt::format("{}: expected a string, got {}", where, type_name(v));
            out = v.as_string();
            return {};
          };
          std::string e;
          if (k == "name") {
            e = want_string(d.name);
            if (e.empty() && !d.name.empty()) {
              e = check_name_assignment(d.name, std::nullopt);
              if (!e.empty()) e = fmt::format("{}: {}: {}", where, shown(d.name), e);
            }
          } else if (k == "group") {
            e = want_string(d.group);
            if (e.empty() && !d.group.empty() && !is_safe_name(d.group))
              e = fmt::format("{}: unsafe characters in group {}", where, shown(d.group));
          } else if (k == "enabled") {
            if (!v.is_bool())
              e = fmt::format("{}: expected true or false, got {}", where, type_name(v));
            else
              d.enabled = v.as_bool();
          } else if (k == "config_directory" || k == "queue_directory" || k == "data_directory") {
            std::string& out = k == "config_directory"  ? d.config_directory
                               : k == "queue_directory" ? d.queue_directory
                                                        : d.data_directory;
            e = want_string(out);
            if (e.empty()) e = check_directory(where, out);
            if (k == "config_directory") have_dir = true;
          } else if (k == "settings") {
            if (!v.is_object()) {
              e = fmt::format("{}: expected an object, got {}", where, type_name(v));
            } else {
              for (const auto& setting : v.as_object()) {
                const std::string& pn = setting.first;
                const Json& pv = setting.second;
                std::string pw = where + "." + pn;
                if (!is_param_name(pn))
                  e = fmt::format("{}: {} is not a parameter name", where, shown(pn));
                else if (is_reserved_setting(pn))
                  e = fmt::format(
                      "{}: {} is set by the instance's own fields or the primary, not "
                      "under settings",
                      pw, pn);
                else if (!pv.is_string())
                  e = fmt::format("{}: expected a string, got {}", pw, type_name(pv));
                else if (has_control(pv.as_string()))
                  e = fmt::format("{}: {} holds a control byte (a newline cannot be in main.cf)",
                                  pw, shown(pv.as_string()));
                if (!e.empty()) break;
                auto dup = std::find_if(d.settings.begin(), d.settings.end(),
                                        [&](const auto& s) { return s.first == pn; });
                if (dup != d.settings.end()) {
                  e = fmt::format("{}: set twice", pw);
                  break;
                }
                d.settings.emplace_back(pn, pv.as_string());
              }
            }
          } else {
            e = fmt::format(
                "{}: unknown member (expected name, group, enabled, config_directory, "
                "queue_directory, data_directory, settings)",
                where);
          }
          if (!e.empty()) return Fail::fail(e);
        }
        if (!have_dir) return Fail::fail(fmt::format("{}: config_directory is missing", at));
        st.instances.push_back(std::move(d));
      }
    } else {
      return Fail::fail(
          fmt::format("$.{}: unknown member (expected version, instances)", printable(key)));
    }
  }
  if (!have_version) return Fail::fail("$.version is missing (expected 1)");
  if (!have_instances) return Fail::fail("$.instances is missing");
  // Unique names and directories (as postmulti's claims: rules.md R79).
  std::map<std::string, std::string> owner;
  for (size_t i = 0; i < st.instances.size(); ++i) {
    const DesiredInstance& d = st.instances[i];
    std::string at = fmt::format("$.instances[{}]", i);
    std::vector<std::pair<std::string, std::string>> claims{
        {"config_directory", d.config_directory}};
    if (!d.name.empty()) claims.emplace_back("name", d.name);
    if (!d.queue_directory.empty()) claims.emplace_back("queue_directory", d.queue_directory);
    if (!d.data_directory.empty()) claims.emplace_back("data_directory", d.data_directory);
    for (const auto& [what, value] : claims) {
      bool is_dir = what != "name";
      std::string key = (is_dir ? "dir " : "name ") + value;
      auto [it, fresh] = owner.emplace(key, at + "." + what);
      if (!fresh)
        return Fail::fail(fmt::format("{}: {} {} is already {}", at + "." + what,
                                      is_dir ? "directory" : "name", shown(value), it->second));
    }
  }
  return Result<DesiredState>::ok(std::move(st));
}

Json desired_state_to_json(const DesiredState& state) {
  Json doc = Json::object();
  doc.set("version", kDesiredStateVersion);
  Json list = Json::array();
  for (const auto& d : state.instances) {
    Json o = Json::object();
    o.set("name", d.name);
    o.set("group", d.group);
    o.set("enabled", d.enabled);
    o.set("config_directory", d.config_directory);
    if (!d.queue_directory.empty()) o.set("queue_directory", d.queue_directory);
    if (!d.data_directory.empty()) o.set("data_directory", d.data_directory);
    if (!d.settings.empty()) {
      Json s = Json::object();
      for (const auto& [k, v] : d.settings) s.set(k, v);
      o.set("settings", s);
    }
    list.push(o);
  }
  doc.set("instances", list);
  return doc;
}

DesiredState desired_state_of(const std::vector<Instance>& instances) {
  DesiredState st;
  for (const auto& ip : instances) {
    if (ip.primary) continue;
    DesiredInstance d;
    d.name = ip.name;
    d.group = ip.group;
    d.enabled = ip.enabled;
    d.config_directory = ip.config_dir;
    d.queue_directory = ip.queue_dir;
    d.data_directory = ip.data_dir;
    st.instances.push_back(std::move(d));
  }
  return st;
}

}  // namespace pfmulti
