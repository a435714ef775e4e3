#!/usr/bin/env python3
"""profile.py GEN OP N RUNDIR KSYMS KO: scripts/profile.sh's tables.

Per condition, one operation's instructions: (count with N operations -
count with 1) / (N - 1), per kernel symbol, over the condition "none".
"""
import bisect
import collections
import subprocess
import sys

gen, op, n, run, ksyms_path, ko = sys.argv[1:7]
n = int(n)
CONDS = ['ring', 'floor', 'anchor']

# The kernel's text symbols, as offsets from _text (the same every boot).
ksyms = []
text = None
for line in open(ksyms_path):
    addr, name = line.split()
    ksyms.append((int(addr, 16), name))
    if name == '_text':
        text = int(addr, 16)
ksyms = [(a - text, name) for a, name in ksyms]
# Code freed after boot never runs per operation.
_bounds = {name: a for a, name in ksyms if name in ('_sinittext', '_einittext')}
INIT = {name for a, name in ksyms
        if _bounds and _bounds['_sinittext'] <= a < _bounds['_einittext']}


def load(name):
    """One boot: its counts per symbol, and per module address."""
    base, mods = None, []
    for line in open(f'{run}/{name}/console.log'):
        if not line.startswith('PROFSYM '):
            continue
        f = line.split()
        if f[2] == '_text':
            base = int(f[1], 16)
        else:
            tag = '[m]' if f[3] in ('[vmamerge]', '[floor]') else f[3]
            mods.append((int(f[1], 16), f[2] + tag))
    if base is None:
        sys.exit(f'profile.py: {name}: no _text address in its console log')
    syms = sorted([(a + base, s) for a, s in ksyms] + mods)
    addrs = [a for a, _ in syms]
    per_sym = collections.Counter()
    per_addr = collections.Counter()
    for line in open(f'{run}/{name}.prof'):
        a, c = line.split()
        a, c = int(a, 16), int(c)
        i = bisect.bisect_right(addrs, a) - 1
        s = syms[i][1] if i >= 0 else '?'
        per_sym[s] += c
        if s.endswith('[m]'):
            per_addr[(s, a - syms[i][0])] += c
    return per_sym, per_addr


def per_op(c):
    """Per operation: by symbol, by module address, and the symbols that
    grow with the operations (their count mostly from them, not from the
    boot: a boot-time loop whose length varies is not one of them)."""
    (s1, a1), (sn, an) = load(c + '-1'), load(c)
    sym = {k: (sn[k] - s1[k]) / (n - 1) for k in set(s1) | set(sn)}
    addr = {k: (an[k] - a1[k]) / (n - 1) for k in set(a1) | set(an)}
    grows = {k for k in sym if sn[k] - s1[k] > s1[k]}
    return sym, addr, grows


none, _, _ = per_op('none')
prof = {c: per_op(c) for c in CONDS}


def on_path(c, k):
    """A kernel symbol the probes add: not run per operation without them,
    and grown with the operations in this condition."""
    return abs(none.get(k, 0)) < 0.5 and k in prof[c][2] and k not in INIT


def split(c):
    """module, kernel on the probes' path, kernel elsewhere (noise)."""
    parts = collections.Counter()
    for k, v in prof[c][0].items():
        d = v - none.get(k, 0)
        if k.endswith('[m]'):
            parts['module'] += d
        elif on_path(c, k):
            parts['path'] += d
        else:
            parts['elsewhere'] += d
    return parts


print(f'== {gen} {op}: guest instructions per operation over no module '
      f'(N = {n}; scripts/profile.sh)')
print(f'{"condition":10s} {"module":>9s} {"kernel, probe path":>19s} '
      f'{"kernel, elsewhere":>18s}')
tot = {}
for c in CONDS:
    p = split(c)
    tot[c] = p['module'] + p['path']
    print(f'{c:10s} {p["module"]:9.1f} {p["path"]:19.1f} {p["elsewhere"]:18.1f}')
print('("elsewhere": kernel symbols the operation runs without the module '
      'too, or whose count comes mostly from the boot: their difference is '
      'boot-to-boot noise)')
if tot['anchor'] > 0:
    print(f'ring / anchor (module and probe path): {tot["ring"] / tot["anchor"]:.3f}; '
          f'hook mechanism (floor) / anchor: {tot["floor"] / tot["anchor"]:.3f}')
for c in CONDS:
    d = {k: v - none.get(k, 0) for k, v in prof[c][0].items()}
    top = [(v, k) for k, v in d.items()
           if abs(v) >= 2 and (k.endswith('[m]') or on_path(c, k))]
    print(f'\n-- {c} - none, symbols on the probes\' path (>= 2 per operation)')
    for v, k in sorted(top, reverse=True):
        print(f'{v:9.1f}  {k}')

# The module's instructions by source line (ring).
addrs = [(s, off, c) for (s, off), c in prof['ring'][1].items() if c >= 0.5]
nm = subprocess.run(['nm', ko], capture_output=True, text=True, check=True).stdout
start = {}
for line in nm.splitlines():
    f = line.split()
    if len(f) == 3 and f[1] in 'tT':
        start[f[2] + '[m]'] = int(f[0], 16)
lines = collections.Counter()
query = [(s, off, c) for s, off, c in addrs if s in start]
out = subprocess.run(['addr2line', '-e', ko, '-j', '.text'] +
                     [hex(start[s] + off) for s, off, _ in query],
                     capture_output=True, text=True, check=True).stdout.split('\n')
for (s, off, c), where in zip(query, out):
    lines[where.rsplit('/', 1)[-1]] += c
print('\n-- ring: the module\'s instructions per operation by source line (>= 2)')
for where, c in lines.most_common():
    if c < 2:
        break
    print(f'{c:9.1f}  {where}')
