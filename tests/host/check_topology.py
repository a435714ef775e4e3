#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""check_topology.py GEN CONSOLE_LOG OUTDIR: check the topology dumps that
tests/guest/topo.c printed to the guest's console.

Every topology.json is parsed with Python's json module, every topology.dot
rendered with Graphviz (dot -Tsvg, into OUTDIR), and each dump is compared
with /proc/PID/maps of the same process (the kernel's own view) and with
what the kernel's anon_vma rules say the scenario must look like
(mm/rmap.c: anon_vma_fork() gives every forked VMA an anon_vma of its own
whose parent is the parent VMA's, unless anon_vma_clone() can reuse an
ancestor that has no VMA left and fewer than two children).

Prints one "PASS GEN/topo_..." or "FAIL GEN/topo_... (why)" line per check
group and exits non-zero if any failed.
"""
import json
import os
import re
import subprocess
import sys

from results import result

BASE = 0x400000000000
PG = 4096


def blocks(log):
    """{(label, kind): text} from VMMT-FILE ... VMMT-EOF blocks."""
    out, cur, lines = {}, None, []
    for raw in log.splitlines():
        if raw.startswith("VMMT-FILE "):
            _, label, kind = raw.split()[:3]
            cur, lines = (label, kind), []
        elif raw == "VMMT-EOF" and cur:
            out[cur] = "\n".join(lines) + "\n"
            cur = None
        elif cur and not raw.startswith("["):   # skip kernel log lines
            lines.append(raw)
    return out


class Checker:
    def __init__(self, gen):
        self.gen, self.failed, self.group, self.errors = gen, 0, None, []

    def start(self, group):
        self.group, self.errors = group, []

    def check(self, cond, what):
        if not cond:
            self.errors.append(what)

    def end(self):
        if not result(not self.errors, f"{self.gen}/{self.group}",
                      "; ".join(self.errors[:4])):
            self.failed += 1


def maps_ranges(text):
    r = set()
    for line in text.splitlines():
        a, b = line.split()[0].split("-")
        s, e = int(a, 16), int(b, 16)
        if s >= 0xffffffffff600000:          # [vsyscall]: no VMA
            continue
        r.add((s, e))
    return r


def region(doc):
    """The scenario's three VMAs at BASE, in address order."""
    return sorted((v for v in doc["vmas"] if BASE <= int(v["start"], 16) < BASE + 4 * PG),
                  key=lambda v: int(v["start"], 16))


def avs(doc):
    return {a["id"]: a for a in doc["anon_vmas"]}


def main():
    gen, logpath, outdir = sys.argv[1:4]
    with open(logpath, errors="replace") as f:
        b = blocks(f.read())
    c = Checker(gen)
    docs = {}

    c.start("topo_json_parses")
    jsons = [k for k in b if k[1] == "json"]
    c.check(len(jsons) >= 8, f"{len(jsons)} JSON dumps found, 8 expected")
    for label, _ in jsons:
        try:
            d = json.loads(b[(label, "json")])
            docs[label] = d
            c.check(d.get("schema") == 1, f"{label}: schema 1")
            for key in ("process", "vmas", "anon_vmas", "totals"):
                c.check(key in d, f"{label}: has {key}")
        except ValueError as e:
            c.check(False, f"{label}: not JSON: {e}")
    c.end()

    c.start("topo_dot_renders")
    dots = [k for k in b if k[1] == "dot"]
    c.check(len(dots) >= 3, f"{len(dots)} DOT dumps, 3 expected")
    for label, _ in dots:
        svg = os.path.join(outdir, f"topology-{label}.svg")
        p = subprocess.run(["dot", "-Tsvg", "-o", svg], input=b[(label, "dot")],
                           text=True, capture_output=True)
        c.check(p.returncode == 0 and os.path.getsize(svg) > 0,
                f"{label}: dot -Tsvg failed: {p.stderr.strip()[:200]}")
    for label, kind in b:
        if kind == "text":
            c.check(b[(label, kind)].startswith("vmamerge topology v1\n"),
                    f"{label}: text starts with its format line")
    c.end()

    c.start("topo_matches_proc_maps")
    c.check(docs, "no JSON dump to compare with /proc/PID/maps")
    for label, d in docs.items():
        got = {(int(v["start"], 16), int(v["end"], 16)) for v in d["vmas"]}
        want = maps_ranges(b.get((label, "maps"), ""))
        c.check(got == want, f"{label}: VMAs differ from /proc/PID/maps "
                f"(only in module: {len(got - want)}, only in maps: {len(want - got)})")
        c.check(d["totals"]["map_count"] == len(d["vmas"]),
                f"{label}: map_count equals the VMAs listed")
        c.check(d["totals"]["max_map_count"] > 0, f"{label}: max_map_count read")
        anon = sum(1 for line in b.get((label, "maps"), "").splitlines()
                   if len(line.split()) < 6 or line.split()[5].startswith("["))
        c.check(d["totals"]["anonymous_vmas"] == anon - sum(
            1 for line in b.get((label, "maps"), "").splitlines() if "[vsyscall]" in line),
            f"{label}: anonymous_vmas = the maps lines without a file")
        # Identities: 16 hex digits below 2^56 (a raw kernel pointer would
        # start with ff), one per object: no two VMAs, no two anon_vmas
        # share one (32-bit hashed %p values collided at 60,000 VMAs).
        ids = re.findall(r'"(?:vma|av)_([0-9a-f]+)"', json.dumps(d))
        c.check(ids and all(len(i) == 16 and i.startswith("00") for i in ids),
                f"{label}: every identity is 16 hex digits, no raw kernel pointer")
        for kind, objs in (("VMA", d["vmas"]), ("anon_vma", d["anon_vmas"])):
            own = [o["id"] for o in objs]
            c.check(len(own) == len(set(own)),
                    f"{label}: every {kind} has an identity of its own")
    c.end()

    if not all(k in docs for k in ("parent", "child", "grandchild",
                                   "parent_after", "grandchild_after",
                                   "greatgrandchild")):
        c.start("topo_fork_chain")
        c.check(False, "fork scenario dumps missing")
        c.end()
        sys.exit(1)

    # A process with three VMAs sharing one anon_vma forks a child, which
    # forks a grandchild.
    c.start("topo_fork_chain")
    p, ch, gc = docs["parent"], docs["child"], docs["grandchild"]
    pr, cr, gr = region(p), region(ch), region(gc)
    c.check(len(pr) == len(cr) == len(gr) == 3, "three VMAs in each process")
    a = pr[0]["anon_vma"] if pr else None
    c.check(a and all(v["anon_vma"] == a and v["chain"] == [a] for v in pr),
            "parent: one anon_vma for the three VMAs, chain [it]")
    pa = avs(p).get(a, {})
    c.check(pa.get("root") == a and pa.get("parent") == a and pa.get("depth") == 0,
            "parent's anon_vma is a root (self parent, depth 0)")
    c.check(pa.get("num_children") == 4,
            f"root num_children = itself + one per child VMA = 4 (got {pa.get('num_children')})")
    c.check(pa.get("num_active_vmas") == 3,
            f"root num_active_vmas = the parent's 3 VMAs (got {pa.get('num_active_vmas')})")
    c.check(pa.get("members_total") == 9,
            f"root links 3 VMAs in each of 3 processes (got {pa.get('members_total')})")
    c.check(all(v["shares_with_other_process"] for v in pr), "parent's VMAs are shared")
    cav = avs(ch)
    own = [v["anon_vma"] for v in cr]
    c.check(len(set(own)) == 3 and a not in own,
            "child: each VMA has an anon_vma of its own (anon_vma_fork)")
    for v in cr:
        x = cav.get(v["anon_vma"], {})
        c.check(set(v["chain"]) == {v["anon_vma"], a} and len(v["chain"]) == 2,
                "child VMA chain: its own anon_vma and the parent's")
        c.check(x.get("parent") == a and x.get("root") == a and x.get("depth") == 1,
                "child anon_vma: parent and root are the parent's anon_vma, depth 1")
        c.check(x.get("num_active_vmas") == 1 and x.get("num_children") == 1,
                "child anon_vma: one VMA, one child (the grandchild's)")
    gav = avs(gc)
    for v in gr:
        x = gav.get(v["anon_vma"], {})
        c.check(len(v["chain"]) == 3 and a in v["chain"], "grandchild chain has 3 anon_vmas")
        c.check(x.get("depth") == 2 and x.get("parent") in own,
                "grandchild anon_vma: depth 2, parent one of the child's")
    c.check(gc["totals"]["deepest_parent_chain"] == 2, "grandchild: deepest parent chain 2")
    c.check(not any(v["anon_vma_reused"] for v in cr + gr), "nothing reused yet")
    c.end()

    # The middle process exits.
    c.start("topo_middle_exits")
    pa2 = avs(docs["parent_after"]).get(a, {})
    c.check(pa2.get("members_total") == 6,
            f"root links 3 fewer VMAs (got {pa2.get('members_total')})")
    ga = avs(docs["grandchild_after"])
    for v in region(docs["grandchild_after"]):
        mid = [x for x in v["chain"] if x in own]
        c.check(len(mid) == 1 and ga.get(mid[0], {}).get("num_active_vmas") == 0,
                "the exited child's anon_vma stays, with no VMA left")
    c.end()

    # The grandchild forks again: anon_vma_clone() reuses the orphaned
    # anon_vma (no VMA, fewer than two children) instead of a new one.
    c.start("topo_reuse_on_fork")
    gg = docs["greatgrandchild"]
    ggav = avs(gg)
    for v in region(gg):
        c.check(v["anon_vma"] in own, "great-grandchild VMA reuses the exited child's anon_vma")
        c.check(v["anon_vma_reused"], "the VMA is marked anon_vma_reused")
        c.check(ggav.get(v["anon_vma"], {}).get("reused"), "the anon_vma is marked reused")
        c.check(ggav.get(v["anon_vma"], {}).get("num_active_vmas") == 1,
                "the reused anon_vma has a VMA again")
        c.check(len(v["chain"]) == 3, "no new anon_vma: the chain stays 3 long")
    c.end()

    # Unfaulted before fork: nothing to link.
    c.start("topo_unfaulted")
    for label in ("unfaulted_parent", "unfaulted_child"):
        d = docs.get(label)
        c.check(d is not None, f"{label} dumped")
        if d:
            r = region(d)
            c.check(len(r) == 3 and all(v["anon_vma"] is None and v["chain"] == [] for v in r),
                    f"{label}: three VMAs, no anon_vma, empty chains")
    c.end()
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
