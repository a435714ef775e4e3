#!/bin/sh
# demo.sh [GEN]: the main job, end to end.  Fetch a kernel (default 6.12),
# build vmamerge for it, boot it under QEMU with the real Debian userland
# (scripts/userland.sh, built once and cached), watch redis-server take
# 5,000 writes and a BGSAVE (a fork snapshotting while the parent writes)
# with the module loaded, show a fork scenario's anon_vma topology, and end
# with a summary of the merges it saw (scripts/summary.awk).
# Output is also kept in $VMAMERGE_BUILD/demo/.
set -eu
. "$(dirname "$0")/lib.sh"

gen=${1:-${VMAMERGE_DEMO_KERNEL:-6.12}}
[ "$(id -u)" = 0 ] || die "run as root: it installs packages and boots a kernel"
"$VMAMERGE_ROOT/scripts/host-deps.sh"
"$VMAMERGE_ROOT/scripts/fetch-kernels.sh" "$gen"
"$VMAMERGE_ROOT/scripts/build-module.sh" "$gen"
suite="$VMAMERGE_BUILD/demo/suite"
mkdir -p "$VMAMERGE_BUILD/demo"
printf 'demo sh /tests/demo.sh\nredis sh /tests/t_real_redis.sh\ntopology topo fork\n' > "$suite"
rc=0
log "booting $gen with the real userland (the first run builds it: about 2 minutes)"
VMM_USERLAND=1 VMM_HOST_CHECKS=0 VMM_RUN_DIR="$VMAMERGE_BUILD/demo/guest" \
	"$VMAMERGE_ROOT/scripts/vm-run.sh" "$gen" "$suite" \
	> "$VMAMERGE_BUILD/demo/run.log" || rc=$?
log="$VMAMERGE_BUILD/demo/guest/console.log"
sed -n '/^VMMT BEGIN demo$/,/^VMMT END demo /p' "$log" |
	grep -v -e '^VMMT' -e '^\[ *[0-9.]*\] ' > "$VMAMERGE_BUILD/demo/output.txt"
cat "$VMAMERGE_BUILD/demo/output.txt"
echo "--- redis-server: 5,000 SETs, a BGSAVE with 1,000 more writes during it (every check must pass)"
sed -n '/^VMMT BEGIN redis$/,/^VMMT END redis /p' "$log" |
	grep -e '^ok' -e '^not ok' | tee -a "$VMAMERGE_BUILD/demo/output.txt"
awk '/^VMMT STATS BEGIN redis$/ { p = 1; next } /^VMMT STATS END/ { p = 0 }
	p && /^[a-z_.]+ [0-9]+$/' "$log" > "$VMAMERGE_BUILD/demo/redis.stats"
# The topology of a small fork scenario: a grandchild whose three VMAs are
# linked to its own, its parent's and its grandparent's anon_vmas.
section() {	# section LABEL KIND: a VMMT-FILE block of the console log
	awk -v h="VMMT-FILE $1 $2" '$0 == h { p = 1; next }
		/^VMMT-EOF$/ { p = 0 } p && !/^\[ *[0-9.]+\] /' "$log"
}
section grandchild dot > "$VMAMERGE_BUILD/demo/topology.dot"
section grandchild text > "$VMAMERGE_BUILD/demo/topology.txt"
dot -Tsvg -o "$VMAMERGE_BUILD/demo/topology.svg" "$VMAMERGE_BUILD/demo/topology.dot" || rc=1
echo "--- topology of a fork grandchild (target = its pid): its 3 VMAs at 0x400000000000"
# The three VMAs, and the anon_vmas on their chains with what links to them.
awk '/^(vmamerge topology|process|totals)/ { print; next }
	/^vma .* 4000000[0-9a-f]*-/ { print; n = split($12, c, ","); for (i = 1; i <= n; i++) av[c[i]] = 1; next }
	/^anon_vma / { show = ($2 in av) }
	/^vma / { show = 0 }
	show' "$VMAMERGE_BUILD/demo/topology.txt"
echo "(full text: $VMAMERGE_BUILD/demo/topology.txt, graph: $VMAMERGE_BUILD/demo/topology.svg)"
if [ $rc -ne 0 ]; then
	cat "$VMAMERGE_BUILD/demo/run.log" >&2
	die "the demo guest failed; console log: $log"
fi
[ -s "$VMAMERGE_BUILD/demo/redis.stats" ] || die "no stats of the redis run in $log"
echo
awk -v what="redis-server, its redis-cli clients and a BGSAVE, on $gen ($(sed -n 's/^VMMT KERNEL //p' "$log" | head -n 1))" \
	-f "$VMAMERGE_ROOT/scripts/summary.awk" "$VMAMERGE_BUILD/demo/redis.stats" |
	tee "$VMAMERGE_BUILD/demo/summary.txt"
echo "(kept in $VMAMERGE_BUILD/demo/: output.txt, summary.txt, redis.stats)"
