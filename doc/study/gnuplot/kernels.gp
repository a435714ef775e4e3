set terminal svg size 1400,560 dynamic noenhanced font "sans,11" background "white"
set output "../kernels.svg"
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set grid ytics
set xtics rotate by -30
set key outside bottom center horizontal
set multiplot layout 1,2 title "6.12 (6.12.95+deb12-amd64) against 7.2 (7.2.12+deb14-amd64)"
set title "Share of attempts merged"
set ylabel "merged (% of attempts)"
set yrange [0:100]
plot "kernels.dat" using 2:xtic(1) title "6.12 (6.12.95+deb12-amd64)" lc rgb "#4e79a7", '' using 3 title "7.2 (7.2.12+deb14-amd64)" lc rgb "#f28e2b"
set title "anon_vma_chain: sides refused (prev + next)"
set ylabel "count"
set yrange [0:45]
plot "kernels.dat" using 4:xtic(1) title "6.12 (6.12.95+deb12-amd64)" lc rgb "#4e79a7", '' using 5 title "7.2 (7.2.12+deb14-amd64)" lc rgb "#f28e2b"
unset multiplot
