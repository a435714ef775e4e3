# skip: a kernel without one of its probe points.  A missing optional one
# (an AUX probe, or one of two merge entry points) still loads and says so
# in status; a missing required one (the only merge entry point, or
# copy_vma) refuses the load with a message naming the symbol.
. /tests/lib.sh
st=$VMM_DBG/status
case "$(uname -r)" in
5.10.*) optional= ; required=vma_merge ;;
6.1.*) optional=vma_expand ; required=vma_merge,mmap_region,do_brk_flags ;;
*) optional=vma_modify ; required=vma_merge_new_range,vma_modify ;;
esac
rmmod vmamerge
if [ -n "$optional" ]; then
	if insmod /vmamerge.ko skip=$optional; then
		ok "loads without $optional"
		check "status: probe $optional: missing" grep -q "^probe $optional: missing" "$st"
		check "status says why" grep -q "^missing $optional: skipped by the skip parameter" "$st"
		rmmod vmamerge
	else
		notok "loads without $optional"
	fi
else
	ok "5.10 has no optional probe point: vma_merge and copy_vma are all"
fi
for req in "$required" copy_vma; do
	dmesg -c > /dev/null
	check "refuses to load without $req" sh -c "! insmod /vmamerge.ko skip=$req 2>/dev/null"
	first=${req%%,*}
	check "the kernel log names $first" sh -c "dmesg | grep -q 'vmamerge: missing $first'"
done
insmod /vmamerge.ko || notok "loads again with everything"
finish
