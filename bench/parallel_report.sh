#!/usr/bin/env bash
# bench/parallel_report.sh TSV OUT.md OUT.dat: medians of bench/parallel.sh's samples as a
# markdown table (seconds; speed-up of pfmulti --parallel against real postmulti and against
# pfmulti sequential; the limit's speed-up, the most any schedule of the stages could give; the
# CPU time of the parallel run and that time shared by the machine's CPUs, a lower bound of its
# wall time when the run is CPU-bound; the bound on this machine, the limit or the primary alone
# plus the secondaries' CPU time shared by the CPUs, whichever is longer) and a gnuplot file (K, then one column per implementation
# and command).
set -euo pipefail
tsv=$1 md=$2 dat=$3
med() { sort -n | awk '{a[NR] = $1} END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
m() { awk -F'\t' -v k="$1" -v i="$2" -v c="$3" '$1 == k && $2 == i && $3 == c {print $4}' "$tsv" | med; }
# The CPU seconds of a sample (bench/parallel.sh's fifth column: what the command waited for).
mc() { awk -F'\t' -v k="$1" -v i="$2" -v c="$3" '$1 == k && $2 == i && $3 == c && NF >= 5 {print $5}' "$tsv" | med; }
ncpu=$(nproc)
ks=$(cut -f1 "$tsv" | sort -nu)
{
  echo "| 1 + K | command | postmulti (s) | pfmulti (s) | pfmulti --parallel K (s) | limit (s) | CPU of postmulti (s) | CPU of --parallel K (s) | CPU / $ncpu CPUs (s) | bound on $ncpu CPUs (s) | speed-up vs postmulti | vs pfmulti sequential | limit vs postmulti | bound vs postmulti | samples |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for k in $ks; do
    for c in start stop; do
      pm=$(m "$k" postmulti "$c") sq=$(m "$k" pfmulti "$c") pa=$(m "$k" pfmulti-parallel "$c")
      li=$(m "$k" limit "$c") cpu=$(mc "$k" pfmulti-parallel "$c") pmcpu=$(mc "$k" postmulti "$c")
      pw=$(m "$k" primary-alone "$c") pc=$(mc "$k" primary-alone "$c")
      n=$(awk -F'\t' -v k="$k" -v c="$c" '$1 == k && $2 == "postmulti" && $3 == c' "$tsv" | wc -l)
      awk -v k="$k" -v c="$c" -v pm="$pm" -v sq="$sq" -v pa="$pa" -v li="$li" -v n="$n" \
        -v cpu="${cpu:-0}" -v pmcpu="${pmcpu:-0}" -v ncpu="$ncpu" -v pw="${pw:-0}" -v pc="${pc:-0}" \
        'BEGIN { b = pw + (cpu - pc) / ncpu; if (b < li) b = li
                 printf "| 1 + %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1fx | %.1fx | %.1fx | %.1fx | %s |\n", k, c, pm, sq, pa, li, pmcpu, cpu, cpu / ncpu, b, pm / pa, sq / pa, pm / li, pm / b, n }'
    done
  done
} >"$md"
{
  echo "K postmulti-start pfmulti-start parallel-start limit-start postmulti-stop pfmulti-stop parallel-stop limit-stop"
  for k in $ks; do
    echo "$k $(m "$k" postmulti start) $(m "$k" pfmulti start) $(m "$k" pfmulti-parallel start) $(m "$k" limit start) $(m "$k" postmulti stop) $(m "$k" pfmulti stop) $(m "$k" pfmulti-parallel stop) $(m "$k" limit stop)"
  done
} >"$dat"
