// Agreement rule of the differential suite (see judge.h).
#include "differential/judge.h"

#include <fmt/format.h>

#include "arbitrary_main_cf.h"

namespace pfmulti::difftest {
namespace {

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

bool deliberate_stop(const Outcome& pf) {
  return clean_failure(pf) &&
         (contains(pf.err, "kMaxExpansionBytes") || contains(pf.err, "kMaxTotalNesting"));
}

std::string shorten(const std::string& s, size_t max = 300) {
  if (s.size() <= max) return arb::escape_bytes(s);
  return fmt::format("{}...({} bytes)", arb::escape_bytes(s.substr(0, max)), s.size());
}

}  // namespace

bool clean_failure(const Outcome& o) {
  return o.signal == 0 && !o.timed_out && !o.spawn_failed && o.exit_code == 1 && o.out.empty() &&
         contains(o.err, "pfmulti: fatal: ");
}

std::string describe(const Outcome& o) {
  return fmt::format("{}, stdout \"{}\", stderr \"{}\"", o.status(), shorten(o.out),
                     shorten(o.err));
}

Judgement judge(const Answers& a, bool expect_deliberate) {
  const Outcome& pc = a.postconf;
  const Outcome& pf = a.pfmulti;
  if (pc.spawn_failed || pf.spawn_failed) return {Verdict::kDisagree, "could not start"};
  if (pf.crashed() || pf.timed_out) return {Verdict::kDisagree, "pfmulti " + pf.status()};
  if (pc.crashed()) {
    if (clean_failure(pf)) return {Verdict::kCrashListed, "postconf " + pc.status()};
    return {Verdict::kCrashUnclean, "postconf " + pc.status() + ", pfmulti did not fail cleanly"};
  }
  if (pc.timed_out) return {Verdict::kDisagree, "postconf timed out"};
  if (expect_deliberate) {
    if (pc.succeeded() && deliberate_stop(pf)) return {Verdict::kDeliberate, "cap"};
    return {Verdict::kDeliberateMissing, "the documented difference did not show"};
  }
  if (pc.succeeded() && pf.succeeded()) {
    if (pc.out == pf.out) return {Verdict::kAgree, ""};
    return {Verdict::kDisagree, "stdout differs"};
  }
  if (!pc.succeeded() && !pf.succeeded()) {
    if (clean_failure(pf)) return {Verdict::kAgree, ""};
    return {Verdict::kDisagree, "both fail, but pfmulti not cleanly"};
  }
  if (pc.succeeded() && deliberate_stop(pf)) return {Verdict::kDeliberate, "cap"};
  if (pc.succeeded()) return {Verdict::kDisagree, "postconf succeeds, pfmulti fails"};
  return {Verdict::kDisagree, "postconf fails, pfmulti succeeds"};
}

}  // namespace pfmulti::difftest
