// Differential test of the shell wrapper profiles (spec/rules.md R50-R61, R9, R20) against the
// REAL scripts: the postfix-wrapper shipped in Debian's postfix 3.7 package (fetched by
// scripts/fetch-postfix, never installed) and the seed example of postfix-wrapper(5), both run
// by /bin/sh with the real postconf 3.7 and a stub postfix that records its arguments and exits
// with a chosen status. For every case the model's plan (make_plan) must predict exactly the
// postfix commands the script ran, in order, and the script's exit status.
// Cases: the hand-written ones below, then generated ones (std::mt19937, seed printed; set
// PFMULTI_DIFF_SEED to reproduce). Commands run with argv only (posix_spawn).
// Exit: 0 all agree, 1 a disagreement, 77 real Postfix unavailable (SKIPPED, said loudly).
// Usage: wrapper_differential SOURCE_DIR WORK_DIR [CASES]
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "model/plan/planner.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace pfmulti;

namespace {

const char* kSeedScript = R"SH(#!/bin/sh
: ${command_directory?"do not invoke this command directly"}
POSTCONF=$command_directory/postconf
POSTFIX=$command_directory/postfix
instance_dirs=`$POSTCONF -h multi_instance_directories |
                sed 's/,/ /'` || exit 1
err=0
for dir in $config_directory $instance_dirs
do
    case "$1" in
    stop|abort|flush|reload|drain)
        test "`$POSTCONF -c $dir -h multi_instance_enable`" \
            = yes || continue;;
    start)
        test "`$POSTCONF -c $dir -h multi_instance_enable`" \
            = yes || {
            $POSTFIX -c $dir check || err=$?
            continue
        };;
    esac
    $POSTFIX -c $dir "$@" || err=$?
done
exit $err
)SH";

// Records "$@" (fields separated by \037) and exits with the status in DIR/exit, if any.
const char* kStubPostfix = R"SH(#!/bin/sh
{ for a in "$@"; do printf '%s\037' "$a"; done; printf '\n'; } >> "$PFMULTI_LOG"
if [ "$1" = -c ] && [ -f "$2/exit" ]; then exit "$(cat "$2/exit")"; fi
exit 0
)SH";

struct RunResult {
  int status = -1;
  std::string out, err;
};

// posix_spawn with a working directory and a complete environment; stdout/stderr to files.
RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env,
              const std::string& cwd, const std::string& capture) {
  RunResult r;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, (capture + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&fa, 2, (capture + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  std::vector<char*> a, e;
  for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
  a.push_back(nullptr);
  for (const auto& s : env) e.push_back(const_cast<char*>(s.c_str()));
  e.push_back(nullptr);
  pid_t pid;
  if (posix_spawn(&pid, a[0], &fa, nullptr, a.data(), e.data()) == 0) {
    int st;
    while (waitpid(pid, &st, 0) < 0) {
    }
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  posix_spawn_file_actions_destroy(&fa);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  r.out = slurp(capture + ".out");
  r.err = slurp(capture + ".err");
  return r;
}

void write_file(const fs::path& p, const std::string& text, bool executable = false) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  if (executable)
    fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
}

// One case: a tree of main.cf files under BASE (paths in the case are relative to BASE and get
// BASE prepended), a profile, a command, per-instance exit statuses, environment changes.
struct Case {
  std::string name;
  ProfileName profile = ProfileName::kPostfixWrapperStrict;
  std::vector<std::string> command;
  // relative path of a main.cf -> content; "!" content = unreadable (a directory there).
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::pair<std::string, int>> exits;  // relative instance dir -> exit status
  std::vector<std::string> unset_env;
  std::string primary_list;  // multi_instance_directories; "@" stands for BASE
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  size_t i = 0;
  while ((i = s.find(from, i)) != std::string::npos) {
    s.replace(i, from.size(), to);
    i += to.size();
  }
  return s;
}

struct Setup {
  std::string root;    // unpacked postfix package
  std::string work;    // this run's directory
  std::string bin;     // command_directory: postconf (real) and postfix (stub)
  std::string script;  // the shipped postfix-wrapper
  std::string seed;    // the seed example
};

// Runs one case for real and through the model; returns "" when they agree.
std::string check_case(const Setup& su, const Case& c, int index) {
  std::string base = su.work + "/case" + std::to_string(index);
  fs::remove_all(base);
  fs::create_directories(base);
  Scenario s;
  s.program = Program::kWrapper;
  s.profile = c.profile;
  s.cwd = base;
  std::string primary_cf = "multi_instance_enable = yes\nmulti_instance_directories = " +
                           replace_all(c.primary_list, "@", base) + "\n";
  std::vector<std::pair<std::string, std::string>> files = c.files;
  files.insert(files.begin(), {"etc/postfix/main.cf", primary_cf});
  for (const auto& [rel, content] : files) {
    std::string path = base + "/" + rel;
    std::string text = replace_all(content, "@", base);
    if (text == "!") {
      fs::create_directories(path);  // reading a directory fails, even for root
      s.files[path] = Unreadable{"Is a directory"};
    } else {
      write_file(path, text);
      write_file(fs::path(path).parent_path() / "master.cf", "");
      s.files[path] = text;
    }
  }
  for (const auto& [rel, status] : c.exits)
    write_file(base + "/" + rel + "/exit", std::to_string(status) + "\n");
  std::string log = base + "/log";
  write_file(log, "");
  EnvMap env{{"command_directory", su.bin},
             {"daemon_directory", su.bin},
             {"config_directory", base + "/etc/postfix"},
             {"MAIL_CONFIG", base + "/etc/postfix"},
             {"PATH", "/bin:/usr/bin"},
             {"LD_LIBRARY_PATH", su.root + "/usr/lib/postfix"},
             {"PFMULTI_LOG", log}};
  for (const auto& u : c.unset_env) env.erase(u);
  s.env = env;
  std::string script = c.profile == ProfileName::kSeed ? su.seed : su.script;
  s.argv = {script};
  s.argv.insert(s.argv.end(), c.command.begin(), c.command.end());
  // The model knows the files, their directories and the exit-status files' directories.
  s.directories = std::vector<std::string>{};
  for (const auto& [rel, status] : c.exits) s.directories->push_back(base + "/" + rel);
  s.directories->push_back(base);

  std::vector<std::string> argv{"/bin/sh"};
  argv.insert(argv.end(), s.argv.begin(), s.argv.end());
  std::vector<std::string> envv;
  for (const auto& [k, v] : env) envv.push_back(k + "=" + v);
  RunResult r = run(argv, envv, base, base + "/capture");

  // What the script ran.
  std::vector<std::vector<std::string>> ran;
  std::ifstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> args;
    size_t i = 0, j;
    while ((j = line.find('\037', i)) != std::string::npos) {
      args.push_back(line.substr(i, j - i));
      i = j + 1;
    }
    ran.push_back(args);
  }

  // What the model predicts.
  Plan plan = make_plan(s);
  std::vector<std::vector<std::string>> predicted;
  int expected_status = 0;
  for (const auto& a : plan.actions) {
    if (const auto* run = std::get_if<RunAction>(&a)) {
      predicted.emplace_back(run->argv.begin() + 1, run->argv.end());
      std::string dir = run->config_directory;
      while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
      if (!dir.empty() && dir.front() != '/') dir = base + "/" + dir;
      for (const auto& [rel, status] : c.exits)
        if (dir == base + "/" + rel && status != 0) expected_status = status;
      if (run->argv[0] != su.bin + "/postfix") return "run argv[0] is " + run->argv[0];
    } else if (const auto* f = std::get_if<FailAction>(&a)) {
      expected_status = f->exit_status;
    }
  }
  std::ostringstream diff;
  if (ran != predicted) {
    diff << "commands differ\n  script ran:\n";
    for (const auto& v : ran) {
      diff << "   ";
      for (const auto& x : v) diff << " [" << x << "]";
      diff << "\n";
    }
    diff << "  model predicts:\n" << plan;
  }
  if (r.status != expected_status)
    diff << "exit status: script " << r.status << ", model " << expected_status << "\n";
  if (!diff.str().empty()) diff << "  script stderr:\n" << r.err;
  return diff.str();
}

std::vector<Case> hand_cases() {
  auto inst = [](const std::string& enable, const std::string& extra = "") {
    return "multi_instance_enable = " + enable + "\n" + extra;
  };
  std::vector<Case> cases;
  for (ProfileName p : {ProfileName::kPostfixWrapperStrict, ProfileName::kSeed}) {
    for (const char* cmd :
         {"start", "stop", "quick-stop", "abort", "drain", "flush", "reload", "status", "Stop"}) {
      cases.push_back({std::string("mixed-") + cmd,
                       p,
                       {cmd},
                       {{"etc/postfix-a/main.cf", inst("yes")},
                        {"etc/postfix-b/main.cf", inst("no")},
                        {"etc/postfix-c/main.cf", inst("YES")},
                        {"etc/postfix-d/main.cf", inst("$on", "on = yes\n")}},
                       {},
                       {},
                       "@/etc/postfix-a @/etc/postfix-b,@/etc/postfix-c @/etc/postfix-d"});
    }
  }
  cases.push_back({"first-comma-only",
                   ProfileName::kPostfixWrapperStrict,
                   {"status"},
                   {{"etc/postfix-a/main.cf", inst("yes")}},
                   {},
                   {},
                   "@/etc/postfix-a,@/etc/postfix-b,@/etc/postfix-c"});
  cases.push_back({"glob",
                   ProfileName::kPostfixWrapperStrict,
                   {"start", "-v"},
                   {{"etc/postfix-a/main.cf", inst("yes")}, {"etc/postfix-b/main.cf", inst("no")}},
                   {},
                   {},
                   "@/etc/postfix-* @/nomatch-*"});
  cases.push_back({"unreadable-and-absent",
                   ProfileName::kPostfixWrapperStrict,
                   {"start"},
                   {{"etc/postfix-a/main.cf", "!"}},
                   {},
                   {},
                   "@/etc/postfix-a @/etc/postfix-z"});
  cases.push_back({"exit-last-failure",
                   ProfileName::kSeed,
                   {"status"},
                   {{"etc/postfix-a/main.cf", inst("yes")}, {"etc/postfix-b/main.cf", inst("yes")}},
                   {{"etc/postfix-a", 3}, {"etc/postfix-b", 2}},
                   {},
                   "@/etc/postfix-a @/etc/postfix-b"});
  cases.push_back({"exit-last-failure-reversed",
                   ProfileName::kPostfixWrapperStrict,
                   {"stop"},
                   {{"etc/postfix-a/main.cf", inst("yes")}, {"etc/postfix-b/main.cf", inst("yes")}},
                   {{"etc/postfix-a", 3}, {"etc/postfix-b", 2}},
                   {},
                   "@/etc/postfix-a @/etc/postfix-b"});
  cases.push_back({"no-daemon-directory",
                   ProfileName::kPostfixWrapperStrict,
                   {"status"},
                   {},
                   {},
                   {"daemon_directory"},
                   "@/etc/postfix-a"});
  cases.push_back({"no-daemon-directory-seed",
                   ProfileName::kSeed,
                   {"status"},
                   {},
                   {},
                   {"daemon_directory"},
                   "@/etc/postfix-a"});
  cases.push_back({"no-config-directory",
                   ProfileName::kPostfixWrapperStrict,
                   {"status"},
                   {{"etc/postfix-a/main.cf", inst("yes")}},
                   {},
                   {"config_directory"},
                   "@/etc/postfix-a"});
  cases.push_back({"no-command",
                   ProfileName::kPostfixWrapperStrict,
                   {},
                   {{"etc/postfix-a/main.cf", inst("no")}},
                   {},
                   {},
                   "@/etc/postfix-a"});
  cases.push_back({"relative",
                   ProfileName::kPostfixWrapperStrict,
                   {"start"},
                   {{"rel/main.cf", inst("yes")}},
                   {},
                   {},
                   "rel @/etc/postfix-a"});
  cases.push_back({"raw-list-reference",
                   ProfileName::kPostfixWrapperStrict,
                   {"status"},
                   {},
                   {},
                   {},
                   "$other\nother = @/etc/postfix-a"});
  cases.push_back({"continuation-and-tabs",
                   ProfileName::kSeed,
                   {"reload"},
                   {{"etc/postfix-a/main.cf", "multi_instance_enable =\n  yes\n"},
                    {"etc/postfix-b/main.cf", inst("yes  yes")}},
                   {},
                   {},
                   "@/etc/postfix-a\n\t,@/etc/postfix-b"});
  return cases;
}

Case random_case(std::mt19937& rng, int k) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  Case c;
  c.name = "random-" + std::to_string(k);
  c.profile = pick(2) ? ProfileName::kPostfixWrapperStrict : ProfileName::kSeed;
  const char* cmds[] = {"start", "stop",   "quick-stop", "abort", "drain",
                        "flush", "reload", "status",     "check", "Start"};
  c.command = {cmds[pick(10)]};
  if (pick(4) == 0) c.command.push_back("-v");
  const char* enables[] = {"yes", "no", "YES", "$x", "yes # c", "maybe", "Yes"};
  const char* seps[] = {" ", ",", ", ", "\t", "\n  ", " ,"};
  int n = pick(6);
  bool damaged = false;
  for (int i = 0; i < n; ++i) {
    std::string dir = "etc/postfix-" + std::string(1, static_cast<char>('a' + i));
    if (i) c.primary_list += seps[pick(6)];
    c.primary_list += pick(8) == 0 ? dir : "@/" + dir;  // sometimes relative
    if (pick(6) == 0) c.primary_list += "/";            // trailing slash
    int kind = pick(12);
    if (kind == 0 && !damaged) {
      c.files.push_back({dir + "/main.cf", "!"});
      damaged = true;
    } else if (kind == 1 && !damaged) {
      damaged = true;  // absent
    } else {
      c.files.push_back({dir + "/main.cf", std::string("x = yes\nmulti_instance_enable = ") +
                                               enables[pick(7)] + "\n"});
    }
    if (pick(4) == 0) c.exits.push_back({dir, 1 + pick(3)});
  }
  if (n > 0 && pick(5) == 0) c.primary_list += " @/etc/postfix-a";  // a duplicate
  if (pick(10) == 0) c.primary_list += " @/etc/postfix-*";
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: wrapper_differential SOURCE_DIR WORK_DIR [CASES]\n");
    return 2;
  }
  std::string source = argv[1];
  std::string work = fs::absolute(argv[2]).string();
  int random_cases = argc > 3 ? std::atoi(argv[3]) : 40;
  fs::create_directories(work);

  // The real package.
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  RunResult fetched = run({source + "/scripts/fetch-postfix"}, env, source, work + "/fetch");
  std::string root = fetched.out.substr(0, fetched.out.find('\n'));
  if (fetched.status != 0 || !fs::exists(root + "/usr/sbin/postconf") ||
      !fs::exists(root + "/usr/lib/postfix/sbin/postfix-wrapper")) {
    std::printf(
        "SKIPPED: Debian's postfix package is not available (scripts/fetch-postfix "
        "exited %d): the shell wrappers cannot be compared with the real scripts\n",
        fetched.status);
    return 77;
  }
  Setup su;
  su.root = root;
  su.work = work;
  su.bin = work + "/bin";
  fs::create_directories(su.bin);
  fs::remove(su.bin + "/postconf");
  fs::create_symlink(root + "/usr/sbin/postconf", su.bin + "/postconf");
  write_file(su.bin + "/postfix", kStubPostfix, true);
  su.script = root + "/usr/lib/postfix/sbin/postfix-wrapper";
  su.seed = work + "/seed-wrapper";
  write_file(su.seed, kSeedScript, true);

  std::vector<Case> cases = hand_cases();
  unsigned seed =
      std::getenv("PFMULTI_DIFF_SEED")
          ? static_cast<unsigned>(std::strtoul(std::getenv("PFMULTI_DIFF_SEED"), nullptr, 10))
          : std::random_device{}();
  std::printf("wrapper_differential: seed %u (PFMULTI_DIFF_SEED=%u reproduces)\n", seed, seed);
  std::mt19937 rng(seed);
  for (int k = 0; k < random_cases; ++k) cases.push_back(random_case(rng, k));

  // Real postconf sleeps 1 s on a fatal error: run cases side by side.
  std::vector<std::string> results(cases.size());
  unsigned threads = 6;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (size_t i = t; i < cases.size(); i += threads)
        results[i] = check_case(su, cases[i], static_cast<int>(i));
    });
  for (auto& th : pool) th.join();
  int failures = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    if (results[i].empty()) continue;
    ++failures;
    std::printf("DISAGREE %s (%s, %s):\n%s\n", cases[i].name.c_str(),
                std::string(profile_id(cases[i].profile)).c_str(),
                cases[i].command.empty() ? "" : cases[i].command[0].c_str(), results[i].c_str());
  }
  std::printf("wrapper_differential: %zu cases, %d disagreements\n", cases.size(), failures);
  return failures ? 1 : 0;
}
