#!/bin/sh
# profile.sh [GEN [OP [N]]]: where the module's cost per operation goes, by
# kernel symbol and by source line of the module (make profile; default
# 6.12 mprotect).  A measurement tool, not a test: make bench says whether
# a row meets its target, this says what its instructions are.
#
# QEMU's TCG runs the guest with scripts/insnprof.c, a plugin that counts
# every kernel instruction executed (per address, exactly; see the file).
# tests/guest/t_profile.sh sets up a condition and runs tests/guest/bench.c's
# OP (mmap, mprotect, mremap) N times.  Per condition two boots, with N and
# with 1 operation: their difference over N - 1 is one operation's count,
# the boot and the set-up cancelled.  Conditions: none, ring (the module as
# users load it), floor (its kretprobes with handlers that only count: the
# hook mechanism) and anchor (a bare ftrace kretprobe event on each probe
# point, make bench's anchor).  One more boot per kernel lists the kernel's
# text symbols (kept: their offsets from _text are the same every boot).
#
# Printed (and kept in $VMAMERGE_BUILD/profile/GEN-OP.txt), per operation:
# each condition's instructions over none, split into the module's own
# symbols and the kernel's; the symbols that differ most; and the module's
# instructions by source line (addr2line: innermost inlined function).
# Kernel symbols off the probes' path differ between boots by up to a few
# hundred instructions per operation at N = 60000 (page clearing, slab
# refills): read the module's figures, and the mechanism's (floor), as
# exact; the rest as noise of that size.
#
# Needs QEMU with TCG plugins (Debian 12's 7.2 has them) and gcc.
set -eu
. "$(dirname "$0")/lib.sh"

gen=${1:-6.12}
op=${2:-mprotect}
case $op in
mmap) n=${3:-100000} ;;
mremap) n=${3:-30000} ;;
*) n=${3:-60000} ;;
esac
pdir="$VMAMERGE_BUILD/profile"
run="$pdir/$gen-$op"
mkdir -p "$run"
plugin="$pdir/insnprof.so"
gcc -O2 -Wall -shared -fPIC -o "$plugin" "$VMAMERGE_ROOT/scripts/insnprof.c" ||
	die "cannot build the QEMU plugin"
"$VMAMERGE_ROOT/scripts/build-module.sh" "$gen" >/dev/null
VMM_KO_NAME=floor.ko "$VMAMERGE_ROOT/scripts/build-module.sh" "$gen" \
	KCFLAGS=-DVMM_BENCH_FLOOR >/dev/null
ko="$VMAMERGE_BUILD/$gen/vmamerge.ko"
[ -e "$VMAMERGE_BUILD/guest/bin/bench" ] || sh "$VMAMERGE_ROOT/tests/guest/build.sh"

# boot NAME COMMAND...: one guest boot under the plugin, its counts in
# $run/NAME.prof and its console in $run/NAME/console.log.
boot() {
	_name=$1; shift
	echo "profile $*" > "$run/$_name.suite"
	log "$gen $op: boot $_name"
	VMM_HOST_CHECKS=0 VMM_SMP=1 VMM_ACCEL=tcg VMM_TEST_TIMEOUT=1200 \
		VMM_VM_TIMEOUT=3600 VMM_RUN_DIR="$run/$_name" VMM_KO="$ko" \
		VMM_EXTRA_KO="$VMAMERGE_BUILD/$gen/floor.ko" \
		VMM_QEMU_EXTRA="-plugin $plugin,arg=out=$run/$_name.prof" \
		"$VMAMERGE_ROOT/scripts/vm-run.sh" "$gen" "$run/$_name.suite" \
		> "$run/$_name.vmrun" 2>&1 ||
		die "$gen: the $_name boot failed ($run/$_name.vmrun)"
}

kver=$(cat "$(kdir_of "$gen")/kver")
ksyms="$pdir/$gen-$kver.ksyms"
if [ ! -s "$ksyms" ]; then
	boot ksyms sh /tests/t_profile.sh ksyms
	sed -n 's/^PROFKSYM //p' "$run/ksyms/console.log" > "$ksyms"
	[ -s "$ksyms" ] || die "$gen: no kernel symbols from the guest"
fi
for c in none ring floor anchor; do
	boot "$c-1" sh /tests/t_profile.sh "$c" "$op" 1
	boot "$c" sh /tests/t_profile.sh "$c" "$op" "$n"
done
python3 "$VMAMERGE_ROOT/scripts/profile.py" "$gen" "$op" "$n" "$run" "$ksyms" "$ko" |
	tee "$pdir/$gen-$op.txt"
