// Differential test of the lossless main.cf editor (model/main_cf/main_cf_edit.h) against real
// Postfix 3.7 (Debian's package, fetched by scripts/fetch-postfix), on hand-written layouts and
// rapidcheck-generated files (tests/arbitrary_main_cf.h, FIXED seed, printed), each with one to
// three `name = value` settings:
//   A. read by real `postconf -n`, the file pfmulti edited shows every edited Postfix parameter
//      with its new value and every other Postfix parameter exactly as the original file did;
//   B. real `postconf -n` reads the file pfmulti edited exactly as it reads the same file
//      edited by real `postconf -e`.
// Two defects of postconf 3.7's -e are measured, not copied: it appends new settings right
// after a last line that has no newline (a comment swallows them; a definition or a blank line
// turns them into continuation text), and it cuts a line at a NUL byte together with its
// newline (the next line joins it). For a file without a final newline, B compares with
// `postconf -e` on the file with the newline added; for a file with a NUL byte only A applies.
// Files real Postfix cannot read are refused by the editor (counted, not compared). The count
// of byte-identical results varies from run to run: postconf 3.7 appends new settings in the
// order of a randomly seeded hash table, pfmulti in name order.
// Postconf runs in parallel (tests/differential/process_pool.h); each main.cf gets an old mtime,
// because postconf pauses on a file younger than a few seconds.
//
// Usage: postconf_edit_diff --source DIR --work DIR
// Environment: PFMULTI_EDIT_DIFF_SEED, PFMULTI_EDIT_DIFF_CASES (default 400),
// PFMULTI_POSTFIX_ROOT (skip the download). Exit: 0 agree, 1 disagreement, 77 SKIPPED.
#include <sys/stat.h>
#include <sys/time.h>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "arbitrary_main_cf.h"
#include "differential/process_pool.h"
#include "model/main_cf/main_cf.h"
#include "model/main_cf/main_cf_edit.h"

extern char** environ;

namespace pfmulti {
namespace {

using difftest::Command;
using difftest::Outcome;
using difftest::run_all;

struct Case {
  std::string label;
  std::string main_cf;
  std::vector<std::pair<std::string, std::string>> edits;
};

std::vector<Case> hand_cases() {
  return {
      {"replace", "# c\nmyhostname = a\nrelay_domains = b\n", {{"myhostname", "x"}}},
      {"append", "myhostname = a\n", {{"relay_domains", "r"}, {"mydomain", "d"}}},
      {"continuation",
       "relay_domains = a,\n  b,\n# inside\n\n  c\nmyhostname = h\n",
       {{"relay_domains", "z"}}},
      {"duplicates", "myhostname = a\nmydomain = d\nmyhostname = b\n", {{"myhostname", "c"}}},
      {"crlf", "myhostname = a\r\nmydomain = d\r\n", {{"myhostname", "c"}, {"relayhost", "r"}}},
      {"no final newline", "myhostname = a", {{"mydomain", "d"}}},
      {"no final newline, replaced", "mydomain = d\nmyhostname = a", {{"myhostname", "b"}}},
      {"empty file", "", {{"myhostname", "h"}}},
      {"empty value", "myhostname = a\n", {{"myhostname", ""}}},
      {"value white space", "", {{"myhostname", "  a  b \t"}}},
      {"leading white space line", "  junk = 1\nmyhostname = a\n", {{"junk", "2"}}},
      {"odd bytes", "relay_domains = \x80\xff\nmyhostname = a\n", {{"myhostname", "\x80"}}},
      {"last of several edits wins", "", {{"myhostname", "a"}, {"myhostname", "b"}}},
      {"multi-instance",
       "multi_instance_directories = /etc/postfix-a\n  /etc/postfix-b\n",
       {{"multi_instance_directories", "/etc/postfix-a"}, {"multi_instance_enable", "yes"}}},
  };
}

rc::Gen<std::vector<std::pair<std::string, std::string>>> edits_gen() {
  auto names = rc::gen::weightedOneOf<std::string>(
      {{6, rc::gen::elementOf(arb::user_names())},
       {6, rc::gen::elementOf(arb::target_names())},
       {2, rc::gen::element<std::string>("myhostname", "multi_instance_enable")}});
  return rc::gen::resize(
      3, rc::gen::nonEmpty(rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
             rc::gen::pair(names, arb::edit_value()))));
}

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::vector<std::string> environment() {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  return env;
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void make_old(const std::string& path) {
  struct timeval tv[2] = {{1000000000, 0}, {1000000000, 0}};
  ::utimes(path.c_str(), tv);
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

// postconf's printing: words separated by white space joined with one space.
std::string collapse(const std::string& v) {
  std::string out, word;
  for (char ch : v) {
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      if (!word.empty()) out += (out.empty() ? "" : " ") + word;
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) out += (out.empty() ? "" : " ") + word;
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
    s.replace(p, from.size(), to);
  return s;
}

int run(int argc, char** argv) {
  std::string source, work;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--source") source = argv[i + 1];
    if (a == "--work") work = argv[i + 1];
  }
  if (source.empty() || work.empty()) {
    fmt::print(stderr, "usage: postconf_edit_diff --source DIR --work DIR\n");
    return 2;
  }
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  std::string root = env_or("PFMULTI_POSTFIX_ROOT", "");
  if (root.empty()) {
    auto r = run_all({{{source + "/scripts/fetch-postfix"}, environment()}}, 1,
                     std::chrono::seconds(600), work);
    if (!r[0].succeeded()) {
      fmt::print("SKIPPED: real postconf is not available (fetch-postfix: {}: {})\n", r[0].status(),
                 r[0].err);
      return 77;
    }
    root = r[0].out;
    while (!root.empty() && root.back() == '\n') root.pop_back();
    if (size_t nl = root.rfind('\n'); nl != std::string::npos) root = root.substr(nl + 1);
  }
  const std::string postconf = root + "/usr/sbin/postconf";
  std::vector<std::string> env = environment();
  env.push_back("LD_LIBRARY_PATH=" + root + "/usr/lib/postfix");

  uint64_t seed = std::strtoull(env_or("PFMULTI_EDIT_DIFF_SEED", "20261125").c_str(), nullptr, 10);
  int count = std::atoi(env_or("PFMULTI_EDIT_DIFF_CASES", "400").c_str());
  fmt::print(
      "postconf -e differential: seed {}, {} generated cases (PFMULTI_EDIT_DIFF_SEED, "
      "PFMULTI_EDIT_DIFF_CASES)\n",
      seed, count);
  std::vector<Case> cases = hand_cases();
  rc::Random random(seed);
  for (int i = 0; i < count; ++i) {
    rc::Random r1 = random.split(), r2 = random.split();
    int size = 10 + i % 40;
    arb::MainCfCase file = arb::arbitrary_main_cf()(r1, size).value();
    cases.push_back(
        {fmt::format("generated #{}", i), arb::render(file), edits_gen()(r2, size).value()});
  }

  // The names real postconf knows: `postconf -d` on an empty configuration.
  std::string empty_dir = work + "/empty";
  std::filesystem::create_directories(empty_dir);
  write_file(empty_dir + "/main.cf", "");
  write_file(empty_dir + "/master.cf", "");
  make_old(empty_dir + "/main.cf");
  auto known_out =
      run_all({{{postconf, "-c", empty_dir, "-d"}, env}}, 1, std::chrono::seconds(60), work);
  std::set<std::string> known;
  for (const auto& line : lines_of(known_out[0].out)) known.insert(line.substr(0, line.find(' ')));
  if (known.size() < 500) {
    fmt::print("FAIL: postconf -d listed only {} parameters\n", known.size());
    return 1;
  }

  // Edit with pfmulti; prepare the directories: ours (pfmulti's edit), theirs (postconf -e on
  // the file, with a final newline added when it lacks one), orig (the file as it was).
  struct Prepared {
    size_t index;
    std::string ours, theirs, orig;
    bool nul = false, no_final_newline = false;
  };
  std::vector<Prepared> prepared;
  std::vector<Command> edit_cmds;
  int refused = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    std::vector<ParameterEdit> edits;
    for (const auto& [n, v] : c.edits) edits.push_back(set_param(n, v));
    bool readable = !read_main_cf(c.main_cf, "main.cf").error;
    auto edited = edit_main_cf(c.main_cf, edits, "main.cf");
    if (!readable) {
      if (edited) {
        fmt::print("FAIL [{}]: the editor edited a file Postfix cannot read\n", c.label);
        return 1;
      }
      ++refused;
      continue;
    }
    if (!edited) {
      fmt::print("FAIL [{}]: the editor refused a readable file: {}\n", c.label, edited.error());
      return 1;
    }
    Prepared p{i, fmt::format("{}/{}/ours", work, i), fmt::format("{}/{}/theirs", work, i),
               fmt::format("{}/{}/orig", work, i)};
    p.nul = c.main_cf.find('\0') != std::string::npos;
    p.no_final_newline = !c.main_cf.empty() && c.main_cf.back() != '\n';
    for (const auto& d : {p.ours, p.theirs, p.orig}) {
      std::filesystem::create_directories(d);
      write_file(d + "/master.cf", "");
    }
    write_file(p.ours + "/main.cf", *edited);
    write_file(p.theirs + "/main.cf", c.main_cf + (p.no_final_newline ? "\n" : ""));
    write_file(p.orig + "/main.cf", c.main_cf);
    Command cmd{{postconf, "-c", p.theirs, "-e"}, env};
    for (const auto& [n, v] : c.edits) cmd.argv.push_back(n + " = " + v);
    edit_cmds.push_back(cmd);
    prepared.push_back(p);
  }
  auto edit_out = run_all(edit_cmds, 16, std::chrono::seconds(60), work);
  std::vector<Command> read_cmds;
  for (size_t k = 0; k < prepared.size(); ++k) {
    if (!edit_out[k].succeeded()) {
      fmt::print("FAIL [{}]: postconf -e: {}: {}\n", cases[prepared[k].index].label,
                 edit_out[k].status(), edit_out[k].err);
      return 1;
    }
    for (const auto& d : {prepared[k].ours, prepared[k].theirs, prepared[k].orig}) {
      make_old(d + "/main.cf");
      make_old(d + "/master.cf");
      read_cmds.push_back({{postconf, "-c", d, "-n"}, env});
    }
  }
  auto read_out = run_all(read_cmds, 16, std::chrono::seconds(60), work);
  int law_a = 0, law_b = 0, failures = 0, identical_bytes = 0, nul_cases = 0, newline_cases = 0,
      ours_fail = 0;
  for (size_t k = 0; k < prepared.size(); ++k) {
    const Prepared& p = prepared[k];
    const Case& c = cases[p.index];
    const Outcome& ours = read_out[3 * k];
    const Outcome& theirs = read_out[3 * k + 1];
    const Outcome& orig = read_out[3 * k + 2];
    std::string o = replace_all(ours.out, p.ours, "DIR");
    std::string t = replace_all(theirs.out, p.theirs, "DIR");
    std::string g = replace_all(orig.out, p.orig, "DIR");
    nul_cases += p.nul;
    newline_cases += p.no_final_newline;
    auto show = [&](const std::string& why) {
      ++failures;
      fmt::print("DISAGREE [{}]: {}\n  main.cf: \"{}\"\n  edits:", c.label, why,
                 arb::escape_bytes(c.main_cf));
      for (const auto& [n, v] : c.edits) fmt::print(" \"{} = {}\"", n, arb::escape_bytes(v));
      fmt::print(
          "\n  postconf -n, original: \"{}\"\n  postconf -n after postconf -e: \"{}\"\n"
          "  postconf -n after pfmulti: \"{}\"\n",
          arb::escape_bytes(g), arb::escape_bytes(t), arb::escape_bytes(o));
    };
    // A: real postconf -n on pfmulti's file against the original and the intended settings.
    // When real postconf cannot read the result (a new value it finds malformed), the file
    // postconf -e made must fail the same way (B); when it cannot read the original, only the
    // edited parameters are checked.
    if (ours.status() == "exit 0") {
      std::map<std::string, std::string> want, got;
      if (orig.status() == "exit 0") {
        for (const auto& line : lines_of(g)) {
          std::string name = line.substr(0, line.find(' '));
          if (known.count(name)) want[name] = line;
        }
      }
      for (const auto& [n, v] : c.edits) {
        if (!known.count(n)) continue;
        std::string cv = collapse(v);
        want[n] = cv.empty() ? n + " =" : n + " = " + cv;
      }
      for (const auto& line : lines_of(o)) {
        std::string name = line.substr(0, line.find(' '));
        if (known.count(name) && (orig.status() == "exit 0" || want.count(name))) got[name] = line;
      }
      if (got != want) {
        show("A: real postconf -n does not read pfmulti's file as intended");
        continue;
      }
      ++law_a;
    } else {
      ++ours_fail;
    }
    // B: the same reading as after real postconf -e (where postconf -e is not defective).
    if (p.nul) continue;
    std::ifstream a(p.ours + "/main.cf", std::ios::binary),
        b(p.theirs + "/main.cf", std::ios::binary);
    std::string ab((std::istreambuf_iterator<char>(a)), {}),
        bb((std::istreambuf_iterator<char>(b)), {});
    if (ab == bb) ++identical_bytes;
    if (ours.status() != theirs.status() || o != t) {
      show("B: pfmulti's file and postconf -e's file read differently");
      continue;
    }
    ++law_b;
  }
  fmt::print(
      "postconf -e differential: {} edits of readable files; A (intended settings, real "
      "postconf -n) held for {}; B (same as postconf -e) held for {} of {} without NUL "
      "bytes ({} byte-identical files; {} files without a final newline compared with "
      "the newline added; {} results real postconf rejects, as it rejects postconf -e's); "
      "{} disagreements; {} unreadable files refused by the editor\n",
      prepared.size(), law_a, law_b, prepared.size() - nul_cases, identical_bytes, newline_cases,
      ours_fail, failures, refused);
  int disagree = failures;
  std::filesystem::remove_all(work);
  return disagree == 0 ? 0 : 1;
}

}  // namespace
}  // namespace pfmulti

int main(int argc, char** argv) { return pfmulti::run(argc, argv); }
