// Conformance cases: text, JSON, the seeded generator and shrinking (see conform_case.h).
#include "impl/conform/core/conform_case.h"

#include <fmt/format.h>

#include <algorithm>

namespace pfmulti {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

std::string_view state_id(MainCfState s) {
  switch (s) {
    case MainCfState::kFile:
      return "file";
    case MainCfState::kAbsent:
      return "absent";
    case MainCfState::kNoDir:
      return "no-directory";
    case MainCfState::kDirectory:
      return "directory";
  }
  return "file";
}

std::optional<MainCfState> state_from_id(std::string_view id) {
  for (MainCfState s :
       {MainCfState::kFile, MainCfState::kAbsent, MainCfState::kNoDir, MainCfState::kDirectory})
    if (state_id(s) == id) return s;
  return std::nullopt;
}

Result<std::vector<std::string>> strings_of(const Json* j, std::string_view what) {
  std::vector<std::string> out;
  if (!j || !j->is_array())
    return Result<std::vector<std::string>>::fail(
        fmt::format("case: \"{}\" must be an array of strings", what));
  for (const auto& e : j->as_array()) {
    if (!e.is_string())
      return Result<std::vector<std::string>>::fail(
          fmt::format("case: \"{}\" must be an array of strings", what));
    out.push_back(e.as_string());
  }
  return Result<std::vector<std::string>>::ok(std::move(out));
}

Json strings_json(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const auto& s : v) a.push(s);
  return a;
}

const char* kSecondaryNames[] = {"postfix-a", "postfix-b", "postfix-c", "postfix-d", "postfix-e"};

}  // namespace

std::string substitute(const std::string& text, const CasePaths& paths) {
  std::string out = text;
  replace_all(out, "@PRIMARY@", paths.primary);
  replace_all(out, "@ROOT@", paths.root);
  return out;
}

std::string primary_main_cf(const CaseSpec& spec, const CasePaths& paths) {
  std::string out =
      "# conformance case: the primary instance\n"
      "command_directory = @ROOT@/bin\n"
      "daemon_directory = @ROOT@/daemon\n"
      "shlib_directory = @ROOT@/shlib\n"
      "meta_directory = @PRIMARY@\n"
      "queue_directory = @ROOT@/spool/primary\n"
      "data_directory = @ROOT@/data/primary\n"
      "multi_instance_wrapper = ${daemon_directory}/postfix-wrapper\n";
  if (!spec.instances.empty())
    for (const auto& l : spec.instances[0].lines) out += l + "\n";
  out += "multi_instance_directories =";
  for (size_t i = 0; i < spec.list.size(); ++i) {
    std::string sep = i < spec.separators.size() ? spec.separators[i] : " ";
    if (i == 0 && (sep.empty() || sep[0] != ' ')) sep = " " + sep;
    out += sep + spec.list[i];
  }
  if (spec.separators.size() > spec.list.size()) out += spec.separators.back();
  out += "\n";
  return substitute(out, paths);
}

std::string main_cf_text(const CaseSpec& spec, size_t index, const CasePaths& paths) {
  if (index == 0) return primary_main_cf(spec, paths);
  std::string out;
  for (const auto& l : spec.instances[index].lines) out += l + "\n";
  return substitute(out, paths);
}

std::string instance_directory(const CaseSpec& spec, size_t index, const CasePaths& paths) {
  if (index == 0) return paths.primary;
  return paths.root + "/" + spec.instances[index].dir;
}

Json case_to_json(const CaseSpec& spec) {
  Json j = Json::object();
  Json instances = Json::array();
  for (const auto& in : spec.instances) {
    Json o = Json::object();
    o.set("dir", in.dir);
    o.set("main_cf", std::string(state_id(in.state)));
    o.set("lines", strings_json(in.lines));
    o.set("outcome", fmt::format("{} {}", in.outcome.signal ? "signal" : "exit", in.outcome.value));
    instances.push(std::move(o));
  }
  j.set("instances", std::move(instances));
  j.set("list", strings_json(spec.list));
  j.set("separators", strings_json(spec.separators));
  j.set("command", strings_json(spec.command));
  return j;
}

Result<CaseSpec> case_from_json(const Json& j) {
  using R = Result<CaseSpec>;
  CaseSpec spec;
  const Json* instances = j.find("instances");
  if (!instances || !instances->is_array() || instances->as_array().empty())
    return R::fail("case: \"instances\" must be a non-empty array");
  for (const auto& o : instances->as_array()) {
    InstanceSpec in;
    const Json* dir = o.find("dir");
    const Json* state = o.find("main_cf");
    const Json* outcome = o.find("outcome");
    if (!dir || !dir->is_string()) return R::fail("case: an instance needs \"dir\"");
    in.dir = dir->as_string();
    if (state) {
      auto s = state->is_string() ? state_from_id(state->as_string()) : std::nullopt;
      if (!s) return R::fail("case: \"main_cf\" is file, absent, no-directory or directory");
      in.state = *s;
    }
    auto lines = strings_of(o.find("lines"), "lines");
    if (!lines) return R::fail(lines.error());
    in.lines = *lines;
    if (outcome) {
      if (!outcome->is_string()) return R::fail("case: \"outcome\" is \"exit N\" or \"signal N\"");
      const std::string& t = outcome->as_string();
      if (t.rfind("exit ", 0) == 0) {
        in.outcome = {false, std::atoi(t.c_str() + 5)};
      } else if (t.rfind("signal ", 0) == 0) {
        in.outcome = {true, std::atoi(t.c_str() + 7)};
      } else {
        return R::fail("case: \"outcome\" is \"exit N\" or \"signal N\"");
      }
    }
    spec.instances.push_back(std::move(in));
  }
  auto list = strings_of(j.find("list"), "list");
  auto seps = strings_of(j.find("separators"), "separators");
  auto command = strings_of(j.find("command"), "command");
  if (!list) return R::fail(list.error());
  if (!seps) return R::fail(seps.error());
  if (!command) return R::fail(command.error());
  spec.list = *list;
  spec.separators = *seps;
  spec.command = *command;
  if (spec.separators.size() != spec.list.size() + 1)
    return R::fail("case: \"separators\" needs one more element than \"list\"");
  return R::ok(std::move(spec));
}

size_t CaseGenerator::weighted(std::initializer_list<int> weights) {
  int total = 0;
  for (int w : weights) total += w;
  uint64_t pick = below(static_cast<uint64_t>(total));
  size_t i = 0;
  for (int w : weights) {
    if (pick < static_cast<uint64_t>(w)) return i;
    pick -= static_cast<uint64_t>(w);
    ++i;
  }
  return 0;
}

CaseSpec CaseGenerator::next(int size) {
  CaseSpec spec;
  size_t secondaries = size < 10 ? 1 + below(2) : weighted({4, 25, 35, 26, 10});

  // The primary: valid for postfix(1) (else the manager is never run), enable yes mostly.
  InstanceSpec primary{"primary", MainCfState::kFile, {}, {}};
  switch (weighted({70, 14, 10, 6})) {
    case 0:
      primary.lines.push_back("multi_instance_enable = yes");
      break;
    case 1:
      primary.lines.push_back("multi_instance_enable = no");
      break;
    case 2:
      break;
    default:
      primary.lines.push_back("multi_instance_enable = YES");
  }
  if (chance(15)) primary.lines.push_back("multi_instance_group = mta");
  if (chance(6)) primary.lines.push_back("postmulti_stop_commands = stop abort");
  if (chance(4)) primary.lines.push_back("postmulti_control_commands = reload flush status");
  if (chance(4)) primary.lines.push_back("postmulti_start_commands = start check");
  spec.instances.push_back(primary);

  std::vector<std::string> groups = {"mta", "msa"};
  for (size_t i = 0; i < secondaries; ++i) {
    InstanceSpec in;
    in.dir = kSecondaryNames[i];
    std::string d = "@ROOT@/" + in.dir;
    // Spool and data directories: distinct, or (rarely) claimed twice.
    if (chance(92) || i == 0) {
      in.lines.push_back(fmt::format("queue_directory = @ROOT@/spool/{}", in.dir));
    } else {
      in.lines.push_back(fmt::format("queue_directory = @ROOT@/spool/{}", kSecondaryNames[0]));
    }
    in.lines.push_back(fmt::format("data_directory = @ROOT@/data/{}", in.dir));
    if (chance(65)) {
      std::string name = in.dir;
      if (i > 0 && chance(5)) name = kSecondaryNames[0];
      in.lines.push_back("multi_instance_name = " + name);
    }
    if (chance(45)) in.lines.push_back("multi_instance_group = " + groups[below(2)]);
    switch (weighted({44, 18, 6, 3, 4, 2, 4, 3, 3, 2, 2, 9})) {
      case 0:
        in.lines.push_back("multi_instance_enable = yes");
        break;
      case 1:
        in.lines.push_back("multi_instance_enable = no");
        break;
      case 2:
        in.lines.push_back("multi_instance_enable = YES");
        break;
      case 3:
        in.lines.push_back("multi_instance_enable = Yes");
        break;
      case 4:
        in.lines.push_back("enable_value = yes");
        in.lines.push_back("multi_instance_enable = $enable_value");
        break;
      case 5:
        in.lines.push_back("multi_instance_enable = ${{1} == {1} ? {yes} : {no}}");
        break;
      case 6:
        in.lines.push_back("multi_instance_enable = maybe");
        break;
      case 7:
        in.lines.push_back("multi_instance_enable =");
        break;
      case 8:
        in.lines.push_back("multi_instance_enable = yes # on");
        break;
      case 9:
        in.lines.push_back("multi_instance_enable = y");
        in.lines.push_back("  es");
        break;
      case 10:
        in.lines.push_back("multi_instance_enable = true");
        break;
      default:
        break;  // no line: the default, no
    }
    // Damage.
    switch (weighted({82, 3, 2, 3, 3, 2, 3, 2})) {
      case 1:
        in.state = MainCfState::kAbsent;
        break;
      case 2:
        in.state = MainCfState::kNoDir;
        break;
      case 3:
        in.state = MainCfState::kDirectory;
        break;
      case 4:
        in.lines.push_back("this line has no equals sign");
        break;
      case 5:
        in.lines.push_back("multi_instance_group = ${oops");
        break;
      case 6:
        in.lines.push_back("multi_instance_name = $p");
        in.lines.push_back("p = ${{$p} == {x} ? {a} : {b}}");
        break;
      case 7:
        in.lines.push_back("multi_instance_group = $loop1");
        in.lines.push_back("loop1 = $loop2");
        in.lines.push_back("loop2 = $loop1");
        break;
      default:
        break;
    }
    switch (weighted({84, 6, 4, 3, 3})) {
      case 1:
        in.outcome = {false, 1};
        break;
      case 2:
        in.outcome = {false, 2};
        break;
      case 3:
        in.outcome = {true, 15};
        break;
      case 4:
        in.outcome = {true, 9};
        break;
      default:
        break;
    }
    spec.instances.push_back(std::move(in));
  }
  switch (weighted({88, 6, 3, 3})) {
    case 1:
      spec.instances[0].outcome = {false, 1};
      break;
    case 2:
      spec.instances[0].outcome = {false, 3};
      break;
    case 3:
      spec.instances[0].outcome = {true, 15};
      break;
    default:
      break;
  }

  // The list: each secondary once, in order or shuffled; sometimes odd entries.
  for (size_t i = 1; i < spec.instances.size(); ++i)
    spec.list.push_back("@ROOT@/" + spec.instances[i].dir);
  if (spec.list.size() > 1 && chance(15))
    for (size_t i = spec.list.size() - 1; i > 0; --i)
      std::swap(spec.list[i], spec.list[below(i + 1)]);
  if (!spec.list.empty() && chance(5)) spec.list.push_back(spec.list[below(spec.list.size())]);
  if (chance(4) || spec.list.empty())
    spec.list.insert(spec.list.begin() + static_cast<long>(below(spec.list.size() + 1)),
                     "@PRIMARY@");
  if (chance(3)) spec.list.push_back("@ROOT@/postfix-missing");
  if (spec.list.size() > 1 && chance(3)) spec.list[0] += "/";
  if (spec.list.size() > 1 && chance(3)) {
    spec.instances[0].lines.push_back("more_instances = " + spec.list.back());
    spec.list.back() = "$more_instances";
  }
  if (secondaries >= 2 && chance(3)) {
    spec.list.erase(std::remove_if(spec.list.begin(), spec.list.end(),
                                   [](const std::string& e) {
                                     return e.find("/postfix-") != std::string::npos &&
                                            e.find("missing") == std::string::npos;
                                   }),
                    spec.list.end());
    spec.list.push_back("@ROOT@/postfix-*");
  }

  for (size_t i = 0; i <= spec.list.size(); ++i) {
    if (i == 0 || i == spec.list.size()) {
      spec.separators.push_back(chance(3) ? "," : "");
      if (i == 0 && spec.separators.back().empty()) spec.separators.back() = " ";
      if (i == 0 && spec.separators.back() == ",") spec.separators.back() = " ,";
      continue;
    }
    static const char* seps[] = {" ", ",", ", ", " ,  ", "\n\t", "\t", " ,"};
    spec.separators.push_back(seps[weighted({50, 18, 16, 4, 5, 4, 3})]);
  }
  if (spec.list.empty()) spec.separators = {" "};

  static const char* commands[] = {"start", "stop",  "quick-stop",      "abort",
                                   "drain", "flush", "reload",          "status",
                                   "check", "Start", "set-permissions", "upgrade-configuration"};
  spec.command.push_back(commands[weighted({22, 18, 9, 5, 5, 6, 8, 12, 6, 2, 4, 3})]);
  if (chance(10)) spec.command.push_back(chance(50) ? "-v" : "extra");
  add_hostile_settings(spec);
  return spec;
}

void CaseGenerator::add_hostile_settings(CaseSpec& spec) {
  auto below_h = [this](uint64_t n) { return n == 0 ? 0 : hostile_() % n; };
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    if (below_h(100) >= 12) continue;
    InstanceSpec& in = spec.instances[i];
    std::string other = spec.instances.size() > 1
                            ? "@ROOT@/" + spec.instances[1 + below_h(spec.instances.size() - 1)].dir
                            : "@PRIMARY@";
    switch (below_h(9)) {
      case 0:
        in.lines.push_back("config_directory = " + other);  // another instance's directory
        break;
      case 1:
        in.lines.push_back("config_directory =");
        break;
      case 2:
        in.lines.push_back("config_directory = $undefined");
        break;
      case 3:
        in.lines.push_back("config_directory = postfix-a");  // relative
        break;
      case 4:
        in.lines.push_back("config_directory = @PRIMARY@");
        break;
      case 5:  // $config_directory inside another value (R120: main.cf's value is used there)
        if (i == 0) {
          in.lines.push_back("multi_instance_group = ${config_directory?{cd}:{none}}");
        } else {
          in.lines.push_back("config_directory = @ROOT@/elsewhere");
          in.lines.push_back("multi_instance_group = g${config_directory}");
        }
        break;
      case 6:
        in.lines.push_back("multi_instance_group = $multi_instance_group");  // a cycle
        break;
      case 7:
        in.lines.push_back("multi_instance_group = $chain0");
        for (int k = 0; k < 120; ++k)
          in.lines.push_back(fmt::format("chain{} = $chain{}", k, k + 1));
        in.lines.push_back("chain120 = deep");
        break;
      default:
        in.lines.push_back("multi_instance_name = ${config_directory:{unset}}x");
        break;
    }
  }
}

size_t case_size(const CaseSpec& spec) {
  size_t n = spec.command.size() + spec.list.size() * 4;
  for (const auto& s : spec.separators) n += s == " " || s.empty() ? 0 : 1;
  for (const auto& in : spec.instances) {
    n += 8 + in.lines.size() * 2;
    if (in.state != MainCfState::kFile) n += 1;
    if (in.outcome != CallOutcome{}) n += in.outcome == CallOutcome{false, 1} ? 1 : 2;
    for (const auto& l : in.lines) n += l.size() > 40 ? 1 : 0;
  }
  return n;
}

std::vector<CaseSpec> shrink_candidates(const CaseSpec& spec) {
  std::vector<CaseSpec> out;
  auto remove_list_entry = [](CaseSpec& c, size_t k) {
    c.list.erase(c.list.begin() + static_cast<long>(k));
    // Keep the separator before the entry when it was the first, else the one after it.
    c.separators.erase(c.separators.begin() + static_cast<long>(k == 0 ? 1 : k));
    if (c.separators.size() != c.list.size() + 1) c.separators.resize(c.list.size() + 1, "");
  };
  // Remove a secondary together with the list entries that name it.
  for (size_t i = 1; i < spec.instances.size(); ++i) {
    CaseSpec c = spec;
    std::string entry = "@ROOT@/" + spec.instances[i].dir;
    c.instances.erase(c.instances.begin() + static_cast<long>(i));
    for (size_t k = c.list.size(); k-- > 0;)
      if (c.list[k] == entry || c.list[k] == entry + "/") remove_list_entry(c, k);
    if (!c.list.empty()) out.push_back(std::move(c));
  }
  // Remove one list entry.
  for (size_t k = 0; k < spec.list.size() && spec.list.size() > 1; ++k) {
    CaseSpec c = spec;
    remove_list_entry(c, k);
    out.push_back(std::move(c));
  }
  // Remove one main.cf line (a continuation goes with the line before it).
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    const auto& lines = spec.instances[i].lines;
    for (size_t l = 0; l < lines.size(); ++l) {
      if (!lines[l].empty() && lines[l][0] == ' ') continue;
      CaseSpec c = spec;
      auto& cl = c.instances[i].lines;
      size_t end = l + 1;
      while (end < cl.size() && !cl[end].empty() && cl[end][0] == ' ') ++end;
      cl.erase(cl.begin() + static_cast<long>(l), cl.begin() + static_cast<long>(end));
      out.push_back(std::move(c));
    }
  }
  // Plain separators.
  for (size_t k = 0; k < spec.separators.size(); ++k) {
    std::string plain = k == 0 ? " " : (k == spec.separators.size() - 1 ? "" : " ");
    if (spec.separators[k] == plain) continue;
    CaseSpec c = spec;
    c.separators[k] = plain;
    out.push_back(std::move(c));
  }
  // A readable main.cf, a normal outcome.
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    if (spec.instances[i].state != MainCfState::kFile) {
      CaseSpec c = spec;
      c.instances[i].state = MainCfState::kFile;
      out.push_back(std::move(c));
    }
    if (spec.instances[i].outcome != CallOutcome{}) {
      CaseSpec c = spec;
      c.instances[i].outcome = {};
      out.push_back(std::move(c));
      if (spec.instances[i].outcome != CallOutcome{false, 1}) {
        CaseSpec d = spec;
        d.instances[i].outcome = {false, 1};
        out.push_back(std::move(d));
      }
    }
  }
  // Fewer command arguments.
  for (size_t k = 1; k < spec.command.size(); ++k) {
    CaseSpec c = spec;
    c.command.erase(c.command.begin() + static_cast<long>(k));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace pfmulti
