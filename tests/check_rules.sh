#!/bin/sh
# Checks spec/rules.md against the test suite (ctest spec.rules):
#  - every rule "### Rn title" has a "Tests:" line;
#  - every test it names exists: Suite.Name as TEST/TEST_P/TEST_F/RC_GTEST_PROP(Suite, Name) in
#    tests/, vector:NAME as spec/vectors/NAME.in and .ref (and that vector declares the rule),
#    ctest:NAME as an add_test(NAME ...) in tests/*.cmake or a fuzz corpus replay
#    (fuzz_replay.T / fuzz.T: fuzz/T.cc), spin:recursion as spec/recursion.pml;
#  - every rule except R30-R34 (pfmulti conf: checked against real postconf, not by plans),
#    R95 (composition: checked by spin and a property law), R127 (--parallel: pfmulti's own
#    stages, checked by property laws over the executor), R190 (how -n prints those stages: the
#    dry-run text, which no plan vector holds), R191 (how a child starts: the launcher, below any
#    plan), R192 (waiting without pidfds: the runner, below any plan), R140-R147 (start-fg's supervisor: checked over the
#    fake runner and with real masters, tests/e2e/start_fg.sh) and R97-R106 (life-cycle mode: the
#    oracle does not plan it, R89; its own planner's tests and the end-to-end comparison with
#    real postmulti check it), R108-R116 (facts of the real 3.8-3.11 programs beneath
#    pfmulti's plans, and how pfmulti learns the release: checked on the real programs by
#    tests/releases/run.sh), R130-R139 (the systemd generator: no plan, checked by its own
#    tests and systemd-analyze verify), R121-R126 (the reader, conf, lint and the process: no plan
#    shows them), R150-R151 (the Debian package: checked on the package and in a Debian
#    root), R160-R179 (pfmulti apply: life-cycle plans, which the oracle does not plan, checked
#    by its own laws and against real postmulti) and R180-R185 (pfmulti's output interfaces: no plan shows them) names at least
#    one vector;
#  - every rule a vector declares exists.
# Usage: tests/check_rules.sh SOURCE_DIR
set -eu
src=${1:-$(dirname "$0")/..}
rules=$src/spec/rules.md
status=0
err() { echo "check_rules: $*" >&2; status=1; }

[ -f "$rules" ] || { echo "check_rules: no $rules" >&2; exit 1; }
tests_src=$(find "$src/tests" -name '*.cc' -o -name '*.h' | sort)

# One line per rule: "Rn<TAB>tests-line" (empty tests-line when missing).
table=$(awk '
  /^### R[0-9]+ / { if (id != "") print id "\t" t; id = $2; t = ""; next }
  /^Tests:/ && id != "" { sub(/^Tests:[ ]*/, ""); t = $0 }
  END { if (id != "") print id "\t" t }' "$rules")
[ -n "$table" ] || err "no rules found in $rules"

count=0
printf '%s\n' "$table" | {
  inner=0
  while IFS="$(printf '\t')" read -r id tests; do
    count=$((count + 1))
    if [ -z "$tests" ]; then echo "check_rules: $id has no Tests: line" >&2; inner=1; continue; fi
    has_vector=0
    for ref in $(printf '%s' "$tests" | tr ',' ' '); do
      case $ref in
        vector:*)
          v=${ref#vector:}
          has_vector=1
          if [ ! -f "$src/spec/vectors/$v.in" ] || [ ! -f "$src/spec/vectors/$v.ref" ]; then
            echo "check_rules: $id: vector $v missing (spec/vectors/$v.in, .ref)" >&2; inner=1
          elif ! grep -q "\"$id\"" "$src/spec/vectors/$v.in"; then
            echo "check_rules: $id: vector $v does not declare $id in its \"rules\"" >&2; inner=1
          fi ;;
        ctest:fuzz_replay.*|ctest:fuzz.*)
          t=${ref#ctest:fuzz_replay.}; t=${t#ctest:fuzz.}
          [ -f "$src/fuzz/$t.cc" ] || { echo "check_rules: $id: no fuzz target fuzz/$t.cc" >&2; inner=1; } ;;
        ctest:*)
          t=${ref#ctest:}
          if ! grep -qs "add_test(NAME $t\b" "$src"/tests/*.cmake; then
            echo "check_rules: $id: no ctest registration $t in tests/*.cmake" >&2; inner=1
          fi ;;
        spin:recursion)
          [ -f "$src/spec/recursion.pml" ] || { echo "check_rules: $id: spec/recursion.pml missing" >&2; inner=1; } ;;
        *.*)
          suite=${ref%%.*}; name=${ref#*.}
          # shellcheck disable=SC2086
          if ! grep -Eqs "(TEST|TEST_F|TEST_P|RC_GTEST_PROP|RC_GTEST_FIXTURE_PROP)\($suite, *$name\b" $tests_src; then
            echo "check_rules: $id: test $suite.$name not found in tests/" >&2; inner=1
          fi ;;
        *) echo "check_rules: $id: cannot read test reference '$ref'" >&2; inner=1 ;;
      esac
    done
    case $id in
      R30|R31|R32|R33|R34|R95) ;;
      R97|R98|R99|R100|R101|R102|R103|R104|R105|R106) ;;
      R121|R122|R123|R124|R125|R126) ;;
      R108|R109|R110|R111|R112|R113|R114|R115|R116) ;;
      R16[0-9]|R17[0-9]) ;;
      R127|R190|R191|R192) ;;
      R130|R131|R132|R133|R134|R135|R136|R137|R138|R139) ;;
      R150|R151) ;;
      R180|R181|R182|R183|R184|R185) ;;
      R140|R141|R142|R143|R144|R145|R146|R147) ;;
      *) [ $has_vector = 1 ] || { echo "check_rules: $id names no conformance vector" >&2; inner=1; } ;;
    esac
  done
  echo "check_rules: $count rules checked"
  exit $inner
} || status=1

# Rules declared by vectors must exist.
known=$(printf '%s\n' "$table" | cut -f1)
for f in "$src"/spec/vectors/*.in; do
  for r in $(sed -n '/"rules"/,/\]/p' "$f" | grep -o '"R[0-9]*"' | tr -d '"'); do
    printf '%s\n' "$known" | grep -qx "$r" || err "$(basename "$f"): declares unknown rule $r"
  done
done
exit $status
