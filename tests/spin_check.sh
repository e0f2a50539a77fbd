#!/bin/sh
# Model check of spec/recursion.pml with spin (ctest spin.recursion; spec/rules.md R95):
#  1. safety: assertions (at most 2 postfix(1) processes on a chain) and no invalid end state;
#  2. liveness: ltl "terminates" (<> done), pan -a finds no acceptance cycle;
#  3. teeth: with -DBROKEN_WRAPPER (a wrapper that unsets MAIL_CONFIG) the check must fail.
# Commands run with argv only. Exit 77 (SKIPPED, said loudly) when spin or cc is missing.
# Usage: tests/spin_check.sh MODEL.pml [WORKDIR]
set -eu
model=$1
work=${2:-$(mktemp -d)}
for tool in spin cc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (Debian package: ${tool%cc}${tool#spin}); cannot model-check $model"
    exit 77
  fi
done
mkdir -p "$work"
cp "$model" "$work/model.pml"
cd "$work"

summary() {  # label, pan output file
  states=$(sed -n 's/^ *\([0-9][0-9]*\) states, stored.*/\1/p' "$2" | head -n 1)
  depth=$(sed -n 's/.*depth reached \([0-9][0-9]*\).*/\1/p' "$2" | head -n 1)
  errors=$(sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' "$2" | head -n 1)
  echo "spin: $1: states=$states depth=$depth errors=$errors"
}

spin -a model.pml >spin.log 2>&1 || { cat spin.log; exit 1; }
cc -O2 -DNOCLAIM -o pan_safety pan.c
./pan_safety -m200000 >safety.out 2>&1 || true
summary "safety (assertions, end states)" safety.out
grep -q "errors: 0" safety.out || { cat safety.out; echo "spin: safety check FAILED"; exit 1; }

cc -O2 -o pan_live pan.c
./pan_live -a -m200000 >live.out 2>&1 || true
summary "liveness (ltl terminates)" live.out
grep -q "errors: 0" live.out || { cat live.out; echo "spin: liveness check FAILED"; exit 1; }

rm -f pan pan.* pan_broken
spin -DBROKEN_WRAPPER -a model.pml >spin_broken.log 2>&1 || { cat spin_broken.log; exit 1; }
cc -O2 -DNOCLAIM -o pan_broken pan.c
./pan_broken -m200000 >broken.out 2>&1 || true
summary "broken wrapper (must fail)" broken.out
if grep -q "errors: 0" broken.out; then
  echo "spin: the model accepted a wrapper that unsets MAIL_CONFIG: it has no teeth"; exit 1
fi
grep -q "assertion violated (depth<=2)" broken.out || { cat broken.out; exit 1; }
echo "spin: recursion terminates within depth 2 for every wrapper in the domain"
