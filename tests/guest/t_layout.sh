# layout: the vma_merge_struct offsets are followed only on the kernel
# build whose BTF they came from.  vmamerge-otherbtf.ko was built from a
# BTF one byte away from this kernel's (variants.sh): it must load with
# copy_vma, keep the vmg probes off and say why in status, like a module
# without a layout.  The real module's layout must match.  Kernels without
# struct vma_merge_struct need no layout: status must say n/a.
. /tests/lib.sh
st=$VMM_DBG/status
if ! grep -q '^generation: vmg' "$st"; then
	check "no vma_merge_struct in this kernel: layout n/a" grep -q '^layout: n/a' "$st"
	check "and no variant was built for it" test ! -e /vmamerge-otherbtf.ko
	finish
fi
check "the real module's layout is this kernel's BTF" grep -q '^layout: btf:' "$st"
for p in vma_merge_new_range vma_modify; do
	check "the real module attached $p" grep -q "^probe $p: attached" "$st"
done
rmmod vmamerge
if insmod /vmamerge-otherbtf.ko; then
	ok "a module with another build's layout loads (copy_vma alone)"
	grep -E '^(layout|missing)' "$st"
	check "status: layout none, built for another kernel build" \
		grep -q '^layout: none: layout built for another kernel build: its BTF has' "$st"
	for p in vma_merge_new_range vma_modify; do
		check "probe $p: missing" grep -q "^probe $p: missing" "$st"
		check "status says why $p is off" \
			grep -q "^missing $p: layout built for another kernel build" "$st"
	done
	check "probe copy_vma: attached" grep -q '^probe copy_vma: attached' "$st"
	check "metrics: the info line carries the same layout" \
		grep -q 'vmamerge_info{.*layout="none: layout built for another kernel build' "$VMM_DBG/metrics"
	rmmod vmamerge
else
	notok "a module with another build's layout loads (copy_vma alone)"
fi
insmod /vmamerge.ko || notok "the real module loads again"
finish
