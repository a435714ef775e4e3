#!/bin/sh
# vm-run.sh GEN [SUITE]: boot kernel GEN of the matrix under QEMU (TCG) with
# vmamerge.ko and the guest tests in a busybox initramfs, run every test of
# SUITE (default: GEN's suite= in kernels.conf, else tests/guest/suite) and
# report each as a line "PASS GEN/name" or "FAIL GEN/name", plus GEN/boot
# (the guest reached its end sentinel in time) and GEN/console (no warning,
# oops, BUG, panic, lockdep, KASAN or kmemleak report).  The guest boots
# with panic_on_warn=1 oops=panic, so any splat fails it.
#
# Results also go to $VMAMERGE_BUILD/GEN/results; the console log is kept at
# $VMAMERGE_BUILD/GEN/console.log and its path printed on failure.
# Exit status: 0 if everything passed.
#
# noirqdebug: on PREEMPT_RT the serial port's interrupt is handled in a
# thread, which under TCG can run late while a test writes megabytes to the
# console; the kernel then calls the interrupt spurious ("irq 4: nobody
# cared"), disables it, and the last lines before power-off (the end
# sentinel among them) are lost.  The emulated console, not the module.
#
# VMM_KO=path boots that module instead of the one build-module.sh made (the
# DKMS tests boot what DKMS built), with VMM_RUN_DIR for its logs.  Boots
# are serialised machine-wide (flock): two TCG guests on two cores would
# only time each other out.
set -eu
if [ -z "${VMM_QEMU_LOCKED:-}" ]; then
	VMM_QEMU_LOCKED=1 exec flock "${TMPDIR:-/tmp}/vmamerge-qemu.lock" "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

gen=$1
suite=${2:-$(suite_of "$gen")}
[ -r "$suite" ] || die "no suite $suite"
: "${VMM_VM_TIMEOUT:=1500}"	# whole boot, seconds
: "${VMM_TEST_TIMEOUT:=600}"	# one test inside the guest, seconds
: "${VMM_QEMU_EXTRA:=}"		# e.g. -icount shift=0,sleep=off for benchmarks
: "${VMM_SMP:=2}"
: "${VMM_MEM:=$(kopt "$gen" mem 1024)}"	# guest memory, MiB (kernels.conf mem=)
# VMM_HOST_CHECKS=0: skip tests/host/check_*.py (for runs that are no suite)
: "${VMM_ACCEL:=tcg,thread=single}"	# see README: "Why single-threaded TCG"

kd=$(kdir_of "$gen")
out="$VMAMERGE_BUILD/$gen"
[ -e "$kd/.done" ] || die "kernel $gen not fetched (scripts/fetch-kernels.sh $gen)"
if [ -n "${VMM_KO:-}" ]; then
	[ -e "$VMM_KO" ] || die "no $VMM_KO"
else
	[ -e "$out/vmamerge.ko" ] || die "no $out/vmamerge.ko (scripts/build-module.sh $gen)"
	"$VMAMERGE_ROOT/tests/guest/variants.sh" "$gen"
fi
kos=$out
out=${VMM_RUN_DIR:-$out}
mkdir -p "$out"
"$VMAMERGE_ROOT/tests/guest/build.sh" >/dev/null

# The initramfs: busybox, the module, the tests.
root="$out/initramfs"
rm -rf "$root"
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/tests/bin"
cp /bin/busybox "$root/bin/busybox"
cp "$VMAMERGE_ROOT/tests/guest/init" "$root/init"
chmod 755 "$root/init"
if [ -n "${VMM_KO:-}" ]; then
	cp "$VMM_KO" "$root/vmamerge.ko"
else
	cp "$kos"/vmamerge*.ko "$root/"	# the module and its test variants
fi
cp "$VMAMERGE_BUILD"/guest/bin/* "$root/tests/bin/"
cp "$VMAMERGE_ROOT"/tests/guest/*.sh "$root/tests/"
install -m 755 "$VMAMERGE_ROOT/scripts/vmamerge" \
	"$VMAMERGE_ROOT/scripts/vmamerge-textfile" "$root/bin/"
cp "$suite" "$root/tests/suite"
echo "$VMM_TEST_TIMEOUT" > "$root/tests/limit"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initramfs.cpio.gz"

log="$out/console.log"
res="$out/results"
: > "$res"
start=$(date +%s)
set +e
# shellcheck disable=SC2086
timeout "$VMM_VM_TIMEOUT" qemu-system-x86_64 -accel "$VMM_ACCEL" -cpu "$(kopt "$gen" cpu max)" \
	-smp "$VMM_SMP" -m "$VMM_MEM" -nographic -no-reboot $VMM_QEMU_EXTRA \
	-kernel "$kd/vmlinuz" -initrd "$out/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 panic_on_warn=1 oops=panic softlockup_panic=1 hung_task_panic=1 nmi_watchdog=0 noirqdebug vmamerge_gen=$gen" \
	< /dev/null > "$log" 2>&1
qrc=$?
set -e
secs=$(($(date +%s) - start))
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"

report() { result "$res" "$1" "$gen/$2" "${3:-}"; }	# report PASS|FAIL name [detail]

kver=$(sed -n 's/^VMMT KERNEL //p' "$log" | head -n 1)
echo "# kernel $gen: ${kver:-did not boot}, $(tr '\n' ' ' < "$kd/versions")" | tee -a "$res"
grep -v '^#' "$suite" | while read -r name _; do
	[ -n "$name" ] || continue
	line=$(grep -a "^VMMT END $name " "$log" | head -n 1)
	case "$line" in
	*" PASS "*) report PASS "$name" ;;
	*" FAIL "*)
		report FAIL "$name" "${line##* }"
		sed -n "/^VMMT BEGIN $name\$/,/^VMMT END $name /p" "$log" |
			grep -a -e '^not ok' -e 'rc=' | head -n 20 | sed 's/^/    /'
		;;
	*) report FAIL "$name" "no result: the guest died or timed out" ;;
	esac
done
# Host-side checks of what the guest printed (JSON parsed, DOT rendered).
# A checker exits non-zero when a check failed or when it crashed, which
# its own lines cannot tell apart: either way it is a FAIL of its own, so
# that a crash never just leaves its checks out.  So is a checker that
# reported nothing.
for chk in "$VMAMERGE_ROOT"/tests/host/check_*.py; do
	[ "${VMM_HOST_CHECKS:-1}" = 1 ] || break	# the demo runs no suite
	cn=$(basename "$chk" .py)
	crc=0
	python3 "$chk" "$gen" "$log" "$out" > "$out/$cn.out" || crc=$?
	tee -a "$res" < "$out/$cn.out"
	if [ "$crc" != 0 ]; then
		report FAIL "host/$cn" "exit $crc"
	elif ! grep -Eq '^(PASS|FAIL) ' "$out/$cn.out"; then
		report FAIL "host/$cn" "exit 0 but no PASS or FAIL line"
	fi
done
if grep -aq '^VMMT DONE' "$log"; then
	report PASS boot "${secs}s"
else
	report FAIL boot "no end sentinel after ${secs}s, qemu exit $qrc"
fi
# Lockdep's reports start with "WARNING: possible ..." or "WARNING:
# inconsistent lock state", a sleep in atomic context with "BUG: sleeping
# function", KASAN's with "BUG: KASAN"; kmemleak prints "unreferenced
# object" for each leak it shows and counts new ones after a scan.  (Lockdep
# that turns itself off says so at KERN_DEBUG, below the console's level:
# the debug suite's lockdep test reads debug_locks instead.)
splat='WARNING:|BUG:|Oops|general protection|Kernel panic|Call Trace|RIP:|soft lockup|hard LOCKUP|blocked for more than|UBSAN|KASAN'
splat="$splat|possible circular locking|possible recursive locking|inconsistent lock state"
splat="$splat|unreferenced object|suspected memory leak"
if grep -aEq "$splat" "$log"; then
	report FAIL console "kernel splat"
	grep -aE -m 5 "$splat" "$log" | sed 's/^/    /'
else
	report PASS console
fi
# The races that need two CPUs really at once (a reset under running
# handlers): a second boot with multi-threaded TCG, the module loaded once
# at boot and never unloaded (see README: "Why single-threaded TCG"), its
# results named GEN/mttcg/NAME.  After GEN's own suite (kernels.conf
# suite=), not after another one given on the command line.
if [ -z "${VMM_RUN_DIR:-}" ] && [ -z "${VMM_KO:-}" ] && [ "$suite" = "$(suite_of "$gen")" ]; then
	mrc=0
	VMM_ACCEL=tcg VMM_KO="$kos/vmamerge.ko" VMM_RUN_DIR="$out/mttcg" VMM_HOST_CHECKS=0 \
		"$0" "$gen" "$VMAMERGE_ROOT/tests/guest/suite-mttcg" > "$out/mttcg.out" 2>&1 || mrc=$?
	if [ -s "$out/mttcg/results" ]; then
		sed -n "s#^\(PASS\|FAIL\) $gen/#\1 $gen/mttcg/#p" "$out/mttcg/results" | tee -a "$res"
	fi
	{ grep -v '^#' "$VMAMERGE_ROOT/tests/guest/suite-mttcg"; echo boot; echo console; } |
	while read -r name _; do
		[ -n "$name" ] || continue
		grep -Eq "^(PASS|FAIL) $gen/mttcg/$name( |\$)" "$res" ||
			report FAIL "mttcg/$name" "no result: the multi-threaded boot exit $mrc"
	done
fi
if grep -q '^FAIL' "$res"; then
	echo "console log: $log" >&2
	exit 1
fi
