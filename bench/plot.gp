# gnuplot -c bench/plot.gp DATA OUT.svg [PARALLEL]: wall-time medians against N, log-log, one line
# per implementation (DATA: pfbench report's plot.dat, a header row of titles, then N and one
# column per implementation); with PARALLEL (bench/parallel_report.sh's data, when it has rows), a
# second panel beside it: postfix start / stop of 1 + K real instances through postmulti, pfmulti,
# pfmulti --parallel K and the limit (the parallel lines).
data = ARG1
par = ARGC >= 3 ? ARG3 : ""
has_par = strlen(par) > 0 && system("[ $(wc -l 2>/dev/null < '" . par . "' || echo 0) -gt 1 ] && echo 1 || echo 0") eq "1"
set output ARG2
if (has_par) {
  set terminal svg size 1500,560 dynamic font "sans,13" background "white"
  set multiplot layout 1,2
} else {
  set terminal svg size 860,540 dynamic font "sans,13" background "white"
}
set logscale xy
set xlabel "N secondary instances (N + 1 postfix runs)"
set ylabel "wall time, median (ms)"
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key top left box opaque
set key autotitle columnhead
set title "Multi-instance start/status: time against N (log-log)"
set xrange [0.8:*]
plot for [i=2:*] data using 1:i with linespoints lw 2 pt (i+4) ps 1
if (has_par) {
  unset logscale
  set xrange [*:*]
  set yrange [0:*]
  set xlabel "K secondary instances (real Postfix 3.7 masters)"
  set ylabel "wall time, median (s)"
  set title "postfix start / stop of 1 + K: sequential and --parallel K"
  plot for [i=2:9] par using 1:i with linespoints lw 2 pt (i+4) ps 1
  unset multiplot
}
