# nolayout: where the vma_merge_struct layout cannot be derived (no BTF),
# the probes that need it stay off, the module still loads with copy_vma,
# and status says why; a kernel without vma_merge_struct needs no layout.
. /tests/lib.sh
st=$VMM_DBG/status
if [ ! -e /vmamerge-nolayout.ko ]; then
	check "this kernel has no vma_merge_struct: layout n/a" \
		grep -q '^layout: n/a' "$st"
	finish
fi
rmmod vmamerge
if insmod /vmamerge-nolayout.ko; then
	ok "loads without a layout"
	cat "$st"
	check "status: layout none, saying why" grep -q '^layout: none: no BTF at /nonexistent' "$st"
	for p in vma_merge_new_range vma_modify; do
		check "probe $p: missing" grep -q "^probe $p: missing" "$st"
		check "status says why $p is off" \
			grep -q "^missing $p: no vma_merge_struct layout: no BTF" "$st"
	done
	check "probe copy_vma: attached" grep -q '^probe copy_vma: attached' "$st"
	rmmod vmamerge
else
	notok "loads without a layout"
fi
# loadmod (tests/guest/loadmod.c) names the errno: doc/INTERFACE.md says ENOENT.
r=$(loadmod /vmamerge.ko skip=vma_merge_new_range,vma_modify)
check "a skipped required probe refuses the load with ENOENT ($r)" test "$r" = ENOENT
r=$(loadmod /vmamerge.ko skip=copy_vma)
check "so does a skipped copy_vma ($r)" test "$r" = ENOENT
r=$(loadmod /vmamerge.ko)
check "the real module loads again ($r)" test "$r" = loaded
finish
