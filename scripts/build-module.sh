#!/bin/sh
# build-module.sh GEN [MAKE ARGS...]: build vmamerge.ko for one kernel of the
# matrix with W=1, on the host or in that kernel's release chroot, from a
# private copy of the sources (so kernels never share object files).
# Any compiler warning fails the build.  Result: $VMAMERGE_BUILD/GEN/vmamerge.ko,
# or $VMAMERGE_BUILD/GEN/$VMM_KO_NAME for a variant built with other MAKE ARGS.
set -eu
. "$(dirname "$0")/lib.sh"

gen=$1
shift
kd=$(kdir_of "$gen")
"$VMAMERGE_ROOT/scripts/fetch-kernels.sh" "$gen" >/dev/null	# quiet when cached
kver=$(cat "$kd/kver")
kdir=$(cat "$kd/kdir")
where=$(cat "$kd/where")
out="$VMAMERGE_BUILD/$gen"
mkdir -p "$out"
ko=${VMM_KO_NAME:-vmamerge.ko}
rm -f "$out/$ko"

case "$where" in
host) root= ;;
chroot:*) root=${where#chroot:} ;;
*) die "bad $kd/where" ;;
esac
# Per checkout: two work trees building for one chroot never share a copy.
tree=$(printf %s "$VMAMERGE_ROOT" | cksum | cut -d' ' -f1)
src="$root/build/vmamerge-$gen-$tree-${ko%.ko}"
[ -n "$root" ] || src="$out/src-${ko%.ko}"
rm -rf "$src"
mkdir -p "$src/module" "$src/scripts/conftest"
cp "$VMAMERGE_ROOT/Kbuild" "$VMAMERGE_ROOT/Makefile" "$src/"
cp "$VMAMERGE_ROOT"/module/Kbuild "$VMAMERGE_ROOT"/module/*.[ch] "$src/module/"
cp "$VMAMERGE_ROOT"/scripts/conftest.sh "$VMAMERGE_ROOT"/scripts/vmg-layout.sh \
	"$VMAMERGE_ROOT"/scripts/find-btf.sh "$VMAMERGE_ROOT"/scripts/extract-vmlinux.sh "$src/scripts/"
cp "$VMAMERGE_ROOT"/scripts/conftest/*.c "$src/scripts/conftest/"

inner=${src#"$root"}
set +e
if [ -n "$root" ]; then
	run_chroot "$root" make -C "$inner" KVER="$kver" KDIR="$kdir" W=1 "$@"
else
	make -C "$inner" KVER="$kver" KDIR="$kdir" W=1 "$@"
fi > "$out/build.log" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
	tail -n 30 "$out/build.log" >&2
	die "build for $gen ($kver) failed, log: $out/build.log"
fi
if grep -q 'warning:' "$out/build.log"; then
	grep -B2 -A3 'warning:' "$out/build.log" >&2
	die "build for $gen ($kver) has warnings, log: $out/build.log"
fi
cp "$src/module/vmamerge.ko" "$out/$ko"
[ "$ko" = vmamerge.ko ] && cp "$src/build/$kver/vmm_config.h" "$out/"
echo "built $out/$ko for $kver"
