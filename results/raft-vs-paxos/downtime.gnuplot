# The downtime distributions of results.md §2 as CDFs: downtime.dat -> downtime.svg.
set terminal svg size 800,420 dynamic font "sans,11"
set output "downtime.svg"
set title "Downtime after the leader's machine crash (200 simulated seeds each)"
set xlabel "ms from the kill to the first write_ok"
set ylabel "fraction of seeds"
set yrange [0:1]
set grid
set key bottom right noenhanced
plot "downtime.dat" using 2:1 with steps lw 2 title "raft-kv", \
     "downtime.dat" using 3:1 with steps lw 2 title "multi-paxos-kv"
