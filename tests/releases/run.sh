#!/usr/bin/env bash
# The release table (model/plan/release.h, spec/rules.md R107-R114, docs/releases.md) checked on
# the real programs of one release: Postfix 3.10 (Debian trixie) or 3.11 (Debian sid), in their
# Debian root (scripts/fetch-postfix-release), chrooted into a private overlay of it in a private
# mount namespace (the cached root is never changed). Each check prints the command it ran and
# PASS or FAIL; the expectation comes from the release's row, so a row that is wrong fails here.
# It also compares pfmulti's `-l -j` with the release's `postmulti -lj` byte for byte (3.11),
# the group repaired from `postmulti -l` (R111).
# Usage: run.sh PFMULTI_BIN 3.10|3.11     Exit 0 all pass, 1 a check failed, 77 SKIPPED.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"

pfmulti=$1
release=$2

if [ -z "${PFMULTI_RELEASES_INNER:-}" ]; then
  require_namespace "the Postfix $release checks need root (chroot into its Debian root)"
  root=$("$src/scripts/fetch-postfix-release" "$release") ||
    skip "no Debian root with Postfix $release (scripts/fetch-postfix-release $release)"
  tmp=$(mktemp -d /tmp/pfmulti-releases.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  set +e
  PFMULTI_RELEASES_INNER=1 RELEASES_ROOT=$root RELEASES_TMP=$tmp \
    unshare -m --propagation private bash "$0" "$pfmulti" "$release"
  rc=$?
  set -e
  exit $rc
fi

# --- inside the namespace ---
tmp=$RELEASES_TMP
r=$tmp/root
mkdir -p "$r" "$tmp/up" "$tmp/work"
mount -t overlay overlay -o "lowerdir=$RELEASES_ROOT,upperdir=$tmp/up,workdir=$tmp/work" "$r"
mount --bind /proc "$r/proc"
mount --bind /dev "$r/dev"
mkdir -p "$r/opt/pfmulti"
cp "$pfmulti" "$r/opt/pfmulti/pfmulti"
for lib in $(ldd "$pfmulti" | sed -n 's/.*=> \(\/[^ ]*libfmt[^ ]*\).*/\1/p'); do
  cp "$lib" "$r/usr/lib/x86_64-linux-gnu/"
done
in_root() { chroot "$r" "$@"; }
version=$(in_root postconf -d -h mail_version)
echo "# Postfix $version in $RELEASES_ROOT"
case $version in "$release" | "$release".*) ;; *) echo "FAIL: root has $version, not $release"; exit 1 ;; esac

failures=0
check() {  # check NAME RULE EXPECTED ACTUAL
  if [ "$3" = "$4" ]; then
    echo "PASS $1 ($2)"
  else
    echo "FAIL $1 ($2)"
    echo "  expected: $(printf '%s' "$3" | od -c | head -5)"
    echo "  actual:   $(printf '%s' "$4" | od -c | head -5)"
    failures=$((failures + 1))
  fi
}
yes_from() { [ "$1" = yes ] && echo yes || echo no; }  # the row's value, as the check compares

# The row of this release, as `pfmulti --postfix-release R` sees it: the facts the model holds.
row() { grep "^$1=" "$tmp/row" | cut -d= -f2; }
case $release in
  3.10) printf 'commas=all\npostfix_stderr=yes\nbare_postconf=yes\npostmulti_stderr=no\nlistjson=no\nmarker=no\nredirect=yes\n' ;;
  3.11) printf 'commas=all\npostfix_stderr=yes\nbare_postconf=yes\npostmulti_stderr=yes\nlistjson=yes\nmarker=yes\nredirect=yes\n' ;;
esac >"$tmp/row"

# A primary and three secondaries (postfix-a enabled in group mta, postfix-b disabled in group
# msa, /etc/postfix-c nameless and groupless), listed with commas only.
in_root sh -c '
  set -e
  postconf -e "multi_instance_wrapper = \${command_directory}/postmulti -p --" \
    multi_instance_enable=yes \
    multi_instance_directories=/etc/postfix-a,/etc/postfix-b,/etc/postfix-c
  for i in a b c; do
    mkdir -p /etc/postfix-$i /var/spool/postfix-$i /var/lib/postfix-$i
    cp /etc/postfix/master.cf /etc/postfix-$i/
    printf "queue_directory = /var/spool/postfix-%s\ndata_directory = /var/lib/postfix-%s\n" $i $i >/etc/postfix-$i/main.cf
  done
  printf "multi_instance_name = postfix-a\nmulti_instance_group = mta\nmulti_instance_enable = yes\n" >>/etc/postfix-a/main.cf
  printf "multi_instance_name = postfix-b\nmulti_instance_group = msa\nmulti_instance_enable = no\n" >>/etc/postfix-b/main.cf
  printf "multi_instance_enable = yes\n" >>/etc/postfix-c/main.cf
  touch -d "-1 minute" /etc/postfix*/main.cf'

# R107: the shipped postfix-wrapper splits every comma (the 3.7 script runs `postfix -c
# /etc/postfix-b,/etc/postfix-c`). Run as postfix(1) runs it, with a recording postfix in its
# command_directory (and the real postconf); pfmulti as postfix-wrapper must run the same.
mkdir -p "$r/opt/rec"
printf '#!/bin/sh\necho "$*" >>/tmp/rec.log\n' >"$r/opt/rec/postfix"
chmod 755 "$r/opt/rec/postfix"
ln -s /usr/sbin/postconf "$r/opt/rec/postconf"
ln -s /opt/pfmulti/pfmulti "$r/opt/pfmulti/postfix-wrapper"
as_postfix_runs() {
  rm -f "$r/tmp/rec.log"
  in_root env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin MAIL_CONFIG=/etc/postfix \
    command_directory=/opt/rec daemon_directory=/usr/lib/postfix/sbin \
    config_directory=/etc/postfix "$@" status >/dev/null 2>&1 || true
  cat "$r/tmp/rec.log" 2>/dev/null
}
want=$(printf -- '-c /etc/postfix status\n-c /etc/postfix-a status\n-c /etc/postfix-b status\n-c /etc/postfix-c status')
[ "$(row commas)" = all ] ||
  want=$(printf -- '-c /etc/postfix status\n-c /etc/postfix-a status\n-c /etc/postfix-b,/etc/postfix-c status')
echo '$ postfix-wrapper status   (as postfix(1) runs it; list /etc/postfix-a,/etc/postfix-b,/etc/postfix-c)'
script=$(as_postfix_runs /usr/lib/postfix/sbin/postfix-wrapper)
check wrapper-splits-every-comma R107 "$want" "$script"
echo '$ pfmulti as postfix-wrapper status'
check pfmulti-wrapper-runs-what-the-script-runs R107 "$script" "$(as_postfix_runs /opt/pfmulti/postfix-wrapper)"
check postfix-script-splits-every-comma R107 1 "$(grep -c "multi_instance_directories | sed 'y/,/ /'" "$r/usr/lib/postfix/sbin/postfix-script")"

# R108: postfix(1) writes its fatal message to stderr when stderr is not a terminal.
echo '$ postfix -c /nonexist status 2>&1 | cat'
out=$(in_root sh -c 'postfix -c /nonexist status 2>&1 | cat')
want=""
[ "$(row postfix_stderr)" = yes ] && want="postfix: fatal: open /nonexist/main.cf: No such file or directory"
check postfix-messages-on-stderr R108 "$want" "$out"
# ... and `status` exits 1 when the instance is not running.
set +e
in_root postfix -c /etc/postfix-a status >/dev/null 2>&1
rc=$?
set -e
check postfix-status-exit-when-stopped R108 1 "$rc"

# R109: postfix-script's status runs a bare postconf: a deprecated parameter is warned about.
in_root postconf -c /etc/postfix-a -e disable_dns_lookups=yes
echo '$ postfix -c /etc/postfix-a status 2>&1 | grep -c disable_dns_lookups'
n=$(in_root sh -c 'postfix -c /etc/postfix-a status 2>&1 | grep -c "parameter \"disable_dns_lookups\" will be removed"' || true)
[ "$n" -gt 0 ] && n=yes || n=no
check postfix-script-bare-postconf R109 "$(yes_from "$(row bare_postconf)")" "$n"
in_root postconf -c /etc/postfix-a -X disable_dns_lookups

# R110: postmulti writes its fatal message to stderr when stderr is not a terminal.
echo '$ postmulti -p -g nosuch status 2>&1 | cat'
out=$(in_root sh -c 'postmulti -p -g nosuch status 2>&1 | cat')
want=""
[ "$(row postmulti_stderr)" = yes ] && want="postmulti: fatal: No matching instances"
check postmulti-messages-on-stderr R110 "$want" "$out"

# R111: postmulti -lj; pfmulti -l -j equals it byte for byte, the group whole.
echo '$ postmulti -lj'
real=$(in_root sh -c 'postmulti -lj 2>&1 | head -1; postmulti -lj 2>/dev/null | tail -n +2' || true)
if [ "$(row listjson)" = no ]; then
  check postmulti-refuses-j R111 "postmulti: invalid option -- 'j'" "$real"
else
  # The group as postmulti -l prints it (second column), put back into each -lj line.
  groups=$(in_root postmulti -l | awk '{print $2}')
  repaired=$(paste -d'\t' <(printf '%s\n' "$groups") <(printf '%s\n' "$real") |
    awk -F'\t' '{ g = $1; line = $2; sub(/"group": "[^"]*"/, "\"group\": \"" g "\"", line); print line }')
  # mta and msa both come out as "m" (3.11.7).
  cut=$(printf '%s\n' "$real" | grep -c '"group": "m",' || true)
  printf '%s\n' "$real" | sed 's/^/#   real: /'
  check postmulti-lj-cuts-the-group R111 2 "$cut"
  echo '$ pfmulti -l -j   (against postmulti -lj, group repaired from postmulti -l)'
  ours=$(in_root /opt/pfmulti/pfmulti -l -j)
  check pfmulti-lj-equals-postmulti-lj R111 "$repaired" "$ours"
  check pfmulti-lj-group-whole R111 1 "$(printf '%s\n' "$ours" | grep -c '"group": "mta",')"
  printf '%s\n' "$ours" | sed 's/^/#   /'
fi

# R112: `postfix check` writes check-alias-maps-migration-done, only with
# non_bdb_migration_level = enable-reindex (3.11.1 and later).
marker=/etc/postfix-a/check-alias-maps-migration-done
in_root postfix -c /etc/postfix-a check >/dev/null 2>&1 || true
check marker-not-by-default R112 no "$([ -e "$r$marker" ] && echo yes || echo no)"
if [ "$(row marker)" = yes ]; then
  in_root postconf -c /etc/postfix-a -e non_bdb_migration_level=enable-reindex
fi
echo '$ postfix -c /etc/postfix-a check   (non_bdb_migration_level = enable-reindex on 3.11)'
in_root postfix -c /etc/postfix-a check >/dev/null 2>&1 || true
check marker-with-enable-reindex R112 "$(yes_from "$(row marker)")" "$([ -e "$r$marker" ] && echo yes || echo no)"

# R113: Debian's postfix-script hands `postfix start` run outside systemd (/run/systemd/system
# present, no INVOCATION_ID) to `systemctl start` of postfix@X.service for /etc/postfix-X. A
# recording systemctl stands in (no systemd runs here); systemd-escape is the real one where the
# root has it (sid), else a stub for the two forms the script asks for (trixie's minbase root).
# (postfix(1) resets PATH to /bin:/usr/bin:/sbin:/usr/sbin: the stand-ins go to /usr/bin, in the
# overlay only.)
mkdir -p "$r/run/systemd/system"
printf '#!/bin/sh\necho "systemctl $*" >>/tmp/systemctl.log\n' >"$tmp/systemctl"
chmod 755 "$tmp/systemctl"
cp "$tmp/systemctl" "$r/usr/bin/systemctl"
if [ ! -x "$r/usr/bin/systemd-escape" ]; then
  printf '#!/bin/sh\n[ "$1" = -p ] && shift\nprintf "%%s\\n" "$1" | sed -e "s|^/||" -e "s|-|\\\\\\\\x2d|g" -e "s|/|-|g"\n' \
    >"$r/usr/bin/systemd-escape"
  chmod 755 "$r/usr/bin/systemd-escape"
fi
echo '$ env -u INVOCATION_ID postfix -c /etc/postfix-a start'
in_root env -u INVOCATION_ID postfix -c /etc/postfix-a start >/dev/null 2>&1 || true
want=""
[ "$(row redirect)" = yes ] && want="systemctl start postfix@a.service"
check debian-start-redirects-to-systemd R113 "$want" "$(cat "$r/tmp/systemctl.log" 2>/dev/null)"

# R114: pfmulti learns the release from postconf's built-in mail_version when its profile
# depends on it: postfix-wrapper-strict then runs what this release's script runs.
echo '$ pfmulti as postfix-wrapper --profile postfix-wrapper-strict status   (no --postfix-release)'
check pfmulti-learns-the-release R114 "$script" \
  "$(as_postfix_runs /opt/pfmulti/postfix-wrapper --profile postfix-wrapper-strict)"
echo '$ pfmulti as postfix-wrapper --profile postfix-wrapper-strict --postfix-release 3.7 status'
check pfmulti-strict-3.7-keeps-the-first-comma-bug R51 \
  "$(printf -- '-c /etc/postfix status\n-c /etc/postfix-a status\n-c /etc/postfix-b,/etc/postfix-c status')" \
  "$(as_postfix_runs /opt/pfmulti/postfix-wrapper --profile postfix-wrapper-strict --postfix-release 3.7)"

if [ "$failures" -ne 0 ]; then
  echo "releases $release: $failures check(s) failed"
  exit 1
fi
echo "releases $release: all checks passed"
