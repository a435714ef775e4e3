#!/bin/sh
# bench-topology.sh [GEN...]: the topology files at scale, per kernel: a
# process with 60,000 VMAs and a fork chain of depth 4 (tests/guest/
# topobench.c).  A benchmark, not a test: it prints its figures and keeps
# them in $VMAMERGE_BUILD/bench/topology-GEN.txt.  Times under TCG are
# emulated time: compare them with each other, not with real hardware.
# The reads are streamed: what a read holds (peak_kib, the module's own
# count, and mid_read_memfree_drop_kib, the kernel's MemFree drop from the
# open to the middle of the read) is one chunk's snapshot and a page of
# text, about 110 KiB, whatever the document's size: the last lines say
# whether it stayed under 256 KiB.
set -eu
. "$(dirname "$0")/lib.sh"

# Debian's kernels: a debug kernel's figures would measure its checkers.
# shellcheck disable=SC2046
[ $# -gt 0 ] || set -- $(dist_gens)
mkdir -p "$VMAMERGE_BUILD/bench"
suite="$VMAMERGE_BUILD/bench/topology.suite"
echo "topobench topobench 60000" > "$suite"
for g in "$@"; do
	"$VMAMERGE_ROOT/scripts/build-module.sh" "$g" >/dev/null
	VMM_MEM=2048 VMM_TEST_TIMEOUT=1200 VMM_HOST_CHECKS=0 \
		"$VMAMERGE_ROOT/scripts/vm-run.sh" "$g" "$suite" >/dev/null || {
		echo "bench-topology: the $g guest failed, console: $VMAMERGE_BUILD/$g/console.log" >&2
		continue
	}
	out="$VMAMERGE_BUILD/bench/topology-$g.txt"
	sed -n 's/^BENCH //p' "$VMAMERGE_BUILD/$g/console.log" > "$out"
	echo "== $g ($(cat "$(kdir_of "$g")/kver"))"
	cat "$out"
	awk '$1 ~ /\.json_bytes$/ { split($1, k, "."); bytes[k[1]] = $2 }
	     $1 ~ /\.peak_kib$/ { split($1, k, "."); peak[k[1]] = $2 }
	     END { for (l in peak) printf "%s: the module held %d KiB at most for a document of %.1f MB: %s\n",
			l, peak[l], bytes[l] / 1e6, peak[l] <= 256 ? "one chunk and a page" : "MORE than one chunk and a page" }' "$out"
done
