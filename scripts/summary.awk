#!/usr/bin/awk -f
# summary.awk: vmamerge's stats (name value lines, doc/INTERFACE.md) as a
# few lines a person reads first: attempts, the share merged, why sides did
# not merge, and what a smarter kernel would recover.  -v what=TEXT names
# what was watched.  Used by make demo.
function pct(n, d) { return d ? sprintf("%.1f%%", 100 * n / d) : "n/a" }
{ v[$1] = $2; order[++n] = $1 }
END {
	a = v["merge.attempts"] + 0
	m = v["merge.result.prev"] + v["merge.result.next"] + v["merge.result.both"]
	printf "vmamerge summary%s\n", what != "" ? ": " what : ""
	printf "  merge attempts      %d\n", a
	printf "  merged              %d (%s): prev %d, next %d, both %d\n", m, pct(m, a),
		v["merge.result.prev"], v["merge.result.next"], v["merge.result.both"]
	printf "  nothing merged      %d (%s), errors %d\n", v["merge.result.none"],
		pct(v["merge.result.none"], a), v["merge.result.error"]
	# Why a neighbour that touched the range did not merge: every reason
	# but ok, absent and not_adjacent, on both sides, most first.
	k = 0
	for (i = 1; i <= n; i++) {
		s = order[i]
		if (s !~ /^merge\.(prev|next)\./ || v[s] == 0)
			continue
		split(s, p, ".")
		if (p[3] == "ok" || p[3] == "absent" || p[3] == "not_adjacent")
			continue
		k++; rs[k] = p[2] " " p[3]; rv[k] = v[s]
	}
	for (i = 2; i <= k; i++)	# insertion sort, most first
		for (j = i; j > 1 && rv[j] > rv[j - 1]; j--) {
			t = rv[j]; rv[j] = rv[j - 1]; rv[j - 1] = t
			t = rs[j]; rs[j] = rs[j - 1]; rs[j - 1] = t
		}
	printf "  refused neighbours  %s\n", k ? "" : "none"
	for (i = 1; i <= k && i <= 5; i++)
		printf "    %-22s %d (%s of attempts)\n", rs[i], rv[i], pct(rv[i], a)
	printf "  a smarter kernel would recover (attempts):\n"
	printf "    pgoff_only           %d  (adjust pgoff on mremap)\n", v["merge.missed.pgoff_only"]
	printf "    anon_vma_unshared    %d  (reconnect pages to one anon_vma)\n", v["merge.missed.anon_vma_unshared"]
	printf "    anon_vma_shared      %d  (not that way: pages shared with a fork relative)\n", v["merge.missed.anon_vma_shared"]
	printf "  model mismatches    %d\n", v["merge.model_mismatch"]
}
