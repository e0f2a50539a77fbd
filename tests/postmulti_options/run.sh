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
. "$src/tests/lib/sandbox.sh"  # skip, require_namespace, overlay, install_postfix_package, ...
probe=$1
pfmulti=$2

if [ -z "${PFMULTI_OPTIONS_INNER:-}" ]; then
  require_namespace "the real postmulti needs root (private mount namespace, overlays)"
  root=${PFMULTI_POSTFIX_ROOT:-}
  [ -n "$root" ] || root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  [ -x "$root/usr/sbin/postmulti" ] || skip "no postmulti in $root"
  tmp=$(mktemp -d /tmp/pfmulti-options.XXXXXX)
  set +e
  PFMULTI_OPTIONS_INNER=1 T=$tmp R=$root unshare -m --propagation private bash "$0" "$@"
  rc=$?
  set -e
  rm -rf "$tmp"
  exit "$rc"
fi

# --- inside the mount namespace ---
overlay /etc "$T"
overlay /usr/lib "$T"
overlay /usr/sbin "$T"
install_postfix_package "$R"
mkdir -p /etc/postfix
add_postfix_accounts
# The primary only (no secondaries): every case is refused before an instance is looked at.
printf 'compatibility_level = 3.6\nmaillog_file = /dev/stdout\n' >/etc/postfix/main.cf
unset MAIL_CONFIG

mapfile -t cases < <(grep -v '^#' "$here/cases.txt" | grep -v '^$')
# The words of case i, each with printf %b's escapes (\n, \t, \xHH) decoded.
words_of() {
  local w
  words=()
  # shellcheck disable=SC2086 # the case is split on spaces on purpose
  for w in ${cases[$1]}; do words+=("$(printf '%b' "$w")"); done
}
mkdir -p "$T/out"
for i in "${!cases[@]}"; do
  words_of "$i"
  (
    set +e
    /usr/sbin/postmulti "${words[@]}" >"$T/out/$i.real" 2>/dev/null </dev/null
    echo $? >"$T/out/$i.real.rc"
  ) &
done
wait

fail=0
for i in "${!cases[@]}"; do
  real_rc=$(cat "$T/out/$i.real.rc")
  real_msg=$(sed -n 's/^.* postmulti\[[0-9]*\]: fatal: //p' "$T/out/$i.real" | head -n 1)
  words_of "$i"
  set +e
  model_msg=$("$probe" "${words[@]}")
  model_rc=$?
  set -e
  if [ "$real_rc" != 1 ] || [ "$model_rc" != 1 ] || [ "$real_msg" != "$model_msg" ]; then
    echo "DIFFERS: postmulti ${cases[$i]}"
    echo "  real:  exit $real_rc: $real_msg"
    echo "  model: exit $model_rc: $model_msg"
    fail=1
  fi
done

# pfmulti's extension: -j only with -l, decided from postmulti's reading of the command line
# (a usage error: exit 2, docs/pfmulti.1 EXIT STATUS).
set +e
err=$("$pfmulti" -j -g -l -p status 2>&1 >/dev/null)
rc=$?
set -e
if [ "$rc" != 2 ] || [ "$err" != "pfmulti: fatal: JSON output available only with '-l'" ]; then
  echo "DIFFERS: pfmulti -j -g -l -p status: exit $rc: $err"
  fail=1
fi

[ "$fail" = 0 ] && echo "postmulti_options: ${#cases[@]} refusals agree with real postmulti"
exit "$fail"
