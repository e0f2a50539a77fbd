#!/usr/bin/env bash
# End-to-end test of `pfmulti start-fg` (issue 16 part 2; spec/postfix-facts.md §12; rules.md
# R140-R147) with real Postfix 3.7 masters, pfmulti as PID 1 of a PID + mount namespace, as in a
# container. tests/e2e/sandbox.sh builds the installation (the primary, postfix-a and postfix-c
# enabled, postfix-b disabled); every instance logs to /dev/stdout (maillog_file), pfmulti's
# standard output is a pipe read by this script. From outside the namespace the script checks,
# with ps and real `postfix status` run inside it (nsenter): the three enabled masters run as
# children of PID 1 (pfmulti), postfix-b does not run and was checked (its removed maildrop
# directory is back); two orphans pushed into the namespace are reaped (no zombie in /proc). Then:
#   MODE sigterm   pfmulti started as `pfmulti start-fg`; SIGTERM to it: every master stopped,
#                  secondaries first, primary last, exit 0 within 10 s;
#   MODE kill9     pfmulti started as `postfix start-fg` (postfix(1) hands start-fg to
#                  multi_instance_wrapper = pfmulti -p --); kill -9 of postfix-a's master: the
#                  others are stopped, pfmulti exits non-zero within 10 s.
# Usage: start_fg.sh PFMULTI_BIN MODE. Exit 77 with "SKIPPED: why" when it cannot run here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"

pfmulti=$1
mode=$2

if [ -n "${PFMULTI_E2E_INNER:-}" ]; then
  # --- inside the namespaces: PID 1 until the exec below makes pfmulti PID 1 ---
  tmp=$E2E_TMP
  bash "$here/sandbox.sh" "$E2E_ROOT" "$pfmulti -p --" >/dev/null
  for d in /etc/postfix /etc/postfix-a /etc/postfix-b /etc/postfix-c; do
    sed -i -e 's|^maillog_file = .*|maillog_file = /dev/stdout|' -e '/^maillog_file_prefixes/d' \
      "$d/main.cf"
  done
  postfix -c /etc/postfix-b check >/dev/null 2>&1  # the queue directories exist ...
  rm -rf "$tmp/spool/postfix-b/maildrop"           # ... but the disabled one's maildrop goes
  : >"$tmp/ready"
  case $mode in
    sigterm) exec "$pfmulti" start-fg ;;
    kill9) exec postfix start-fg ;;
  esac
  exit 2
fi

require_namespace "start-fg end-to-end test needs root (PID and mount namespace)" \
  -n -p --fork --mount-proc
command -v nsenter >/dev/null || skip "nsenter(1) is not installed (util-linux)"
command -v ps >/dev/null || skip "ps(1) is not installed (procps)"
root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
tmp=$(mktemp -d /tmp/pfmulti-start-fg.XXXXXX)
chmod 755 "$tmp"
mkfifo "$tmp/stdout.fifo"
cat "$tmp/stdout.fifo" >"$tmp/stdout" &
reader=$!
PFMULTI_E2E_INNER=1 E2E_TMP=$tmp E2E_ROOT=$root \
  unshare -m -n -p --fork --mount-proc --propagation private bash "$0" "$@" \
  </dev/null >"$tmp/stdout.fifo" 2>"$tmp/stderr" &
outer=$!
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
ok() { echo "ok: $*"; }
finish() {
  if kill -0 "$outer" 2>/dev/null; then
    [ -n "${init:-}" ] && kill -9 "$init" 2>/dev/null
    wait "$outer" 2>/dev/null || true
  fi
  wait "$reader" 2>/dev/null || true
  echo "--- pfmulti's standard error:"
  cat "$tmp/stderr"
  echo "--- standard output (the instances' logs):"
  cat "$tmp/stdout"
  rm -rf "$tmp"
  [ "$failures" = 0 ] && echo "PASS: start-fg $mode" || echo "FAILED: $failures check(s)"
  [ "$failures" = 0 ]
}
in_ns() { nsenter -t "$init" -m -p -- "$@"; }

# The namespace's PID 1, as this (outer) namespace numbers it.
init=
for _ in $(seq 100); do
  init=$(cat "/proc/$outer/task/$outer/children" 2>/dev/null | awk '{print $1}')
  [ -n "$init" ] && break
  sleep 0.1
done
[ -n "$init" ] || { fail "no namespace PID 1"; finish; exit 1; }

# Up: three masters, children of PID 1 (pfmulti).
up=0
for _ in $(seq 300); do
  if [ -f "$tmp/ready" ]; then
    n=$(in_ns ps -e -o ppid=,comm= 2>/dev/null | awk '$1 == 1 && $2 == "master"' | wc -l)
    [ "$n" = 3 ] && up=1 && break
  fi
  kill -0 "$outer" 2>/dev/null || break
  sleep 0.1
done
[ $up = 1 ] || { fail "the three enabled masters did not come up"; finish; exit 1; }
sleep 0.5  # the masters' first log lines
comm1=$(in_ns ps -o comm= -p 1)
[ "$comm1" = pfmulti ] && ok "PID 1 is pfmulti" || fail "PID 1 is '$comm1', not pfmulti"
for d in /etc/postfix /etc/postfix-a /etc/postfix-c; do
  in_ns postfix -c "$d" status >/dev/null 2>&1 && ok "$d runs (postfix status)" ||
    fail "$d: postfix status says not running"
done
in_ns postfix -c /etc/postfix-b status >/dev/null 2>&1 && fail "/etc/postfix-b (disabled) runs" ||
  ok "/etc/postfix-b (disabled) does not run"
[ -d "$tmp/spool/postfix-b/maildrop" ] && ok "/etc/postfix-b was checked (maildrop is back)" ||
  fail "/etc/postfix-b was not checked"
grep -q 'postfix-a/master\[[0-9]*\]: daemon started' "$tmp/stdout" &&
  ok "the masters log on pfmulti's standard output" || fail "no master log line on stdout"

# Orphans: their parent exits at once, so they become PID 1's children; pfmulti must reap them.
in_ns sh -c 'sleep 0.3 & sleep 0.3 & exit 0'
sleep 1.5
zombies=$(in_ns ps -e -o stat=,pid=,comm= | awk '$1 ~ /^Z/' || true)
[ -z "$zombies" ] && ok "no zombie in the namespace" || fail "zombies: $zombies"

t0=$(date +%s%N)
case $mode in
  sigterm)
    kill -TERM "$init"
    ;;
  kill9)
    pid=$(tr -d ' ' <"$tmp/spool/postfix-a/pid/master.pid")
    in_ns kill -9 "$pid"
    ;;
esac
ended=0
for _ in $(seq 100); do
  kill -0 "$outer" 2>/dev/null || { ended=1 && break; }
  sleep 0.1
done
set +e
wait "$outer"
rc=$?
set -e
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ended = 1 ] && ok "pfmulti ended after $ms ms" || fail "pfmulti still runs 10 s later"
stopped=$(sed -n 's/^pfmulti: \(.*\): master stopped.*/\1/p' "$tmp/stderr" | tr '\n' ' ')
case $mode in
  sigterm)
    [ "$rc" = 0 ] && ok "exit status 0" || fail "exit status $rc, want 0"
    want="/etc/postfix-c /etc/postfix-a /etc/postfix "
    ;;
  kill9)
    [ "$rc" != 0 ] && ok "exit status $rc (non-zero)" || fail "exit status 0, want non-zero"
    grep -q '^pfmulti: error: /etc/postfix-a: the master ended unexpectedly (killed by SIGKILL)' \
      "$tmp/stderr" && ok "the dead master is named" || fail "the dead master is not named"
    want="/etc/postfix-c /etc/postfix "
    ;;
esac
[ "$stopped" = "$want" ] && ok "stopped in order: $stopped" || fail "stopped: '$stopped', want '$want'"
finish
