#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check_audit.py GEN CONSOLE_LOG OUTDIR: check what tests/guest/t_audit.sh
printed of the audit and the metrics.

audit_json: audit.json parses, has doc/INTERFACE.md's keys, a reason entry
for each reason from not_adjacent to anon_vma_chain (typed here from the
contract), the reasons' pairs and the ok pairs add up to the pairs, the
map_count_if_merged values go down in the contract's order, and at most 8
regions, most VMAs first.
audit_prom_rules: tests/host/prom-rules.sh (promtool test rules with
contrib/prometheus/vmamerge-alerts.yml) on the guest's real metrics.
"""
import json
import os
import subprocess
import sys

from results import file_blocks, result

HERE = os.path.dirname(os.path.abspath(__file__))
REASONS = ["not_adjacent", "special", "flags", "file", "close", "uffd",
           "anon_name", "policy", "pgoff", "anon_vma", "anon_vma_chain"]
CLASSES = ["ok", "pgoff_only", "anon_vma_unshared", "anon_vma_shared"]



def check_json(text):
    errors = []
    try:
        d = json.loads(text)
    except ValueError as e:
        return [f"not JSON: {e}"]
    if d.get("schema") != 1:
        errors.append("schema is not 1")
    for key in ("kernel", "generation", "process", "totals", "reasons",
                "recoverable", "map_count_if_merged", "walk", "regions"):
        if key not in d:
            errors.append(f"no {key}")
    if errors:
        return errors
    if list(d["reasons"]) != REASONS:
        errors.append(f"reasons {list(d['reasons'])}")
    if list(d["recoverable"]) != CLASSES or list(d["map_count_if_merged"]) != CLASSES:
        errors.append("recoverable or map_count_if_merged keys")
    t = d["totals"]
    s = sum(r["pairs"] for r in d["reasons"].values()) + d["recoverable"]["ok"]
    if s != t["pairs"]:
        errors.append(f"reasons and ok add up to {s}, pairs {t['pairs']}")
    if t["headroom"] != t["max_map_count"] - t["map_count"]:
        errors.append("headroom is not max_map_count - map_count")
    m = [d["map_count_if_merged"][c] for c in CLASSES]
    if m != sorted(m, reverse=True) or m[0] > t["map_count"]:
        errors.append(f"map_count_if_merged {m} does not go down from {t['map_count']}")
    regions = d["regions"]
    if len(regions) > 8 or [r["vmas"] for r in regions] != \
            sorted((r["vmas"] for r in regions), reverse=True):
        errors.append("regions: more than 8, or not most VMAs first")
    for r in regions:
        if int(r["start"], 16) >= int(r["end"], 16) or r["kind"] not in \
                ("anon", "heap", "stack", "file") or sum(r["perms"].values()) != r["vmas"]:
            errors.append(f"region {r}")
            break
    return errors


def prom_rules(gen, name, text, block, args):
    """prom-rules.sh on a VMMT-FILE block written to the results dir."""
    if text is None:
        return result(False, f"{gen}/{name}", f"no {block} in the console log")
    path = os.path.join(sys.argv[3], f"audit-{block}.prom")
    with open(path, "w") as f:
        f.write(text)
    r = subprocess.run(["sh", os.path.join(HERE, "prom-rules.sh"), path, *args],
                       capture_output=True, text=True)
    last = (r.stdout.strip().splitlines() or [""])[-1]
    why = "; ".join(ln for ln in r.stdout.splitlines() if ln.startswith("not ok"))[:300]
    return result(r.returncode == 0, f"{gen}/{name}", why or last.removeprefix("ok - "))


def main():
    gen, logpath = sys.argv[1:3]
    with open(logpath, errors="replace") as f:
        b = file_blocks(f.read(), "audit")
    failed = 0
    if "audit.json" not in b:
        result(False, f"{gen}/audit_json", "no audit.json in the console log")
        failed += 1
    else:
        errors = check_json(b["audit.json"])
        failed += not result(not errors, f"{gen}/audit_json", "; ".join(errors[:4]) or None)
    # The alert rule on the guest's metrics, its limit lowered; then on
    # fragment big's process near the real limit, as it is.
    for block, name, args in (("metrics", "audit_prom_rules", []),
                              ("metrics-near-limit", "audit_prom_near_limit", ["as-is"])):
        failed += not prom_rules(gen, name, b.get(block), block, args)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
