#!/usr/bin/env bash
# Parallel start and stop with real Postfix 3.7 (issue 14; docs/performance.md, "Parallel start
# and stop"): a primary and K enabled secondaries, each with a real master (127.0.0.1 only, in a
# private mount, network and pid namespace; the installation as tests/e2e/sandbox.sh builds it).
# For each K, times `postfix start` and `postfix stop` through multi_instance_wrapper =
#   postmulti            ${command_directory}/postmulti -p --   (real postmulti 3.7)
#   pfmulti              PFMULTI -p --                           (sequential, --parallel 1)
#   pfmulti-parallel     PFMULTI --parallel P -p --              (P = K unless given)
# and the limit: the primary alone plus the slowest secondary alone (pfmulti -i NAME -p CMD),
# with the primary alone also on a line of its own (primary-alone: its wall and CPU time).
# Prints one TSV line per sample: K impl command wall-seconds CPU-seconds (user + system of
# what the command waited for).
# Usage: bench/parallel.sh PFMULTI [REPS] [K...]   (root; default REPS 3, K 8 16)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
. "$src/tests/lib/sandbox.sh"

pfmulti=$(realpath "$1")
reps=${2:-3}
shift $(($# >= 2 ? 2 : $#))
ks=${*:-8 16}

if [ -z "${PFMULTI_PAR_INNER:-}" ]; then
  require_namespace "the parallel bench needs root (private namespaces, real masters)" \
    -n -p --fork --mount-proc
  root=$("$src/scripts/fetch-postfix") || skip "Debian's postfix package is not available"
  for k in $ks; do
    tmp=$(mktemp -d /tmp/pfmulti-par.XXXXXX)
    chmod 755 "$tmp"
    PFMULTI_PAR_INNER=1 TMPD=$tmp ROOT=$root K=$k REPS=$reps PFMULTI=$pfmulti \
      unshare -m -n -p --fork --mount-proc --propagation private bash "$0" "$pfmulti" || true
    rm -rf "$tmp"
  done
  exit 0
fi

# --- inside the namespaces: K secondaries ---
tmp=$TMPD
ip link set lo up
overlay /etc "$tmp/overlay"
overlay /usr/lib "$tmp/overlay"
overlay /usr/sbin "$tmp/overlay"
install_postfix_package "$ROOT"
mkdir -p /etc/postfix
cp -a "$ROOT"/etc/postfix/. /etc/postfix/
cp "$ROOT/usr/share/postfix/dynamicmaps.cf" /etc/postfix/dynamicmaps.cf
add_postfix_accounts
chgrp postdrop /usr/sbin/postqueue /usr/sbin/postdrop
chmod g+s /usr/sbin/postqueue /usr/sbin/postdrop
mkdir -p "$tmp/log" "$tmp/spool" "$tmp/lib"
chmod 755 "$tmp" "$tmp/log" "$tmp/spool" "$tmp/lib"
port=10025
instance() {  # instance DIR NAME
  local dir=$1 name=$2
  mkdir -p "$dir" "$tmp/spool/$name" "$tmp/lib/$name"
  chown postfix "$tmp/lib/$name"
  cat >"$dir/main.cf" <<CF
compatibility_level = 3.6
myhostname = bench.pfmulti.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
queue_directory = $tmp/spool/$name
data_directory = $tmp/lib/$name
syslog_name = $name
maillog_file = $tmp/log/maillog
maillog_file_prefixes = $tmp
multi_instance_name = $name
multi_instance_enable = yes
CF
  printf '127.0.0.1:%s inet n - n - - smtpd\npostlog unix-dgram n - n - 1 postlogd\n' "$port" \
    >"$dir/master.cf"
  port=$((port + 1))
}
instance /etc/postfix primary
dirs=()
for ((i = 1; i <= K; i++)); do
  instance "/etc/postfix-s$i" "postfix-s$i"
  dirs+=("/etc/postfix-s$i")
done
echo "multi_instance_directories = ${dirs[*]}" >>/etc/postfix/main.cf
echo "multi_instance_wrapper = \${command_directory}/postmulti -p --" >>/etc/postfix/main.cf
# The first start makes the queues (postfix-script, set-permissions): not timed.
postfix start >/dev/null 2>&1 || true
postfix stop >/dev/null 2>&1 || true

wrapper_for() {
  case $1 in
    postmulti) echo "\${command_directory}/postmulti -p --" ;;
    pfmulti) echo "$PFMULTI -p --" ;;
    pfmulti-parallel) echo "$PFMULTI --parallel $K -p --" ;;
  esac
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
timed() {  # timed LABEL CMD...: one sample, TSV on stdout: LABEL, wall seconds, CPU seconds
  local label=$1 t0 t1 cpu TIMEFORMAT='%3U %3S'
  shift
  t0=$(date +%s%N)
  # CPU: user + system of the command and every process it waited for (bash's time: the
  # scripts, postfix check, postsuper, the wrapper; not the masters, which outlive it).
  cpu=$( { time "$@" >/dev/null 2>&1 || echo "warning: $label: $* failed" >&3; } 3>&2 2>&1 |
    awk 'END { printf "%.3f", $1 + $2 }')
  t1=$(date +%s%N)
  printf '%s\t%s\t%s\n' "$label" "$(secs "$t0" "$t1")" "$cpu"
}
for ((r = 1; r <= REPS; r++)); do
  for impl in postmulti pfmulti pfmulti-parallel; do
    postconf -e "multi_instance_wrapper = $(wrapper_for $impl)"
    # postfix(1) re-reads a main.cf changed in the last second or two until it is older
    # (Postfix's dict_load_file: 300 ms sleeps, about 2 s in all here), whatever the wrapper:
    # back-date the edit so the times are the wrappers', not that wait's.
    touch -d "@$(($(date +%s) - 60))" /etc/postfix/main.cf
    timed "$K	$impl	start" postfix start
    running=$(find "$tmp/spool" -name master.pid | wc -l)
    [ "$running" = $((K + 1)) ] || echo "warning: $impl: $running of $((K + 1)) masters" >&2
    timed "$K	$impl	stop" postfix stop
  done
  # The limit: the primary alone, then each secondary alone; the slowest secondary counts.
  for cmd in start stop; do
    if [ "$cmd" = stop ]; then postfix start >/dev/null 2>&1 || true; fi
    best=0
    read -r p pcpu < <(timed x "$PFMULTI" -i primary -p "$cmd" | cut -f2,3 --output-delimiter=' ')
    printf '%s\tprimary-alone\t%s\t%s\t%s\n' "$K" "$cmd" "$p" "$pcpu"
    for ((i = 1; i <= K; i++)); do
      t=$( { timed x "$PFMULTI" -i "postfix-s$i" -p "$cmd"; } | cut -f2)
      best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b > a ? b : a) }')
    done
    printf '%s\tlimit\t%s\t%s\n' "$K" "$cmd" "$(awk -v a="$p" -v b="$best" 'BEGIN { printf "%.3f", a + b }')"
  done
  postfix stop >/dev/null 2>&1 || true
done
