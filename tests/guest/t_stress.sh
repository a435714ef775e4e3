# stress [SECONDS [WORKERS [LOADS [HOOK]]]]: 60 s of 16 workers forking, exiting,
# mapping and remapping at random, readers looping over every debugfs file,
# target and filter_pid flipping between live, exiting and exited pids, and
# the module unloaded and loaded again 50 times in the middle of it (the
# debug kernel's suite asks for less).  The console must stay clean
# (panic_on_warn=1, oops=panic, hung_task_panic=1); after each load the
# module's books must balance; after the last unload it must have left no
# vmalloc'ed memory behind.  With HOOK (kretprobe or fprobe), every load
# of the cycle is with hook=HOOK (doc/INTERFACE.md).  Where the kernel has
# no fprobe (5.10, 6.1) there is no load to stress with hook=fprobe: what a
# user gets there is checked instead, a refusal with EOPNOTSUPP, and the
# module is loaded again as it was.
. /tests/lib.sh
secs=${1:-60} workers=${2:-16} loads=${3:-50} hook=${4:-}
if [ "$hook" = fprobe ] && ! grep -q ' register_fprobe$' /proc/kallsyms; then
	rmmod vmamerge || notok "rmmod vmamerge"
	r=$(loadmod /vmamerge.ko hook=fprobe)
	check "no fprobe in this kernel: hook=fprobe refused, EOPNOTSUPP ($r)" \
		sh -c "[ '$r' = EOPNOTSUPP ] || [ '$r' = ENOTSUP ]"
	[ "$r" = loaded ] && rmmod vmamerge
	check "loaded again with the default hook" insmod /vmamerge.ko
	finish
fi
echo 20 > /proc/sys/kernel/hung_task_timeout_secs
rm -f /tmp/stress.pids
touch /tmp/stress.pids
stress "$secs" "$workers" & s=$!

reader() {
	while [ -e /tmp/stress.run ]; do
		for f in status stats events topology topology.json topology.dot; do
			cat "$VMM_DBG/$f" > /dev/null 2>&1
		done
	done
}
flipper() {
	while [ -e /tmp/stress.run ]; do
		p=$(tail -n 1 /tmp/stress.pids)
		echo "$p" > "$VMM_PAR/target" 2>/dev/null
		echo "$p" > "$VMM_PAR/filter_pid" 2>/dev/null
		echo 0 > "$VMM_PAR/filter_pid" 2>/dev/null
	done
}
VMM_PAR=/sys/module/vmamerge/parameters
touch /tmp/stress.run
reader & r1=$!
reader & r2=$!
flipper & f1=$!

i=0
bad=0
busy=0
while [ $i -lt "$loads" ]; do
	# A reader holding a file open holds the module: rmmod says EBUSY
	# until it lets go, as it should.
	unload || { notok "rmmod #$i: still busy"; bad=1; }
	busy=$((busy + VMM_BUSY))
	# shellcheck disable=SC2086
	insmod /vmamerge.ko ${hook:+hook=$hook} || { notok "insmod #$i"; bad=1; }
	[ -z "$hook" ] || grep -qx "hook: $hook" "$VMM_DBG/status" ||
		{ notok "load #$i: $(grep '^hook:' "$VMM_DBG/status")"; bad=1; }
	# Let the workload run against this load, then check its books.
	until snap 2>/dev/null && [ "$(stat_of merge.attempts)" -gt 20 ]; do :; done
	a=$(stat_of merge.attempts)
	r=$(sum_of merge.result none prev next both error)
	p=$(sum_of merge.prev absent not_adjacent special flags file close uffd \
		anon_name policy pgoff anon_vma anon_vma_chain ok)
	n=$(sum_of merge.next absent not_adjacent special flags file close uffd \
		anon_name policy pgoff anon_vma anon_vma_chain ok)
	if [ "$a" != "$r" ] || [ "$a" != "$p" ] || [ "$a" != "$n" ]; then
		notok "load #$i: books do not balance: attempts $a results $r prev $p next $n"
		bad=1
	fi
	if [ "$(stat_of merge.model_mismatch)" != 0 ]; then
		notok "load #$i: model_mismatch $(stat_of merge.model_mismatch)"
		grep MISMATCH "$VMM_DBG/events" | head -n 5
		bad=1
	fi
	grep -q '^probe .* missed [0-9]*$' "$VMM_DBG/status" || { notok "status reports missed"; bad=1; }
	i=$((i + 1))
done
[ $bad = 0 ] && ok "$loads loads${hook:+ with hook=$hook} under stress: each balanced its books, no mismatch"
echo "# rmmod found the module busy (a reader had a file open) $busy times"
grep '^probe' "$VMM_DBG/status"
wait $s
rm -f /tmp/stress.run
wait $r1 $r2 $f1
ok "the workload and the readers ran to the end"
# vmallocinfo names a caller by symbol only while its module is loaded:
# after the unload, look for callers inside the module's old address range.
grep '^vmamerge ' /proc/modules > /tmp/modules.vmm
read -r _ size _ _ _ base _ < /tmp/modules.vmm
echo "# module at $base, $size bytes"
check "the module's address is visible (kptr_restrict 0)" \
	sh -c "echo $base | grep -q '^0xffffffff[0-9a-f]\{8\}$' && [ $base != 0xffffffff00000000 ]"
grep -c vmamerge /proc/vmallocinfo | sed 's/^/# vmalloc areas of the loaded module: /'
rmmod vmamerge || notok "final rmmod"
lo=$(printf '%d' "0x$(echo "$base" | cut -c11-18)")
hi=$((lo + size))
left=$(grep -o ' 0xffffffff[0-9a-f]\{8\}' /proc/vmallocinfo | cut -c12-19 | while read -r a; do
	a=$(printf '%d' "0x$a")
	[ "$a" -ge "$lo" ] && [ "$a" -lt "$hi" ] && echo "$a"
done | wc -l)
check "after the last unload no vmalloc area allocated by the module is left ($left)" \
	test "$left" = 0
insmod /vmamerge.ko || notok "load again for the next tests"
finish
