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
a=$(stat_of merge.attempts)
s=0
for r in none prev next both error; do s=$((s + $(stat_of merge.result.$r))); done
check "merge.attempts ($a) equals the sum of merge.result.* ($s)" test "$a" = "$s"
for side in prev next; do
	t=0
	for r in absent not_adjacent special flags file close uffd anon_name \
		policy pgoff anon_vma anon_vma_chain ok; do
		t=$((t + $(stat_of merge.$side.$r)))
	done
	check "merge.$side.* sums to merge.attempts ($t)" test "$t" = "$a"
done
c=0
for r in mmap brk mremap mprotect madvise mlock mbind userfaultfd prctl other; do
	c=$((c + $(stat_of merge.caller.$r)))
done
check "merge.caller.* sums to merge.attempts ($c)" test "$c" = "$a"
check "merge.model_mismatch is 0" test "$(stat_of merge.model_mismatch)" = 0
grep MISMATCH "$VMM_DBG/events" | head -n 10
check "the workload merged through mremap (caller.mremap > 0)" \
	test "$(stat_of merge.caller.mremap)" -gt 0
check "copy_vma.calls = merged + new" test "$(stat_of copy_vma.calls)" = \
	"$(($(stat_of copy_vma.merged) + $(stat_of copy_vma.new)))"
check "no probe missed a hit" sh -c "! grep -E 'missed [1-9]' $VMM_DBG/status"
echo "--- mixed workload stats (non-zero)"
awk '$2 != 0' /tmp/stats.snap
finish
