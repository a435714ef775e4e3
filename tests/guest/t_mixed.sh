# mixed: a real mixed workload (a busybox shell loop, glibc realloc growing
# buffers through mremap, a forking server) with every process counted; the
# module's books must balance and its model must match the kernel.
. /tests/lib.sh
echo 1 > /sys/module/vmamerge/parameters/reset
i=0
while [ $i -lt 30 ]; do
	echo "line $i" | sed 's/line/l/' | sort > /tmp/mixed.$i
	cat /proc/self/maps > /dev/null
	rm -f /tmp/mixed.$i
	i=$((i + 1))
done
realloc || notok "realloc ran"
forkserver || notok "forkserver ran"
snap
check_books
check "the workload merged through mremap (caller.mremap > 0)" \
	test "$(stat_of merge.caller.mremap)" -gt 0
check "copy_vma.calls = merged + new" test "$(stat_of copy_vma.calls)" = \
	"$(($(stat_of copy_vma.merged) + $(stat_of copy_vma.new)))"
check "no probe missed a hit" sh -c "! grep -E 'missed [1-9]' $VMM_DBG/status"
echo "--- mixed workload stats (non-zero)"
awk '$2 != 0' /tmp/stats.snap
finish
