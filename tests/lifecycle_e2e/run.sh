#!/usr/bin/env bash
# Life-cycle end-to-end test: `pfmulti -e ACTION` against real Postfix 3.7 (Debian's package,
# unpacked by scripts/fetch-postfix, never installed) in a private mount namespace, with real
# postmulti(1) as the reference.
#
# The same sequence (init; create two; enable; disable; assign; deport; import; destroy both)
# runs twice, each time in a fresh sandbox: once with pfmulti -e, once with postmulti -e. After
# every step, in both runs, `pfmulti -l` must print what real `postmulti -l` prints, and the
# state (real `postconf -n` of every instance, the instances' files and directories) is saved.
# Afterwards the two runs must agree step by step: the same settings in every main.cf (the
# multi_instance_wrapper value aside), the same files, directories and modes.
# Bad inputs (the issue's list, plus a read-only /etc/postfix) must fail with one line, a
# non-zero exit status, and a tree that is byte for byte unchanged; pfmulti's message is
# compared with postmulti's.
#
# Usage: run.sh PFMULTI_BIN [TRANSCRIPT_FILE]
# Exit 77 with "SKIPPED: why" when it cannot run here (not root, no unshare, no package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"  # skip, require_namespace, overlay, install_postfix_package, ...
pfmulti=$1

if [ -z "${LC_E2E_TOOL:-}" ]; then
  require_namespace "life-cycle end-to-end test needs root (mount namespace, postfix)"
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  tmp=$(mktemp -d /tmp/pfmulti-lifecycle-e2e.XXXXXX)
  chmod 755 "$tmp"
  trap 'rm -rf "$tmp"' EXIT
  failures=0
  for tool in pfmulti postmulti; do
    mkdir -p "$tmp/$tool"
    chmod 755 "$tmp/$tool"
    set +e
    LC_E2E_TOOL=$tool LC_TMP=$tmp/$tool LC_ROOT=$root \
      unshare -m --propagation private bash "$0" "$@" >"$tmp/$tool/transcript" 2>&1
    rc=$?
    set -e
    echo "===== run with $tool -e (exit $rc) ====="
    cat "$tmp/$tool/transcript"
    [ "$rc" = 0 ] || failures=$((failures + 1))
  done
  [ -n "${2:-}" ] && cp "$tmp/pfmulti/transcript" "$2"
  echo "===== pfmulti -e against postmulti -e, step by step ====="
  for f in "$tmp"/postmulti/state-* "$tmp"/postmulti/file-* "$tmp"/postmulti/bad-*; do
    name=$(basename "$f")
    if diff -u "$f" "$tmp/pfmulti/$name" >"$tmp/diff" 2>&1; then
      echo "ok: $name: same as with postmulti"
    else
      echo "FAIL: $name differs (--- postmulti, +++ pfmulti):"
      cat "$tmp/diff"
      failures=$((failures + 1))
    fi
  done
  if [ "$failures" -ne 0 ]; then
    echo "lifecycle e2e: $failures failure(s)"
    exit 1
  fi
  echo "lifecycle e2e: all checks passed"
  exit 0
fi

# --- inside the mount namespace: one run with LC_E2E_TOOL ---
tool=$LC_E2E_TOOL
tmp=$LC_TMP
root=$LC_ROOT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

overlay /etc "$tmp/overlay"
overlay /usr/lib "$tmp/overlay"
overlay /usr/sbin "$tmp/overlay"
rm -rf /etc/postfix /etc/postfix-*
install_postfix_package "$root"
mkdir -p /etc/postfix
cp -a "$root"/etc/postfix/. /etc/postfix/
cp "$root/usr/share/postfix/dynamicmaps.cf" /etc/postfix/dynamicmaps.cf
cp "$root/usr/share/postfix/main.cf.dist" /etc/postfix/main.cf.proto
cp "$root/usr/share/postfix/master.cf.dist" /etc/postfix/master.cf.proto
add_postfix_accounts
mkdir -p "$tmp/spool/postfix" "$tmp/lib/postfix"
chown postfix "$tmp/lib/postfix"
# The primary: comments, a continuation, an unknown parameter with an odd byte, CRLF: all of
# it must survive the edits. Postfix programs log to stdout (their errors would vanish into
# syslog otherwise).
printf '%s\n' \
  "# The primary instance of the life-cycle test." \
  "compatibility_level = 3.6" \
  "myhostname = lifecycle.pfmulti.test" \
  "mydestination =" \
  "inet_interfaces = loopback-only" \
  "inet_protocols = ipv4" \
  "" \
  "# a comment that must survive" \
  "smtpd_banner = \$myhostname ESMTP" \
  "    (life-cycle test)" \
  "queue_directory = $tmp/spool/postfix" \
  "data_directory = $tmp/lib/postfix" \
  "maillog_file = /dev/stdout" >/etc/postfix/main.cf
printf 'relay_domains = x\200y\r\n' >>/etc/postfix/main.cf
cp "$root/usr/share/postfix/master.cf.dist" /etc/postfix/master.cf
primary_before=$(cat /etc/postfix/main.cf)

if [ "$tool" = pfmulti ]; then run_tool=$pfmulti; else run_tool=postmulti; fi

# The instances' state: settings as real postconf -n reads them, files and directories.
instance_dirs() {
  { echo /etc/postfix; ls -d /etc/postfix-* 2>/dev/null || true; } | sort -u
}
dump_state() {  # dump_state FILE
  local d
  {
    echo "## postmulti -l"
    postmulti -l 2>&1 || true
    for d in $(instance_dirs); do
      echo "## postconf -n -c $d"
      # The wrapper is the one setting that must differ (pfmulti vs postmulti).
      postconf -n -c "$d" 2>/dev/null | grep -a -v '^multi_instance_wrapper = ' || true
    done
    echo "## files"
    find /etc/postfix-* "$tmp/spool" "$tmp/lib" -path "$tmp/spool/postfix" -prune -o \
      -path "$tmp/lib/postfix" -prune -o -printf '%p %y %m %u\n' 2>/dev/null | sort || true
  } | sed "s|$tmp|TMP|g"
}
# Everything the instances consist of, for "nothing changed" checks.
tree_digest() {
  {
    find /etc/postfix /etc/postfix-* "$tmp/spool" "$tmp/lib" -printf '%p %y %m %u %g %s\n' \
      2>/dev/null | sort
    find /etc/postfix /etc/postfix-* -type f -print0 2>/dev/null | sort -z |
      xargs -0 sha256sum
  } | sha256sum | cut -c1-64
}
listings_agree() {
  local got want
  got=$("$pfmulti" -l 2>&1) || true
  want=$(postmulti -l 2>&1) || true
  if [ "$got" = "$want" ]; then
    echo "  ok: pfmulti -l = postmulti -l:"
    echo "$got" | sed 's/^/    /'
  else
    fail "pfmulti -l differs from postmulti -l"
    echo "    pfmulti -l:"
    echo "$got" | sed 's/^/      /'
    echo "    postmulti -l:"
    echo "$want" | sed 's/^/      /'
  fi
}
n=0
step() {  # step ARGS...: one life-cycle action with the tool under test
  n=$((n + 1))
  echo "\$ $tool $*"
  set +e
  "$run_tool" "$@" 2>&1 | sed 's/^/  /'
  local rc=${PIPESTATUS[0]}
  set -e
  echo "  (exit $rc)"
  [ "$rc" = 0 ] || fail "$tool $* exited $rc"
  listings_agree
  dump_state >"$tmp/state-$(printf %02d $n)"
  local d
  # The instances' own files, as sorted lines: postconf 3.7 appends new parameters in the order
  # of its (randomly seeded) hash table, which changes from run to run; pfmulti appends them in
  # name order (as later postconf versions do). Every line must be the same.
  local d f
  for d in $(instance_dirs); do
    [ "$d" = /etc/postfix ] && continue
    for f in main.cf master.cf; do
      [ -f "$d/$f" ] || continue
      sed "s|$tmp|TMP|g" "$d/$f" | LC_ALL=C sort >"$tmp/file-$(printf %02d $n)-$(basename "$d")-$f"
    done
  done
}
bad=0
bad_input() {  # bad_input ARGS...: must fail with one line and change nothing
  bad=$((bad + 1))
  bad_tag=bad-$(printf %02d $bad)
  bad_input_as "$@"
}
bad_input_as() {
  local before after out rc lines
  before=$(tree_digest)
  set +e
  out=$("$run_tool" "$@" 2>&1)
  rc=$?
  set -e
  after=$(tree_digest)
  lines=$(printf '%s\n' "$out" | wc -l)
  echo "\$ $tool $*"
  echo "$out" | sed 's/^/  /'
  echo "  (exit $rc)"
  [ "$rc" != 0 ] || fail "$tool $* succeeded"
  if [ "$lines" != 1 ]; then
    if [ "$tool" = pfmulti ]; then fail "pfmulti $* printed $lines lines"; else
      echo "  note: postmulti $* printed $lines lines"; fi
  fi
  if [ "$before" = "$after" ]; then
    echo "  ok: tree unchanged"
  elif [ "$tool" = pfmulti ]; then
    fail "pfmulti $* changed the tree"
  else
    echo "  note: postmulti $* changed the tree"
  fi
  # The message without the program name, for comparison with the other run.
  echo "$out" | sed -e 's/^.*: fatal: //' -e "s|$tmp|TMP|g" >"$tmp/$bad_tag"
}

echo "# life-cycle with $tool -e; primary main.cf has comments, a continuation, odd bytes"
step -e init
step -I postfix-a -G mta -e create
step -I postfix-b -e create
step -i postfix-a -e enable

bad_input -e frobnicate
bad_input -e destroy
bad_input -i - -e destroy
bad_input -i postfix-a -e destroy
bad_input -I mybox -e create
bad_input -I postfix-a -e create config_directory=/etc/postfix-z
bad_input -I postfix-z -e create queue_directory="$tmp/spool/postfix-a"
bad_input -I postfix-z -e create config_directory=etc/postfix-z
bad_input -I postfix-z -e create config_directory=/
# A read-only /etc/postfix.
mount --bind /etc/postfix /etc/postfix
mount -o remount,ro,bind /etc/postfix
bad_tag=readonly  # messages differ (pfmulti stops at its lock; postmulti gets further)
bad_input_as -I postfix-z -e create
umount /etc/postfix
if [ "$tool" = postmulti ]; then
  # postmulti made a half instance before it failed: remove it so that both runs go on alike.
  echo "  postmulti left: $(ls -d /etc/postfix-z "$tmp"/*/postfix-z 2>/dev/null | sed "s|$tmp|TMP|g" | tr '\n' ' ')"
  rm -rf /etc/postfix-z "$tmp/spool/postfix-z" "$tmp/lib/postfix-z"
fi

step -i postfix-a -e disable
step -i postfix-a -I postfix-x -G - -e assign
step -i postfix-b -e deport
step -e import config_directory=/etc/postfix-b
step -i postfix-b -e destroy
step -i postfix-x -e destroy

# Only the life-cycle settings changed in the primary; the rest is byte for byte as it was.
echo "\$ diff (primary main.cf before) (after)"
diff <(echo "$primary_before") /etc/postfix/main.cf | sed 's/^/  /' || true
kept=$(diff <(echo "$primary_before") /etc/postfix/main.cf | grep '^<' || true)
[ -z "$kept" ] || fail "lines of the primary main.cf were lost: $kept"
for i in postfix-a postfix-b postfix-x; do
  [ -e "/etc/$i" ] && fail "/etc/$i is left behind"
  [ -e "$tmp/spool/$i" ] && fail "$tmp/spool/$i is left behind"
  [ -e "$tmp/lib/$i" ] && fail "$tmp/lib/$i is left behind"
done

if [ "$failures" -ne 0 ]; then
  echo "run with $tool: $failures check(s) failed"
  exit 1
fi
echo "run with $tool: all checks passed"
