#!/usr/bin/env bash
# Differential test of postmulti's command line: every refusal case in cases.txt goes through
# REAL postmulti 3.7 (Debian's package, unpacked by scripts/fetch-postfix, run in a private
# mount namespace with overlay mounts as tests/e2e/sandbox.sh does) and through the model's
# parser (probe.cc: parse_postmulti_command). Both must refuse: exit status 1 and the same
# fatal message (postmulti's, from maillog_file = /dev/stdout: "... postmulti[PID]: fatal: M").
# Cases run in parallel: real Postfix sleeps 1 s after a fatal error. pfmulti's own -j rule is
# checked on the pfmulti binary too ("-j -g -l -p status": -g takes "-l", so the mode is -p).
# Usage: run.sh PROBE PFMULTI_BIN. Exit 77 with "SKIPPED: why" when it cannot run here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
skip() {
  echo "SKIPPED: $*"
  exit 77
}
probe=$1
pfmulti=$2

if [ -z "${PFMULTI_OPTIONS_INNER:-}" ]; then
  [ "$(id -u)" = 0 ] || skip "the real postmulti needs root (private mount namespace, overlays)"
  command -v unshare >/dev/null || skip "unshare(1) is not installed"
  root=${PFMULTI_POSTFIX_ROOT:-}
  [ -n "$root" ] || root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  [ -x "$root/usr/sbin/postmulti" ] || skip "no postmulti in $root"
  unshare -m --propagation private true 2>/dev/null || skip "unshare -m is not permitted here"
  tmp=$(mktemp -d /tmp/pfmulti-options.XXXXXX)
  set +e
  PFMULTI_OPTIONS_INNER=1 T=$tmp R=$root unshare -m --propagation private bash "$0" "$@"
  rc=$?
  set -e
  rm -rf "$tmp"
  exit "$rc"
fi

# --- inside the mount namespace ---
overlay() {  # overlay DIR: DIR writable, changes kept in $T
  local name
  name=$(echo "$1" | tr / _)
  mkdir -p "$T/$name/up" "$T/$name/work"
  mount -t overlay overlay -o "lowerdir=$1,upperdir=$T/$name/up,workdir=$T/$name/work" "$1"
}
overlay /etc
overlay /usr/lib
overlay /usr/sbin
mkdir -p /usr/lib/postfix /etc/postfix
cp -a "$R/usr/lib/postfix/." /usr/lib/postfix/
cp -a "$R"/usr/sbin/post* /usr/sbin/
grep -q '^postfix:' /etc/passwd ||
  echo "postfix:x:2600:2600:postfix:/nonexistent:/usr/sbin/nologin" >>/etc/passwd
grep -q '^postfix:' /etc/group || echo "postfix:x:2600:" >>/etc/group
grep -q '^postdrop:' /etc/group || echo "postdrop:x:2601:" >>/etc/group
# The primary only (no secondaries): every case is refused before an instance is looked at.
printf 'compatibility_level = 3.6\nmaillog_file = /dev/stdout\n' >/etc/postfix/main.cf
unset MAIL_CONFIG

mapfile -t cases < <(grep -v '^#' "$here/cases.txt" | grep -v '^$')
mkdir -p "$T/out"
for i in "${!cases[@]}"; do
  # shellcheck disable=SC2086 # the case is split on spaces on purpose
  (
    set +e
    /usr/sbin/postmulti ${cases[$i]} >"$T/out/$i.real" 2>/dev/null </dev/null
    echo $? >"$T/out/$i.real.rc"
  ) &
done
wait

fail=0
for i in "${!cases[@]}"; do
  real_rc=$(cat "$T/out/$i.real.rc")
  real_msg=$(sed -n 's/^.* postmulti\[[0-9]*\]: fatal: //p' "$T/out/$i.real" | head -n 1)
  set +e
  # shellcheck disable=SC2086
  model_msg=$("$probe" ${cases[$i]})
  model_rc=$?
  set -e
  if [ "$real_rc" != 1 ] || [ "$model_rc" != 1 ] || [ "$real_msg" != "$model_msg" ]; then
    echo "DIFFERS: postmulti ${cases[$i]}"
    echo "  real:  exit $real_rc: $real_msg"
    echo "  model: exit $model_rc: $model_msg"
    fail=1
  fi
done

# pfmulti's extension: -j only with -l, decided from postmulti's reading of the command line.
set +e
err=$("$pfmulti" -j -g -l -p status 2>&1 >/dev/null)
rc=$?
set -e
if [ "$rc" != 1 ] || [ "$err" != "pfmulti: fatal: JSON output available only with '-l'" ]; then
  echo "DIFFERS: pfmulti -j -g -l -p status: exit $rc: $err"
  fail=1
fi

[ "$fail" = 0 ] && echo "postmulti_options: ${#cases[@]} refusals agree with real postmulti"
exit "$fail"
