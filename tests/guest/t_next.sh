# next: vma_modify's next VMA (6.12+), which the module reads from the
# caller's VMA iterator's leaf, or looks up when the leaf cannot say
# (module/probe_vmg.c).  scenario mprotect_many makes 50 merges of a
# page with both neighbours among 101 VMAs: each is classified right
# (the scenario's own checks: both sides ok, no model mismatch, the maps),
# and status's next_lookups (since the scenario's reset) counts both
# ways: the leaf for most, the tree for a page last in its leaf.  Without vma_modify (5.10, 6.1) the module
# never looks a next VMA up this way: both stay 0.
. /tests/lib.sh
st=$VMM_DBG/status
lookups() { sed -n 's/^next_lookups: leaf \([0-9]*\), tree \([0-9]*\)$/\1 \2/p' "$st"; }
# The scenario resets the counters as it starts (and filters on itself):
# status's figures after it are its own.
check "scenario mprotect_many: 50 merges of both sides, classified right" \
	scenario mprotect_many
# shellcheck disable=SC2046
set -- $(lookups)
if ! are_counts "${1:-}" "${2:-}"; then
	notok "status has next_lookups: leaf N, tree N ($(grep '^next_lookups' "$st"))"
	finish
fi
leaf=$1 tree=$2
if grep -q '^probe vma_modify: attached' "$st"; then
	check "every merge looked its next VMA up ($leaf in the leaf + $tree in the tree >= 50)" \
		test $((leaf + tree)) -ge 50
	check "most from the caller's iterator's leaf ($leaf of $((leaf + tree)))" \
		test "$leaf" -gt "$tree"
	check "some in the tree: a page last in its leaf ($tree)" test "$tree" -ge 1
else
	check "no vma_modify here: no next lookups (leaf $1, tree $2)" \
		test "$1" = 0 -a "$2" = 0
fi
finish
