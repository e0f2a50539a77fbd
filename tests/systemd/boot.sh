#!/usr/bin/env bash
# A real systemd (Debian 12's systemd 252) as PID 1 starts and stops real Postfix 3.7 instances
# through the generator's units (spec/rules.md R130-R136; spec/postfix-facts.md §11.5). The
# systemd runs on a throw-away root, never on the host's file system: an overlay of / whose
# upper layer is a tmpfs, with its own /proc, /sys, /run, /tmp and a /dev of bound device
# nodes, in private mount, PID, network and cgroup namespaces (its cgroups in a subtree made
# for it and removed afterwards). Instances: the primary, postfix-a, the nameless /srv/mail/b
# (enabled) and postfix-c (disabled). Checks: after boot the enabled units are active with the
# master's pid from PIDFile as MainPID, Debian's configure-instance.sh ran before each start
# and exited 0, and the disabled one is not active; stopping the primary's unit
# stops every master; starting pfmulti.target starts the enabled ones again; the disabled one
# starts by hand; a reload reaches every master; stopping pfmulti.target stops all; a drop-in of
# the template applies to the generated units.
# The console and the journal stay in the tmpfs and go with it.
# Usage: boot.sh PFMULTI_BIN BUILD_DIR. Exit 77 with "SKIPPED: why" when it cannot run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/tests/lib/sandbox.sh"

pfmulti=$(readlink -f "$1")
build=$(readlink -f "$2")
if [ -z "${PFMULTI_BOOT_INNER:-}" ]; then
  require_namespace "booting systemd needs root (private namespaces)" -n -p --fork --cgroup
  [ -x /lib/systemd/systemd ] || skip "systemd is not installed"
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  [ -d /sys/fs/cgroup/systemd ] || skip "no name=systemd cgroup hierarchy at /sys/fs/cgroup/systemd"
  tmp=$(mktemp -d /tmp/pfmulti-boot.XXXXXX)
  # A cgroup of its own in every hierarchy (cpuset aside: systemd does not use it), entered
  # before the cgroup namespace is made, so every cgroup systemd makes is below one of these.
  cgs=()
  while IFS=: read -r _ ctrl path; do
    case $ctrl in "") d=unified ;; name=systemd) d=systemd ;; cpuset) continue ;; *) d=$ctrl ;; esac
    [ -f "/sys/fs/cgroup/$d/cgroup.procs" ] || continue
    cg=/sys/fs/cgroup/$d${path%/}/pfmulti-boot.${tmp##*.}
    mkdir "$cg" 2>/dev/null && cgs+=("$cg")
  done </proc/self/cgroup
  [ "${#cgs[@]}" -gt 0 ] || { rm -rf "$tmp"; skip "cannot make a cgroup under /sys/fs/cgroup"; }
  # The host must come out untouched: a file in /tmp (systemd-tmpfiles empties /tmp on a
  # shared root) and the flags of /sys/fs/cgroup (systemd remounts it read-only) are checked.
  canary=$(mktemp /tmp/pfmulti-boot-canary.XXXXXX)
  cgroup_flags=$(findmnt -no OPTIONS /sys/fs/cgroup 2>/dev/null || true)
  set +e
  (
    for cg in "${cgs[@]}"; do echo "$BASHPID" >"$cg/cgroup.procs" 2>/dev/null; done
    PFMULTI_BOOT_INNER=1 BOOT_TMP=$tmp BOOT_ROOT=$root \
      exec unshare -m -n --cgroup --propagation private bash "$0" "$@" </dev/null
  )
  rc=$?
  set -e
  # Every cgroup systemd made is empty now (its namespace is gone): remove them, deepest first.
  for cg in "${cgs[@]}"; do find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true; done
  rm -rf "$tmp"
  if [ ! -f "$canary" ]; then
    echo "FAIL: the host's /tmp was emptied by the booted systemd"
    rc=1
  fi
  rm -f "$canary"
  if [ "$(findmnt -no OPTIONS /sys/fs/cgroup 2>/dev/null || true)" != "$cgroup_flags" ]; then
    echo "FAIL: the host's /sys/fs/cgroup changed: $(findmnt -no OPTIONS /sys/fs/cgroup), was $cgroup_flags"
    rc=1
  fi
  for cg in "${cgs[@]}"; do
    [ ! -d "$cg" ] || { echo "FAIL: cgroup $cg left behind"; rc=1; }
  done
  [ "$rc" != 0 ] || echo "ok: the host's /tmp, /sys/fs/cgroup and cgroups are as they were"
  exit "$rc"
fi

tmp=$BOOT_TMP
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
expect_eq() {
  if [ "$2" = "$3" ]; then echo "ok: $1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
ip link set lo up
mount -t tmpfs -o mode=755 tmpfs "$tmp"
mkdir -p "$tmp/up" "$tmp/work" "$tmp/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$tmp/up,workdir=$tmp/work" "$tmp/root"
R=$tmp/root
mount -t tmpfs -o mode=755 tmpfs "$R/run"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
mount -t tmpfs -o mode=1777 tmpfs "$R/var/tmp"
mount -t tmpfs -o mode=755 tmpfs "$R/dev"
for n in null zero full random urandom tty; do
  : >"$R/dev/$n"
  mount --bind "/dev/$n" "$R/dev/$n"
done
mkdir -p "$R/dev/pts" "$R/dev/shm"
: >"$tmp/console"
: >"$R/dev/console"
mount --bind "$tmp/console" "$R/dev/console"
mount -t sysfs sysfs "$R/sys"

# The Postfix installation and pfmulti inside the root (the overlay: nothing reaches the host).
# What the setup copies in (the unpacked package, pfmulti, the build and source trees) may lie
# under the host's /tmp (a clone in /tmp), which the root's own /tmp hides: each is bound,
# read-only, under /run/pfmulti-boot-host for the setup alone, and unbound before the boot.
host=/run/pfmulti-boot-host
for pair in "root:$BOOT_ROOT" "bin:$(dirname "$pfmulti")" "build:$build" "src:$src"; do
  mkdir -p "$R$host/${pair%%:*}"
  mount --bind "${pair#*:}" "$R$host/${pair%%:*}"
  mount -o remount,bind,ro "$R$host/${pair%%:*}"
done
chroot "$R" /bin/bash -s "$host/root" "$host/bin/$(basename "$pfmulti")" "$host/build" \
  "$host/src" <<'SETUP'
set -euo pipefail
root=$1 pfmulti=$2 build=$3 src=$4
. "$src/tests/lib/sandbox.sh"
install_postfix_package "$root"
add_postfix_accounts
chgrp postdrop /usr/sbin/postqueue /usr/sbin/postdrop
chmod g+s /usr/sbin/postqueue /usr/sbin/postdrop
port=10025
instance() {  # instance DIR NAME ENABLE
  local dir=$1 tag=${2:-$(basename "$1")}
  mkdir -p "$dir" "/var/spool/pfmulti-boot/$tag" "/var/lib/pfmulti-boot/$tag"
  chown postfix "/var/lib/pfmulti-boot/$tag"
  cp -a "$root"/etc/postfix/. "$dir/"
  cp "$root/usr/share/postfix/dynamicmaps.cf" "$dir/dynamicmaps.cf"
  cat >"$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = boot.pfmulti.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
queue_directory = /var/spool/pfmulti-boot/$tag
data_directory = /var/lib/pfmulti-boot/$tag
syslog_name = $tag
maillog_file = /var/log/pfmulti-boot.log
multi_instance_name = $2
multi_instance_enable = $3
CF
  cat >"$dir/master.cf" <<CF
127.0.0.1:$port inet n - n - - smtpd
postlog unix-dgram n - n - 1 postlogd
CF
  port=$((port + 1))
}
mkdir -p /etc/postfix /srv/mail
instance /etc/postfix "" yes
instance /etc/postfix-a postfix-a yes
instance /srv/mail/b "" yes
instance /etc/postfix-c postfix-c no
cat >>/etc/postfix/main.cf <<CF
multi_instance_directories = /etc/postfix-a /srv/mail/b /etc/postfix-c
multi_instance_wrapper = /usr/sbin/pfmulti -p --
CF
cp "$pfmulti" /usr/sbin/pfmulti
ln -sf /usr/sbin/pfmulti /usr/lib/systemd/system-generators/pfmulti-systemd-generator
cp "$build/systemd/pfmulti@.service" "$src/systemd/pfmulti.target" /usr/lib/systemd/system/
# An administrator's drop-in for the template (docs/postfix-integration.md: hardening).
mkdir -p /etc/systemd/system/pfmulti@.service.d
printf '[Service]\nEnvironment=PFMULTI_BOOT_DROPIN=yes\n' >/etc/systemd/system/pfmulti@.service.d/test.conf
SETUP
for d in root bin build src; do umount "$R$host/$d"; done

# systemd as PID 1 of a new PID namespace, booting pfmulti.target only.
unshare -p --fork --mount-proc="$R/proc" chroot "$R" env container=pfmulti-boot \
  /lib/systemd/systemd --system --unit=pfmulti.target --log-level=notice \
  --log-target=console </dev/null >>"$tmp/console" 2>&1 &
unshare_pid=$!
sd=
for _ in $(seq 100); do
  sd=$(pgrep -P "$unshare_pid" || true)
  [ -n "$sd" ] && break
  sleep 0.1
done
finish() {
  [ -z "$sd" ] || kill -KILL "$sd" 2>/dev/null || true  # PID 1 of the namespace: all go
  wait "$unshare_pid" 2>/dev/null || true
}
trap finish EXIT
in_root() { nsenter -t "$sd" -m -p -r -w -- "$@"; }
for _ in $(seq 600); do
  in_root test -S /run/systemd/private 2>/dev/null && break
  kill -0 "$sd" 2>/dev/null || break
  sleep 0.1
done
state=$(timeout 90 nsenter -t "$sd" -m -p -r -w -- systemctl is-system-running --wait 2>&1 || true)
echo "systemd: $state"
case $state in running | degraded) ;; *)
  sed 's/^/  console: /' "$tmp/console" | tail -40
  fail "systemd did not come up: $state"
  exit 1
  ;;
esac

p='pfmulti@etc-postfix.service'
a='pfmulti@etc-postfix\x2da.service'
b='pfmulti@srv-mail-b.service'
c='pfmulti@etc-postfix\x2dc.service'
# Until systemd has no job queued (a stop propagated through PartOf= runs after the command
# that caused it returns), at most 30 s.
settle() {
  local _
  for _ in $(seq 300); do
    [ "$(in_root systemctl list-jobs --no-legend | wc -l)" = 0 ] && return
    sleep 0.1
  done
}
active() {
  settle
  in_root systemctl is-active "$@" | tr '\n' ' ' || true
}
masters() { in_root pgrep -x master | wc -l; }
main_pid_is_master() {  # UNIT TAG: MainPID equals the pid in the instance's master.pid
  local want got
  want=$(in_root cat "/var/spool/pfmulti-boot/$2/pid/master.pid" | tr -d ' ')
  got=$(in_root systemctl show -p MainPID --value "$1")
  expect_eq "$1: MainPID is the master of $2" "$got" "$want"
}

expect_eq "after boot: primary, postfix-a, b, postfix-c" "$(active "$p" "$a" "$b" "$c")" \
  "active active active inactive "
expect_eq "after boot: masters" "$(masters)" 3
main_pid_is_master "$p" postfix
main_pid_is_master "$a" postfix-a
main_pid_is_master "$b" b

# R133 Debian's chroot set-up ran before each start (the package's configure-instance.sh).
for u in "$p" "$a" "$b"; do
  expect_eq "$u: ExecStartPre configure-instance.sh" \
    "$(in_root systemctl show -p ExecStartPre --value "$u" | sed -n 's/.*configure-instance.sh .*status=\([0-9]*\).*/configure-instance.sh: \1/p')" \
    "configure-instance.sh: 0"
done
# A drop-in of the template applies to the generated units too.
for u in "$p" "$b"; do
  expect_eq "$u: the template's drop-in applies" \
    "$(in_root systemctl show -p Environment --value "$u")" "PFMULTI_BOOT_DROPIN=yes"
done
in_root systemctl stop "$p"
expect_eq "stop the primary's unit: all stopped" "$(active "$p" "$a" "$b" "$c")" \
  "inactive inactive inactive inactive "
expect_eq "stop the primary's unit: masters" "$(masters)" 0

in_root systemctl start pfmulti.target
expect_eq "start pfmulti.target" "$(active "$p" "$a" "$b" "$c")" "active active active inactive "
expect_eq "start pfmulti.target: masters" "$(masters)" 3

in_root systemctl start "$c"
expect_eq "start the disabled instance by hand" "$(active "$c")" "active "
main_pid_is_master "$c" postfix-c
in_root systemctl reload "$p"
expect_eq "reload the primary's unit" "$(active "$p" "$a" "$b" "$c")" \
  "active active active active "

in_root systemctl stop pfmulti.target
expect_eq "stop pfmulti.target" "$(active "$p" "$a" "$b" "$c")" \
  "inactive inactive inactive inactive "
expect_eq "stop pfmulti.target: masters" "$(masters)" 0
in_root grep -E '/master\[' /var/log/pfmulti-boot.log | sed 's/^/  log: /'
# R132: each start began with the primary (the secondaries after it, in any order).
started=$(in_root sed -n 's/.* \([a-z-]*\)\/master\[[0-9]*\]: daemon started.*/\1/p' \
  /var/log/pfmulti-boot.log | tr '\n' ' ')
expect_eq "reload of the primary's unit reloaded every running master" \
  "$(in_root grep -c '/master\[[0-9]*\]: reload --' /var/log/pfmulti-boot.log)" 4
expect_eq "masters started: the primary first, twice" \
  "$(echo "$started" | awk '{print $1, $4, NF}')" "postfix postfix 7"
if [ "$failures" != 0 ]; then
  in_root journalctl --no-pager -n 60 | sed 's/^/  journal: /'
fi
echo "systemd boot: $failures failure(s)"
[ "$failures" = 0 ]
