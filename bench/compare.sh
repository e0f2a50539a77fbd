#!/usr/bin/env bash
# bench/compare.sh N REPS LABEL=PFMULTI...: the floor and several pfmulti binaries (say, before
# and after a change) in one alternation, `postfix-wrapper start` on a tree of N secondaries
# (docs/performance.md, "Cost per child"): what bench/run's floor ratio measures, for binaries
# bench/run does not build. Needs build-bench's tools (bench/run builds them: pfbench,
# bench_floor, bench_postfix_stub). Prints the wall and CPU medians and their ratios to the
# floor, and the load average; the samples stay in build-bench/compare/samples-N.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
B=$(pwd)/build-bench
W=$B/compare
n=${1:?usage: bench/compare.sh N REPS LABEL=PFMULTI...}
reps=${2:?usage: bench/compare.sh N REPS LABEL=PFMULTI...}
shift 2
mkdir -p "$W/cmd" "$W/daemon"
cp "$B/bench/bench_postfix_stub" "$W/cmd/postfix"
[ -d "$W/tree-$n" ] || "$B/bench/pfbench" gen-tree "$W/tree-$n" "$W/cmd" "$W/daemon" "$n"
primary=$W/tree-$n/primary
env=(PATH=/bin:/usr/bin:/sbin:/usr/sbin "MAIL_CONFIG=$primary" "config_directory=$primary"
  "command_directory=$W/cmd" "daemon_directory=$W/daemon"
  "queue_directory=$W/tree-$n/spool/primary" "data_directory=$W/tree-$n/lib/primary"
  "meta_directory=$primary" "shlib_directory=$W/daemon" mail_owner=postfix setgid_group=postdrop)
spec=$W/spec-$n
out=$W/samples-$n.tsv
: >"$out"
# The floor's children get what the wrapper's children get (the environment postfix(1) exports);
# floor-path is the floor with PATH only, bench/run's floor for -p (shown, not a ratio's base).
(
  IFS=$'\t'
  echo "n$n	floor	${env[*]}	--	$B/bench/bench_floor	$((n + 1))	$W/cmd/postfix	start"
  echo "n$n	floor-path	PATH=/bin:/usr/bin	--	$B/bench/bench_floor	$((n + 1))	$W/cmd/postfix	start"
) >"$spec"
for pair in "$@"; do
  label=${pair%%=*}
  mkdir -p "$W/bin-$label"
  ln -sf "$(realpath "${pair#*=}")" "$W/bin-$label/postfix-wrapper"
  (
    IFS=$'\t'
    echo "n$n	$label	${env[*]}	--	$W/bin-$label/postfix-wrapper	start"
  ) >>"$spec"
done
echo "load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$B/bench/pfbench" time --reps "$reps" --warmup 1 --out "$out" "$spec" 2>/dev/null
awk -F'\t' '
  function med(s,   a, k, i, j, t) {
    k = split(s, a, " ")
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  { w[$2] = w[$2] " " $4; c[$2] = c[$2] " " $5; if (!($2 in seen)) { seen[$2] = 1; order[++m] = $2 } }
  END {
    fw = med(w["floor"]); fc = med(c["floor"])
    for (i = 1; i <= m; i++) {
      l = order[i]
      printf "%-12s wall %8.2f ms (%.3f x floor)  CPU %8.2f ms (%.3f x floor)\n", l, med(w[l]) * 1e3, med(w[l]) / fw, med(c[l]) * 1e3, med(c[l]) / fc
    }
  }' "$out"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
