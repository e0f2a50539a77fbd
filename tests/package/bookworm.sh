#!/usr/bin/env bash
# The Debian package in a clean Debian 12 with Postfix installed (docs/packaging.md,
# spec/rules.md R150, R151): the bookworm root of scripts/fetch-postfix-release (mmdebstrap,
# cached outside the clone), under a private copy-on-write overlay in a private mount and PID
# namespace (the cached root is never changed; every process started here dies with the
# namespace). `apt-get install ./pfmulti_*.deb` installs it with its Depends; no file of it is
# one of the postfix package's (dpkg -L, /lib and /usr/lib taken as one); pfmulti -e creates
# two secondary instances; with multi_instance_wrapper = /usr/lib/pfmulti/postfix-wrapper, real
# `postfix start` starts the primary and the enabled instance, not the disabled one, and
# `postfix stop` stops them (postfix runs in a network namespace of its own, loopback only).
# `apt-get purge pfmulti` removes every file, leaves the postfix package intact (dpkg --verify)
# and sets the wrapper back to Postfix's own postfix-wrapper, which then starts and stops the
# same instances. Then the other form: /usr/sbin/pfmulti -p -- is set back to postmulti -p --
# (which starts and stops them), and a value that only resembles pfmulti's is left alone.
# Usage: bookworm.sh SOURCE_DIR DEB     Exit 0 all pass, 1 a check failed, 77 SKIPPED.
set -euo pipefail
src=$(cd "$1" && pwd)
. "$src/tests/lib/sandbox.sh"
deb=$2

if [ -z "${PFMULTI_PKG_INNER:-}" ]; then
  require_namespace "the package test needs root (chroot, apt-get, postfix(1))" -p --fork --mount-proc
  unshare -n true 2>/dev/null || skip "unshare -n is not permitted here"
  command -v ip >/dev/null || skip "ip(8) is not installed (Debian package iproute2; scripts/setup installs it)"
  [ -f "$deb" ] || { echo "FAIL: no package $deb (ctest package.deb builds it)"; exit 1; }
  root=$("$src/scripts/fetch-postfix-release" 3.7) ||
    skip "no Debian 12 root with postfix (scripts/fetch-postfix-release 3.7)"
  tmp=$(mktemp -d /tmp/pfmulti-package.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  set +e
  PFMULTI_PKG_INNER=1 PKG_ROOT=$root PKG_TMP=$tmp \
    unshare -m -p --fork --mount-proc --propagation private bash "$0" "$@"
  rc=$?
  set -e
  exit $rc
fi

# --- inside the namespaces ---
tmp=$PKG_TMP
r=$tmp/root
mkdir -p "$r" "$tmp/up" "$tmp/work"
mount -t overlay overlay -o "lowerdir=$PKG_ROOT,upperdir=$tmp/up,workdir=$tmp/work" "$r"
mount --bind /proc "$r/proc"
mount --rbind /dev "$r/dev"
cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$r/tmp/"
pkg=/tmp/$(basename "$deb")
in_root() { chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
# Postfix runs with loopback only: a network namespace of its own (lo up), entered per command;
# the masters it starts stay in theirs.
offline() { unshare -n sh -c 'ip link set lo up && exec "$@"' _ chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1: $2"; else fail "$1: got '$2', want '$3'"; fi; }
run() {  # run CMD...: prints it and its output, sets $status
  echo "\$ $*"
  set +e
  "$@" >"$tmp/out" 2>&1
  status=$?
  set -e
  sed 's/^/  /' "$tmp/out"
  echo "  (exit $status)"
}

echo "# Postfix $(in_root postconf -d -h mail_version) in $PKG_ROOT"
run in_root apt-get update -qq
# Without the mirror the package's Depends cannot be installed: that is no result.
[ "$status" = 0 ] && ! grep -q '^[WE]: ' "$tmp/out" ||
  skip "apt-get update in the Debian 12 root cannot reach its mirror (the network is needed)"
run in_root sh -c 'cd /tmp && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$1"' _ "${pkg#/tmp/}"
expect_eq "apt-get install ./$(basename "$deb") exit status" "$status" 0
expect_eq "pfmulti installed" "$(in_root dpkg-query -W -f='${Status}' pfmulti)" "install ok installed"

[ -n "${PKG_EXPLORE:-}" ] && { chroot "$r" bash -i; exit 0; }

# Nothing of pfmulti is a file of the postfix package (merged /usr: /lib/X is /usr/lib/X).
files_of() { in_root dpkg -L "$1" | while read -r p; do [ -d "$r$p" ] || echo "${p#/usr}"; done | sort -u; }
ours=$(files_of pfmulti)
theirs=$(files_of postfix)
expect_eq "files of pfmulti that the postfix package also ships" "$(comm -12 <(echo "$ours") <(echo "$theirs") | tr '\n' ' ')" ""
expect_eq "dpkg -S /usr/lib/postfix/sbin/postfix-wrapper" "$(in_root dpkg -S /usr/lib/postfix/sbin/postfix-wrapper)" \
  "postfix: /usr/lib/postfix/sbin/postfix-wrapper"
expect_eq "dpkg --verify postfix after the install" "$(in_root dpkg --verify postfix)" ""
installed_paths=$(in_root dpkg -L pfmulti | grep -v '^/\.$')

# Instances, made with the installed pfmulti: postfix-a enabled (group mta), postfix-b disabled.
for cmd in "-e init" "-e create -I postfix-a -G mta" "-e create -I postfix-b" "-e enable -i postfix-a"; do
  # shellcheck disable=SC2086
  run in_root pfmulti $cmd
  expect_eq "pfmulti $cmd exit status" "$status" 0
done
run in_root pfmulti -l

alive_master() {  # alive_master QUEUE_DIR: a live master's pid file there
  local pid
  [ -f "$r$1/pid/master.pid" ] || return 1
  pid=$(tr -d ' \n' <"$r$1/pid/master.pid")
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = master ]
}
masters() {  # the instances with a live master
  local out="" q
  for q in postfix postfix-a postfix-b; do alive_master "/var/spool/$q" && out="$out $q"; done
  echo "${out# }"
}
# start_stop WRAPPER_DESCRIPTION: postfix start, the masters, postfix stop, none left.
start_stop() {
  run offline postfix start
  expect_eq "$1: postfix start exit status" "$status" 0
  expect_eq "$1: masters after postfix start (postfix-b disabled)" "$(masters)" "postfix postfix-a"
  run offline postfix stop
  expect_eq "$1: postfix stop exit status" "$status" 0
  local n=0
  while [ -n "$(masters)" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  expect_eq "$1: masters after postfix stop" "$(masters)" ""
}
wrapper() { in_root postconf -h multi_instance_wrapper; }

# 1. pfmulti's drop-in link as the wrapper; purge sets Postfix's postfix-wrapper back.
run in_root postconf -e "multi_instance_wrapper = /usr/lib/pfmulti/postfix-wrapper"
start_stop "multi_instance_wrapper = /usr/lib/pfmulti/postfix-wrapper"
run in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq pfmulti
expect_eq "apt-get purge pfmulti exit status" "$status" 0
expect_eq "postrm says what it set" \
  "$(grep -c "pfmulti postrm: multi_instance_wrapper named pfmulti (/usr/lib/pfmulti/postfix-wrapper); set back to Postfix's own: \${daemon_directory}/postfix-wrapper" "$tmp/out")" 1
expect_eq "multi_instance_wrapper after the purge" "$(wrapper)" '${daemon_directory}/postfix-wrapper'
expect_eq "pfmulti in dpkg's database after the purge" \
  "$(in_root dpkg-query -W pfmulti >/dev/null 2>&1 && echo known || echo unknown)" unknown
# Left behind: a file or link of the package, or a directory of it that is now empty (one that
# still holds other packages' files, /usr/lib/systemd/system through the /lib alias for one,
# is shared and rightly kept by dpkg).
left=$(for p in $installed_paths; do
  if [ -L "$r$p" ] || { [ -e "$r$p" ] && [ ! -d "$r$p" ]; }; then echo "$p"
  elif [ -d "$r$p" ] && [ -z "$(ls -A "$r$p")" ]; then echo "$p"; fi; done)
expect_eq "pfmulti's paths left after the purge" "$(echo $left)" ""
expect_eq "dpkg --verify postfix after the purge" "$(in_root dpkg --verify postfix)" ""
start_stop "after the purge, Postfix's own \${daemon_directory}/postfix-wrapper"

# 2. pfmulti -p -- as pfmulti -e init writes it; dpkg -r sets postmulti -p -- back.
run in_root dpkg -i "$pkg"
expect_eq "dpkg -i exit status" "$status" 0
run in_root postconf -e 'multi_instance_wrapper = ${command_directory}/pfmulti -p --'
start_stop 'multi_instance_wrapper = ${command_directory}/pfmulti -p --'
run in_root dpkg -r pfmulti
expect_eq "dpkg -r pfmulti exit status" "$status" 0
expect_eq "multi_instance_wrapper after dpkg -r" "$(wrapper)" '${command_directory}/postmulti -p --'
run in_root dpkg --purge pfmulti
expect_eq "multi_instance_wrapper after dpkg --purge" "$(wrapper)" '${command_directory}/postmulti -p --'
start_stop 'after the removal, Postfix'"'"'s own ${command_directory}/postmulti -p --'

# 3. A wrapper that only resembles pfmulti's is not pfmulti's: left alone.
run in_root dpkg -i "$pkg"
for other in "/usr/local/sbin/pfmulti -p --" "/usr/lib/pfmulti/postfix-wrapper.local" "/usr/sbin/pfmulti2 -p --"; do
  in_root postconf -e "multi_instance_wrapper = $other"
  run in_root dpkg -r pfmulti
  expect_eq "multi_instance_wrapper '$other' after dpkg -r" "$(wrapper)" "$other"
  run in_root dpkg -i "$pkg"
done

if [ "$failures" -ne 0 ]; then
  echo "package.bookworm: $failures check(s) failed"
  exit 1
fi
echo "package.bookworm: all checks passed"
