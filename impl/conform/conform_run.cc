// Building, running and judging one conformance case (see conform_run.h).
#include "impl/conform/conform_run.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "impl/runtime/read_file.h"
#include "model/postfix/postfix_dispatch.h"
#include "model/text/strings.h"

namespace pfmulti {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPostmultiPrimary = "/etc/postfix";

std::map<std::string, Ending> outcome_table(const CaseSpec& spec, const CasePaths& paths) {
  std::map<std::string, Ending> out;
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    const CallOutcome& o = spec.instances[i].outcome;
    out.emplace(squeeze_slashes(instance_directory(spec, i, paths)),
                Ending{o.signal, o.value, false});
  }
  return out;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  return static_cast<bool>(f);
}

std::string enable_text(const std::vector<std::string>& lines) {
  std::string value;
  bool found = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("multi_instance_enable", 0) != 0) continue;
    size_t eq = lines[i].find('=');
    if (eq == std::string::npos) continue;
    found = true;
    value = lines[i].substr(eq + 1);
    for (size_t j = i + 1; j < lines.size() && !lines[j].empty() && lines[j][0] == ' '; ++j)
      value += "\\n" + lines[j];
  }
  if (!found) return "(no line)";
  size_t b = value.find_first_not_of(' ');
  return b == std::string::npos ? "(empty)" : value.substr(b);
}

std::string line_value(const std::vector<std::string>& lines, std::string_view name) {
  std::string out;
  for (const auto& l : lines)
    if (l.rfind(std::string(name) + " = ", 0) == 0) out = l.substr(name.size() + 3);
  return out;
}

// Blocks until pid ends or the deadline passes (then kills its process group).
Ending wait_for(pid_t pid, double timeout_seconds) {
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000));
  long nap_us = 500;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      ::kill(-pid, SIGKILL);  // leftovers of the implementation's process group
      if (WIFSIGNALED(status)) return Ending{true, WTERMSIG(status), false};
      return Ending{false, WEXITSTATUS(status), false};
    }
    if (r < 0 && errno != EINTR) return Ending{false, 127, false};
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return Ending{true, SIGKILL, true};
    }
    struct timespec ts {
      0, nap_us * 1000
    };
    ::nanosleep(&ts, nullptr);
    nap_us = std::min(nap_us * 2, 20000L);
  }
}

}  // namespace

// The enable line's raw value by how the managers read it: exactly "yes" (R55), "no" or no line
// (the default is no), yes in another case (R78 accepts it, R55 does not), an expression that
// expands to yes (R77 expands, R55 does not), a continued line, or not a boolean at all.
std::string enable_class(const std::vector<std::string>& lines) {
  std::string raw = enable_text(lines);
  if (raw == "yes") return "enable=yes";
  if (raw == "no" || raw == "(no line)") return "enable=no";
  if (raw == "YES" || raw == "Yes") return "enable=yes in another case";
  if (raw.find('$') != std::string::npos) return "enable=an expression that gives yes";
  if (raw.find("\\n") != std::string::npos) return "enable=yes on a continued line";
  return "enable=not a boolean";
}

std::string describe_instance(const CaseSpec& spec, const CasePaths& paths,
                              const std::string& instance) {
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    if (squeeze_slashes(instance_directory(spec, i, paths)) != instance) continue;
    const InstanceSpec& in = spec.instances[i];
    std::vector<std::string> f;
    if (i > 0) {
      // How the list names it: a glob or a parameter reference is the cause of its own.
      std::string literal = "@ROOT@/" + in.dir;
      bool literally = false, glob = false;
      for (const auto& e : spec.list) {
        literally |= e == literal || e == literal + "/";
        glob |= e.find('*') != std::string::npos;
      }
      if (!literally)
        f.push_back(glob ? "listed only through a glob pattern"
                         : "listed only through a parameter reference");
    }
    switch (i == 0 ? MainCfState::kFile : in.state) {
      case MainCfState::kAbsent:
        f.push_back("main.cf absent");
        break;
      case MainCfState::kNoDir:
        f.push_back("directory absent");
        break;
      case MainCfState::kDirectory:
        f.push_back("main.cf unreadable");
        break;
      case MainCfState::kFile: {
        size_t before = f.size();
        for (const auto& l : in.lines) {
          if (!l.empty() && l[0] != ' ' && l.find('=') == std::string::npos)
            f.push_back("syntax error");
          if (l.find("${oops") != std::string::npos) f.push_back("bad expansion");
          if (l.find("{$p}") != std::string::npos) f.push_back("postconf crash lines");
          if (l.find("$loop1") != std::string::npos) f.push_back("reference cycle");
        }
        if (f.size() == before) f.push_back(enable_class(in.lines));  // not damaged
        break;
      }
    }
    if (in.state == MainCfState::kFile || i == 0) {
      std::string q = line_value(in.lines, "queue_directory");
      std::string n = line_value(in.lines, "multi_instance_name");
      for (size_t j = 0; j < spec.instances.size(); ++j) {
        if (j == i || spec.instances[j].state != MainCfState::kFile) continue;
        if (!q.empty() && line_value(spec.instances[j].lines, "queue_directory") == q)
          f.push_back("queue_directory claimed twice");
        if (!n.empty() && line_value(spec.instances[j].lines, "multi_instance_name") == n)
          f.push_back("name claimed twice");
      }
    }
    std::vector<std::string> unique;
    for (auto& x : f)
      if (std::find(unique.begin(), unique.end(), x) == unique.end()) unique.push_back(x);
    return fmt::format("{}[{}]", i == 0 ? "primary" : "secondary", fmt::join(unique, ", "));
  }
  return "unlisted directory";
}

CaseRun plan_case(const ConformConfig& config, const CaseSpec& spec, const CasePaths& paths) {
  CaseRun run;
  run.paths = paths;
  const std::string& root = paths.root;

  FileMap files;
  std::vector<std::string> dirs = {root,
                                   root + "/bin",
                                   root + "/daemon",
                                   root + "/shlib",
                                   root + "/spool",
                                   root + "/spool/primary",
                                   root + "/data",
                                   root + "/data/primary",
                                   paths.primary};
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    const InstanceSpec& in = spec.instances[i];
    std::string dir = instance_directory(spec, i, paths);
    if (in.state == MainCfState::kNoDir && i > 0) continue;
    if (i > 0) dirs.push_back(dir);
    if (in.state == MainCfState::kFile || i == 0) {
      files[dir + "/main.cf"] = main_cf_text(spec, i, paths);
    } else if (in.state == MainCfState::kDirectory) {
      files[dir + "/main.cf"] = Unreadable{"Is a directory"};
      dirs.push_back(dir + "/main.cf");
    }
  }

  Defaults defaults = compiled_defaults();
  defaults.values["config_directory"] = paths.primary;

  // What postfix(1) hands the manager (R40-R49).
  Scenario postfix;
  postfix.program = Program::kPostfix;
  postfix.argv = {"postfix"};
  postfix.argv.insert(postfix.argv.end(), spec.command.begin(), spec.command.end());
  postfix.env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
                 {"TZ", "UTC"},
                 {"LANG", "C.UTF-8"},
                 {"HOME", "/root"}};
  postfix.files = files;
  postfix.defaults = defaults;
  postfix.directories = dirs;
  postfix.cwd = "/";
  Plan handoff = plan_postfix(postfix, nullptr);
  const ExecAction* exec =
      handoff.actions.size() == 1 ? std::get_if<ExecAction>(&handoff.actions[0]) : nullptr;
  if (!exec || exec->argv.empty() || exec->argv[0].size() < 16 ||
      exec->argv[0].compare(exec->argv[0].size() - 16, 16, "/postfix-wrapper") != 0) {
    run.reachable = false;
    std::ostringstream os;
    os << handoff;
    run.note = "postfix(1) would not run the manager: " + os.str();
    return run;
  }

  Scenario& s = run.scenario;
  s.program = Program::kWrapper;
  s.profile = config.profile;
  s.release = config.release;
  s.argv = {config.implementation.empty() ? std::string("manager") : config.implementation[0]};
  s.argv.insert(s.argv.end(), spec.command.begin(), spec.command.end());
  s.env = exec->env;
  s.files = files;
  s.defaults = defaults;
  s.directories = dirs;
  s.cwd = root + "/spool/primary";
  run.plan = make_plan(s, &run.why);

  auto table = outcome_table(spec, paths);
  run.expected = expected_trace(run.plan, s.env, [&](const std::string& instance) {
    auto it = table.find(instance);
    return it == table.end() ? Ending{} : it->second;
  });
  return run;
}

CaseRun run_case(const ConformConfig& config, const CaseSpec& spec, const std::string& root) {
  CasePaths paths{root, config.postmulti_mode ? std::string(kPostmultiPrimary) : root + "/primary"};
  CaseRun run = plan_case(config, spec, paths);
  if (!run.reachable) return run;
  auto fail = [&](std::string why) {
    run.error = true;
    run.note = std::move(why);
    return run;
  };

  // The files, as real directories.
  std::error_code ec;
  for (const char* d : {"bin", "daemon", "shlib", "spool/primary", "data/primary", "primary"})
    fs::create_directories(root + "/" + d, ec);
  if (ec) return fail(fmt::format("cannot create {}: {}", root, ec.message()));
  for (size_t i = 0; i < spec.instances.size(); ++i) {
    const InstanceSpec& in = spec.instances[i];
    std::string dir = i == 0 ? root + "/primary" : root + "/" + in.dir;
    if (in.state == MainCfState::kNoDir && i > 0) continue;
    fs::create_directories(dir, ec);
    if (in.state == MainCfState::kFile || i == 0) {
      if (!write_file(dir + "/main.cf", main_cf_text(spec, i, paths)) ||
          !write_file(dir + "/master.cf", ""))
        return fail("cannot write " + dir + "/main.cf");
    } else if (in.state == MainCfState::kDirectory) {
      fs::create_directories(dir + "/main.cf", ec);
    }
  }
  for (const char* name : {"postfix", "postconf"}) {
    std::string target = root + "/bin/" + name;
    if (::link(config.stub.c_str(), target.c_str()) != 0) {
      fs::copy_file(config.stub, target, fs::copy_options::overwrite_existing, ec);
      if (ec) return fail(fmt::format("cannot install the stub as {}: {}", target, ec.message()));
      ::chmod(target.c_str(), 0755);
    }
  }
  std::string pc = config.postconf_library_path + "\n" + config.postconf_cache + "\n";
  for (const auto& w : config.postconf) pc += w + "\n";
  std::string outcomes;
  for (const auto& [dir, e] : outcome_table(spec, paths))
    if (e.signal || e.value != 0)
      outcomes += fmt::format("{}\t{} {}\n", dir, e.signal ? "signal" : "exit", e.value);
  if (!write_file(root + "/bin/postconf.exec", pc) || !write_file(root + "/outcomes", outcomes))
    return fail("cannot write " + root + "/bin/postconf.exec");

  // The process, as postfix(1) would start it: IMPLEMENTATION ARGS... COMMAND ARGS..., the
  // cleaned and exported environment, the primary's queue directory as current directory.
  std::vector<std::string> argv = config.implementation;
  argv.insert(argv.end(), spec.command.begin(), spec.command.end());
  std::vector<std::string> envs;
  for (const auto& [k, v] : run.scenario.env) envs.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : envs) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  std::string output_path = root + "/output";
  std::string cwd = run.scenario.cwd;
  std::string primary_src = root + "/primary";
  bool ns = config.postmulti_mode;

  pid_t pid = ::fork();
  if (pid < 0) return fail(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0) {
    // Child: async-signal-safe calls only.
    ::setpgid(0, 0);
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (in >= 0) ::dup2(in, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    if (ns) {
      if (::unshare(CLONE_NEWNS) != 0 ||
          ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
          ::mount(primary_src.c_str(), kPostmultiPrimary, nullptr, MS_BIND, nullptr) != 0) {
        static const char msg[] = "pfmulti conform: cannot bind the primary over /etc/postfix\n";
        (void)!::write(2, msg, sizeof msg - 1);
        ::_exit(126);
      }
    }
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execve(cargv[0], cargv.data(), cenv.data());
    static const char msg[] = "pfmulti conform: cannot execute the implementation\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  run.actual.ending = wait_for(pid, config.timeout_seconds);

  std::string trace = read_file(root + "/trace").bytes;
  auto calls = parse_recorded_calls(trace);
  if (!calls) return fail(calls.error());
  run.actual.calls = *calls;
  run.output = read_file(output_path).bytes;
  if (run.output.size() > 4000) run.output = "..." + run.output.substr(run.output.size() - 4000);
  run.difference = compare_traces(run.expected, run.actual, [&](const std::string& instance) {
    return describe_instance(spec, paths, instance);
  });
  if (!config.keep) fs::remove_all(root, ec);
  return run;
}

std::vector<std::string> rules_at_difference(const CaseRun& run) {
  std::vector<std::string> out;
  if (!run.difference) return out;
  size_t k = run.difference->call_index;
  size_t calls = 0;
  auto add = [&](size_t i) {
    if (i < run.why.action_rules.size())
      for (const auto& r : run.why.action_rules[i])
        if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  };
  size_t i = 0;
  for (; i < run.plan.actions.size(); ++i) {
    bool is_run = std::holds_alternative<RunAction>(run.plan.actions[i]);
    if (calls == k) add(i);  // skips and failures before call k, and call k itself
    if (is_run && calls++ == k) break;
  }
  if (k >= calls || i == run.plan.actions.size())
    for (const auto& r : run.why.plan_rules)
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  return out;
}

}  // namespace pfmulti
