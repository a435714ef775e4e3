# bench-table.awk: scripts/bench.sh's table of one kernel's benchmark:
# the medians, ratios and verdicts from the guest's console log.
# awk -v gen=GEN -v kver=KVER -v target=X [-v md=FILE] -f bench-lib.awk
#     -f bench-table.awk CONSOLE_LOG
function median(key) {
	return median_of(vals[key])
}
# What one probe hit of condition c costs on op: its overhead over base
# per operation, divided by the hits per operation (median of the rounds).
function per_hit(op, c,   h, m, b) {
	m = median(op SUBSEP c); b = median(op SUBSEP "base")
	h = median_of(hpo[op SUBSEP c])
	if (m <= 0 || b <= 0 || h <= 0)
		return ""
	return (m - b) / h
}
# The per-round range of (fprobe - base) / (kretprobe - base) on op.
function hook_spread(op,   k, n, a, b, f, x) {
	n = 0
	for (k = 1; k <= rounds; k++) {
		b = per[op, "base", k]; f = per[op, "hook-fprobe", k]
		x = per[op, "hook-kretprobe", k]
		if (b != "" && f != "" && x != "" && x - b > 0.01 * b)
			a[++n] = (f - b) / (x - b)
	}
	if (n == 0)
		return "none"
	sort(a, n)
	if (a[n] >= 1)
		fp_all_cheaper = 0	# some round fprobe was not cheaper
	if (a[1] <= 1)
		krp_all_cheaper = 0
	return sprintf("%.2fx..%.2fx", a[1], a[n])
}
# The per-round spread of what a target tests, for condition c: "lo..hi"
# over rounds.
function spread(op, fork, c,   k, n, a, b, o, x) {
	n = 0
	for (k = 1; k <= rounds; k++) {
		b = per[op, "base", k]; o = per[op, c, k]
		x = per[op, "kretprobe", k]
		if (b == "" || o == "" || x == "")
			continue
		if (fork)
			a[++n] = (o / b - 1) * 100
		else if (x - b > 0.01 * b)
			a[++n] = (o - b) / (x - b)
	}
	if (n == 0)
		return "none"
	sort(a, n)
	return sprintf(fork ? "%+.1f%%..%+.1f%%" : "%.2fx..%.2fx", a[1], a[n])
}
/^BENCH round=[0-9]+ cond=/ {
	k = field("op") SUBSEP field("cond")
	vals[k] = vals[k] " " field("ns")
	# hits count bench.c's warm-up of iters/8 operations too
	if (field("iters") + 0 > 0)
		hpo[k] = hpo[k] " " field("hits") / (field("iters") + int(field("iters") / 8))
	per[k, field("round")] = field("ns")
	if (field("round") + 0 > rounds)
		rounds = field("round") + 0
	next
}
/^BENCH error / { errs = errs "   error:" substr($0, 13) "\n"; next }
/^BENCH note / { notes = notes "   note:" substr($0, 12) "\n"; next }
/^BENCH ksyms / { ksyms = substr($0, 13); next }
/^BENCH syms / { syms = substr($0, 12); next }
END {
	split("mmap mprotect mremap fork", ops, " ")
	split("base ringoff ring kretprobe floor", cs, " ")
	printf "== %s (%s): %d rounds; median ns/op per condition (guest instructions under -icount), ratios to base, overhead ratios (module - base) / (kretprobe - base)\n", gen, kver, rounds
	printf "   module probes: %s\n   kretprobe events: %s\n", syms, ksyms
	printf "%-9s %10s %10s %10s %10s %10s | %8s %8s %8s | %11s %11s %11s\n", "op",
		"base", "ringoff", "ring", "kretprobe", "floor", "off/base", "ring/b",
		"krp/b", "ovh off/krp", "ovh ring/krp", "floor/krp"
	for (i = 1; i <= 4; i++) {
		op = ops[i]
		for (j = 1; j <= 5; j++)
			m[cs[j]] = median(op SUBSEP cs[j])
		if (m["base"] <= 0 || m["ringoff"] <= 0 || m["kretprobe"] <= 0) {
			printf "%-9s no figures\n", op
			bad = 1
			continue
		}
		for (j = 1; j <= 4; j++)
			r[cs[j]] = m[cs[j]] / m["base"]
		krp = m["kretprobe"] - m["base"]
		# Below 1% of base the anchor overhead is noise: no ratio.
		small = krp < 0.01 * m["base"]
		oo = small ? "n/a" : sprintf("%.2fx", (m["ringoff"] - m["base"]) / krp)
		or = small ? "n/a" : sprintf("%.2fx", (m["ring"] - m["base"]) / krp)
		of = small || m["floor"] <= 0 ? "n/a" : sprintf("%.2fx", (m["floor"] - m["base"]) / krp)
		ov[op] = small ? -1 : (m["ring"] - m["base"]) / krp
		rv[op] = r["ring"]
		printf "%-9s %10.1f %10.1f %10.1f %10.1f %10s | %8.3f %8.3f %8.3f | %11s %11s %11s\n",
			op, m["base"], m["ringoff"], m["ring"], m["kretprobe"],
			(m["floor"] > 0 ? sprintf("%.1f", m["floor"]) : "-"),
			r["ringoff"], r["ring"], r["kretprobe"], oo, or, of
	}
	printf "   targets, the module as users load it (ring on), per-round range in brackets:\n"
	for (i = 1; i <= 3; i++) {
		op = ops[i]
		if (!(op in ov))
			continue
		if (ov[op] < 0) {
			printf "   %-9s overhead vs the kretprobe: n/a (its overhead is below 1%%)\n", op
			continue
		}
		printf "   %-9s overhead %.2fx that of the kretprobe (target <= %.1fx): %s by %.2f [%s]\n",
			op, ov[op], target, ov[op] <= target + 0.005 ? "PASS" : "MISS",
			ov[op] <= target ? target - ov[op] : ov[op] - target,
			spread(op, 0, "ring")
	}
	if ("fork" in rv) {
		d = (rv["fork"] - 1) * 100
		printf "   %-9s %+.1f%% over base (target <= +1%%): %s by %.1f points [%s]\n",
			"fork", d, d <= 1 ? "PASS" : "MISS", d <= 1 ? 1 - d : d - 1,
			spread("fork", 1, "ring")
	}
	# The README's rows (-v md=FILE): ratios only.
	if (md != "") {
		for (i = 1; i <= 3; i++) {
			op = ops[i]
			if (!(op in ov) || ov[op] < 0)
				continue
			b = median(op SUBSEP "base")
			x = median(op SUBSEP "kretprobe") - b
			f = median(op SUBSEP "floor")
			o = median(op SUBSEP "ringoff") - b
			g = median(op SUBSEP "ring") - b
			printf "| %s | %s | %.2fx | <= %.1fx | %s | %s | %s | %.2fx |\n",
				gen, op, ov[op], target,
				ov[op] <= target + 0.005 ? "yes" : "**no**",
				(f > 0 ? sprintf("%.2fx", (f - b) / x) : "-"),
				(f > 0 ? sprintf("%.2fx", (o - (f - b)) / x) : "-"),
				(g - o) / x >> md
		}
		if ("fork" in rv) {
			d = (rv["fork"] - 1) * 100
			printf "| %s | fork+exit | %+.1f%% over none | <= +1%% | %s | | | |\n",
				gen, d, d <= 1 ? "yes" : "**no**" >> md
		}
	}
	if (median("mmap" SUBSEP "floor") > 0) {
		print "   where the module's overhead goes, ns/op over base (as a share of the kretprobe's overhead):"
		printf "   %-9s %9s %9s = %16s + %16s + %16s | %s\n", "op", "kretprobe",
			"module", "hook mechanism", "handlers", "event ring",
			"the target leaves handlers + ring"
		for (i = 1; i <= 3; i++) {
			op = ops[i]
			b = median(op SUBSEP "base")
			x = median(op SUBSEP "kretprobe") - b
			if (x < 0.01 * b)
				continue
			f = median(op SUBSEP "floor") - b
			o = median(op SUBSEP "ringoff") - b
			g = median(op SUBSEP "ring") - b
			printf "   %-9s %9.0f %9.0f = %7.0f (%5.2fx) + %7.0f (%5.2fx) + %7.0f (%5.2fx) | %.0f (%.2fx)\n",
				op, x, g, f, f / x, o - f, (o - f) / x, g - o, (g - o) / x,
				target * x - f, (target * x - f) / x
		}
	}
	if (median("mmap" SUBSEP "hook-fprobe") > 0) {
		print "   hook backends, module with the ring off: median ns/op, and per probe hit (overhead over base / hits per op)"
		printf "   %-9s %10s %10s %8s | %10s %10s %10s | %9s %s\n", "op",
			"h-krp", "h-fprobe", "hits/op", "krp/hit", "fprobe/hit",
			"anchor/hit", "fp/krp", "[per round]"
		tk = 0; tf = 0
		fp_all_cheaper = 1; krp_all_cheaper = 1	# hook_spread() clears them
		for (i = 1; i <= 3; i++) {
			op = ops[i]
			hk = per_hit(op, "hook-kretprobe")
			hf = per_hit(op, "hook-fprobe")
			ha = per_hit(op, "kretprobe")
			if (hk == "" || hf == "") {
				printf "   %-9s no figures\n", op
				bad = 1
				continue
			}
			tk += hk; tf += hf
			printf "   %-9s %10.1f %10.1f %8.2f | %10.1f %10.1f %10s | %9s [%s]\n",
				op, median(op SUBSEP "hook-kretprobe"),
				median(op SUBSEP "hook-fprobe"),
				median_of(hpo[op SUBSEP "hook-fprobe"]), hk, hf,
				(ha == "" ? "n/a" : sprintf("%.1f", ha)),
				(hk > 0 ? sprintf("%.2fx", hf / hk) : "n/a"),
				hook_spread(op)
		}
		# A winner must be 3% cheaper on average and cheaper in every
		# round of every operation (rounds scatter by a few percent);
		# hook=auto follows the same rule (compat_fprobe.h).
		if (tk > 0 && tf > 0) {
			win = "neither: within 3%, or not in every round"
			if (tf < 0.97 * tk && fp_all_cheaper)
				win = "fprobe"
			else if (tf > 1.03 * tk && krp_all_cheaper)
				win = "kretprobe"
			printf "   cheaper per hit (mean over mmap, mprotect, mremap): %s (kretprobe %.1f, fprobe %.1f ns/hit, %+.1f%%)\n",
				win, tk / 3, tf / 3, (tf / tk - 1) * 100
		}
	}
	printf "%s%s", notes, errs
	if (errs != "" || bad)
		print "   INVALID: the figures above do not measure what they say"
	exit (errs != "" || bad)
}
