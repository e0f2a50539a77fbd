# gnuplot -c bench/plot.gp DATA OUT.svg: wall-time medians against N, log-log, one line per
# implementation (DATA: pfbench report's plot.dat, a header row of titles, then N and one
# column per implementation).
data = ARG1
set terminal svg size 860,540 dynamic font "sans,13" background "white"
set output ARG2
set logscale xy
set xlabel "N secondary instances (N + 1 postfix runs)"
set ylabel "wall time, median (ms)"
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key top left box opaque
set key autotitle columnhead
set title "Multi-instance start/status: time against N (log-log)"
set xrange [0.8:*]
plot for [i=2:*] data using 1:i with linespoints lw 2 pt (i+4) ps 1
