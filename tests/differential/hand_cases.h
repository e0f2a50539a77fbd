// The hand-written table of the differential suite: one or more cases for every bullet of
// spec/postfix-facts.md §4 (logical lines, comments, continuation, white space and '=', CR, NUL,
// non-UTF-8, long lines, '#' after text, overriding, leading white space; $name ${name} $(name)
// $$, ? and : with and without braces, ?{}:{}, relational expressions with all six operators
// numeric and lexical, malformed input, nesting, cycles, undefined names, $config_directory).
// Each case is asked with -h and with -xh.
#pragma once

#include <string>
#include <vector>

namespace pfmulti::difftest {

struct HandCase {
  std::string label;
  std::string main_cf;
  std::string param = "multi_instance_name";
  // A documented, deliberate difference: pfmulti stops (kMaxExpansionBytes) where postconf
  // goes on. The suite checks that it really happens, and does not count it as a disagreement.
  bool deliberate_xh = false;
  bool deliberate_h = false;
  // R122 (issue 12 item 3): asked with a relative -c DIR, as `postconf -c case1` accepts.
  bool relative_dir = false;
};

std::vector<HandCase> hand_cases();

}  // namespace pfmulti::difftest
