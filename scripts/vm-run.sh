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
# DKMS tests boot what DKMS built), with VMM_RUN_DIR for its logs.
# VMM_EXTRA_KO="path..." puts more modules into the busybox guest's root,
# under their own names.  Boots
# are serialised machine-wide (flock): two TCG guests on two cores would
# only time each other out.
#
# VMM_USERLAND=1 boots the real Debian userland of scripts/userland.sh
# instead of busybox: its root, as an uncompressed cpio built once and
# cached, is the initramfs, followed by a second small archive with
# tests/guest/init-real as /init, the module and the tests (the kernel
# unpacks concatenated archives in order).  An initramfs, not a disk or
# 9p: Debian's kernels have virtio_blk, ext4 and 9p only as modules and
# the debug kernel has no PCI, while every kernel unpacks an initramfs.
# Its default suite is tests/guest/suite-real; results and logs go to
# $VMAMERGE_BUILD/GEN/userland.  Everything else (panic_on_warn, the
# sentinel, per-test results, the splat check) is the busybox guest's.
set -eu
if [ -z "${VMM_QEMU_LOCKED:-}" ]; then
	VMM_QEMU_LOCKED=1 exec flock "${TMPDIR:-/tmp}/vmamerge-qemu.lock" "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

gen=$1
: "${VMM_USERLAND:=0}"
if [ "$VMM_USERLAND" = 1 ]; then
	suite=${2:-$VMAMERGE_ROOT/tests/guest/suite-real}
else
	suite=${2:-$(suite_of "$gen")}
fi
[ -r "$suite" ] || die "no suite $suite"
: "${VMM_VM_TIMEOUT:=1500}"	# whole boot, seconds
: "${VMM_TEST_TIMEOUT:=600}"	# one test inside the guest, seconds
: "${VMM_QEMU_EXTRA:=}"		# e.g. -icount shift=0,sleep=off for benchmarks
: "${VMM_SMP:=2}"
if [ "$VMM_USERLAND" = 1 ]; then
	# The real root is some 640 MiB of cpio, unpacked into a tmpfs that
	# may use half of the memory the kernel has while the archive, kept
	# until it is unpacked, is not counted in it: 1024 MiB cannot hold
	# it, 2048 MiB holds it on some kernels and not on 7.2-rt (README).
	: "${VMM_MEM:=3072}"
fi
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
	# The real userland's suite loads only vmamerge.ko.
	[ "$VMM_USERLAND" = 1 ] || "$VMAMERGE_ROOT/tests/guest/variants.sh" "$gen"
fi
kos=$out
if [ "$VMM_USERLAND" = 1 ]; then
	out=${VMM_RUN_DIR:-$out/userland}
else
	out=${VMM_RUN_DIR:-$out}
fi
mkdir -p "$out"
"$VMAMERGE_ROOT/tests/guest/build.sh" >/dev/null

root="$out/initramfs"
rm -rf "$root"
if [ "$VMM_USERLAND" = 1 ]; then
	# The second archive holds only new paths and directories the root
	# has too: an entry for bin or sbin (symlinks into usr in Debian's
	# merged /usr) would be unpacked over them.
	ul="$VMAMERGE_CACHE/userland-bookworm"
	"$VMAMERGE_ROOT/scripts/userland.sh" >&2
	mkdir -p "$root/tests/bin" "$root/usr/local/sbin"
	cp "$VMAMERGE_ROOT/tests/guest/init-real" "$root/init"
	chmod 755 "$root/init"
	cp "${VMM_KO:-$kos/vmamerge.ko}" "$root/vmamerge.ko"
	install -m 755 "$VMAMERGE_ROOT/scripts/vmamerge" \
		"$VMAMERGE_ROOT/scripts/vmamerge-textfile" "$root/usr/local/sbin/"
else
	# The initramfs: busybox, the module, the tests.
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
	# VMM_EXTRA_KO: more modules, by their own names (bench-scale.sh's ref)
	for _ko in ${VMM_EXTRA_KO:-}; do cp "$_ko" "$root/"; done
	install -m 755 "$VMAMERGE_ROOT/scripts/vmamerge" \
		"$VMAMERGE_ROOT/scripts/vmamerge-textfile" "$root/bin/"
fi
cp "$VMAMERGE_BUILD"/guest/bin/* "$root/tests/bin/"
# The real userland's gcc compiles the test programs' sources (make study).
if [ "$VMM_USERLAND" = 1 ]; then
	mkdir -p "$root/tests/src"
	cp "$VMAMERGE_ROOT"/tests/guest/*.c "$VMAMERGE_ROOT"/tests/guest/vmmt.h "$root/tests/src/"
fi
cp "$VMAMERGE_ROOT"/tests/guest/*.sh "$root/tests/"
cp "$suite" "$root/tests/suite"
echo "$VMM_TEST_TIMEOUT" > "$root/tests/limit"
if [ "$VMM_USERLAND" = 1 ]; then
	# Uncompressed: under TCG the guest would spend longer inflating
	# hundreds of MiB than the copy costs here.
	initrd="$out/initramfs.cpio"
	{
		cat "$ul/root.cpio"
		(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
	} > "$initrd"
else
	initrd="$out/initramfs.cpio.gz"
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$initrd"
fi

log="$out/console.log"
res="$out/results"
: > "$res"
start=$(date +%s)
set +e
# shellcheck disable=SC2086
timeout "$VMM_VM_TIMEOUT" qemu-system-x86_64 -accel "$VMM_ACCEL" -cpu "$(kopt "$gen" cpu max)" \
	-smp "$VMM_SMP" -m "$VMM_MEM" -nographic -no-reboot $VMM_QEMU_EXTRA \
	-kernel "$kd/vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 panic_on_warn=1 oops=panic softlockup_panic=1 hung_task_panic=1 nmi_watchdog=0 noirqdebug vmamerge_gen=$gen" \
	< /dev/null > "$log" 2>&1
qrc=$?
set -e
# The userland's initramfs is the cached root plus a few files: 640 MiB
# per kernel not worth keeping in the build tree.
if [ "$VMM_USERLAND" = 1 ]; then rm -f "$initrd"; fi
secs=$(($(date +%s) - start))
tr -d '\r' < "$log" > "$log.tmp" && mv "$log.tmp" "$log"

report() { result "$res" "$1" "$gen/$2" "${3:-}"; }	# report PASS|FAIL name [detail]

kver=$(sed -n 's/^VMMT KERNEL //p' "$log" | head -n 1)
echo "# kernel $gen: ${kver:-did not boot}, $(tr '\n' ' ' < "$kd/versions")" | tee -a "$res"
if [ "$VMM_USERLAND" = 1 ]; then
	echo "# $("$VMAMERGE_ROOT/scripts/userland.sh")" | tee -a "$res"
	# Seconds from the kernel's start to /init (the initramfs unpacked)
	# and to the end of the suite, as the guest's clock saw them.
	sed -n 's/^VMMT UPTIME /# uptime at /p' "$log" | tee -a "$res"
fi
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
# A root that did not fit in the guest's memory is unpacked only in part,
# and a file cut short may be the module or a test: then nothing the
# guest ran is to be trusted.
if [ "$VMM_USERLAND" = 1 ]; then
	if grep -aq 'Initramfs unpacking failed' "$log"; then
		report FAIL initramfs "$(grep -a -m 1 -o 'Initramfs unpacking failed.*' "$log"), VMM_MEM=$VMM_MEM"
	else
		report PASS initramfs
	fi
fi
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
	# The first lines in the reason too: a CI log shows the summary
	# of FAILs even where it leaves out the middle of the output.
	why=$(grep -aE -m 3 "$splat" "$log" | tr -d '\r' |
		sed 's/^\[ *[0-9.]*\] *//' | cut -c 1-120 | paste -sd '|' -)
	report FAIL console "kernel splat: $why"
	grep -aE -m 5 "$splat" "$log" | sed 's/^/    /'
else
	report PASS console
fi
# second_boot NAME SUITE VAR=VALUE...: boot GEN again, with VAR=VALUE...
# in the environment, its results named GEN/NAME/TEST; each of SUITE's
# tests, boot and console it did not report is a FAIL.
second_boot() {
	_n=$1 _s=$2
	shift 2
	_rc=0
	env "$@" VMM_KO="$kos/vmamerge.ko" VMM_RUN_DIR="$out/$_n" VMM_HOST_CHECKS=0 \
		"$0" "$gen" "$_s" > "$out/$_n.out" 2>&1 || _rc=$?
	if [ -s "$out/$_n/results" ]; then
		sed -n "s#^\(PASS\|FAIL\) $gen/#\1 $gen/$_n/#p" "$out/$_n/results" | tee -a "$res"
	fi
	{ grep -v '^#' "$_s"; echo boot; echo console; } |
	while read -r name _; do
		[ -n "$name" ] || continue
		grep -Eq "^(PASS|FAIL) $gen/$_n/$name( |\$)" "$res" ||
			report FAIL "$_n/$name" "no result: the $_n boot exit $_rc"
	done
}
# After GEN's own suite (kernels.conf suite=), not after another one given
# on the command line, two more boots:
# - the races that need two CPUs really at once (a reset under running
#   handlers): multi-threaded TCG, the module loaded once at boot and never
#   unloaded (see README: "Why single-threaded TCG"), GEN/mttcg/NAME;
# - real programs in the real Debian userland (scripts/userland.sh),
#   GEN/userland/NAME.
if [ -z "${VMM_RUN_DIR:-}" ] && [ -z "${VMM_KO:-}" ] && [ "$VMM_USERLAND" = 0 ] &&
	[ "$suite" = "$(suite_of "$gen")" ]; then
	second_boot mttcg "$VMAMERGE_ROOT/tests/guest/suite-mttcg" VMM_ACCEL=tcg
	second_boot userland "$VMAMERGE_ROOT/tests/guest/suite-real" VMM_USERLAND=1
fi
if grep -q '^FAIL' "$res"; then
	echo "console log: $log" >&2
	exit 1
fi
