#!/usr/bin/env bash
# End-to-end test: real Postfix 3.7 (Debian's package, unpacked, never installed) drives a
# multi_instance_wrapper in a private mount, network and pid namespace (tests/e2e/sandbox.sh
# builds the installation: a primary and three secondaries, postfix-b disabled, postfix-a and
# postfix-c in group mta). Real postfix(1) runs `check`, `status`, `start`, `status`, `stop`;
# the test checks exit statuses, which master processes run and listen, the order in which
# instances were started and stopped (one shared maillog file, appended in event order), and that
# the disabled instance was checked (its removed maildrop directory comes back), not started.
#
# Usage: run.sh PFMULTI_BIN MODE
#   MODE pfmulti    multi_instance_wrapper = PFMULTI_BIN -p --
#        wrapper    multi_instance_wrapper = .../postfix-wrapper (a link to PFMULTI_BIN)
#        postmulti  multi_instance_wrapper = ${command_directory}/postmulti -p --  (real
#                   postmulti: the reference run that shows the expectations are Postfix's own)
# Exit 77 with "SKIPPED: why" when it cannot run here (not root, no unshare, no package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"  # skip, require_namespace, overlay, install_postfix_package, ...

pfmulti=$1
mode=$2

if [ -z "${PFMULTI_E2E_INNER:-}" ]; then
  require_namespace "end-to-end test needs root (private mount namespace, postfix(1))" \
    -n -p --fork --mount-proc
  command -v ip >/dev/null && command -v ss >/dev/null ||
    skip "ip(8) and ss(8) are not installed (Debian package iproute2; scripts/setup installs it)"
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  tmp=$(mktemp -d /tmp/pfmulti-e2e.XXXXXX)
  chmod 755 "$tmp"
  set +e
  PFMULTI_E2E_INNER=1 E2E_TMP=$tmp E2E_ROOT=$root \
    unshare -m -n -p --fork --mount-proc --propagation private bash "$0" "$@"
  rc=$?
  set -e
  rm -rf "$tmp"
  exit "$rc"
fi

# --- inside the namespaces ---
tmp=$E2E_TMP
case $mode in
  pfmulti) wrapper="$pfmulti -p --" ;;
  wrapper)
    mkdir -p "$tmp/bin"
    ln -s "$pfmulti" "$tmp/bin/postfix-wrapper"
    wrapper="$tmp/bin/postfix-wrapper"
    ;;
  postmulti) wrapper='${command_directory}/postmulti -p --' ;;
  *)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
bash "$here/sandbox.sh" "$E2E_ROOT" "$wrapper"
log=$tmp/log/maillog
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_eq() {  # expect_eq WHAT GOT WANT
  if [ "$2" = "$3" ]; then echo "ok: $1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
alive() {  # alive PID: the process exists and is not a zombie (no fork: the stop-order watcher
  # polls this every few milliseconds; "PID (COMM) STATE ...", COMM may hold spaces)
  local stat
  case $1 in '' | *[!0-9]*) return 1 ;; esac  # "/proc//stat" would be the system's /proc/stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
master_pid() {  # master_pid TAG: the live master of an instance, or nothing
  local f=$tmp/spool/$1/pid/master.pid pid
  [ -f "$f" ] || return 0
  pid=$(tr -d ' \n' <"$f")
  if [ -n "$pid" ] && alive "$pid" && grep -q master "/proc/$pid/cmdline"; then echo "$pid"; fi
}
running_masters() {
  local t out=""
  for t in postfix postfix-a postfix-b postfix-c; do
    [ -n "$(master_pid "$t")" ] && out="$out $t"
  done
  echo "${out# }"
}
# Instances with a live master, ordered by the master's start time (/proc/PID/stat field 22).
masters_by_start_time() {
  local t p
  for t in postfix postfix-a postfix-b postfix-c; do
    p=$(master_pid "$t")
    [ -n "$p" ] && echo "$(awk '{print $22}' "/proc/$p/stat") $t"
  done | sort -n | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//'
}
# Tags of log lines after line $1 whose text matches $2, in log order, space-separated.
tags_since() {
  tail -n "+$(($1 + 1))" "$log" | grep -- "$2" | sed 's/^.* \([a-z-]*\)\/[a-z-]*\[[0-9]*\]: .*$/\1/' |
    tr '\n' ' ' | sed 's/ $//'
}
# Waits until the maillog stops growing (running instances log through their own postlogd,
# which writes a little later), at most about 10 s.
settle() {
  local prev=-1 cur n=0
  while [ $n -lt 30 ]; do
    cur=$(wc -c <"$log")
    [ "$cur" = "$prev" ] && break
    prev=$cur
    sleep 0.3
    n=$((n + 1))
  done
}
# Waits (at most about 10 s) until $3 log lines after line $1 match $2.
wait_for_lines() {
  local n=0
  while [ $n -lt 100 ] && [ "$(tail -n "+$(($1 + 1))" "$log" | grep -c -- "$2")" -lt "$3" ]; do
    sleep 0.1
    n=$((n + 1))
  done
}
# Runs a postfix(1) command, printing it, its output and its exit status; sets $status, $mark.
postfix_cmd() {
  mark=$(wc -l <"$log")
  echo "\$ postfix $*"
  set +e
  postfix "$@" 2>&1 | sed 's/^/  /'
  status=${PIPESTATUS[0]}
  set -e
  echo "  (exit $status)"
  settle
  tail -n "+$((mark + 1))" "$log" | sed 's/^[A-Z][a-z]* *[0-9]* [0-9:]* /  maillog: /'
}

echo "# mode $mode: multi_instance_wrapper = $wrapper"
echo "\$ postconf -h multi_instance_directories"
postconf -h multi_instance_directories | sed 's/^/  /'

# pfmulti's listing must be postmulti's, byte for byte (real postmulti 3.7 runs here too).
for sel in "" "-g mta" "-i postfix-b" "-i b" "-i -" "-R"; do
  # shellcheck disable=SC2086
  got=$("$pfmulti" -l $sel 2>&1) || true
  # shellcheck disable=SC2086
  want=$(postmulti -l $sel 2>&1) || true
  if [ "$got" = "$want" ]; then
    echo "ok: pfmulti -l $sel prints what postmulti -l $sel prints ($(echo "$want" | grep -c .) lines)"
  else
    fail "pfmulti -l $sel: got '$got', postmulti printed '$want'"
  fi
done
echo "\$ pfmulti -l"
"$pfmulti" -l | sed 's/^/  /'

postfix_cmd check
expect_eq "postfix check exit status" "$status" 0
for t in postfix postfix-a postfix-b postfix-c; do
  [ -d "$tmp/spool/$t/maildrop" ] || fail "postfix check did not create $t's queue directories"
done

postfix_cmd status
expect_eq "postfix status (nothing running) exit status" "$status" 1
expect_eq "status order" "$(tags_since "$mark" 'mail system is not running')" \
  "postfix postfix-a postfix-b postfix-c"

rm -rf "$tmp/spool/postfix-b/maildrop"  # comes back only if postfix-b is checked
postfix_cmd start
expect_eq "postfix start exit status" "$status" 0
expect_eq "masters running after start" "$(running_masters)" "postfix postfix-a postfix-c"
expect_eq "start order (postfix-script)" "$(tags_since "$mark" 'starting the Postfix')" \
  "postfix postfix-a postfix-c"
expect_eq "start order (master processes by start time)" "$(masters_by_start_time)" \
  "postfix postfix-a postfix-c"
[ -d "$tmp/spool/postfix-b/maildrop" ] && echo "ok: disabled postfix-b was checked" ||
  fail "disabled postfix-b was not checked (maildrop not re-created)"
listening=$(ss -ltnH | awk '{print $4}' | sort | tr '\n' ' ' | sed 's/ $//')
expect_eq "listening sockets (loopback only)" "$listening" \
  "127.0.0.1:10025 127.0.0.1:10026 127.0.0.1:10028"

postfix_cmd status
expect_eq "postfix status (postfix-b not running) exit status" "$status" 1
wait_for_lines "$mark" 'mail system is running' 3
expect_eq "running per status (any order: each instance logs through its own postlogd)" \
  "$(tags_since "$mark" 'mail system is running' | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
  "postfix postfix-a postfix-c"

if [ "$mode" = pfmulti ]; then
  echo "\$ pfmulti -n -p stop"
  "$pfmulti" -n -p stop | sed 's/^/  /'
  echo "\$ pfmulti --json -p status"
  json=$("$pfmulti" --json -p status 2>"$tmp/json.err") && json_status=0 || json_status=$?
  echo "$json" | sed 's/^/  /'
  sed 's/^/  stderr: /' "$tmp/json.err"
  expect_eq "pfmulti --json -p status exit status" "$json_status" 1
  expect_eq "JSON outcomes with exit status 1" \
    "$(echo "$json" | grep '"op": "run"' | grep -c '"exit_status": 1,')" 1
  expect_eq "JSON summary" "$(echo "$json" | grep -c '^{"summary": {"exit_status": 1,')" 1
  # R180: stdout is JSON only; each instance's record (R182: named) holds what its postfix
  # printed (nothing with 3.7: its messages go to stderr only on a terminal, to the log always;
  # spec/postfix-facts.md §7, R108); the failed instance is named on stderr (no terminal here).
  expect_eq "every stdout line of --json parses" "$(echo "$json" | python3 -c '
import json, sys
bad = 0
for line in sys.stdin:
    try:
        json.loads(line)
    except ValueError:
        bad += 1
print(bad)')" 0
  expect_eq "every outcome records the child's stdout and stderr, named" \
    "$(echo "$json" | grep '"name": "postfix-[abc]"' | grep -c '"stdout": "", "stderr": ""')" 3
  expect_eq "stderr names the failed instance postfix-b" \
    "$(grep -c '^pfmulti: error: postfix-b (' "$tmp/json.err")" 1
  echo "\$ pfmulti -p status (stderr not a terminal)"
  "$pfmulti" -p status >/dev/null 2>"$tmp/text.err" && text_status=0 || text_status=$?
  expect_eq "pfmulti -p status exit status" "$text_status" 1
  expect_eq "a failing -p status names postfix-b on stderr" \
    "$(grep -c '^pfmulti: error: postfix-b (.*exit status 1' "$tmp/text.err")" 1
fi

# Stop order: a watcher notes each master as it disappears (log lines sent to a dying
# instance's postlogd can be lost, so they cannot tell the order). A master dies a few
# milliseconds after the one stopped before it, so the watcher must not fork (awk, sleep): it
# polls /proc with builtins and waits 2 ms between rounds with `read -t` on a pipe that never
# has data. Two masters found dead in the same round are ambiguous: that fails the check.
watch_exits() {  # watch_exits OUT TAG=PID...
  local out=$1 tp tries=0 nap dead
  shift
  local pending=("$@") next
  exec {nap}<> <(:)
  while [ ${#pending[@]} -gt 0 ] && [ $tries -lt 15000 ]; do
    next=()
    dead=()
    for tp in "${pending[@]}"; do
      if alive "${tp#*=}"; then next+=("$tp"); else dead+=("${tp%%=*}"); fi
    done
    if [ ${#dead[@]} -gt 1 ]; then
      echo "same-round(${dead[*]})" >>"$out"
    elif [ ${#dead[@]} -eq 1 ]; then
      echo "${dead[0]}" >>"$out"
    fi
    pending=("${next[@]+"${next[@]}"}")
    tries=$((tries + 1))
    read -r -t 0.002 -u "$nap" _ || true
  done
  exec {nap}>&-
}
: >"$tmp/exits"
masters_before_stop=("postfix=$(master_pid postfix)" "postfix-a=$(master_pid postfix-a)"
  "postfix-c=$(master_pid postfix-c)")
for tp in "${masters_before_stop[@]}"; do
  [ -n "${tp#*=}" ] || fail "no live master found for ${tp%%=*} before stop (pid file $tmp/spool/${tp%%=*}/pid/master.pid)"
done
watch_exits "$tmp/exits" "${masters_before_stop[@]}" &
watcher=$!
postfix_cmd stop
expect_eq "postfix stop exit status" "$status" 0
wait "$watcher"
expect_eq "stop order (masters by exit)" "$(tr '\n' ' ' <"$tmp/exits" | sed 's/ $//')" \
  "postfix-c postfix-a postfix"
expect_eq "masters left after stop" "$(running_masters)" ""

if [ "$failures" -ne 0 ]; then
  echo "e2e ($mode): $failures check(s) failed"
  for t in postfix postfix-a postfix-b postfix-c; do
    p=$(master_pid "$t")
    [ -n "$p" ] && kill "$p" 2>/dev/null
  done
  exit 1
fi
echo "e2e ($mode): all checks passed"
