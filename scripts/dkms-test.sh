#!/bin/sh
# dkms-test.sh [GEN...]: test DKMS and the Debian package for real, per kernel
# of the matrix (default: all), each in a chroot of its Debian release that
# stands in for a user's machine (scripts/dkms-chroot.sh):
#
#   dkms/GEN/*   the source in /usr/src/vmamerge-VERSION; dkms add, build -k
#                KVER, install -k KVER; boot KVER in QEMU with the module
#                DKMS installed (tests/guest/suite-dkms); dkms remove --all
#                leaves nothing behind
#   dkms/GEN/no-bpftool, btf-from-vmlinuz, no-zstd (6.12+ kernels, whose
#                build needs BTF): without bpftool dkms build fails and its
#                make.log names bpftool; with no BTF in the headers the
#                layout comes from /boot/vmlinuz-KVER (needs zstd, or says so)
#   deb/GEN/*    `make deb`'s package installed with apt (its postinst runs
#                DKMS), booted the same way; apt-get purge leaves nothing
#
# One "PASS name" or "FAIL name (why)" line per check, the dkms status
# lines, then "N passed, N failed".  Logs: $VMAMERGE_BUILD/dkms/.
set -eu
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "run as root: chroots, apt and QEMU"
top="$VMAMERGE_BUILD/dkms"
res="$top/results"
mkdir -p "$top"
: > "$res"
: > "$top/status"
t0=$(date +%s)
if [ $# -eq 0 ]; then
	# A kernel built here from source has no image or headers package
	# a user's DKMS could build against.
	# shellcheck disable=SC2046
	set -- $(dist_gens)
fi
for g in "$@"; do
	[ "$(kfield "$g" 4)" != source ] ||
		die "kernel $g is built here from source: there is no Debian package of it for DKMS"
done

record() { result "$res" "$@"; }	# record PASS|FAIL name [detail]
check() {	# check name detail command...: PASS if the command succeeds
	ck_n=$1 ck_d=$2
	shift 2
	if "$@"; then record PASS "$ck_n" "$ck_d"; else record FAIL "$ck_n" "$ck_d"; fi
}

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$VMAMERGE_ROOT/dkms.conf")
modver=$(sed -n 's/^#define VMAMERGE_VERSION "\(.*\)"$/\1/p' "$VMAMERGE_ROOT/module/vmamerge.h")
chlver=$(sed -n '1s/^vmamerge (\([^)]*\)).*/\1/p' "$VMAMERGE_ROOT/debian/changelog")
cliver=$(sed -n 's/^VERSION=//p' "$VMAMERGE_ROOT/scripts/vmamerge")
same_ver() {
	[ -n "$ver" ] && [ "$ver" = "$modver" ] && [ "$ver" = "$chlver" ] &&
		[ "$ver" = "$cliver" ]
}
check dkms/version "dkms.conf $ver, module $modver, debian/changelog $chlver, scripts/vmamerge $cliver" same_ver

"$VMAMERGE_ROOT/scripts/fetch-kernels.sh" "$@" >/dev/null	# the bzImages
"$VMAMERGE_ROOT/tests/guest/build.sh" >/dev/null

# dk CHROOT LOG ARGS...: dkms in the chroot, its output appended to LOG.
dk() {
	dk_c=$1 dk_l=$2
	shift 2
	echo "# dkms $*" >> "$dk_l"
	run_chroot "$dk_c" dkms "$@" >> "$dk_l" 2>&1
}

pkg_state() {	# pkg_state CHROOT: dpkg's status of vmamerge-dkms there
	# shellcheck disable=SC2016
	chroot "$1" dpkg-query -W -f '${Status}' vmamerge-dkms 2>/dev/null || true
}

# leftovers CHROOT: print what a removed vmamerge left in the chroot.
leftovers() {
	for lo_p in "$1"/var/lib/dkms/vmamerge "$1"/usr/src/vmamerge-* \
		"$1"/usr/sbin/vmamerge "$1"/usr/sbin/vmamerge-textfile \
		"$1"/usr/share/doc/vmamerge-dkms; do
		[ -e "$lo_p" ] && echo "${lo_p#"$1"}"
	done
	find "$1/lib/modules/" -name 'vmamerge.ko*' | sed "s|^$1||"
	case "$(pkg_state "$1")" in
	''|*not-installed) ;;
	*) echo "vmamerge-dkms: $(pkg_state "$1")" ;;
	esac
}

# scrub CHROOT: remove what an interrupted run may have left.
scrub() {
	if [ -n "$(pkg_state "$1")" ]; then
		run_chroot "$1" apt-get purge -y vmamerge-dkms >/dev/null 2>&1 || true
	fi
	if [ -e "$1/var/lib/dkms/vmamerge" ]; then
		for sc_v in "$1"/var/lib/dkms/vmamerge/*/; do
			sc_v=$(basename "$sc_v")
			[ "$sc_v" = "*" ] && continue
			run_chroot "$1" dkms remove -m vmamerge -v "$sc_v" --all >/dev/null 2>&1 || true
		done
	fi
	rm -rf "$1"/var/lib/dkms/vmamerge "$1"/usr/src/vmamerge-*
	find "$1/lib/modules/" -name 'vmamerge.ko*' -delete
	for sc_h in "$1/usr/sbin/bpftool" "$1/usr/bin/zstd"; do
		[ ! -e "$sc_h.vmamerge-hidden" ] || mv "$sc_h.vmamerge-hidden" "$sc_h"
	done
	for sc_h in "$1"/usr/src/linux-headers-*/vmlinux.vmamerge-hidden; do
		[ -e "$sc_h" ] && mv "$sc_h" "${sc_h%.vmamerge-hidden}"
	done
	true
}

# boot KIND GEN CHROOT KVER: take the vmamerge.ko DKMS installed for KVER
# in CHROOT and boot GEN with it in the background (vm-run.sh queues the
# boots machine-wide), so the next build overlaps this boot; booted()
# records KIND/GEN/* once it is done.  The suite: tests/guest/suite-dkms.
boots=
boot() {
	b_k=$1 b_g=$2 b_c=$3 b_kv=$4
	b_d="$top/$b_k-$b_g"
	rm -rf "$b_d"
	mkdir -p "$b_d"
	b_ko=$(find "$b_c/lib/modules/$b_kv/" -name 'vmamerge.ko*' | head -n 1)
	if [ -z "$b_ko" ]; then
		record FAIL "$b_k/$b_g/module" "no vmamerge.ko* under /lib/modules/$b_kv in $b_c"
		return 0
	fi
	case "$b_ko" in
	*.ko) cp "$b_ko" "$b_d/vmamerge.ko" ;;
	*.ko.xz) xz -dc "$b_ko" > "$b_d/vmamerge.ko" ;;
	*.ko.zst) zstd -qdc "$b_ko" > "$b_d/vmamerge.ko" ;;
	*.ko.gz) gzip -dc "$b_ko" > "$b_d/vmamerge.ko" ;;
	esac
	record PASS "$b_k/$b_g/module" "${b_ko#"$b_c"}"
	sed -e "s/@VERSION@/$ver/" -e "s/@KVER@/$b_kv/" \
		"$VMAMERGE_ROOT/tests/guest/suite-dkms" > "$b_d/suite"
	VMM_HOST_CHECKS=0 VMM_KO="$b_d/vmamerge.ko" VMM_RUN_DIR="$b_d" \
		VMM_VM_TIMEOUT=600 VMM_TEST_TIMEOUT=300 \
		"$VMAMERGE_ROOT/scripts/vm-run.sh" "$b_g" "$b_d/suite" \
		> "$b_d/vm-run.log" 2>&1 &
	boots="$boots $b_k/$b_g/$!"
}

booted() {	# wait for the boots, record their results
	for bd_b in $boots; do
		bd_k=${bd_b%%/*} bd_p=${bd_b##*/}
		bd_g=${bd_b#*/}
		bd_g=${bd_g%/*}
		bd_d="$top/$bd_k-$bd_g"
		wait "$bd_p" || true
		grep -E '^(PASS|FAIL) ' "$bd_d/results" 2>/dev/null |
			sed "s|^\([A-Z]*\) |\1 $bd_k/|" | tee -a "$res"
		grep -q "^PASS $bd_g/boot" "$bd_d/results" 2>/dev/null ||
			record FAIL "$bd_k/$bd_g/boot" "see $bd_d/vm-run.log"
		if grep -q '^FAIL' "$bd_d/results" 2>/dev/null; then
			echo "    console log: $bd_d/console.log"
		fi
	done
	boots=
}

# dkms_test GEN CHROOT KVER: add, build, install, boot, remove.
dkms_test() {
	t_g=$1 t_c=$2 t_kv=$3
	t_l="$top/dkms-$t_g.log"
	: > "$t_l"
	scrub "$t_c"
	"$VMAMERGE_ROOT/scripts/dkms-source.sh" "$t_c/usr/src/vmamerge-$ver"
	check "dkms/$t_g/add" "" dk "$t_c" "$t_l" add -m vmamerge -v "$ver"
	t_s=$(date +%s)
	if dk "$t_c" "$t_l" build -m vmamerge -v "$ver" -k "$t_kv"; then
		record PASS "dkms/$t_g/build" "$(($(date +%s) - t_s))s"
		check "dkms/$t_g/install" "" dk "$t_c" "$t_l" install -m vmamerge -v "$ver" -k "$t_kv"
		t_st=$(run_chroot "$t_c" dkms status -m vmamerge -v "$ver" -k "$t_kv" 2>/dev/null)
		echo "${t_c##*/dkms-} $t_g dkms: $t_st" >> "$top/status"
		check "dkms/$t_g/dkms-status" "$t_st" sh -c "echo '$t_st' | grep -q ': installed'"
		boot dkms "$t_g" "$t_c" "$t_kv"
	else
		t_ml="$t_c/var/lib/dkms/vmamerge/$ver/build/make.log"
		tail -n 15 "$t_ml" 2>/dev/null | sed 's/^/    /'
		cp "$t_ml" "$top/make-$t_g.log" 2>/dev/null || true
		record FAIL "dkms/$t_g/build" "DKMS's make.log: $t_ml, kept as $top/make-$t_g.log"
	fi
	dk "$t_c" "$t_l" remove -m vmamerge -v "$ver" --all || true
	rm -rf "$t_c/usr/src/vmamerge-$ver"
	t_left=$(leftovers "$t_c")
	check "dkms/$t_g/remove" "${t_left:-nothing left}" test -z "$t_left"
}

# no_bpftool GEN CHROOT KVER: without bpftool, dkms build fails, points to
# its make.log, and the log says bpftool is what is missing.
no_bpftool() {
	nb_g=$1 nb_c=$2 nb_kv=$3
	nb_l="$top/dkms-$nb_g-no-bpftool.log"
	: > "$nb_l"
	scrub "$nb_c"
	"$VMAMERGE_ROOT/scripts/dkms-source.sh" "$nb_c/usr/src/vmamerge-$ver"
	dk "$nb_c" "$nb_l" add -m vmamerge -v "$ver" || true
	mv "$nb_c/usr/sbin/bpftool" "$nb_c/usr/sbin/bpftool.vmamerge-hidden"
	nb_rc=0
	dk "$nb_c" "$nb_l" build -m vmamerge -v "$ver" -k "$nb_kv" || nb_rc=$?
	mv "$nb_c/usr/sbin/bpftool.vmamerge-hidden" "$nb_c/usr/sbin/bpftool"
	nb_ml=$(grep -o '/var/lib/dkms/[^ ]*make\.log' "$nb_l" | head -n 1)
	nb_why=$(grep -h -m 1 'bpftool not' "$nb_c$nb_ml" 2>/dev/null || true)
	check "dkms/$nb_g/no-bpftool" "build exit $nb_rc, dkms points to ${nb_ml:-no make.log}: ${nb_why:-which names no bpftool}" \
		test "$nb_rc" != 0 -a -n "$nb_why"
	dk "$nb_c" "$nb_l" remove -m vmamerge -v "$ver" --all || true
	scrub "$nb_c"
}

# btf_from_vmlinuz GEN CHROOT KVER: the Makefile's layout step (what DKMS
# runs) for a kernel that is not running: with no BTF in the headers the
# layout comes from the vmlinux inside /boot/vmlinuz-KVER and equals the
# one from the headers' BTF; without zstd it fails and names zstd.
btf_from_vmlinuz() {
	bv_g=$1 bv_c=$2 bv_kv=$3
	bv_l="$top/dkms-$bv_g-vmlinuz.log"
	: > "$bv_l"
	scrub "$bv_c"
	[ -e "$bv_c/usr/bin/zstd" ] ||
		run_chroot "$bv_c" apt-get install -y --no-install-recommends zstd >> "$bv_l" 2>&1 || true
	bv_s=/usr/src/vmamerge-$ver
	"$VMAMERGE_ROOT/scripts/dkms-source.sh" "$bv_c$bv_s"
	bv_h="$bv_c/usr/src/linux-headers-$bv_kv/vmlinux"
	rm -rf "$bv_c"/tmp/vmm-btf-*
	for bv_w in headers vmlinuz nozstd; do
		[ "$bv_w" = headers ] || mv "$bv_h" "$bv_h.vmamerge-hidden"
		[ "$bv_w" != nozstd ] || mv "$bv_c/usr/bin/zstd" "$bv_c/usr/bin/zstd.vmamerge-hidden"
		echo "# $bv_w" >> "$bv_l"
		run_chroot "$bv_c" make -C "$bv_s" KVER="$bv_kv" KDIR="/lib/modules/$bv_kv/build" \
			OUT="/tmp/vmm-btf-$bv_w" "/tmp/vmm-btf-$bv_w/vmm_vmg_layout.h" >> "$bv_l" 2>&1 &&
			echo "# $bv_w: ok" >> "$bv_l"
		[ "$bv_w" = headers ] || mv "$bv_h.vmamerge-hidden" "$bv_h"
		[ "$bv_w" != nozstd ] || mv "$bv_c/usr/bin/zstd.vmamerge-hidden" "$bv_c/usr/bin/zstd"
		grep -v -e LAYOUT_SOURCE -e "generated by" "$bv_c/tmp/vmm-btf-$bv_w/vmm_vmg_layout.h" \
			> "$top/layout-$bv_g-$bv_w.h" 2>/dev/null || true
	done
	bv_src=$(sed -n 's/^#define VMM_VMG_LAYOUT_SOURCE "\(.*\)"/\1/p' \
		"$bv_c/tmp/vmm-btf-vmlinuz/vmm_vmg_layout.h" 2>/dev/null || true)
	check "dkms/$bv_g/btf-from-vmlinuz" "layout from ${bv_src:-nothing}, as from the headers' BTF" \
		sh -c "grep -q '# vmlinuz: ok' '$bv_l' && [ -s '$top/layout-$bv_g-headers.h' ] &&
			cmp -s '$top/layout-$bv_g-headers.h' '$top/layout-$bv_g-vmlinuz.h' &&
			[ '$bv_src' = btf:/tmp/vmm-btf-vmlinuz/vmlinux ]"
	bv_why=$(grep -m 1 'zstd, which is not installed' "$bv_l" || true)
	check "dkms/$bv_g/no-zstd" "${bv_why:-no message naming zstd}" \
		sh -c "! grep -q '# nozstd: ok' '$bv_l' && [ -n '$bv_why' ]"
	rm -rf "$bv_c"/tmp/vmm-btf-*
	scrub "$bv_c"
}

# deb_test RELEASE CHROOT GEN...: install the package, boot, purge.
deb_test() {
	d_r=$1 d_c=$2
	shift 2
	d_l="$top/deb-$d_r.log"
	: > "$d_l"
	scrub "$d_c"
	cp "$deb" "$d_c/tmp/"
	d_s=$(date +%s)
	if run_chroot "$d_c" apt-get install -y --no-install-recommends \
		-o Dpkg::Use-Pty=0 "/tmp/${deb##*/}" >> "$d_l" 2>&1; then
		record PASS "deb/$d_r/install" "apt-get install ${deb##*/}: $(($(date +%s) - d_s))s"
	else
		grep -B2 -A2 'make.log' "$d_l" | sed 's/^/    /'
		record FAIL "deb/$d_r/install" "apt-get install ${deb##*/} failed, log: $d_l"
	fi
	rm -f "$d_c/tmp/${deb##*/}"
	check "deb/$d_r/files" "vmamerge, vmamerge-textfile, man page, units, alert rule, contract" \
		test -x "$d_c/usr/sbin/vmamerge" -a -x "$d_c/usr/sbin/vmamerge-textfile" \
		-a -e "$d_c/usr/share/man/man8/vmamerge.8.gz" \
		-a -e "$d_c/lib/systemd/system/vmamerge-textfile.timer" \
		-a -s "$d_c/usr/share/doc/vmamerge-dkms/examples/vmamerge-alerts.yml" \
		-a -s "$d_c/usr/share/doc/vmamerge-dkms/INTERFACE.md" \
		-a -s "$d_c/usr/src/vmamerge-$ver/doc/INTERFACE.md"
	d_v=$(run_chroot "$d_c" vmamerge --version 2>&1 | head -n 1)
	check "deb/$d_r/cli" "vmamerge --version: $d_v" sh -c "echo '$d_v' | grep -qw '$ver'"
	for d_g in "$@"; do
		d_kv=$(kfield "$d_g" 3)
		d_st=$(run_chroot "$d_c" dkms status -m vmamerge -v "$ver" -k "$d_kv" 2>/dev/null)
		case "$d_st" in
		*": installed"*) d_how="by the package's postinst" ;;
		*)	# Not built by the postinst: do what a user would.
			d_how="by dkms install after the postinst left: ${d_st:-nothing}"
			dk "$d_c" "$d_l" install -m vmamerge -v "$ver" -k "$d_kv" || true
			d_st=$(run_chroot "$d_c" dkms status -m vmamerge -v "$ver" -k "$d_kv" 2>/dev/null)
			;;
		esac
		echo "$d_r $d_g package: $d_st" >> "$top/status"
		check "deb/$d_g/dkms-status" "$d_st, $d_how" sh -c "echo '$d_st' | grep -q ': installed'"
		boot deb "$d_g" "$d_c" "$d_kv"
	done
	run_chroot "$d_c" apt-get purge -y vmamerge-dkms >> "$d_l" 2>&1 || true
	d_left=$(leftovers "$d_c")
	check "deb/$d_r/purge" "${d_left:-nothing left}" test -z "$d_left"
}

# The chroots, and the kernels in each.
rels=
for g in "$@"; do
	suite=$(kfield "$g" 2)
	[ -n "$suite" ] || die "unknown kernel generation '$g' (see $KCONF)"
	r=$(suite_release "$suite")
	case " $rels " in *" $r "*) ;; *) rels="$rels $r" ;; esac
done
pids=
for r in $rels; do	# in parallel: mostly waiting on the mirror and dpkg
	kvs=
	for g in "$@"; do
		[ "$(suite_release "$(kfield "$g" 2)")" = "$r" ] && kvs="$kvs $(kfield "$g" 3)"
	done
	# shellcheck disable=SC2086
	"$VMAMERGE_ROOT/scripts/dkms-chroot.sh" "$r" $kvs >/dev/null &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p" || die "a DKMS chroot could not be made (see above)"
done
echo "== chroots ready ($(($(date +%s) - t0))s)"

for g in "$@"; do
	c="$VMAMERGE_CACHE/dkms-$(suite_release "$(kfield "$g" 2)")"
	kv=$(kfield "$g" 3)
	s=$(date +%s)
	dkms_test "$g" "$c" "$kv"
	if [ -e "$c/usr/src/linux-headers-$kv/vmlinux" ]; then	# 6.12+
		no_bpftool "$g" "$c" "$kv"
		btf_from_vmlinuz "$g" "$c" "$kv"
	fi
	echo "== dkms $g ($(($(date +%s) - s))s)"
done

deb=
if deb=$("$VMAMERGE_ROOT/scripts/make-deb.sh" 2> "$top/make-deb.log"); then
	record PASS deb/build "${deb##*/}"
	for r in $rels; do
		s=$(date +%s)
		gs=
		for g in "$@"; do
			[ "$(suite_release "$(kfield "$g" 2)")" = "$r" ] && gs="$gs $g"
		done
		# shellcheck disable=SC2086
		deb_test "$r" "$VMAMERGE_CACHE/dkms-$r" $gs
		echo "== deb $r ($(($(date +%s) - s))s)"
	done
else
	cat "$top/make-deb.log" >&2
	record FAIL deb/build "see $top/make-deb.log"
fi
echo "== waiting for the boots ($(($(date +%s) - t0))s)"
booted

echo "dkms status, per release and kernel:"
sed 's/^/  /' "$top/status"
grep '^FAIL' "$res" || true
passed=$(grep -c '^PASS' "$res" || true)
failed=$(grep -c '^FAIL' "$res" || true)
echo "took $(($(date +%s) - t0))s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
