#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""study-report.py [--no-plots] OUTDIR GEN=CONSOLE_LOG[:RESULTS] ...

The merge-failure study's report, from the guests' console logs of
tests/guest/suite-study (scripts/study.sh boots them; `make study`).

Per kernel generation GEN (a label: 5.10, 6.1, 6.12, 7.2), CONSOLE_LOG is
that guest's serial console and RESULTS the results file vm-run.sh wrote
beside it (default: `results` in the console log's directory), whose
`# kernel ` and `# userland ` lines are copied into the report verbatim.
The console lines read, each anchored at the start of a line (anything
else, such as kernel messages between them, is ignored):

    VMMT KERNEL <uname -r>
    VMMT STATS BEGIN <workload>
    <stat> <u64>                  (the module's stats file, doc/INTERFACE.md)
    VMMT STATS END <workload>
    VMMT MAPPEAK <workload> <peak map_count> <comm>
    VMMT WORKTIME <workload> <seconds>

Written into OUTDIR: README.md (the report), study.tsv (every number read:
kernel, workload, stat, value), reasons.svg and kernels.svg (gnuplot, from
the scripts and data it writes under OUTDIR/gnuplot/).  --no-plots skips
gnuplot (the unit test; `make study` always plots).  --compare OLD:NEW
names the two generations of the kernel-vs-kernel section (default
6.12:7.2).

Exit status: 0; 1 if a block's books do not balance (merge.attempts against
the sum of merge.result.*, of each side's reasons, of merge.caller.*): the
report is still written, with a warning line per imbalance at its top;
2 for a usage error or a console log that cannot be read as above (a
block cut short, twice the same workload, a stat missing or twice), in
which case nothing is written; 3 if gnuplot fails.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

RE_KERNEL = re.compile(r'^VMMT KERNEL (\S+)\s*$')
RE_BEGIN = re.compile(r'^VMMT STATS BEGIN (\S+)\s*$')
RE_END = re.compile(r'^VMMT STATS END (\S+)\s*$')
RE_STAT = re.compile(r'^([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+) ([0-9]+)\s*$')
RE_MAPPEAK = re.compile(r'^VMMT MAPPEAK (\S+) ([0-9]+) (\S.*?)\s*$')
RE_WORKTIME = re.compile(r'^VMMT WORKTIME (\S+) ([0-9]+(?:\.[0-9]+)?)\s*$')

U64_MAX = 2**64 - 1
RESULTS = ("none", "prev", "next", "both", "error")
MISSES = ("pgoff_only", "anon_vma_unshared", "anon_vma_shared")
SIDES = ("prev", "next")
# Not failures: no neighbour, and a mergeable one.
NOT_FAILED = ("absent", "ok")
# A side whose neighbour does not touch the range cannot merge with it in
# any kernel: a failure reason in the reasons table, not a failed merge.
NOT_A_NEIGHBOUR = ("not_adjacent",)
# Every block must have these (doc/INTERFACE.md: all names always present).
REQUIRED = (["merge.attempts"] + [f"merge.result.{r}" for r in RESULTS] +
            [f"merge.{s}.{r}" for s in SIDES for r in NOT_FAILED] +
            [f"merge.missed.{m}" for m in MISSES] +
            ["merge.both.anon_vma_conflict", "merge.model_mismatch"])
# The order workloads are shown in, those of suite-study first.
KNOWN_WORKLOADS = ("python", "pyfork", "gcc", "redis", "sqlite",
                   "alloc-glibc", "alloc-jemalloc", "alloc-mimalloc",
                   "shellbuild")



def block_rows(workloads, runs, ncols, cells):
    """One table row per workload and kernel: the workload, the kernel and
    cells(workload, run, stats), or n/a where that kernel has no block."""
    rows = []
    for w in workloads:
        for r in runs:
            s = r.blocks.get(w)
            rows.append([w, r.gen] + (["n/a"] * (ncols - 2) if s is None
                                      else cells(w, r, s)))
    return rows

class StudyError(Exception):
    """The input cannot be read as a study: exit 2, nothing written."""


class Run:
    """What one kernel's console log holds."""

    def __init__(self, gen, console, results):
        self.gen = gen
        self.console = console
        self.results = results
        self.uname = None
        self.blocks = {}	# workload -> {stat: value}, in the file's order
        self.mappeak = {}	# workload -> (map_count, comm)
        self.worktime = {}	# workload -> seconds (the string as printed)
        self.header = []	# the results file's "# kernel", "# userland" lines


def parse_console(run, text):
    """Fill RUN from the console log TEXT; StudyError if it is not whole."""
    where = run.console
    cur, stats = None, None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        m = RE_KERNEL.match(line)
        if m:
            if run.uname is not None and run.uname != m.group(1):
                raise StudyError(f"{where}:{n}: a second kernel, {m.group(1)} "
                                 f"after {run.uname}")
            run.uname = m.group(1)
            continue
        m = RE_BEGIN.match(line)
        if m:
            if cur is not None:
                raise StudyError(f"{where}:{n}: STATS BEGIN {m.group(1)} inside "
                                 f"the block of {cur}")
            cur, stats = m.group(1), {}
            if cur in run.blocks:
                raise StudyError(f"{where}:{n}: a second STATS block for {cur}")
            continue
        m = RE_END.match(line)
        if m:
            if cur != m.group(1):
                raise StudyError(f"{where}:{n}: STATS END {m.group(1)} "
                                 f"{'inside the block of ' + cur if cur else 'without its BEGIN'}")
            missing = [s for s in REQUIRED if s not in stats]
            if missing:
                raise StudyError(f"{where}:{n}: the block of {cur} lacks "
                                 f"{', '.join(missing)}")
            run.blocks[cur] = stats
            cur = None
            continue
        m = RE_MAPPEAK.match(line)
        if m:
            run.mappeak[m.group(1)] = (int(m.group(2)), m.group(3))
            continue
        m = RE_WORKTIME.match(line)
        if m:
            run.worktime[m.group(1)] = m.group(2)
            continue
        if cur is not None:
            m = RE_STAT.match(line)
            if m:
                name, value = m.group(1), int(m.group(2))
                if name in stats:
                    raise StudyError(f"{where}:{n}: {name} twice in the block of {cur}")
                if value > U64_MAX:
                    raise StudyError(f"{where}:{n}: {name} {value} is no u64")
                stats[name] = value
    if cur is not None:
        raise StudyError(f"{where}: the block of {cur} has no STATS END "
                         "(the guest stopped in the middle?)")
    if not run.blocks:
        raise StudyError(f"{where}: no VMMT STATS block")


def read_header(run):
    """The results file's `# kernel ` and `# userland ` lines, verbatim."""
    if run.results is None:
        return
    try:
        with open(run.results, encoding="utf-8", errors="replace") as f:
            run.header = [ln.rstrip("\n") for ln in f
                          if ln.startswith("# kernel ") or ln.startswith("# userland ")]
    except OSError as e:
        raise StudyError(f"{run.results}: {e.strerror}") from e


def names(stats, prefix):
    """The suffixes of the stats named PREFIX<suffix>, in the block's order."""
    return [k[len(prefix):] for k in stats if k.startswith(prefix)]


def books(stats):
    """The imbalances of one block, as sentences (none: it balances)."""
    att = stats["merge.attempts"]
    bad = []
    for what, prefix in (("merge.result.*", "merge.result."),
                         ("merge.prev.*", "merge.prev."),
                         ("merge.next.*", "merge.next."),
                         ("merge.caller.*", "merge.caller.")):
        keys = [prefix + s for s in names(stats, prefix)]
        if not keys and prefix == "merge.caller.":
            continue		# not required: a block may predate them
        total = sum(stats[k] for k in keys)
        if total != att:
            bad.append(f"merge.attempts {att} != sum of {what} {total}")
    return bad


def failure_reasons(stats):
    """Every reason a side can fail for, in the module's order."""
    return [r for r in names(stats, "merge.prev.") if r not in NOT_FAILED]


def metrics(stats):
    """The derived numbers of one block (percentages unrounded, or None)."""
    att = stats["merge.attempts"]
    res = {r: stats.get(f"merge.result.{r}", 0) for r in RESULTS}
    merged = res["prev"] + res["next"] + res["both"]
    failed = stats["merge.both.anon_vma_conflict"]
    for s in SIDES:
        for r in failure_reasons(stats):
            if r not in NOT_A_NEIGHBOUR:
                failed += stats[f"merge.{s}.{r}"]
    shared = stats["merge.missed.anon_vma_shared"]
    return {
        "attempts": att,
        "merged": merged,
        "merged_pct": 100.0 * merged / att if att else None,
        "failed_sides": failed,
        "shared_pct": 100.0 * shared / failed if failed else None,
        "result": res,
    }


def pct(v):
    return "n/a" if v is None else f"{v:.1f}"


def pct_of(n, d):
    return "n/a" if not d else f"{100.0 * n / d:.1f}"


def signed(v):
    return "n/a" if v is None else f"{v:+.1f}"


def table(head, rows, right_from=2):
    """A Markdown table; columns from RIGHT_FROM on right-aligned."""
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join("---" if i < right_from else "---:"
                          for i in range(len(head))) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def workload_order(runs):
    seen = []
    for r in runs:
        for w in r.blocks:
            if w not in seen:
                seen.append(w)
    known = [w for w in KNOWN_WORKLOADS if w in seen]
    return known + [w for w in seen if w not in known]


def kernel_label(run):
    return f"{run.gen} ({run.uname})" if run.uname else run.gen


def render(runs, workloads, reasons, compare, argv, date, problems, mismatch,
           plots):
    """The report, as lines."""
    byg = {r.gen: r for r in runs}
    L = ["# The merge-failure study", "",
         "<!-- Generated by `make study` (scripts/study.sh, "
         "scripts/study-report.py): do not edit; run it again. -->", "",
         "Generated by `make study`:", "", "```",
         shlex.join(argv), date, "```", ""]
    if problems:
        L += ["## WARNING: the books do not balance", ""]
        L += [f"**WARNING: {p}**  " for p in problems]
        L += ["", "The numbers below include unbalanced blocks and must not "
              "be used.", ""]
    if mismatch:
        L += ["## WARNING: the module's model disagreed with the kernel", ""]
        L += [f"**WARNING: {p}**  " for p in mismatch]
        L += ["", "A bug in the module (doc/INTERFACE.md): its reasons for "
              "these blocks are suspect.", ""]
    L += ["Kernels and userland, from each guest's results file:", "", "```"]
    for r in runs:
        L += r.header or [f"(no results file for {r.gen})"]
    L += ["```", ""]
    L += ["Each guest ran the workloads of `tests/guest/suite-study` in the real "
          "Debian userland, with vmamerge's counters reset before each "
          "workload and read after it (`stats`, doc/INTERFACE.md \"stats "
          "names\").  Every number here is computed from the console logs "
          "named in the command line above; the raw counters are in "
          "[study.tsv](study.tsv) (kernel, workload, stat, value).  A workload "
          "that did not report on a kernel shows as n/a.  Percentages have "
          "one decimal.", ""]

    L += ["## Merges", "",
          "*attempts*: `merge.attempts`, one per call of the kernel's merge "
          "entry point.  *merged %*: `merge.result.prev + next + both` as a "
          "share of attempts.  *none* ... *error*: `merge.result.*`.  *missed "
          "...*: the counterfactuals `merge.missed.*`, each counted once per "
          "attempt that merged less than both sides and that the named reason "
          "alone kept from merging on a side.", "",
          "*failed sides*: the failed merges, counted per side: every side of "
          "every attempt that had a neighbour touching the range and did not "
          "merge with it, i.e. the sum over prev and next of every "
          "`merge.<side>.<reason>` other than `ok`, `absent` and "
          "`not_adjacent`, plus `merge.both.anon_vma_conflict` (both sides "
          "`ok`, only one merged).  A side that is the remainder of a split "
          "(mprotect of a VMA's middle) counts when its reason is not "
          "`not_adjacent`: the counters cannot tell it apart.",
          "",
          "*fork-shared %*: `merge.missed.anon_vma_shared` as a share of the "
          "failed sides: the failed merges that only the anon_vma stood in "
          "the way of, where that anon_vma is tied to a fork relative, so "
          "that neither reconnecting pages nor adjusting pgoff would recover "
          "them.  This is the measure of Jakub Matěna's RFC \"Removing "
          "limitations of merging anonymous VMAs\" (linux-mm, 2022-02-18), "
          "which put that case at \"about 1-3% of all merges (measured for "
          "internet browsing and compilation use cases) that fail to merge\".  "
          "`merge.missed.anon_vma_shared` counts an attempt once even when "
          "both of its sides miss for that reason, and the denominator counts "
          "sides, so this share is a lower bound of the same share per "
          "attempt.", "",
          "*peak map_count*: the highest `map_count` of any process during the "
          "workload, and which one (`VMMT MAPPEAK`); *time*: the workload's "
          "seconds (`VMMT WORKTIME`).", ""]
    head = ["workload", "kernel", "attempts", "merged %", "none", "prev",
            "next", "both", "error", "missed pgoff_only",
            "missed anon_vma_unshared", "missed anon_vma_shared",
            "failed sides", "fork-shared %", "peak map_count", "time (s)"]
    def main_row(w, r, s):
        m = metrics(s)
        peak = r.mappeak.get(w)
        return ([m["attempts"], pct(m["merged_pct"])] +
                [m["result"][x] for x in RESULTS] +
                [s[f"merge.missed.{x}"] for x in MISSES] +
                [m["failed_sides"], pct(m["shared_pct"]),
                 f"{peak[0]} ({peak[1]})" if peak else "n/a",
                 r.worktime.get(w, "n/a")])
    rows = block_rows(workloads, runs, len(head), main_row)
    L += table(head, rows) + [""]

    L += ["## Why sides did not merge", "",
          "Per side, every reason other than `ok` (the side could merge), as "
          "`merge.<side>.<reason>` and its share of attempts: the first reason "
          "that applied, in the module's order.  `absent` (no VMA on that "
          "side) is shown last and apart: it is no failure, there was nothing "
          "to merge with, but it says how many attempts had a neighbour at "
          "all.  `not_adjacent` is a VMA that does not touch the range (or the "
          "remainder of a split with nothing else differing).", ""]
    if plots:
        L += [f"![Sides refused (not ok, not absent) per 100 attempts, by "
              f"reason, per workload, on {', '.join(r.gen for r in runs)}](reasons.svg)", ""]
    for side in SIDES:
        L += [f"### {side}", ""]
        head = ["workload", "kernel"] + reasons + ["(absent)"]
        def side_row(w, r, s, side=side):
            att = s["merge.attempts"]
            return [f"{s.get(f'merge.{side}.{x}', 0)} "
                    f"({pct_of(s.get(f'merge.{side}.{x}', 0), att)}%)"
                    for x in reasons + ["absent"]]
        rows = block_rows(workloads, runs, len(head), side_row)
        L += table(head, rows) + [""]

    old, new = compare
    L += [f"## {old} against {new}", ""]
    if old not in byg or new not in byg:
        L += [f"n/a: no console log for {old if old not in byg else new}.", ""]
    else:
        ro, rn = byg[old], byg[new]
        L += [f"{kernel_label(rn)} has 6.16's change of the anon_vma merge "
              f"rule: an unfaulted VMA next to a faulted one may now merge, "
              f"which {kernel_label(ro)} refuses and counts as "
              f"`anon_vma_chain`.  Per workload: the share merged on each and "
              f"its difference ({new} minus {old}, percentage points); the "
              f"`anon_vma` and `anon_vma_chain` sides (prev plus next) as "
              f"counts, the difference in `anon_vma_chain` count, and "
              f"`anon_vma_chain` per 100 attempts.  The two kernels ran the workloads in "
              f"separate boots, so counts differ also with the work done; the "
              f"per-100-attempts figures compare better.", ""]
        if plots:
            L += [f"![Share merged and anon_vma_chain sides per workload, "
                  f"{old} against {new}](kernels.svg)", ""]
        head = ["workload", f"merged % {old}", f"merged % {new}", "Δ pp",
                f"anon_vma {old}", f"anon_vma {new}",
                f"anon_vma_chain {old}", f"anon_vma_chain {new}",
                "Δ anon_vma_chain",
                f"anon_vma_chain /100 att. {old}",
                f"anon_vma_chain /100 att. {new}"]
        rows = []
        for w in workloads:
            so, sn = ro.blocks.get(w), rn.blocks.get(w)
            mo = metrics(so) if so else None
            mn = metrics(sn) if sn else None
            av = [side_sum(x, "anon_vma") for x in (so, sn)]
            ch = [side_sum(x, "anon_vma_chain") for x in (so, sn)]
            d_m = (mn["merged_pct"] - mo["merged_pct"]
                   if mo and mn and mo["merged_pct"] is not None
                   and mn["merged_pct"] is not None else None)
            rows.append([w,
                         pct(mo["merged_pct"]) if mo else "n/a",
                         pct(mn["merged_pct"]) if mn else "n/a",
                         signed(d_m),
                         na(av[0]), na(av[1]), na(ch[0]), na(ch[1]),
                         f"{ch[1] - ch[0]:+d}" if so and sn else "n/a",
                         pct_of(ch[0], so["merge.attempts"]) if so else "n/a",
                         pct_of(ch[1], sn["merge.attempts"]) if sn else "n/a"])
        L += table(head, rows, right_from=1) + [""]
    if not plots:
        L += ["(Plots skipped: --no-plots.)", ""]
    return L


def side_sum(stats, reason):
    if stats is None:
        return None
    return sum(stats.get(f"merge.{s}.{reason}", 0) for s in SIDES)


def na(v):
    return "n/a" if v is None else v


def write_tsv(path, runs):
    with open(path, "w", encoding="utf-8") as f:
        f.write("kernel\tworkload\tstat\tvalue\n")
        for r in runs:
            for w, s in r.blocks.items():
                for k, v in s.items():
                    f.write(f"{r.gen}\t{w}\t{k}\t{v}\n")
            for w, (n, comm) in r.mappeak.items():
                f.write(f"{r.gen}\t{w}\tmappeak\t{n}\n")
                f.write(f"{r.gen}\t{w}\tmappeak.comm\t{comm}\n")
            for w, t in r.worktime.items():
                f.write(f"{r.gen}\t{w}\tworktime\t{t}\n")


# Distinct on white, one per reason, the same in every panel.
COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
           "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#8c564b",
           "#000000")


def gp_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plot_reasons(gdir, runs, workloads, reasons):
    """reasons.svg: per kernel a panel, per workload a bar of the failed
    sides (prev plus next) per 100 attempts, stacked by reason."""
    top = 0.0
    with open(os.path.join(gdir, "reasons.dat"), "w", encoding="utf-8") as f:
        for i, r in enumerate(runs):
            f.write(f"# {r.gen}: workload, then per 100 attempts: "
                    f"{' '.join(reasons)}\n")
            for w in workloads:
                s = r.blocks.get(w)
                if s is None or not s["merge.attempts"]:
                    f.write(f"{gp_quote(w + ' (n/a)')}" + " ?" * len(reasons) + "\n")
                    continue
                v = [100.0 * side_sum(s, x) / s["merge.attempts"] for x in reasons]
                top = max(top, sum(v))
                f.write(gp_quote(w) + "".join(f" {x:.3f}" for x in v) + "\n")
            if i < len(runs) - 1:
                f.write("\n\n")
    cols = 2 if len(runs) > 1 else 1
    rows = (len(runs) + cols - 1) // cols
    gp = ['set terminal svg size 1400,%d dynamic noenhanced font "sans,11" '
          'background "white"' % (480 * rows),
          'set output "../reasons.svg"',
          'set datafile missing "?"',
          'set style data histograms',
          'set style histogram rowstacked',
          'set style fill solid 0.9 border -1',
          'set boxwidth 0.7',
          'set grid ytics',
          'set xtics rotate by -30',
          'set ylabel "sides refused per 100 attempts (prev + next)"',
          'set yrange [0:%g]' % (top * 1.08 if top > 0 else 1),
          'set key outside right top',
          'set multiplot layout %d,%d title %s' % (
              rows, cols, gp_quote("Why sides did not merge, by reason: "
                                   + ", ".join(kernel_label(r) for r in runs)))]
    for i, r in enumerate(runs):
        gp.append(f"set title {gp_quote(kernel_label(r))}")
        parts = []
        for j, x in enumerate(reasons):
            src = '"reasons.dat"' if j == 0 else "''"
            xt = ":xtic(1)" if j == 0 else ""
            parts.append(f"{src} index {i} using {j + 2}{xt} title {gp_quote(x)} "
                         f"lc rgb {gp_quote(COLOURS[j % len(COLOURS)])}")
        gp.append("plot " + ", \\\n\t".join(parts))
    gp.append("unset multiplot")
    with open(os.path.join(gdir, "reasons.gp"), "w", encoding="utf-8") as f:
        f.write("\n".join(gp) + "\n")
    return "reasons.gp"


def plot_kernels(gdir, runs, workloads, compare):
    """kernels.svg: share merged and anon_vma_chain sides per workload,
    OLD against NEW, side by side."""
    byg = {r.gen: r for r in runs}
    old, new = compare
    if old not in byg or new not in byg:
        return None
    ro, rn = byg[old], byg[new]
    top = 0
    with open(os.path.join(gdir, "kernels.dat"), "w", encoding="utf-8") as f:
        f.write(f"# workload, merged % {old}, merged % {new}, "
                f"anon_vma_chain {old}, anon_vma_chain {new}\n")
        for w in workloads:
            so, sn = ro.blocks.get(w), rn.blocks.get(w)
            vals = []
            for s in (so, sn):
                m = metrics(s) if s else None
                vals.append("?" if m is None or m["merged_pct"] is None
                            else f"{m['merged_pct']:.3f}")
            for s in (so, sn):
                if s is not None:
                    top = max(top, side_sum(s, "anon_vma_chain"))
                vals.append("?" if s is None else str(side_sum(s, "anon_vma_chain")))
            label = w if so and sn else w + " (n/a)"
            f.write(gp_quote(label) + " " + " ".join(vals) + "\n")
    lo, ln = gp_quote(kernel_label(ro)), gp_quote(kernel_label(rn))
    gp = ['set terminal svg size 1400,560 dynamic noenhanced font "sans,11" '
          'background "white"',
          'set output "../kernels.svg"',
          'set datafile missing "?"',
          'set style data histograms',
          'set style histogram clustered gap 1',
          'set style fill solid 0.9 border -1',
          'set grid ytics',
          'set xtics rotate by -30',
          'set key outside bottom center horizontal',
          'set multiplot layout 1,2 title %s' % gp_quote(
              f"{kernel_label(ro)} against {kernel_label(rn)}"),
          'set title "Share of attempts merged"',
          'set ylabel "merged (% of attempts)"',
          'set yrange [0:100]',
          f'plot "kernels.dat" using 2:xtic(1) title {lo} lc rgb "#4e79a7", '
          f"'' using 3 title {ln} lc rgb \"#f28e2b\"",
          'set title "anon_vma_chain: sides refused (prev + next)"',
          'set ylabel "count"',
          'set yrange [0:%d]' % max(1, int(top * 1.1) + 1),
          f'plot "kernels.dat" using 4:xtic(1) title {lo} lc rgb "#4e79a7", '
          f"'' using 5 title {ln} lc rgb \"#f28e2b\"",
          'unset multiplot']
    with open(os.path.join(gdir, "kernels.gp"), "w", encoding="utf-8") as f:
        f.write("\n".join(gp) + "\n")
    return "kernels.gp"


def gnuplot(gdir, script):
    try:
        p = subprocess.run(["gnuplot", script], cwd=gdir, capture_output=True,
                           text=True, check=False)
    except OSError as e:
        raise RuntimeError(f"gnuplot: {e.strerror} (Debian package gnuplot-nox)") from e
    svg = os.path.join(gdir, "..", script.replace(".gp", ".svg"))
    if p.returncode != 0 or not os.path.exists(svg):
        raise RuntimeError(f"gnuplot {script} failed (exit {p.returncode}):\n{p.stderr}")


def main(argv):
    ap = argparse.ArgumentParser(
        prog="study-report.py",
        description="The merge-failure study's report (make study).",
        epilog="Exit status: 0; 1 unbalanced books (report written, with "
               "warnings); 2 usage or unreadable log (nothing written); "
               "3 gnuplot failed.")
    ap.add_argument("--no-plots", action="store_true",
                    help="skip gnuplot (for tests; make study always plots)")
    ap.add_argument("--compare", default="6.12:7.2", metavar="OLD:NEW",
                    help="the generations of the kernel-vs-kernel section")
    ap.add_argument("--date", help="the date in the header (default: date -u)")
    ap.add_argument("outdir")
    ap.add_argument("logs", nargs="+", metavar="GEN=CONSOLE_LOG[:RESULTS]")
    a = ap.parse_args(argv[1:])
    compare = tuple(a.compare.split(":", 1))
    if len(compare) != 2 or not all(compare):
        ap.error(f"--compare {a.compare}: not OLD:NEW")

    runs = []
    try:
        for spec in a.logs:
            gen, eq, rest = spec.partition("=")
            if not eq or not gen or not rest:
                raise StudyError(f"{spec}: not GEN=CONSOLE_LOG[:RESULTS]")
            if any(r.gen == gen for r in runs):
                raise StudyError(f"{gen} given twice")
            console, _, results = rest.partition(":")
            if not results:
                results = os.path.join(os.path.dirname(console) or ".", "results")
                if not os.path.exists(results):
                    results = None
            run = Run(gen, console, results)
            try:
                with open(console, encoding="utf-8", errors="replace") as f:
                    text = f.read()
            except OSError as e:
                raise StudyError(f"{console}: {e.strerror}") from e
            parse_console(run, text)
            read_header(run)
            runs.append(run)
    except StudyError as e:
        print(f"study-report.py: {e}", file=sys.stderr)
        return 2

    workloads = workload_order(runs)
    reasons = []
    for r in runs:
        for s in r.blocks.values():
            for x in failure_reasons(s):
                if x not in reasons:
                    reasons.append(x)
    problems = []
    for r in runs:
        for w, s in r.blocks.items():
            problems += [f"{r.gen}/{w}: {p}" for p in books(s)]
    mismatch = [f"{r.gen}/{w}: merge.model_mismatch {s['merge.model_mismatch']} "
                f"(must be 0: the module's model disagreed with the kernel)"
                for r in runs for w, s in r.blocks.items()
                if s["merge.model_mismatch"]]

    date = a.date
    if date is None:
        date = subprocess.run(["date", "-u"], capture_output=True, text=True,
                              check=True).stdout.strip()
    plots = not a.no_plots
    os.makedirs(a.outdir, exist_ok=True)
    lines = render(runs, workloads, reasons, compare, argv, date,
                   problems, mismatch, plots)
    if plots:
        gdir = os.path.join(a.outdir, "gnuplot")
        os.makedirs(gdir, exist_ok=True)
        scripts = [plot_reasons(gdir, runs, workloads, reasons),
                   plot_kernels(gdir, runs, workloads, compare)]
        try:
            for sc in scripts:
                if sc:
                    gnuplot(gdir, sc)
        except RuntimeError as e:
            print(f"study-report.py: {e}", file=sys.stderr)
            return 3
    write_tsv(os.path.join(a.outdir, "study.tsv"), runs)
    with open(os.path.join(a.outdir, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n")
    for p in problems + mismatch:
        print(f"study-report.py: WARNING: {p}", file=sys.stderr)
    if problems:
        print("study-report.py: the books do not balance: report written "
              f"with warnings to {a.outdir}/README.md, not to be used",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
