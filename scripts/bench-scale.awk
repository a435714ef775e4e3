# bench-scale.awk: scripts/bench-scale.sh's table: per operation and CPU
# count, the median ns/op of each condition over rounds, and the median of
# the per-round ratios to base (each round's conditions ran minutes apart
# at most, under the same host load).
# awk -v gen=GEN -v kver=KVER -v cores=N -f bench-lib.awk -f bench-scale.awk
#     CONSOLE_LOG...
/^SCALE round=[0-9]+ cpus=/ {
	c = field("cpus"); o = field("op"); k = field("cond"); r = field("round")
	ns[o, c, k] = ns[o, c, k] " " field("ns")
	ov[o, c, k] = ov[o, c, k] " " field("overlap")
	per[o, c, k, r] = field("ns")
	if (r + 0 > rounds[c])
		rounds[c] = r + 0
	cpus[c] = 1
	if (k != "base")
		conds[k] = 1
	next
}
/^SCALE error / { errs = errs "   error (" FILENAME "):" substr($0, 12) "\n" }
END {
	nc = 0
	for (c in cpus)
		cl[++nc] = c
	sort(cl, nc)
	hasref = ("ref" in conds)
	printf "== %s (%s): CPU scaling under multi-threaded TCG on %d host cores; one process per vCPU, pinned, all at once\n", gen, kver, cores
	printf "   ns: median over rounds of the processes' mean ns per operation (wall clock); x/base: median of the per-round ratios\n"
	printf "%-9s %4s %6s %10s %10s", "op", "cpus", "rounds", "base", "ring"
	if (hasref)
		printf " %10s", "ref"
	printf " | %10s", "ring/base"
	if (hasref)
		printf " %10s", "ref/base"
	printf " | %7s\n", "overlap"
	split("mmap mprotect", ops, " ")
	for (i = 1; i <= 2; i++) {
		o = ops[i]
		for (j = 1; j <= nc; j++) {
			c = cl[j]
			b = median_of(ns[o, c, "base"])
			if (b <= 0) {
				printf "%-9s %4s no figures\n", o, c
				continue
			}
			printf "%-9s %4s %6d %10.1f %10.1f", o, c, rounds[c], b, median_of(ns[o, c, "ring"])
			if (hasref)
				printf " %10.1f", median_of(ns[o, c, "ref"])
			split("ring ref", ks, " ")
			for (q = 1; q <= 1 + hasref; q++) {
				list = ""
				for (r = 1; r <= rounds[c]; r++)
					if (per[o, c, ks[q], r] != "" && per[o, c, "base", r] > 0)
						list = list " " per[o, c, ks[q], r] / per[o, c, "base", r]
				rat[o, c, ks[q]] = median_of(list)
				printf (q == 1 ? " | %10.3f" : " %10.3f"), rat[o, c, ks[q]]
			}
			over = (c + 0 > cores + 0) ? "  (vCPUs > host cores)" : ""
			printf " | %7.2f%s\n", median_of(ov[o, c, "ring"]), over
		}
		if (nc > 1)
			for (q = 1; q <= 1 + hasref; q++) {
				k = q == 1 ? "ring" : "ref"
				printf "   %s: %s/base at %s CPUs over at %s: %.3f\n", o, k,
					cl[nc], cl[1], rat[o, cl[nc], k] / rat[o, cl[1], k]
			}
	}
	printf "%s", errs
	if (errs != "")
		exit 1
}
