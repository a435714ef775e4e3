#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check_metrics.py GEN CONSOLE_LOG OUTDIR: check the `metrics` file that
tests/guest/t_metrics.sh printed, with a `stats` reading of the same moment.

metrics_promtool: Prometheus' own linter (`promtool check metrics`, from
Debian's prometheus package via scripts/fetch-promtool.sh) accepts it.
metrics_values: every stat of doc/INTERFACE.md is exactly one sample, with the
stat's value, under the metric name and labels its metrics table gives; every
counter ends in _total; and nothing else is a counter.
"""
import os
import re
import subprocess
import sys

from results import file_blocks, result

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = re.compile(r'^(vmamerge_[a-z0-9_]+)(?:\{(.*)\})? ([0-9]+)$')



def sample_of(stat):
    """The (metric, labels) doc/INTERFACE.md's stat name maps to."""
    p = stat.split(".")
    if stat == "merge.attempts":
        return "vmamerge_merge_attempts_total", ""
    if p[:2] == ["merge", "result"]:
        return "vmamerge_merge_results_total", f'result="{p[2]}"'
    if p[0] == "merge" and p[1] in ("prev", "next"):
        return ("vmamerge_merge_reasons_total",
                f'side="{p[1]}",reason="{p[2]}"')
    if stat == "merge.both.anon_vma_conflict":
        return "vmamerge_merge_anon_vma_conflicts_total", ""
    if p[:2] == ["merge", "missed"]:
        return "vmamerge_merge_missed_total", f'reason="{p[2]}"'
    if p[:2] == ["merge", "caller"]:
        return "vmamerge_merge_callers_total", f'caller="{p[2]}"'
    if stat == "merge.model_mismatch":
        return "vmamerge_merge_model_mismatches_total", ""
    if stat == "copy_vma.calls":
        return "vmamerge_copy_vma_calls_total", ""
    if p[1] in ("merged", "new"):
        return "vmamerge_copy_vma_results_total", f'result="{p[1]}"'
    if p[1].startswith("anon_") or p[1] == "file":
        return ("vmamerge_copy_vma_sources_total",
                f'anon="{p[1].replace("anon_", "")}"')
    if p[1].startswith("pgoff_"):
        return "vmamerge_copy_vma_pgoff_total", f'pgoff="{p[1][6:]}"'
    if p[0] == "events":
        return f"vmamerge_events_{p[1]}_total", ""
    return None, None


def main():
    gen, log = sys.argv[1], open(sys.argv[2], errors="replace").read()
    b = file_blocks(log, "metrics")
    if "metrics" not in b or "stats" not in b:
        result(False, f"{gen}/metrics_promtool", "no metrics in the console log")
        result(False, f"{gen}/metrics_values", "no metrics in the console log")
        return 1
    failed = 0
    promtool = subprocess.run([os.path.join(HERE, "../../scripts/fetch-promtool.sh")],
                              capture_output=True, text=True).stdout.strip()
    r = subprocess.run([promtool, "check", "metrics"], input=b["metrics"],
                       capture_output=True, text=True)
    if r.returncode == 0 and not r.stdout.strip() and not r.stderr.strip():
        result(True, f"{gen}/metrics_promtool")
    else:
        failed += 1
        why = (r.stdout + r.stderr).strip().replace("\n", "; ")[:300]
        result(False, f"{gen}/metrics_promtool", why)

    errors, samples, types = [], {}, {}
    for line in b["metrics"].splitlines():
        if line.startswith("# TYPE "):
            _, _, name, typ = line.split()
            types[name] = typ
            continue
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        if not m:
            errors.append(f"bad sample line {line!r}")
            continue
        key = (m.group(1), m.group(2) or "")
        if key in samples:
            errors.append(f"duplicate sample {line!r}")
        samples[key] = int(m.group(3))
    for name, typ in types.items():
        if (typ == "counter") != name.endswith("_total"):
            errors.append(f"{name} is a {typ}")
    used = set()
    stats = [ln.split() for ln in b["stats"].splitlines() if ln.strip()]
    for stat, val in stats:
        key = sample_of(stat)
        if key not in samples:
            errors.append(f"no sample for {stat} ({key[0]}{{{key[1]}}})")
        elif samples[key] != int(val):
            errors.append(f"{stat} is {val}, its sample {samples[key]}")
        used.add(key)
    for key in samples:
        if types.get(key[0]) == "counter" and key not in used and \
                not key[0].startswith("vmamerge_probe_"):
            errors.append(f"counter {key[0]}{{{key[1]}}} is no stat")
    if not any(samples.get(sample_of(s)) for s, _ in stats):
        errors.append("every counter is zero: the workload was not counted")
    if errors:
        failed += 1
        result(False, f"{gen}/metrics_values", "; ".join(errors[:4]))
    else:
        result(True, f"{gen}/metrics_values", f"{len(stats)} stats")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
