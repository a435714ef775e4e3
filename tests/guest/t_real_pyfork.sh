# real_pyfork: python3's multiprocessing with the fork start method, a Pool
# of four workers, each inheriting the parent's faulted heap (50,000 dicts
# and lists) and growing memory of its own next to it, task after task:
# the case where an anon_vma inherited through fork decides merges (the
# anon_vma and anon_vma_chain reasons, the fork-shared counterfactual).
# The hash of the workers' results is fixed.  VMM_STUDY=1: 32 tasks.
. /tests/lib.sh
tasks=8 want="8136fc7a8a6a28c4995a55369c8921ae25901c4bbc83f5cab8061f82402203d4 8"
if [ "${VMM_STUDY:-0}" = 1 ]; then
	tasks=32 want="ab0e28bce994e1afb9c8a402aa5037183c984ea4449b5e5dc18b5d01926e8b98 32"
fi
cat > /tmp/pyfork.py <<'PY'
import hashlib, multiprocessing as mp, sys

# Inherited by every worker (fork): a faulted heap of dicts and lists.
base = [{"k": i, "v": [i] * 8} for i in range(int(sys.argv[2]))]

def work(n):
    # Each task grows memory of its own next to what the worker inherited.
    d = {}
    for i in range(n):
        d[i] = [base[i % len(base)]["k"], str(i) * 3, list(range(i % 50))]
    h = hashlib.sha256()
    for i in range(0, n, 97):
        h.update(repr(d[i]).encode())
    return h.hexdigest()[:16]

if __name__ == "__main__":
    tasks = int(sys.argv[1])
    with mp.get_context("fork").Pool(4) as p:
        out = p.map(work, [20000 + 1000 * (i % 7) for i in range(tasks)])
    print(hashlib.sha256("".join(out).encode()).hexdigest(), len(out))
PY
real_reset pyfork
got=$(python3 /tmp/pyfork.py "$tasks" 50000)
check "the fork pool printed '$want' (got '$got')" test "$got" = "$want"
check_real
finish
