// pfbench time [--reps R] [--warmup W] --out FILE SPEC: runs every command of SPEC once per
// repetition, alternating (repetition r starts with command r mod n, so no command always runs
// first or right after another), after W unrecorded warm-up rounds. Each run: fork, execve with
// exactly the environment the spec gives, stdin/stdout/stderr on /dev/null, wait4. Recorded per
// run: wall time (CLOCK_MONOTONIC around fork..wait4), CPU time (user + system of the process
// and every descendant it waited for, from wait4's rusage), peak memory (ru_maxrss: the largest
// resident set of any single process of the tree), exit status.
// SPEC: one command a line, tab-separated: GROUP, LABEL, then KEY=VALUE environment entries,
// "--", the argv; an argv entry "@FILE" stands for FILE's lines. '#' lines are comments.
// FILE gets one line per run (appended): group label rep wall_s cpu_s maxrss_kib status.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "bench/tools/pfbench.h"

namespace pfmulti::bench {
namespace {

struct Command {
  std::string group, label;
  std::vector<std::string> env, argv;
};

bool parse_spec(const std::string& path, std::vector<Command>& out) {
  std::string text;
  if (!read_file(path, text)) {
    fmt::print(stderr, "pfbench time: cannot read {}\n", path);
    return false;
  }
  for (const auto& line : split(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() < 4) {
      fmt::print(stderr, "pfbench time: bad spec line: {}\n", line);
      return false;
    }
    Command c{f[0], f[1], {}, {}};
    bool in_argv = false;
    for (size_t i = 2; i < f.size(); ++i) {
      if (!in_argv && f[i] == "--") {
        in_argv = true;
      } else if (!in_argv) {
        c.env.push_back(f[i]);
      } else if (f[i].size() > 1 && f[i][0] == '@') {
        std::string list;
        if (!read_file(f[i].substr(1), list)) {
          fmt::print(stderr, "pfbench time: cannot read {}\n", f[i].substr(1));
          return false;
        }
        for (auto& a : split(list, '\n'))
          if (!a.empty()) c.argv.push_back(a);
      } else {
        c.argv.push_back(f[i]);
      }
    }
    if (c.argv.empty()) {
      fmt::print(stderr, "pfbench time: no argv in: {}\n", line);
      return false;
    }
    out.push_back(std::move(c));
  }
  return true;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

struct Sample {
  double wall = 0, cpu = 0;
  long maxrss_kib = 0;
  int status = -1;
};

double seconds(const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

Sample run_once(Command& c) {
  std::vector<char*> argv = c_strings(c.argv);
  std::vector<char*> envp = c_strings(c.env);
  timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  Sample s;
  if (pid < 0) return s;
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0) {
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  s.wall = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  s.cpu = seconds(ru.ru_utime) + seconds(ru.ru_stime);
  s.maxrss_kib = ru.ru_maxrss;
  s.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return s;
}

}  // namespace

int time_main(const std::vector<std::string>& args) {
  int reps = 5, warmup = 1;
  std::string out_path, spec_path;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--reps" && i + 1 < args.size()) {
      reps = std::atoi(args[++i].c_str());
    } else if (args[i] == "--warmup" && i + 1 < args.size()) {
      warmup = std::atoi(args[++i].c_str());
    } else if (args[i] == "--out" && i + 1 < args.size()) {
      out_path = args[++i];
    } else {
      spec_path = args[i];
    }
  }
  std::vector<Command> commands;
  if (out_path.empty() || spec_path.empty() || !parse_spec(spec_path, commands)) {
    fmt::print(stderr, "usage: pfbench time [--reps R] [--warmup W] --out FILE SPEC\n");
    return 2;
  }
  FILE* out = std::fopen(out_path.c_str(), "a");
  if (!out) {
    fmt::print(stderr, "pfbench time: cannot open {}\n", out_path);
    return 1;
  }
  size_t n = commands.size();
  for (int r = -warmup; r < reps; ++r) {
    for (size_t k = 0; k < n; ++k) {
      Command& c = commands[(static_cast<size_t>(r + warmup) + k) % n];
      Sample s = run_once(c);
      if (r < 0) continue;
      fmt::print(out, "{}\t{}\t{}\t{:.6f}\t{:.6f}\t{}\t{}\n", c.group, c.label, r, s.wall, s.cpu,
                 s.maxrss_kib, s.status);
      std::fflush(out);
    }
    if (r >= 0) fmt::print(stderr, "  {} rep {}/{} done\n", commands[0].group, r + 1, reps);
  }
  std::fclose(out);
  return 0;
}

}  // namespace pfmulti::bench
