// libFuzzer harness for the life-cycle planner (model/lifecycle/lifecycle_plan.h; postmulti -e;
// docs/architecture.md "The life-cycle planner's facts protocol"; spec/rules.md R79, R98-R105).
// The input is text in sections separated by lines "%%":
//   section 0   postmulti's options after argv[0] ("-e create -I postfix-a"), split at spaces; if
//               it holds no -e, "-e ACTION" is put first (ACTION picked by the input's length);
//   section 1   extra world entries, one a line: "d PATH" directory, "s PATH" socket, "p PATH"
//               fifo, "l PATH" symlink, "u PATH" unreadable file, "r DIR" an instance that runs,
//               "f PATH" an empty file, "m PATH" a message (a file) in each queue of PATH;
//   section 2   the primary's main.cf (/etc/postfix/main.cf);
//   section k   /etc/postfix-(k-2)/main.cf, its directory and master.cf (k >= 3).
// The world (tests/lifecycle_world.h) answers the planner's needs as the real gatherer does.
// Laws:
//  F1  The facts protocol terminates: within kMaxRounds rounds the answer holds no needs, and no
//      round asks again for a fact it was already given.
//  F2  Planning again with the final facts gives the same plan and no needs (determinism).
//  F3  Plan shape: an error is one non-empty line and comes with no steps; file steps come
//      before run steps; every step names an absolute path; a replaced file's "before" is
//      what the world holds, a created file did not exist, a directory made did not exist (or
//      its parent is made first), a directory removed is one.
//  F4  Plans respect claims: when `postmulti -l -a` (postmulti-strict) lists the world before
//      without a claim conflict, it does so on the world after the plan's file steps as well.
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_law.h"
#include "model/kind.h"
#include "model/lifecycle/lifecycle_plan.h"
#include "model/plan/planner.h"
#include "model/plan/profile.h"
#include "model/text/strings.h"
#include "tests/lifecycle_world.h"

namespace {

using namespace pfmulti;
using fuzz::show;
using pfmulti::testing::World;

constexpr int kMaxRounds = 32;

[[noreturn]] void violated(std::string_view law, std::string_view detail) {
  fuzz::violated("lifecycle", law, detail);
}

std::vector<std::string> sections(std::string_view text) {
  std::vector<std::string> out(1);
  for (const auto& l : physical_lines(text)) {
    if (l.text == "%%") {
      out.emplace_back();
    } else {
      out.back().append(l.text).append(l.eol);
    }
  }
  return out;
}

bool known(const LifecycleFacts& f, const LifecycleNeed& n) {
  switch (n.kind) {
    case LifecycleNeed::Kind::kRead:
      return f.read.count(n.path) > 0;
    case LifecycleNeed::Kind::kStat:
      return f.kinds.count(n.path) > 0;
    case LifecycleNeed::Kind::kTree:
      return f.listed.count(n.path) > 0;
    case LifecycleNeed::Kind::kStatus:
      return f.running.count(n.path) > 0;
  }
  return false;
}

// `postmulti -l -a` on the world; true when it fails for a claim conflict.
bool claim_conflict(const World& w) {
  Scenario s;
  s.program = Program::kPostmulti;
  s.profile = ProfileName::kPostmultiStrict;
  s.argv = {"postmulti", "-l", "-a"};
  for (const auto& [p, b] : w.files)
    if (p.size() > 8 && p.compare(p.size() - 8, 8, "/main.cf") == 0) s.files[p] = b;
  for (const auto& p : w.unreadable) s.files[p] = Unreadable{"Permission denied"};
  s.directories = std::vector<std::string>(w.dirs.begin(), w.dirs.end());
  Plan plan = make_plan(s);
  for (const auto& a : plan.actions)
    if (const auto* f = std::get_if<FailAction>(&a))
      if (f->reason.find("conflicts with instance") != std::string::npos) return true;
  return false;
}

void check_shape(const LifecyclePlan& p, const World& w) {
  if (p.error) {
    if (p.error->empty() || p.error->find('\n') != std::string::npos)
      violated("F3", "error is not one line: " + show(*p.error));
    if (!p.steps.empty()) violated("F3", "an error plan has steps");
    return;
  }
  bool ran = false;
  std::set<std::string> made;
  for (const LifecycleStep& s : p.steps) {
    std::string path =
        std::visit(Overloaded{[](const WriteFileStep& x) { return x.path; },
                              [](const MakeDirectoryStep& x) { return x.path; },
                              [](const RemoveFileStep& x) { return x.path; },
                              [](const RemoveDirectoryStep& x) { return x.path; },
                              [](const RunStep& x) { return x.run.config_directory; }},
                   s);
    if (path.empty() || path[0] != '/')
      violated("F3", "a step names a relative or empty path: " + show(describe_step(s)));
    if (std::holds_alternative<RunStep>(s)) {
      ran = true;
      continue;
    }
    if (ran) violated("F3", "a file step after a run step: " + show(describe_step(s)));
    if (const auto* x = std::get_if<WriteFileStep>(&s)) {
      auto it = w.files.find(x->path);
      if (x->before ? (it == w.files.end() || it->second != *x->before)
                    : (w.kind(x->path) != PathKind::kAbsent && !made.count(x->path)))
        violated("F3", "a write does not match the world: " + show(describe_step(s)));
    }
    if (const auto* x = std::get_if<MakeDirectoryStep>(&s)) {
      if (w.kind(x->path) != PathKind::kAbsent)
        violated("F3", "makes a directory that exists: " + show(x->path));
      std::string parent = path_dirname(x->path);
      if (w.kind(parent) != PathKind::kDirectory && !made.count(parent))
        violated("F3", "makes a directory whose parent is not there: " + show(x->path));
      made.insert(x->path);
    }
    if (const auto* x = std::get_if<RemoveDirectoryStep>(&s)) {
      if (w.kind(x->path) != PathKind::kDirectory)
        violated("F3", "removes a directory that is not one: " + show(x->path));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  std::vector<std::string> sec = sections({reinterpret_cast<const char*>(data), size});
  sec.resize(std::max<size_t>(sec.size(), 3));

  LifecycleInput in;
  in.self_path = "/usr/sbin/pfmulti";
  in.argv = {"postmulti"};
  std::vector<std::string> words = split_on(sec[0], " \n");
  bool has_e = false;
  for (const auto& w : words)
    if (w.rfind("-e", 0) == 0) has_e = true;
  if (!has_e) {
    static const char* kActions[] = {"create", "import",  "destroy", "deport",
                                     "enable", "disable", "assign",  "init"};
    in.argv.push_back("-e");
    in.argv.push_back(kActions[size % 8]);
  }
  in.argv.insert(in.argv.end(), words.begin(), words.end());

  World w;
  w.add_file("/etc/postfix/main.cf", sec[2]);
  w.add_file("/etc/postfix/master.cf", "smtp inet n - y - - smtpd\n");
  w.add_dir("/var/spool/postfix");
  w.add_dir("/var/lib/postfix");
  w.add_dir("/usr/lib/postfix/sbin");
  w.add_file("/usr/sbin/postfix", "");
  for (size_t k = 3; k < sec.size() && k < 12; ++k) {
    std::string dir = "/etc/postfix-" + std::to_string(k - 2);
    if (sec[k] == "-\n" || sec[k] == "-") {
      w.add_dir(dir);
      continue;
    }
    w.add_file(dir + "/main.cf", sec[k]);
    w.add_file(dir + "/master.cf", "smtp inet n - y - - smtpd\n");
  }
  for (const auto& l : physical_lines(sec[1])) {
    if (l.text.size() < 3 || l.text[1] != ' ' || l.text[2] != '/') continue;
    std::string p = squeeze_slashes(l.text.substr(2));
    if (p == "/") continue;
    std::string parent = path_dirname(p);
    switch (l.text[0]) {
      case 'd':
        w.add_dir(p);
        break;
      case 's':
        w.add_dir(parent), w.specials[p] = PathKind::kSocket;
        break;
      case 'p':
        w.add_dir(parent), w.specials[p] = PathKind::kFifo;
        break;
      case 'l':
        w.add_dir(parent), w.specials[p] = PathKind::kSymlink;
        break;
      case 'u':
        w.add_dir(parent), w.unreadable.insert(p);
        break;
      case 'r':
        w.running.insert(p);
        break;
      case 'f':
        w.add_file(p, "");
        break;
      case 'm':
        for (const auto& q : message_queue_names()) w.add_file(p + "/" + q + "/1A2B3C", "m");
        break;
      default:
        break;
    }
  }

  // F1
  LifecycleFacts facts;
  LifecycleAnswer a;
  int round = 0;
  for (;; ++round) {
    a = plan_lifecycle(in, facts);
    if (a.needs.empty()) break;
    if (round >= kMaxRounds)
      violated("F1", fmt::format("still asking after {} rounds", kMaxRounds));
    for (const auto& n : a.needs)
      if (known(facts, n))
        violated("F1", fmt::format("round {} asks again for {} {}", round, static_cast<int>(n.kind),
                                   show(n.path)));
    w.answer(a.needs, facts);
  }
  // F2
  LifecycleAnswer again = plan_lifecycle(in, facts);
  if (!again.needs.empty() || !(again.plan == a.plan))
    violated("F2", "planning again with the same facts gives another answer");
  // F3
  check_shape(a.plan, w);
  // F4
  if (!a.plan.error && !claim_conflict(w)) {
    World after = w;
    after.apply(a.plan);
    if (claim_conflict(after))
      violated("F4", fmt::format("{} makes the instances' claims conflict", show(in.argv)));
  }
  return 0;
}
