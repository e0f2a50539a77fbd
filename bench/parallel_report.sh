#!/usr/bin/env bash
# bench/parallel_report.sh TSV OUT.md OUT.dat: medians of bench/parallel.sh's samples as a
# markdown table (seconds; speed-up of pfmulti --parallel against real postmulti and against
# pfmulti sequential) and a gnuplot file (K, then one column per implementation and command).
set -euo pipefail
tsv=$1 md=$2 dat=$3
med() { sort -n | awk '{a[NR] = $1} END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
m() { awk -F'\t' -v k="$1" -v i="$2" -v c="$3" '$1 == k && $2 == i && $3 == c {print $4}' "$tsv" | med; }
ks=$(cut -f1 "$tsv" | sort -nu)
{
  echo "| 1 + K | command | postmulti (s) | pfmulti (s) | pfmulti --parallel K (s) | limit (s) | speed-up vs postmulti | vs pfmulti sequential | samples |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for k in $ks; do
    for c in start stop; do
      pm=$(m "$k" postmulti "$c") sq=$(m "$k" pfmulti "$c") pa=$(m "$k" pfmulti-parallel "$c")
      li=$(m "$k" limit "$c")
      n=$(awk -F'\t' -v k="$k" -v c="$c" '$1 == k && $2 == "postmulti" && $3 == c' "$tsv" | wc -l)
      awk -v k="$k" -v c="$c" -v pm="$pm" -v sq="$sq" -v pa="$pa" -v li="$li" -v n="$n" \
        'BEGIN { printf "| 1 + %s | %s | %.2f | %.2f | %.2f | %.2f | %.1fx | %.1fx | %s |\n", k, c, pm, sq, pa, li, pm / pa, sq / pa, n }'
    done
  done
} >"$md"
{
  echo "K postmulti-start pfmulti-start parallel-start limit-start postmulti-stop pfmulti-stop parallel-stop limit-stop"
  for k in $ks; do
    echo "$k $(m "$k" postmulti start) $(m "$k" pfmulti start) $(m "$k" pfmulti-parallel start) $(m "$k" limit start) $(m "$k" postmulti stop) $(m "$k" pfmulti stop) $(m "$k" pfmulti-parallel stop) $(m "$k" limit stop)"
  done
} >"$dat"
