// The agreement rule of the differential suite. For one query asked of real postconf and of
// `pfmulti conf`:
//  - both succeed: agreement means the same stdout, byte for byte;
//  - otherwise agreement means both fail (pfmulti with a clean "pfmulti: fatal:" error);
//  - postconf killed by a signal: not compared but listed; pfmulti must fail cleanly;
//  - pfmulti stopping at kMaxExpansionBytes or kMaxTotalNesting where postconf succeeds is a
//    deliberate, documented difference (docs/conf.md), counted apart.
#pragma once

#include <string>

#include "differential/oracle.h"

namespace pfmulti::difftest {

enum class Verdict {
  kAgree,
  kDisagree,
  kCrashListed,        // postconf crashed; pfmulti failed cleanly
  kCrashUnclean,       // postconf crashed; pfmulti did not fail cleanly (a failure of the suite)
  kDeliberate,         // documented difference, observed
  kDeliberateMissing,  // a case marked deliberate did not show the documented difference
};

struct Judgement {
  Verdict verdict = Verdict::kAgree;
  std::string why;
};

// True when pfmulti ended with exit 1, nothing on stdout and a "pfmulti: fatal:" message.
bool clean_failure(const Outcome& o);

Judgement judge(const Answers& a, bool expect_deliberate);

// "exit 1, stdout "...", stderr "..."" with bytes escaped and long texts shortened.
std::string describe(const Outcome& o);

}  // namespace pfmulti::difftest
