// rapidcheck generators for planner scenarios (tests/planner_properties_test.cc; shared with
// the composition law): instance trees of 0-50 secondaries (names, groups, enable values in any
// case and some invalid ones, lists written with commas, spaces, tabs, continuation lines and
// duplicates, absent, unreadable and malformed main.cf files, claim conflicts) and commands
// (every postfix(1) command, unknown ones, arguments). A generated Tree keeps what it was built
// from, so laws can state their expectations without asking the planner. With
// TreeOptions::hostile (spec/rules.md R120, R123; issue 12 item 1), the primary and some
// secondaries also get lines that set every parameter the model reads (config_directory, the
// command, daemon, queue, data, meta and shlib directories, multi_instance_*,
// import_environment, syslog_name, the command classes, ...) to empty, $undefined, relative,
// another instance's or the primary's directory, another parameter's value, $config_directory
// inside a value, a cycle, a 120-deep chain, an expansion over the size cap, control bytes or a
// space inside a path (gen_hostile_lines).
#pragma once

#include <rapidcheck.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "model/main_cf/config.h"
#include "model/plan/planner.h"

namespace pfmulti::test {

// How an instance's main.cf looks on disk.
enum class FileKind { kGood, kUnreadable, kAbsent, kSyntaxError };

struct GenInstance {
  std::vector<std::string> extra;  // lines appended to a good main.cf (TreeOptions::hostile)
  std::string dir;                 // as listed in multi_instance_directories
  std::string name;                // multi_instance_name ("" = none)
  std::string group;               // multi_instance_group ("" = none)
  std::string enable;              // multi_instance_enable as written
  std::string queue, data;
  FileKind file = FileKind::kGood;
};

struct Tree {
  std::string primary_enable = "yes";
  std::vector<GenInstance> instances;
  std::vector<std::string> separators;     // separators[i] precedes instances[i] in the list
  std::string wrapper;                     // multi_instance_wrapper
  std::vector<std::string> primary_lines;  // appended to the primary main.cf (hostile)

  // The list text as written in main.cf.
  std::string list_text() const {
    std::string out;
    for (size_t i = 0; i < instances.size(); ++i) {
      if (i) out += separators[i];
      out += instances[i].dir;
    }
    return out;
  }

  FileMap files() const {
    FileMap files;
    files["/etc/postfix/main.cf"] = "# primary\nmulti_instance_enable = " + primary_enable +
                                    "\nmulti_instance_wrapper = " + wrapper +
                                    "\nmulti_instance_directories = " + list_text() + "\n";
    for (const auto& line : primary_lines)
      std::get<std::string>(files["/etc/postfix/main.cf"]) += line + "\n";
    for (const auto& i : instances) {
      std::string path;
      for (char c : main_cf_path(i.dir))
        if (!(c == '/' && !path.empty() && path.back() == '/')) path.push_back(c);
      switch (i.file) {
        case FileKind::kAbsent:
          break;
        case FileKind::kUnreadable:
          files[path] = Unreadable{"Permission denied"};
          break;
        case FileKind::kSyntaxError:
          files[path] = "multi_instance_enable = yes\nthis line has no equals sign\n";
          break;
        case FileKind::kGood: {
          std::string text = "queue_directory = " + i.queue + "\ndata_directory = " + i.data +
                             "\nmulti_instance_enable = " + i.enable + "\n";
          if (!i.name.empty()) text += "multi_instance_name = " + i.name + "\n";
          if (!i.group.empty()) text += "multi_instance_group = " + i.group + "\n";
          for (const auto& line : i.extra) text += line + "\n";
          files[path] = text;
          break;
        }
      }
    }
    return files;
  }

  // Lookup of the generated instance behind a listed directory (first occurrence).
  const GenInstance* find(const std::string& dir) const {
    for (const auto& i : instances)
      if (i.dir == dir) return &i;
    return nullptr;
  }

  bool has_duplicate_directories() const {
    std::set<std::string> seen;
    for (const auto& i : instances)
      if (!seen.insert(i.dir).second) return true;
    return false;
  }
};

inline rc::Gen<std::string> gen_enable_value() {
  return rc::gen::oneOf(
      rc::gen::weightedElement<std::string>({{6, "yes"}, {4, "no"}}),
      // "yes" in any case.
      rc::gen::map(rc::gen::container<std::vector<bool>>(3, rc::gen::arbitrary<bool>()),
                   [](const std::vector<bool>& upper) {
                     std::string v = "yes";
                     for (size_t k = 0; k < v.size(); ++k)
                       if (upper[k]) v[k] = static_cast<char>(v[k] - 'a' + 'A');
                     return v;
                   }),
      rc::gen::element<std::string>("No", "NO", "maybe", "true", "$ref", "1"));
}

// The shape of one secondary; materialize() gives it index-based, distinct directories.
struct InstanceShape {
  int dir_kind = 0, name_kind = 0, file_kind = 3, conflict = 0;
  std::string group, enable;
};

inline GenInstance materialize(const InstanceShape& sh, size_t k) {
  GenInstance i;
  std::string base = "inst" + std::to_string(k);
  switch (sh.dir_kind) {
    case 1:
      i.dir = "/srv/mail/" + base + "/conf";
      break;
    case 2:
      i.dir = "/etc/postfix-" + base + "/";
      break;  // trailing slash
    case 3:
      i.dir = "relative-" + base;
      break;  // not absolute
    default:
      i.dir = "/etc/postfix-" + base;
      break;
  }
  switch (sh.name_kind) {
    case 0:
      i.name = "";
      break;
    case 2:
      i.name = base;
      break;  // no postfix- prefix
    default:
      i.name = "postfix-" + base;
      break;
  }
  i.group = sh.group;
  i.enable = sh.enable;
  i.queue = "/var/spool/postfix-" + base;
  i.data = "/var/lib/postfix-" + base;
  if (sh.conflict == 1) i.queue = "/var/spool/postfix-shared";
  if (sh.conflict == 2) i.data = i.queue;
  if (sh.conflict == 3) i.queue = "/var/spool/postfix";  // the primary's
  i.file = sh.file_kind == 0   ? FileKind::kUnreadable
           : sh.file_kind == 1 ? FileKind::kAbsent
           : sh.file_kind == 2 ? FileKind::kSyntaxError
                               : FileKind::kGood;
  return i;
}

inline rc::Gen<InstanceShape> gen_instance_shape() {
  return rc::gen::apply(
      [](int dir_kind, int name_kind, std::string group, std::string enable, int file_kind,
         int conflict) {
        return InstanceShape{dir_kind, name_kind, file_kind, conflict, group, enable};
      },
      rc::gen::weightedElement<int>({{12, 0}, {2, 1}, {1, 2}, {1, 3}}), rc::gen::inRange(0, 4),
      rc::gen::weightedElement<std::string>({{4, ""}, {2, "mta"}, {2, "msa"}, {1, "MTA"}}),
      gen_enable_value(), rc::gen::weightedElement<int>({{1, 0}, {1, 1}, {1, 2}, {27, 3}}),
      rc::gen::weightedElement<int>({{40, 0}, {1, 1}, {1, 2}, {1, 3}}));
}

inline rc::Gen<std::string> gen_separator() {
  return rc::gen::element<std::string>(" ", ",", ", ", " ,", "\t", ",,", "\n  ", " , \n\t");
}

// Every parameter the model reads from a main.cf (R120): the hostile lines set one of these.
inline const std::vector<std::string>& parameters_the_model_reads() {
  static const std::vector<std::string> all{"config_directory",
                                            "command_directory",
                                            "daemon_directory",
                                            "queue_directory",
                                            "data_directory",
                                            "meta_directory",
                                            "shlib_directory",
                                            "multi_instance_name",
                                            "multi_instance_group",
                                            "multi_instance_enable",
                                            "multi_instance_wrapper",
                                            "multi_instance_directories",
                                            "import_environment",
                                            "syslog_name",
                                            "mail_owner",
                                            "setgid_group",
                                            "postmulti_start_commands",
                                            "postmulti_stop_commands",
                                            "postmulti_control_commands",
                                            "sendmail_path",
                                            "html_directory"};
  return all;
}

// One hostile setting: "PARAM = VALUE" and the helper lines its value needs.
inline std::vector<std::string> hostile_lines(const std::string& param, int kind) {
  std::vector<std::string> helpers;
  std::string v;
  switch (kind) {
    case 0:
      v = "";
      break;
    case 1:
      v = "$undefined";
      break;
    case 2:
      v = "relative/dir";
      break;
    case 3:
      v = "/etc/postfix-inst0";
      break;  // another instance's directory
    case 4:
      v = "/etc/postfix";
      break;  // the primary's
    case 5:
      v = "$queue_directory";
      break;  // duplicates another parameter
    case 6:
      v = "$config_directory/sub";
      break;
    case 7:
      v = "$" + param;
      break;  // a cycle
    case 8:
      v = "$chain0";
      for (int k = 0; k < 120; ++k)
        helpers.push_back("chain" + std::to_string(k) + " = $chain" + std::to_string(k + 1));
      helpers.push_back("chain120 = end");
      break;
    case 9:  // 2^23 * 8 bytes: over the expansion cap
      v = "$e23";
      helpers.push_back("e0 = xxxxxxxx");
      for (int k = 1; k <= 23; ++k)
        helpers.push_back("e" + std::to_string(k) + " = $e" + std::to_string(k - 1) + "$e" +
                          std::to_string(k - 1));
      break;
    case 10:
      v = "\x1b[31mred\x07";
      break;
    case 11:
      v = "/x/sp ace";
      break;
    default:
      v = "${undefined:{/etc/postfix-inst1}}";
      break;
  }
  std::vector<std::string> lines{param + " = " + v};
  lines.insert(lines.end(), helpers.begin(), helpers.end());
  return lines;
}

inline rc::Gen<std::vector<std::string>> gen_hostile_lines() {
  return rc::gen::apply(hostile_lines, rc::gen::elementOf(parameters_the_model_reads()),
                        rc::gen::inRange(0, 13));
}

struct TreeOptions {
  bool allow_damage = true;     // unreadable/absent/malformed files, bad enable values
  bool allow_conflicts = true;  // shared queue/data directories
  bool allow_relative = true;   // relative and trailing-slash directories
  bool allow_duplicates = true;
  bool hostile = false;  // hostile settings of every parameter the model reads (gen_hostile_lines)
  int max_instances = 50;
};

inline rc::Gen<Tree> gen_tree(TreeOptions o = {}) {
  return rc::gen::withSize([o](int size) {
    int most = std::max(0, std::min(o.max_instances, size / 2));
    return rc::gen::apply(
        [o](std::vector<InstanceShape> shapes, std::vector<std::string> seps,
            std::string primary_enable, std::string wrapper, std::vector<int> dups,
            std::vector<std::vector<std::string>> hostile_primary,
            std::vector<std::pair<int, std::vector<std::string>>> hostile_secondary) {
          Tree t;
          t.primary_enable = primary_enable;
          t.wrapper = wrapper;
          if (o.hostile)
            for (auto& lines : hostile_primary)
              t.primary_lines.insert(t.primary_lines.end(), lines.begin(), lines.end());
          for (size_t k = 0; k < shapes.size(); ++k) {
            GenInstance i = materialize(shapes[k], k);
            if (!o.allow_damage) {
              i.file = FileKind::kGood;
              if (!parse_bool(i.enable)) i.enable = "no";
            }
            if (!o.allow_conflicts) {
              i.queue = "/var/spool/postfix-inst" + std::to_string(k);
              i.data = "/var/lib/postfix-inst" + std::to_string(k);
            }
            if (!o.allow_relative) {
              if (i.dir.front() != '/') i.dir = "/" + i.dir;
              while (i.dir.size() > 1 && i.dir.back() == '/') i.dir.pop_back();
            }
            t.instances.push_back(std::move(i));
          }
          size_t n = t.instances.size();
          if (o.hostile && n > 0)
            for (auto& [k, lines] : hostile_secondary) {
              auto& extra = t.instances[static_cast<size_t>(k) % n].extra;
              extra.insert(extra.end(), lines.begin(), lines.end());
            }
          if (o.allow_duplicates && n > 0)
            for (int d : dups) t.instances.push_back(t.instances[static_cast<size_t>(d) % n]);
          seps.resize(t.instances.size(), " ");
          t.separators = std::move(seps);
          return t;
        },
        rc::gen::resize(most, rc::gen::container<std::vector<InstanceShape>>(gen_instance_shape())),
        rc::gen::container<std::vector<std::string>>(60, gen_separator()),
        rc::gen::weightedElement<std::string>({{8, "yes"}, {3, "no"}, {1, "YES"}}),
        rc::gen::element<std::string>("${command_directory}/postmulti -p --",
                                      "${daemon_directory}/postfix-wrapper", "/usr/sbin/postfix",
                                      "/usr/local/bin/manager --flag",
                                      "${command_directory}/postmulti -x --"),
        rc::gen::resize(2, rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 64))),
        rc::gen::resize(
            3, rc::gen::container<std::vector<std::vector<std::string>>>(gen_hostile_lines())),
        rc::gen::resize(3,
                        rc::gen::container<std::vector<std::pair<int, std::vector<std::string>>>>(
                            rc::gen::pair(rc::gen::inRange(0, 64), gen_hostile_lines()))));
  });
}

// Every postfix(1) command, plus unknown and differently cased ones.
inline const std::vector<std::string>& postfix_commands() {
  static const std::vector<std::string> all{"start",
                                            "start-fg",
                                            "stop",
                                            "quick-stop",
                                            "abort",
                                            "drain",
                                            "flush",
                                            "reload",
                                            "status",
                                            "check",
                                            "set-permissions",
                                            "upgrade-configuration",
                                            "post-install",
                                            "logrotate",
                                            "tls",
                                            "Start",
                                            "STOP",
                                            "frobnicate"};
  return all;
}

inline rc::Gen<std::vector<std::string>> gen_command() {
  return rc::gen::apply(
      [](std::string cmd, std::vector<std::string> args) {
        std::vector<std::string> out{cmd};
        out.insert(out.end(), args.begin(), args.end());
        return out;
      },
      rc::gen::elementOf(postfix_commands()),
      rc::gen::resize(3, rc::gen::container<std::vector<std::string>>(
                             rc::gen::element<std::string>("-v", "now", "--", "x y"))));
}

inline rc::Gen<ProfileName> gen_profile() {
  return rc::gen::element(ProfileName::kSeed, ProfileName::kPostfixWrapper, ProfileName::kPostmulti,
                          ProfileName::kPostmultiStrict);
}

// What postfix(1) exports to a wrapper (compiled-in defaults).
inline EnvMap exported_env() {
  EnvMap env;
  for (const auto& name : exported_parameter_names()) env[name] = *compiled_defaults().find(name);
  env["PATH"] = "/bin:/usr/bin:/sbin:/usr/sbin";
  env["MAIL_CONFIG"] = "/etc/postfix";
  return env;
}

inline Scenario wrapper_scenario(const Tree& t, ProfileName p, std::vector<std::string> command) {
  Scenario s;
  s.program = Program::kWrapper;
  s.profile = p;
  s.argv = {"/usr/lib/postfix/sbin/postfix-wrapper"};
  s.argv.insert(s.argv.end(), command.begin(), command.end());
  s.env = exported_env();
  s.files = t.files();
  return s;
}

inline Scenario postmulti_scenario(const Tree& t, ProfileName p, std::vector<std::string> args) {
  Scenario s;
  s.program = Program::kPostmulti;
  s.profile = p;
  s.argv = {"postmulti"};
  s.argv.insert(s.argv.end(), args.begin(), args.end());
  s.files = t.files();
  return s;
}

}  // namespace pfmulti::test
