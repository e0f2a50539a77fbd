// `pfmulti conform`: checks a multi-instance manager against the model (docs/conformance.md).
//   pfmulti conform --profile P [--postfix-release R] [--cases N] [--seed S] [--jobs J]
//   [--postmulti]
//                   [--postfix-root DIR | --postconf PROGRAM] [--vectors DIR] [--save DIR]
//                   [--markdown FILE] [--timeout SECONDS] [--max-differences K]
//                   [--shrink-budget N] [--stub PATH] [--keep] -- IMPLEMENTATION [ARGS...]
// Generates cases (impl/conform/core/conform_case.h) or reads saved vectors, runs each one as
// postfix(1) would run the manager (impl/conform/conform_run.h) in parallel, groups the differences
// by kind, shrinks the first case of each kind to a minimal one, prints it as a vector (case,
// scenario for `pfmulti oracle`, expected and actual trace, the spec/rules.md rules behind the
// expectation). Exit status: 0 when every case conforms, 1 when one differs or could not be run, 2
// on usage.
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "impl/cli/cli.h"
#include "impl/conform/conform_command.h"
#include "impl/conform/conform_report.h"
#include "impl/conform/conform_run.h"
#include "impl/runtime/read_file.h"

namespace pfmulti {

namespace {

namespace fs = std::filesystem;

struct Options {
  std::optional<ProfileName> profile;
  PostfixRelease release = kDefaultRelease;
  int cases = 300;
  uint64_t seed = 1;
  int jobs = 24;
  bool postmulti = false;
  std::string postfix_root, postconf, stub, vectors, save, markdown;
  double timeout = 60;
  int max_differences = 16;
  int shrink_budget = 400;
  bool keep = false;
  std::vector<std::string> implementation;
};

std::string usage() {
  return "usage: pfmulti conform --profile P [--postfix-release R] [--cases N] [--seed S]\n"
         "         [--jobs J] [--postmulti]\n"
         "         [--postfix-root DIR | --postconf PROGRAM] [--vectors DIR] [--save DIR]\n"
         "         [--markdown FILE] [--timeout SECONDS] [--max-differences K]\n"
         "         [--shrink-budget N] [--stub PATH] [--keep] -- IMPLEMENTATION [ARGS...]\n";
}

std::string self_exe() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

std::optional<std::string> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return fs::absolute(name).lexically_normal().string();
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  size_t begin = 0;
  while (begin <= p.size()) {
    size_t end = p.find(':', begin);
    if (end == std::string::npos) end = p.size();
    std::string dir = p.substr(begin, end - begin);
    std::string cand = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(cand.c_str(), X_OK) == 0) return fs::absolute(cand).string();
    begin = end + 1;
  }
  return std::nullopt;
}

Result<Options> parse(const std::vector<std::string>& args) {
  using R = Result<Options>;
  Options o;
  size_t i = 0;
  auto value = [&](const std::string& name) -> std::optional<std::string> {
    if (i + 1 >= args.size()) return std::nullopt;
    (void)name;
    return args[++i];
  };
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      o.implementation.assign(args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    if (a == "--postmulti") {
      o.postmulti = true;
      continue;
    }
    if (a == "--keep") {
      o.keep = true;
      continue;
    }
    auto v = value(a);
    if (!v) return R::fail(fmt::format("option {} needs a value (or is unknown)", a));
    try {
      if (a == "--profile") {
        o.profile = profile_from_id(*v);
        if (!o.profile) return R::fail(fmt::format("unknown profile \"{}\"", *v));
      } else if (a == "--postfix-release") {
        auto r = release_from_id(*v);
        if (!r) return R::fail(fmt::format("unknown Postfix release \"{}\"", *v));
        o.release = *r;
      } else if (a == "--cases") {
        o.cases = std::stoi(*v);
      } else if (a == "--seed") {
        o.seed = std::stoull(*v);
      } else if (a == "--jobs") {
        o.jobs = std::max(1, std::stoi(*v));
      } else if (a == "--postfix-root") {
        o.postfix_root = *v;
      } else if (a == "--postconf") {
        o.postconf = *v;
      } else if (a == "--stub") {
        o.stub = *v;
      } else if (a == "--vectors") {
        o.vectors = *v;
      } else if (a == "--save") {
        o.save = *v;
      } else if (a == "--markdown") {
        o.markdown = *v;
      } else if (a == "--timeout") {
        o.timeout = std::stod(*v);
      } else if (a == "--max-differences") {
        o.max_differences = std::stoi(*v);
      } else if (a == "--shrink-budget") {
        o.shrink_budget = std::stoi(*v);
      } else {
        return R::fail(fmt::format("unknown option {}", a));
      }
    } catch (const std::exception&) {
      return R::fail(fmt::format("bad value for {}: \"{}\"", a, *v));
    }
  }
  if (!o.profile) return R::fail("--profile is required");
  if (o.implementation.empty()) return R::fail("no implementation after --");
  if (o.cases < 1) return R::fail("--cases must be at least 1");
  return R::ok(std::move(o));
}

// Runs fn(k) for k in [0, n) on `jobs` threads.
template <class Fn>
void parallel_for(size_t n, int jobs, Fn fn) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < jobs && static_cast<size_t>(t) < n; ++t)
    threads.emplace_back([&] {
      for (size_t k; (k = next.fetch_add(1)) < n;) fn(k);
    });
  for (auto& th : threads) th.join();
}

class Runner {
 public:
  Runner(ConformConfig config, std::string work)
      : config_(std::move(config)), work_(std::move(work)) {}

  CaseRun run(const CaseSpec& spec) {
    std::string root = fmt::format("{}/{}", work_, counter_.fetch_add(1));
    return run_case(config_, spec, root);
  }

  bool reachable(const CaseSpec& spec) {
    return plan_case(config_, spec, {work_ + "/probe", work_ + "/probe/primary"}).reachable;
  }

  // Greedy shrinking: the first candidate (in order) that shows a difference of the same kind
  // replaces the case; candidates are tried `jobs` at a time. Returns the minimal run.
  Finding shrink(const CaseSpec& spec, const CaseRun& first, int budget, int jobs) {
    Finding f{spec, first, 0, 0};
    const std::string signature = first.difference->signature;
    bool progress = true;
    while (progress && f.evaluations < budget) {
      progress = false;
      std::vector<CaseSpec> cands;
      for (auto& c : shrink_candidates(f.spec))
        if (case_size(c) < case_size(f.spec) && reachable(c)) cands.push_back(std::move(c));
      for (size_t b = 0; b < cands.size() && !progress && f.evaluations < budget;
           b += static_cast<size_t>(jobs)) {
        size_t e = std::min(cands.size(), b + static_cast<size_t>(jobs));
        std::vector<CaseRun> runs(e - b);
        parallel_for(e - b, jobs, [&](size_t k) { runs[k] = run(cands[b + k]); });
        f.evaluations += static_cast<int>(e - b);
        for (size_t k = 0; k < runs.size(); ++k) {
          if (runs[k].difference && runs[k].difference->signature == signature) {
            f.spec = cands[b + k];
            f.run = std::move(runs[k]);
            ++f.steps;
            progress = true;
            break;
          }
        }
      }
    }
    return f;
  }

  const ConformConfig& config() const { return config_; }

 private:
  ConformConfig config_;
  std::string work_;
  std::atomic<int> counter_{0};
};

Result<std::vector<CaseSpec>> read_vectors(const std::string& dir) {
  using R = Result<std::vector<CaseSpec>>;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") names.push_back(e.path().string());
  if (ec) return R::fail(fmt::format("{}: {}", dir, ec.message()));
  std::sort(names.begin(), names.end());
  std::vector<CaseSpec> out;
  for (const auto& n : names) {
    auto j = parse_json(read_file(n).bytes);
    if (!j) return R::fail(fmt::format("{}: {}", n, j.error()));
    const Json* c = j->find("case");
    auto spec = case_from_json(c ? *c : *j);
    if (!spec) return R::fail(fmt::format("{}: {}", n, spec.error()));
    out.push_back(*spec);
  }
  if (out.empty()) return R::fail(fmt::format("{}: no *.json vectors", dir));
  return R::ok(std::move(out));
}

}  // namespace

int run_conform_command(CliContext& ctx) {
  auto parsed = parse(ctx.args);
  if (!parsed) {
    fmt::print(ctx.err, "{}: {}\n{}", ctx.program, parsed.error(), usage());
    return 2;
  }
  Options o = std::move(parsed).value();
  auto started = std::chrono::steady_clock::now();

  ConformConfig config;
  config.profile = *o.profile;
  config.release = o.release;
  config.postmulti_mode = o.postmulti;
  config.timeout_seconds = o.timeout;
  config.keep = o.keep;
  config.implementation = o.implementation;
  auto program = find_program(o.implementation[0]);
  if (!program) return fatal(ctx, fmt::format("{}: not found", o.implementation[0]));
  config.implementation[0] = *program;
  std::string self = self_exe();
  std::string stub = o.stub.empty()
                         ? fs::path(self).parent_path().string() + "/pfmulti-recording-postfix"
                         : o.stub;
  if (::access(stub.c_str(), X_OK) != 0)
    return fatal(ctx, fmt::format("recording stub {} not found (build target "
                                  "pfmulti-recording-postfix, or give --stub)",
                                  stub));
  if (!o.postfix_root.empty()) o.postfix_root = fs::absolute(o.postfix_root).string();
  if (!o.postconf.empty()) o.postconf = fs::absolute(o.postconf).string();
  if (!o.postfix_root.empty()) {
    config.postconf = {o.postfix_root + "/usr/sbin/postconf"};
    config.postconf_library_path = o.postfix_root + "/usr/lib/postfix";
  } else if (!o.postconf.empty()) {
    config.postconf = {o.postconf};
  } else {
    config.postconf = {self, "conf"};
  }
  if (::access(config.postconf[0].c_str(), X_OK) != 0)
    return fatal(ctx, fmt::format("postconf {} is not executable", config.postconf[0]));
  if (o.postmulti) {
    if (::geteuid() != 0)
      return fatal(ctx,
                   "--postmulti needs root: each case's primary is bind-mounted over "
                   "/etc/postfix in a private mount namespace");
    if (!fs::is_directory("/etc/postfix"))
      return fatal(ctx,
                   "--postmulti needs an /etc/postfix directory to mount over (create it "
                   "in a private mount namespace: see tests/conform/run.sh)");
  }

  char tmpl[] = "/tmp/pfmulti-conform.XXXXXX";
  if (!::mkdtemp(tmpl)) return fatal(ctx, "mkdtemp failed");
  std::string work = tmpl;
  ::chmod(work.c_str(), 0755);
  config.stub = work + "/recording-postfix";
  config.postconf_cache = work + "/postconf-cache";
  fs::create_directories(config.postconf_cache);
  std::error_code ec;
  fs::copy_file(stub, config.stub, ec);
  if (ec) return fatal(ctx, fmt::format("cannot copy {}: {}", stub, ec.message()));
  Runner runner(config, work);

  // The cases.
  std::vector<CaseSpec> specs;
  std::string source;
  if (!o.vectors.empty()) {
    auto v = read_vectors(o.vectors);
    if (!v) return fatal(ctx, v.error());
    specs = *v;
    source = fmt::format("{} vectors from {}", specs.size(), o.vectors);
  } else {
    CaseGenerator gen(o.seed);
    int drawn = 0;
    while (static_cast<int>(specs.size()) < o.cases && drawn < o.cases * 20) {
      CaseSpec s = gen.next(static_cast<int>(specs.size() * 100 / static_cast<size_t>(o.cases)));
      ++drawn;
      if (runner.reachable(s)) specs.push_back(std::move(s));
    }
    source = fmt::format("{} generated cases (seed {})", specs.size(), o.seed);
  }

  std::vector<CaseRun> runs(specs.size());
  parallel_for(specs.size(), o.jobs, [&](size_t k) { runs[k] = runner.run(specs[k]); });

  Summary sum;
  sum.run_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  sum.implementation = o.implementation;
  sum.profile = std::string(profile_id(*o.profile));
  sum.postmulti_mode = o.postmulti;
  sum.source = source;
  sum.cases = specs.size();
  std::vector<std::string> order;
  std::map<std::string, std::vector<size_t>> by_kind;
  for (size_t k = 0; k < runs.size(); ++k) {
    if (runs[k].error || !runs[k].reachable) {
      ++sum.errors;
      sum.error_notes.push_back(fmt::format("case {}: {}", k, runs[k].note));
      continue;
    }
    if (!runs[k].difference) {
      ++sum.conforming;
      continue;
    }
    ++sum.differing;
    auto& v = by_kind[runs[k].difference->signature];
    if (v.empty()) order.push_back(runs[k].difference->signature);
    v.push_back(k);
  }
  // One shrinking per kind (the first case of each), the kinds side by side: the runs mostly
  // wait (real postconf sleeps before a fatal exit), so 2 x --jobs processes share the machine.
  for (const auto& sig : order) sum.kinds.emplace_back(sig, by_kind[sig].size());
  std::vector<std::string> kinds = order;
  if (static_cast<int>(kinds.size()) > o.max_differences) {
    sum.unshrunk_kinds = kinds.size() - static_cast<size_t>(o.max_differences);
    kinds.resize(static_cast<size_t>(o.max_differences));
  }
  sum.findings.resize(kinds.size());
  int per_kind = std::max(4, 2 * o.jobs / std::max(1, static_cast<int>(kinds.size())));
  parallel_for(kinds.size(), static_cast<int>(kinds.size()), [&](size_t n) {
    size_t k = by_kind[kinds[n]].front();
    Finding f = o.vectors.empty() ? runner.shrink(specs[k], runs[k], o.shrink_budget, per_kind)
                                  : Finding{specs[k], runs[k], 0, 0};
    f.cases_of_kind = by_kind[kinds[n]].size();
    f.first_case = k;
    sum.findings[n] = std::move(f);
  });
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string text = summary_text(sum);
  std::fputs(text.c_str(), ctx.out);
  std::fflush(ctx.out);
  if (!o.save.empty()) {
    fs::create_directories(o.save, ec);
    for (size_t n = 0; n < sum.findings.size(); ++n) {
      std::ofstream f(fmt::format("{}/difference-{:02}.json", o.save, n + 1), std::ios::binary);
      f << to_json(finding_json(sum, sum.findings[n]));
    }
  }
  if (!o.markdown.empty()) {
    std::ofstream f(o.markdown, std::ios::binary);
    f << summary_markdown(sum);
  }
  if (!o.keep) fs::remove_all(work, ec);
  return sum.differing == 0 && sum.errors == 0 ? 0 : 1;
}

}  // namespace pfmulti
