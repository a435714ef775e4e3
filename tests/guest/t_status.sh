# status: the probe points this kernel offers are attached, status and stats
# have the names and formats of doc/INTERFACE.md.
. /tests/lib.sh
st=$VMM_DBG/status
cat "$st"
case "$(uname -r)" in
5.10.*) want="vma_merge copy_vma"; layout="n/a" ;;
6.1.*) want="vma_merge mmap_region vma_expand do_brk_flags copy_vma"; layout="n/a" ;;
6.12.*|7.*) want="vma_merge_new_range vma_modify copy_vma"; layout="btf:" ;;
*) notok "a kernel this test knows"; finish ;;
esac
for p in $want; do
	check "probe $p attached" grep -Eq "^probe $p: attached, hits [0-9]+, missed [0-9]+$" "$st"
done
check "no probe missing" sh -c "! grep -q ': missing' $st"
check "kernel: $(uname -r)" grep -qx "kernel: $(uname -r)" "$st"
check "version line" grep -Eq '^version: [0-9]+\.[0-9]+\.[0-9]+$' "$st"
check "layout: $layout..." grep -q "^layout: $layout" "$st"
check "generation line" grep -Eq '^generation: [a-z]+$' "$st"
check "hook line" grep -Eq '^hook: (kretprobe|fprobe|mixed: .+)$' "$st"
check "status, stats and events are mode 0444" sh -c "[ \"\$(stat -c %a $st $VMM_DBG/stats $VMM_DBG/events | sort -u)\" = 444 ]"
check "events starts with its header" sh -c "head -n 1 $VMM_DBG/events | grep -Eq '^# capacity 4096 dropped [0-9]+$'"

# Every name of doc/INTERFACE.md's stats list, each once, value a decimal u64.
names="merge.attempts merge.result.none merge.result.prev merge.result.next
merge.result.both merge.result.error merge.both.anon_vma_conflict
merge.missed.pgoff_only merge.missed.anon_vma_unshared
merge.missed.anon_vma_shared merge.model_mismatch copy_vma.calls
copy_vma.merged copy_vma.new copy_vma.anon_unfaulted copy_vma.anon_faulted
copy_vma.file copy_vma.pgoff_updated copy_vma.pgoff_kept events.logged
events.dropped"
for r in absent not_adjacent special flags file close uffd anon_name policy \
	pgoff anon_vma anon_vma_chain ok; do
	names="$names merge.prev.$r merge.next.$r"
done
for c in mmap brk mremap mprotect madvise mlock mbind userfaultfd prctl other; do
	names="$names merge.caller.$c"
done
for n in $names; do
	check "stats has $n" test "$(grep -Ec "^$(echo "$n" | sed 's/\./\\./g') [0-9]+$" "$VMM_DBG/stats")" = 1
done
# shellcheck disable=SC2086
check "stats has nothing else" test "$(wc -l < "$VMM_DBG/stats")" = "$(echo $names | wc -w)"
finish
