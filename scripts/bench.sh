#!/bin/sh
# bench.sh [GEN...]: what the module costs the operations it watches, per
# kernel of the matrix (default: all).  A benchmark, not a test.
#
# One guest boot per kernel (tests/guest/suite-bench, tests/guest/t_bench.sh,
# tests/guest/bench.c) times, per operation: an mmap next to a VMA and its
# munmap (new-range merge), an mprotect of a VMA's middle and back
# (existing-range merge), an mremap there and back (copy_vma), and a fork
# and exit of a process with 1,000 VMAs; under four conditions interleaved
# round by round: no module (base), the module with the event ring off
# (events=0), the module with the ring, and the anchor: a bare ftrace
# kretprobe event on the same probe points, without the module.  Where
# the module can attach fprobes (hook=fprobe: 6.12, 7.x), two more: the
# module with the ring off through each hook backend (hook=kretprobe,
# hook=fprobe), and a table of what one probe hit costs through each:
# (condition - base) / hits per operation, and which is cheaper.
#
# One more condition, the floor, is the module built with
# -DVMM_BENCH_FLOOR (floor.ko, built here): the same kretprobes on the same
# points, with handlers that only count their hits.  It is what the hook
# mechanism costs, so that the rest, (ring - floor), is the module's own
# work: it says what a row that misses its target spends.
#
# The guest runs on one CPU with "-icount shift=0,sleep=off": its clock then
# counts instructions (ratios inside one boot mean something; absolute
# times do not; rounds scatter by a few percent, hence the medians).
# Printed per kernel, and kept in $VMAMERGE_BUILD/bench/results.txt: the
# median ns/op of each condition, its ratio to base, and the overhead ratio
# (module - base) / (kretprobe - base), against two targets, the module
# loaded as users load it (default parameters, ring on):
#   - its overhead at most 0.8x the bare kretprobe's on 6.12 and 7.2, 1.0x
#     on 5.10 and 6.1 (mmap, mprotect, mremap);
#   - and at most 1% over base on fork;
# then, per operation, where the module's overhead goes: the hook
# mechanism (floor), the handlers' work without the ring (ringoff - floor)
# and the ring (ring - ringoff), against what the target leaves.
# VMM_BENCH_ROUNDS=N: rounds (default: those of tests/guest/suite-bench).
# VMM_BENCH_NO_BOOT=1: no boot, only the tables of the last run's logs.
# Run on every kernel of the matrix with every figure valid, it rewrites
# the README's table (between its "make bench" marker lines): ratios only.
# Exit status: 0 if every kernel ran and its figures are valid (targets
# missed are reported, not failed).
set -eu
. "$(dirname "$0")/lib.sh"

# Debian's kernels: a debug kernel's figures would measure its checkers.
# shellcheck disable=SC2046
[ $# -gt 0 ] || set -- $(dist_gens)
bdir="$VMAMERGE_BUILD/bench"
mkdir -p "$bdir"
results="$bdir/results.txt"
md="$bdir/readme-rows.md"
: > "$results"
: > "$md"
rc=0

# Is GEN's module older than the sources (or missing)?
stale() {
	_ko="$VMAMERGE_BUILD/$1/vmamerge.ko"
	[ ! -e "$_ko" ] || [ -n "$(find "$VMAMERGE_ROOT/module" "$VMAMERGE_ROOT/Kbuild" \
		"$VMAMERGE_ROOT/Makefile" "$VMAMERGE_ROOT/scripts/conftest" \
		\( -name '*.[ch]' -o -name Kbuild -o -name Makefile \) -newer "$_ko")" ]
}

# table GEN LOG: the medians, ratios and verdicts from a console log.
table() {
	# Issue 14's targets: the module as users load it (ring on) costs at
	# most this much of the bare kretprobe's overhead.
	case $1 in
	5.10|6.1) _t=1.0 ;;
	*) _t=0.8 ;;
	esac
	awk -v gen="$1" -v kver="$(cat "$(kdir_of "$1")/kver")" -v target="$_t" \
		-v md="$md" -f "$VMAMERGE_ROOT/scripts/bench-lib.awk" -f "$VMAMERGE_ROOT/scripts/bench-table.awk" "$2"
}

# The README's table, between its two marker lines, from $md's rows.
readme_table() {
	_r="$VMAMERGE_ROOT/README.md"
	grep -q '^<!-- make bench: begin -->$' "$_r" || die "README.md has no make bench table markers"
	{
		echo '| kernel | operation | module / bare kretprobe (overhead over none) | target | met | hook mechanism | handlers | event ring |'
		echo '|---|---|---:|---:|:---:|---:|---:|---:|'
		cat "$md"
	} > "$md.table"
	awk -v t="$md.table" '
		/^<!-- make bench: begin -->$/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/^<!-- make bench: end -->$/ { skip = 0 }
		!skip' "$_r" > "$_r.tmp"
	mv "$_r.tmp" "$_r"
	log "README.md: the benchmark table rewritten from $results"
}

for g in "$@"; do
	run="$VMAMERGE_BUILD/bench-$g"
	if [ "${VMM_BENCH_NO_BOOT:-0}" = 0 ]; then
		if stale "$g"; then
			"$VMAMERGE_ROOT/scripts/build-module.sh" "$g" >/dev/null
		fi
		# The floor: the same probes, handlers that only count hits.
		VMM_KO_NAME=floor.ko "$VMAMERGE_ROOT/scripts/build-module.sh" "$g" \
			KCFLAGS=-DVMM_BENCH_FLOOR >/dev/null
		suite="$VMAMERGE_ROOT/tests/guest/suite-bench"
		if [ -n "${VMM_BENCH_ROUNDS:-}" ]; then
			mkdir -p "$run"
			suite="$run/suite"
			echo "bench sh /tests/t_bench.sh $VMM_BENCH_ROUNDS" > "$suite"
		fi
		log "$g: booting the benchmark guest (console: $run/console.log)"
		VMM_HOST_CHECKS=0 VMM_SMP=1 VMM_ACCEL=tcg VMM_TEST_TIMEOUT=1200 \
			VMM_VM_TIMEOUT=3600 VMM_QEMU_EXTRA='-icount shift=0,sleep=off' \
			VMM_RUN_DIR="$run" VMM_KO="$VMAMERGE_BUILD/$g/vmamerge.ko" \
			VMM_EXTRA_KO="$VMAMERGE_BUILD/$g/floor.ko" \
			"$VMAMERGE_ROOT/scripts/vm-run.sh" "$g" "$suite" > "$run.vmrun" 2>&1 ||
			log "$g: the guest reported a failure ($run.vmrun)"
	fi
	if [ ! -e "$run/console.log" ]; then
		echo "== $g: no console log ($run/console.log)" | tee -a "$results"
		rc=1
		continue
	fi
	if table "$g" "$run/console.log" > "$run.table"; then :; else rc=1; fi
	tee -a "$results" < "$run.table"
	echo | tee -a "$results"
done
echo "results: $results"
# Every kernel of the matrix measured, every figure valid: the README's
# table is regenerated (a run on fewer kernels leaves it as it is).
if [ $rc = 0 ] && [ "$*" = "$(dist_gens | sed 's/ $//')" ]; then
	readme_table
fi
exit $rc
