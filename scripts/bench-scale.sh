#!/bin/sh
# bench-scale.sh [GEN]: does the module's cost per operation grow with the
# number of CPUs merging at once?  A benchmark, not a test (make
# bench-scale; default GEN 6.12).
#
# One boot per CPU count (VMM_SCALE_SMP, default "1 2 4") under QEMU's
# multi-threaded TCG (-smp N, one host thread per vCPU), each running
# tests/guest/suite-scale: N processes, each pinned to its own vCPU with
# its own mm, do mmap merges, then mprotect merges, all at once (bench
# scale in tests/guest/bench.c), with no module (base) and with the module
# (ring), conditions interleaved in a rotating order, 5 rounds.  The
# figure is relative: the module's cost over the no-module baseline at the
# same -smp, taken per round (the two ran a few seconds apart, under the
# same host load).  Absolute times mean little: TCG's clock is the host's,
# other jobs share the host's cores, and at 4 vCPUs on a 2-core host the
# vCPUs take turns (the table marks it), which slows base and module
# alike.  A global lock would show there the most: a vCPU holding it may
# be descheduled by the host while the others spin.
#
# VMM_SCALE_REF=REV also builds the module of git revision REV (e.g. the
# single-lock ring before per-CPU rings) and runs it as condition "ref",
# to check that the benchmark sees the contention it is meant to see.
# VMM_SCALE_ROUNDS=N: rounds.  VMM_BENCH_NO_BOOT=1: only the table of the
# last run's logs.  Table in $VMAMERGE_BUILD/bench-scale/results.txt.
set -eu
. "$(dirname "$0")/lib.sh"

gen=${1:-6.12}
bdir="$VMAMERGE_BUILD/bench-scale"
mkdir -p "$bdir"
results="$bdir/results.txt"
extra=
if [ -n "${VMM_SCALE_REF:-}" ]; then
	ref="$bdir/ref"
	if [ "${VMM_BENCH_NO_BOOT:-0}" = 0 ]; then
		rm -rf "$ref/src"
		mkdir -p "$ref/src"
		git -C "$VMAMERGE_ROOT" archive "$VMM_SCALE_REF" | tar -x -C "$ref/src"
		log "$gen: building the module of $VMM_SCALE_REF"
		VMAMERGE_BUILD="$ref/build" nice -n 19 "$ref/src/scripts/build-module.sh" "$gen" >/dev/null
		cp "$ref/build/$gen/vmamerge.ko" "$bdir/vmamerge-ref.ko"
	fi
	extra="$bdir/vmamerge-ref.ko"
fi
if [ "${VMM_BENCH_NO_BOOT:-0}" = 0 ]; then
	nice -n 19 "$VMAMERGE_ROOT/scripts/build-module.sh" "$gen" >/dev/null
fi
logs=
for s in ${VMM_SCALE_SMP:-1 2 4}; do
	run="$bdir/$gen-smp$s"
	logs="$logs $run/console.log"
	[ "${VMM_BENCH_NO_BOOT:-0}" = 0 ] || continue
	suite="$VMAMERGE_ROOT/tests/guest/suite-scale"
	if [ -n "${VMM_SCALE_ROUNDS:-}" ]; then
		mkdir -p "$run"
		suite="$run/suite"
		echo "scale sh /tests/t_scale.sh $VMM_SCALE_ROUNDS" > "$suite"
	fi
	log "$gen: booting -smp $s (console: $run/console.log)"
	VMM_HOST_CHECKS=0 VMM_SMP=$s VMM_ACCEL=tcg VMM_TEST_TIMEOUT=2400 \
		VMM_VM_TIMEOUT=3000 VMM_RUN_DIR="$run" VMM_EXTRA_KO="$extra" \
		VMM_KO="$VMAMERGE_BUILD/$gen/vmamerge.ko" \
		"$VMAMERGE_ROOT/scripts/vm-run.sh" "$gen" "$suite" > "$run.vmrun" 2>&1 ||
		log "$gen: the -smp $s guest reported a failure ($run.vmrun)"
done
rc=0
# shellcheck disable=SC2086
awk -v gen="$gen" -v kver="$(cat "$(kdir_of "$gen")/kver")" -v cores="$(nproc)" \
	-f "$VMAMERGE_ROOT/scripts/bench-lib.awk" -f "$VMAMERGE_ROOT/scripts/bench-scale.awk" $logs > "$results" || rc=1
cat "$results"
echo "results: $results"
exit $rc
