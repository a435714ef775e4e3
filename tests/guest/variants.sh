#!/bin/sh
# variants.sh GEN: build the module variants the guest tests load besides
# vmamerge.ko.  For 6.1 (generation expand): vmamerge-inflight1.ko, whose
# table of mmap_region calls in flight has one slot.  For kernels whose
# merges need the vma_merge_struct layout: vmamerge-nolayout.ko, built as if the target's BTF could not be
# found; vmamerge-otherbtf.ko, built from a BTF that differs from the
# kernel's in one byte of one type name (as another build of the same ABI
# name would), so its layout must not be trusted on this kernel.
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"
gen=$1
out="$VMAMERGE_BUILD/$gen"
rm -f "$out/vmamerge-nolayout.ko" "$out/vmamerge-otherbtf.ko" \
	"$out/vmamerge-inflight1.ko"
if grep -q 'VMM_GEN_NAME "expand"' "$out/vmm_config.h"; then
	VMM_KO_NAME=vmamerge-inflight1.ko "$VMAMERGE_ROOT/scripts/build-module.sh" \
		"$gen" VMM_INFLIGHT_BITS=0 >/dev/null
fi
grep -q 'VMM_GEN_NAME "vmg"' "$out/vmm_config.h" || exit 0
VMM_KO_NAME=vmamerge-nolayout.ko "$VMAMERGE_ROOT/scripts/build-module.sh" \
	"$gen" BTF=/nonexistent VMM_ALLOW_NO_LAYOUT=1 >/dev/null

kd=$(kdir_of "$gen")
where=$(cat "$kd/where")
root=
case "$where" in chroot:*) root=${where#chroot:} ;; esac
btf=$(cat "$kd/kdir")/vmlinux	# the headers' BTF (as seen in the chroot)
other=/build/vmm-otherbtf-$gen.btf	# ditto
[ -n "$root" ] || other=$out/otherbtf.btf
mkdir -p "$(dirname "$root$other")"
objcopy -O binary --only-section=.BTF "$root$btf" "$root$other"
python3 - "$root$other" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = b.find(b"\0vm_area_struct\0")	# one letter of a type name, not a field
assert i > 0, "no vm_area_struct in the BTF strings"
b[i + 1] = ord("V")
open(p, "wb").write(b)
PY
VMM_KO_NAME=vmamerge-otherbtf.ko "$VMAMERGE_ROOT/scripts/build-module.sh" \
	"$gen" BTF="$other" >/dev/null
