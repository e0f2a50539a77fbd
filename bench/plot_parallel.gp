# gnuplot -c bench/plot_parallel.gp DATA OUT.svg: the parallel lines (bench/parallel_report.sh's
# data: K, then postmulti, pfmulti, pfmulti --parallel K and the limit, for start then stop).
data = ARG1
set terminal svg size 860,540 dynamic font "sans,13" background "white"
set output ARG2
set xlabel "K secondary instances (real Postfix 3.7 masters)"
set ylabel "wall time, median (s)"
set grid xtics ytics lc rgb "#dddddd"
set key top left box opaque
set key autotitle columnhead
set title "postfix start / stop of 1 + K instances: sequential and --parallel K"
plot for [i=2:9] data using 1:i with linespoints lw 2 pt (i+4) ps 1
