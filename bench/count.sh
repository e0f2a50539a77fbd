#!/usr/bin/env bash
# bench/count.sh OUT LABEL=PFMULTI...: exact counts of pfmulti's own process (not its children)
# for `postfix-wrapper start` (the environment postfix(1) exports, as bench/compare.sh) and
# `pfmulti -p start` (in a private mount namespace with the tree's primary on /etc/postfix; needs
# root and unshare -m, else SKIPPED) on trees of N = 1, 100 and 1000 secondaries (COUNT_NS="1 100"
# to choose): callgrind's instructions, and the syscalls strace (without -f: pfmulti's process
# only) sees before the first clone3 (the first child) and in all (the runner's share varies
# with timing). Prints one line per binary, mode and N; callgrind and strace files stay in OUT.
# Valgrind 3.19 (Debian 12) does not know pidfd_open(2): under it a pfmulti that opens its
# children's pidfds with pidfd_open (before e100df1: Boost.Process opened them) fails at its first
# start and stops there, so its instruction count is exactly what it does before its first child:
# start-up, reading the world and planning (bench/findings.md; the shell's "Aborted" lines are
# those stops). From e100df1 on the pidfd comes from the clone (CLONE_PIDFD), valgrind runs the
# whole command, and the count includes starting and waiting for every child (about 26 k
# instructions per child at N = 100); the syscalls before the first clone are comparable across
# both.
# Needs build-bench's tools (bench_postfix_stub, pfbench), valgrind and strace.
set -euo pipefail
cd "$(dirname "$0")/.."
B=$(pwd)/build-bench
W=$B/count
out=${1:?usage: bench/count.sh OUT LABEL=PFMULTI...}
shift
mkdir -p "$out" "$W/cmd" "$W/daemon" "$W/shlib"
cp "$B/bench/bench_postfix_stub" "$W/cmd/postfix"
use_ns=0
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then use_ns=1; fi
[ "$use_ns" = 1 ] || echo "SKIPPED: pfmulti -p start (needs root and unshare -m for a private /etc/postfix)"
for n in ${COUNT_NS:-1 100 1000}; do
  if [ ! -d "$W/tree-$n" ]; then
    "$B/bench/pfbench" gen-tree "$W/tree-$n" "$W/cmd" "$W/daemon" "$n"
    # postmulti checks the primary's shared directories against each other: shlib apart.
    echo "shlib_directory = $W/shlib" >>"$W/tree-$n/primary/main.cf"
  fi
done
for pair in "$@"; do
  label=${pair%%=*}
  pf=$(realpath "${pair#*=}")
  mkdir -p "$W/bin-$label"
  ln -sf "$pf" "$W/bin-$label/postfix-wrapper"
  for n in ${COUNT_NS:-1 100 1000}; do
    primary=$W/tree-$n/primary
    env=(PATH=/bin:/usr/bin:/sbin:/usr/sbin "MAIL_CONFIG=$primary" "config_directory=$primary"
      "command_directory=$W/cmd" "daemon_directory=$W/daemon"
      "queue_directory=$W/tree-$n/spool/primary" "data_directory=$W/tree-$n/lib/primary"
      "meta_directory=$primary" "shlib_directory=$W/shlib" mail_owner=postfix setgid_group=postdrop)
    f=$out/$label.wrapper.$n
    env -i "${env[@]}" valgrind --tool=callgrind --callgrind-out-file="$f.callgrind" \
      "$W/bin-$label/postfix-wrapper" start >/dev/null 2>"$f.valgrind" || true
    env -i "${env[@]}" strace -o "$f.strace" "$W/bin-$label/postfix-wrapper" start \
      >/dev/null 2>&1 || true
    modes=wrapper
    if [ "$use_ns" = 1 ]; then
      modes="wrapper p"
      f=$out/$label.p.$n
      unshare -m --propagation private bash -c '
        mount --bind "$1" /etc/postfix
        env -i PATH=/bin:/usr/bin:/sbin:/usr/sbin valgrind --tool=callgrind \
          --callgrind-out-file="$2.callgrind" "$3" -p start >/dev/null 2>"$2.valgrind" || true
        env -i PATH=/bin:/usr/bin:/sbin:/usr/sbin strace -o "$2.strace" "$3" -p start \
          >/dev/null 2>&1 || true' _ "$primary" "$f" "$pf"
    fi
    for m in $modes; do
      f=$out/$label.$m.$n
      ir=$(grep -o 'Collected : [0-9]*' "$f.valgrind" | awk '{print $3}')
      before=$(awk '/^(clone3|clone|vfork)\(/ {exit} !/^(---|\+\+\+)/ {c++} END {print c + 0}' "$f.strace")
      all=$(grep -cv '^---\|^+++' "$f.strace" || true)
      printf '%s\t%s\tN=%s\tinstructions before the first child %s\tsyscalls before it %s, in all %s\n' \
        "$label" "$([ "$m" = p ] && echo '-p start' || echo 'wrapper start')" "$n" "$ir" "$before" "$all"
    done
  done
done
