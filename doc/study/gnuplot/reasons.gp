set terminal svg size 1400,960 dynamic noenhanced font "sans,11" background "white"
set output "../reasons.svg"
set datafile missing "?"
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border -1
set boxwidth 0.7
set grid ytics
set xtics rotate by -30
set ylabel "sides refused per 100 attempts (prev + next)"
set yrange [0:194.364]
set key outside right top
set multiplot layout 2,2 title "Why sides did not merge, by reason: 5.10 (5.10.0-32-amd64), 6.1 (6.1.0-56-amd64), 6.12 (6.12.95+deb12-amd64), 7.2 (7.2.12+deb14-amd64)"
set title "5.10 (5.10.0-32-amd64)"
plot "reasons.dat" index 0 using 2:xtic(1) title "not_adjacent" lc rgb "#4e79a7", \
	'' index 0 using 3 title "special" lc rgb "#f28e2b", \
	'' index 0 using 4 title "flags" lc rgb "#e15759", \
	'' index 0 using 5 title "file" lc rgb "#76b7b2", \
	'' index 0 using 6 title "close" lc rgb "#59a14f", \
	'' index 0 using 7 title "uffd" lc rgb "#edc948", \
	'' index 0 using 8 title "anon_name" lc rgb "#b07aa1", \
	'' index 0 using 9 title "policy" lc rgb "#ff9da7", \
	'' index 0 using 10 title "pgoff" lc rgb "#9c755f", \
	'' index 0 using 11 title "anon_vma" lc rgb "#bab0ac", \
	'' index 0 using 12 title "anon_vma_chain" lc rgb "#17becf"
set title "6.1 (6.1.0-56-amd64)"
plot "reasons.dat" index 1 using 2:xtic(1) title "not_adjacent" lc rgb "#4e79a7", \
	'' index 1 using 3 title "special" lc rgb "#f28e2b", \
	'' index 1 using 4 title "flags" lc rgb "#e15759", \
	'' index 1 using 5 title "file" lc rgb "#76b7b2", \
	'' index 1 using 6 title "close" lc rgb "#59a14f", \
	'' index 1 using 7 title "uffd" lc rgb "#edc948", \
	'' index 1 using 8 title "anon_name" lc rgb "#b07aa1", \
	'' index 1 using 9 title "policy" lc rgb "#ff9da7", \
	'' index 1 using 10 title "pgoff" lc rgb "#9c755f", \
	'' index 1 using 11 title "anon_vma" lc rgb "#bab0ac", \
	'' index 1 using 12 title "anon_vma_chain" lc rgb "#17becf"
set title "6.12 (6.12.95+deb12-amd64)"
plot "reasons.dat" index 2 using 2:xtic(1) title "not_adjacent" lc rgb "#4e79a7", \
	'' index 2 using 3 title "special" lc rgb "#f28e2b", \
	'' index 2 using 4 title "flags" lc rgb "#e15759", \
	'' index 2 using 5 title "file" lc rgb "#76b7b2", \
	'' index 2 using 6 title "close" lc rgb "#59a14f", \
	'' index 2 using 7 title "uffd" lc rgb "#edc948", \
	'' index 2 using 8 title "anon_name" lc rgb "#b07aa1", \
	'' index 2 using 9 title "policy" lc rgb "#ff9da7", \
	'' index 2 using 10 title "pgoff" lc rgb "#9c755f", \
	'' index 2 using 11 title "anon_vma" lc rgb "#bab0ac", \
	'' index 2 using 12 title "anon_vma_chain" lc rgb "#17becf"
set title "7.2 (7.2.12+deb14-amd64)"
plot "reasons.dat" index 3 using 2:xtic(1) title "not_adjacent" lc rgb "#4e79a7", \
	'' index 3 using 3 title "special" lc rgb "#f28e2b", \
	'' index 3 using 4 title "flags" lc rgb "#e15759", \
	'' index 3 using 5 title "file" lc rgb "#76b7b2", \
	'' index 3 using 6 title "close" lc rgb "#59a14f", \
	'' index 3 using 7 title "uffd" lc rgb "#edc948", \
	'' index 3 using 8 title "anon_name" lc rgb "#b07aa1", \
	'' index 3 using 9 title "policy" lc rgb "#ff9da7", \
	'' index 3 using 10 title "pgoff" lc rgb "#9c755f", \
	'' index 3 using 11 title "anon_vma" lc rgb "#bab0ac", \
	'' index 3 using 12 title "anon_vma_chain" lc rgb "#17becf"
unset multiplot
