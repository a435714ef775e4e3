# skip: a kernel without one of its probe points.  A missing optional one
# (an AUX probe, or one of two merge entry points) still loads and says so
# in status; a missing required one (the only merge entry point, or
# copy_vma) refuses the load with ENOENT (doc/INTERFACE.md) and a message
# naming the symbol.  loadmod (tests/guest/loadmod.c) names the errno,
# which busybox insmod does not.
. /tests/lib.sh
st=$VMM_DBG/status
case "$(uname -r)" in
5.10.*) optional= ; required=vma_merge ;;
6.1.*) optional=vma_expand ; required=vma_merge,mmap_region,do_brk_flags ;;
*) optional=vma_modify ; required=vma_merge_new_range,vma_modify ;;
esac
if [ -z "$optional" ]; then
	# 5.10 has nothing optional to skip: vma_merge is its one merge entry
	# point, and with copy_vma that is every probe point it has.
	sed -n 's/^probe \([^:]*\): attached, .*/\1/p' "$st" | sort | tr '\n' ' ' > /tmp/skip.probes
	check "5.10: its probe points are vma_merge and copy_vma, both attached, no optional one ($(cat /tmp/skip.probes))" \
		sh -c "[ \"\$(cat /tmp/skip.probes)\" = 'copy_vma vma_merge ' ] && [ \$(grep -c '^probe ' $st) = 2 ]"
fi
rmmod vmamerge
if [ -n "$optional" ]; then
	r=$(loadmod /vmamerge.ko skip=$optional)
	if [ "$r" = loaded ]; then
		ok "loads without $optional"
		check "status: probe $optional: missing" grep -q "^probe $optional: missing" "$st"
		check "status says why" grep -q "^missing $optional: skipped by the skip parameter" "$st"
		rmmod vmamerge
	else
		notok "loads without $optional ($r)"
	fi
fi
for req in "$required" copy_vma; do
	dmesg -c > /dev/null
	r=$(loadmod /vmamerge.ko skip=$req)
	check "refuses to load without $req: ENOENT ($r)" test "$r" = ENOENT
	first=${req%%,*}
	check "the kernel log names $first" sh -c "dmesg | grep -q 'vmamerge: missing $first'"
done
r=$(loadmod /vmamerge.ko)
check "loads again with everything ($r)" test "$r" = loaded
finish
