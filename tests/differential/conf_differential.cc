// Differential suite: `pfmulti conf -c DIR -h NAME` and `-xh NAME` against real postconf 3.7
// (Debian's package, fetched by scripts/fetch-postfix, never installed) on the hand-written
// table (hand_cases.cc) and on rapidcheck-generated main.cf files (tests/arbitrary_main_cf.h)
// from a FIXED seed that is printed. Agreement rule: judge.h. Postconf runs in parallel and its
// answers are cached on disk (oracle.h). A generated disagreement is shrunk (batches of
// candidates, in parallel) and printed as a ready-to-paste regression case.
//
// Usage: differential_conf --pfmulti BIN --source DIR --build DIR
// Environment: PFMULTI_DIFF_SEED, PFMULTI_DIFF_CASES (default 500), PFMULTI_POSTFIX_ROOT
// (skip the download), PFMULTI_DIFF_PARALLEL (default 16), PFMULTI_DIFF_VERBOSE=1,
// PFMULTI_DIFF_RELEASE (the release of that postconf: pfmulti conf --postfix-release, R115).
// Exit: 0 all agree, 1 disagreement, 77 real postconf unavailable (SKIPPED).
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "arbitrary_main_cf.h"
#include "differential/hand_cases.h"
#include "differential/judge.h"
#include "differential/oracle.h"

extern char** environ;

namespace pfmulti::difftest {
namespace {

constexpr uint64_t kDefaultSeed = 20261125;
constexpr int kDefaultCases = 500;
const char* const kFlags[] = {"-h", "-xh"};

struct Tally {
  int agree = 0, disagree = 0, crash_listed = 0, crash_unclean = 0, deliberate = 0,
      deliberate_missing = 0, both_succeeded = 0, both_failed = 0;
  int compared() const { return agree + disagree; }
  bool ok() const { return disagree == 0 && crash_unclean == 0 && deliberate_missing == 0; }
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// The unpacked postfix package root, or "" (with the reason printed) when it can't be had.
std::string postfix_root(const std::string& source, const std::string& scratch) {
  if (const char* r = std::getenv("PFMULTI_POSTFIX_ROOT"); r && *r) return r;
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  auto res =
      run_all({{{source + "/scripts/fetch-postfix"}, env}}, 1, std::chrono::seconds(600), scratch);
  const Outcome& o = res[0];
  if (!o.succeeded()) {
    fmt::print("fetch-postfix: {}: {}\n", o.status(), o.err);
    return "";
  }
  std::string root = o.out;
  while (!root.empty() && (root.back() == '\n' || root.back() == '\r')) root.pop_back();
  if (size_t nl = root.rfind('\n'); nl != std::string::npos) root = root.substr(nl + 1);
  return root;
}

void record(Tally& t, const Judgement& j, const Answers& a) {
  switch (j.verdict) {
    case Verdict::kAgree:
      ++t.agree;
      if (a.postconf.succeeded())
        ++t.both_succeeded;
      else
        ++t.both_failed;
      break;
    case Verdict::kDisagree:
      ++t.disagree;
      break;
    case Verdict::kCrashListed:
      ++t.crash_listed;
      break;
    case Verdict::kCrashUnclean:
      ++t.crash_unclean;
      break;
    case Verdict::kDeliberate:
      ++t.deliberate;
      break;
    case Verdict::kDeliberateMissing:
      ++t.deliberate_missing;
      break;
  }
}

std::string show_main_cf(const std::string& bytes) {
  if (bytes.size() <= 600) return "\"" + arb::escape_bytes(bytes) + "\"";
  return fmt::format("\"{}\"...({} bytes)", arb::escape_bytes(bytes.substr(0, 600)), bytes.size());
}

void report(const char* kind, const std::string& label, const Query& q, const Answers& a,
            const Judgement& j) {
  fmt::print("{} [{}] {} {}: {}\n  main.cf:  {}\n  postconf: {}\n  pfmulti:  {}\n", kind, label,
             q.flags, q.name, j.why, show_main_cf(q.main_cf), describe(a.postconf),
             describe(a.pfmulti));
}

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.size() > 160 ? line.substr(0, 160) + "..." : line;
}

// Runs the hand-written table. Returns its tally.
Tally run_hand_cases(Oracle& oracle, std::vector<std::string>& crash_list) {
  std::vector<HandCase> cases = hand_cases();
  std::vector<Query> queries;
  for (const auto& c : cases)
    for (const char* f : kFlags) queries.push_back({c.main_cf, f, c.param, c.relative_dir});
  std::vector<Answers> answers = oracle.ask(queries);
  Tally t;
  bool verbose = env_or("PFMULTI_DIFF_VERBOSE", "") == "1";
  for (size_t i = 0; i < queries.size(); ++i) {
    const HandCase& c = cases[i / 2];
    bool deliberate = queries[i].flags == "-h" ? c.deliberate_h : c.deliberate_xh;
    Judgement j = judge(answers[i], deliberate);
    record(t, j, answers[i]);
    switch (j.verdict) {
      case Verdict::kDisagree:
        report("DISAGREE", c.label, queries[i], answers[i], j);
        break;
      case Verdict::kCrashUnclean:
        report("CRASH, pfmulti not clean", c.label, queries[i], answers[i], j);
        break;
      case Verdict::kDeliberateMissing:
        report("DELIBERATE DIFFERENCE MISSING", c.label, queries[i], answers[i], j);
        break;
      case Verdict::kCrashListed:
        crash_list.push_back(fmt::format(
            "[{}] {} {}: postconf {}; pfmulti: {}", c.label, queries[i].flags, queries[i].name,
            answers[i].postconf.status(), first_line(answers[i].pfmulti.err)));
        break;
      case Verdict::kDeliberate:
        fmt::print("deliberate difference [{}] {} {}: postconf prints {} bytes; pfmulti: {}\n",
                   c.label, queries[i].flags, queries[i].name, answers[i].postconf.out.size(),
                   first_line(answers[i].pfmulti.err));
        break;
      case Verdict::kAgree:
        if (verbose)
          fmt::print("agree [{}] {}: {}\n", c.label, queries[i].flags,
                     answers[i].postconf.succeeded()
                         ? "\"" + arb::escape_bytes(answers[i].postconf.out.substr(0, 80)) + "\""
                         : "both fail");
        break;
    }
  }
  return t;
}

std::vector<Query> queries_of(const arb::MainCfCase& c) {
  std::string bytes = arb::render(c);
  return {{bytes, "-h", c.target}, {bytes, "-xh", c.target}};
}

// Greedy shrinking against the oracle: evaluates batches of shrink candidates side by side and
// moves to the first one on which the same query still disagrees.
rc::Shrinkable<arb::MainCfCase> shrink(Oracle& oracle, rc::Shrinkable<arb::MainCfCase> failing,
                                       const std::string& flags,
                                       std::chrono::steady_clock::time_point deadline, int& steps) {
  const size_t flag_index = flags == "-h" ? 0 : 1;
  for (;;) {
    if (std::chrono::steady_clock::now() > deadline) return failing;
    auto seq = failing.shrinks();
    bool moved = false;
    for (;;) {
      std::vector<rc::Shrinkable<arb::MainCfCase>> batch;
      while (batch.size() < 16) {
        auto next = seq.next();
        if (!next) break;
        batch.push_back(std::move(*next));
      }
      if (batch.empty()) break;
      std::vector<Query> qs;
      for (const auto& s : batch) qs.push_back(queries_of(s.value())[flag_index]);
      std::vector<Answers> as = oracle.ask(qs);
      for (size_t k = 0; k < batch.size(); ++k) {
        if (judge(as[k], false).verdict == Verdict::kDisagree) {
          failing = batch[k];
          moved = true;
          ++steps;
          break;
        }
      }
      if (moved || std::chrono::steady_clock::now() > deadline) break;
    }
    if (!moved) return failing;
  }
}

Tally run_generated(Oracle& oracle, uint64_t seed, int count,
                    std::vector<std::string>& crash_list) {
  rc::Random random(seed);
  std::vector<rc::Shrinkable<arb::MainCfCase>> cases;
  auto gen = arb::arbitrary_main_cf();
  for (int i = 0; i < count; ++i) cases.push_back(gen(random.split(), 10 + i % 90));
  std::vector<Query> queries;
  for (const auto& c : cases)
    for (const Query& q : queries_of(c.value())) queries.push_back(q);
  std::vector<Answers> answers = oracle.ask(queries);
  Tally t;
  auto shrink_deadline =
      std::chrono::steady_clock::now() +
      std::chrono::seconds(std::atoi(env_or("PFMULTI_DIFF_SHRINK_SECONDS", "90").c_str()));
  int shrunk = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    std::string label = fmt::format("generated #{} seed {}", i / 2, seed);
    Judgement j = judge(answers[i], false);
    record(t, j, answers[i]);
    if (j.verdict == Verdict::kCrashListed) {
      crash_list.push_back(
          fmt::format("[{}] {} {}: postconf {}; pfmulti: {}; main.cf {}", label, queries[i].flags,
                      queries[i].name, answers[i].postconf.status(),
                      first_line(answers[i].pfmulti.err), show_main_cf(queries[i].main_cf)));
    } else if (j.verdict == Verdict::kDeliberate) {
      fmt::print("deliberate difference [{}] {} {}: pfmulti: {}\n", label, queries[i].flags,
                 queries[i].name, first_line(answers[i].pfmulti.err));
    } else if (j.verdict != Verdict::kAgree) {
      report(j.verdict == Verdict::kCrashUnclean ? "CRASH, pfmulti not clean" : "DISAGREE", label,
             queries[i], answers[i], j);
      if (j.verdict == Verdict::kDisagree && shrunk < 5) {
        ++shrunk;
        int steps = 0;
        auto small = shrink(oracle, cases[i / 2], queries[i].flags, shrink_deadline, steps);
        std::string bytes = arb::render(small.value());
        Query q{bytes, queries[i].flags, small.value().target};
        Answers a = oracle.ask({q})[0];
        fmt::print(
            "  shrunk in {} steps to: {} {} on main.cf \"{}\"\n    postconf: {}\n    "
            "pfmulti:  {}\n",
            steps, q.flags, q.name, arb::escape_bytes(bytes), describe(a.postconf),
            describe(a.pfmulti));
      }
    }
  }
  return t;
}

void print_tally(const char* what, const Tally& t) {
  fmt::print(
      "{}: {} compared, {} agree ({} both print the same, {} both fail), {} disagree; {} postconf "
      "crashes listed ({} where pfmulti did not fail cleanly); {} deliberate differences{}\n",
      what, t.compared(), t.agree, t.both_succeeded, t.both_failed, t.disagree, t.crash_listed,
      t.crash_unclean, t.deliberate,
      t.deliberate_missing ? fmt::format(" ({} MISSING)", t.deliberate_missing) : "");
}

int run(int argc, char** argv) {
  std::string pfmulti_bin, source, build;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--pfmulti") pfmulti_bin = argv[i + 1];
    if (a == "--source") source = argv[i + 1];
    if (a == "--build") build = argv[i + 1];
  }
  if (pfmulti_bin.empty() || source.empty() || build.empty()) {
    fmt::print(stderr, "usage: {} --pfmulti BIN --source DIR --build DIR\n", argv[0]);
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  std::string work = build + "/postconf-work";
  std::filesystem::create_directories(work);
  std::string root = postfix_root(source, work);
  if (root.empty() || !std::filesystem::exists(root + "/usr/sbin/postconf")) {
    fmt::print(
        "SKIPPED: real postconf is not available (Debian's postfix package could not be "
        "fetched); the differential suite did not run\n");
    return 77;
  }
  uint64_t seed =
      std::strtoull(env_or("PFMULTI_DIFF_SEED", std::to_string(kDefaultSeed)).c_str(), nullptr, 10);
  int count = std::atoi(env_or("PFMULTI_DIFF_CASES", std::to_string(kDefaultCases)).c_str());
  int parallel = std::atoi(env_or("PFMULTI_DIFF_PARALLEL", "16").c_str());
  fmt::print("differential suite: real postconf from {}\n", root);
  fmt::print("generated cases: seed {} (fixed; PFMULTI_DIFF_SEED to change), {} cases\n", seed,
             count);
  Oracle oracle({root, pfmulti_bin, work, build + "/postconf-cache", parallel,
                 env_or("PFMULTI_DIFF_RELEASE", "")});
  std::vector<std::string> crashes;
  Tally hand = run_hand_cases(oracle, crashes);
  Tally generated = run_generated(oracle, seed, count, crashes);
  oracle.clean_up();
  fmt::print(
      "postconf crashes (killed by a signal; listed, not compared; pfmulti failed "
      "cleanly on each):\n");
  for (const auto& c : crashes) fmt::print("  {}\n", c);
  print_tally("hand-written", hand);
  print_tally(fmt::format("generated (seed {})", seed).c_str(), generated);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("postconf cache: {} hits, {} runs; pfmulti runs: {}; wall time {:.1f} s\n",
             oracle.cache_hits(), oracle.cache_misses(), oracle.pfmulti_runs(), seconds);
  if (!hand.ok() || !generated.ok()) {
    fmt::print("FAILED: pfmulti conf disagrees with real postconf (see above)\n");
    return 1;
  }
  fmt::print("PASSED\n");
  return 0;
}

}  // namespace
}  // namespace pfmulti::difftest

int main(int argc, char** argv) { return pfmulti::difftest::run(argc, argv); }
