# kmemleak: once the module is unloaded, nothing it allocated is left.  Near
# the end of the debug kernel's suite (CONFIG_DEBUG_KMEMLEAK): every load of
# this boot (stress's, the tests' reloads with other parameters) is
# covered, plus one more round here that allocates what the module
# allocates (the event ring, a topology snapshot of a fork chain, each
# file's reader, a reset), then rmmod and two scans.  kmemleak reports an
# object after a scan that found no reference to it, once it is older than
# 5 s; the report gives the allocation's backtrace, printed with %pS: a
# frame in a loaded module reads "func+0x../0x.. [vmamerge]", one in a
# module that is gone has no symbol left and reads as a bare address.
# (A gone module's address may also resolve to a vmamerge symbol that
# kallsyms still holds for the same range.)  Only vmamerge's builds are ever
# loaded in this guest, so all these forms are the module's.  Leaks of the
# kernel's own are printed but do not fail this test (vm-run.sh's console
# check reports every "unreferenced object").
# The struct pids of the processes `target` and `filter_pid` hold count as
# the module's too (their allocation is the kernel's: alloc_pid).
. /tests/lib.sh
K=/sys/kernel/debug/kmemleak
if [ ! -e $K ]; then
	notok "no $K: this kernel has no kmemleak (CONFIG_DEBUG_KMEMLEAK)"
	finish
fi
check "only vmamerge is loaded" sh -c "! grep -v '^vmamerge ' /proc/modules"
grep '^vmamerge ' /proc/modules

P=/sys/module/vmamerge/parameters
toggle 200 > /dev/null
topo fork > /tmp/kml.topo 2>&1 || notok "topo fork ($(tail -n 1 /tmp/kml.topo))"
sleep 100000 &
idle=$!
echo "$idle" > $P/target || notok "target=$idle"
for f in status stats events metrics topology topology.json topology.dot; do
	cat "$VMM_DBG/$f" > /dev/null || notok "read $f"
done
echo 1 > $P/reset || notok "reset"
echo 0 > $P/target || notok "target=0"
kill "$idle"
check "rmmod vmamerge" rmmod vmamerge
check "vmamerge is gone" sh -c "! grep -q '^vmamerge ' /proc/modules"

# A stale copy of a pointer (in a task's stack, in memory reused since)
# hides the object from kmemleak until it is overwritten: processes that
# come and go reuse that memory.  Measured with a throwaway module leaking
# three objects on purpose (two at init, one from a parameter write):
# scans right after its unload reported none of them, scans after this
# churn two (this test then failed and named them).  kmemleak can miss a
# leak; it does not invent one.
i=0
while [ $i -lt 30 ]; do
	sh -c 'cat /proc/self/maps' > /dev/null
	i=$((i + 1))
done
toggle 200 > /dev/null
sleep 6		# kmemleak reports nothing younger than 5 s
check "kmemleak scan" sh -c "echo scan > $K"
check "kmemleak scan, again" sh -c "echo scan > $K"
check "kmemleak's report reads" sh -c "cat $K > /tmp/kml.report"
n=$(grep -c '^unreferenced object' /tmp/kml.report)
echo "# kmemleak reports $n objects"
cat /tmp/kml.report
# Each object's block, from its "unreferenced object" line: does a frame
# name vmamerge or have no symbol?  Or was it allocated by alloc_pid: a
# struct pid that nothing points to any more, kept by a reference the
# module took (target, filter_pid; t_paramrace.sh) and never put.
awk '
/^unreferenced object/ { obj = $0 }
/\[vmamerge/ || /^ +0x[0-9a-f]+$/ || /alloc_pid\+/ { if (!seen[obj]++) print obj }' \
	/tmp/kml.report > /tmp/kml.module
check "no leaked object was allocated by the module ($(wc -l < /tmp/kml.module))" \
	test ! -s /tmp/kml.module
sed 's/^/# module: /' /tmp/kml.module
insmod /vmamerge.ko || notok "load again for the next tests"
finish
