# paramrace [CYCLES]: `target` and `filter_pid` written as fast as a shell
# can, at a live process, while the module is unloaded and loaded again
# CYCLES times (default 20).  The parameter files outlive the module's exit
# function (the kernel removes them after it returns), and a write that
# waited for the parameter lock while the exit function put the module's
# references ran after it: the reference it took on the process was never
# put.  The writes must either land before the unload puts them or be
# refused; kmemleak (t_kmemleak.sh, later in the debug kernel's suite)
# names a struct pid left behind by its allocation in alloc_pid.  Here:
# every cycle unloads and loads, with no splat (vm-run.sh's console check),
# and the last load's parameters read back what was written.
. /tests/lib.sh
cycles=${1:-20}
P=/sys/module/vmamerge/parameters
sleep 100000 &
live=$!
writer() {
	while [ -e /tmp/pr.run ]; do
		echo "$live" > $P/target 2>/dev/null
		echo "$live" > $P/filter_pid 2>/dev/null
	done
}
touch /tmp/pr.run
writer & w1=$!
writer & w2=$!
i=0
bad=0
while [ $i -lt "$cycles" ]; do
	# An unload with a process set: its exit function waits for RCU
	# under the parameter lock, and the writers queue up behind it.
	until echo "$live" > $P/target 2>/dev/null; do :; done
	unload || { notok "rmmod #$i: still busy"; bad=1; }
	insmod /vmamerge.ko || { notok "insmod #$i"; bad=1; break; }
	i=$((i + 1))
done
rm -f /tmp/pr.run
wait $w1 $w2
[ $bad = 0 ] && ok "$cycles unloads with target and filter_pid written meanwhile"
check "target reads back the live process or 0" \
	grep -Eqx "($live|0)" $P/target
echo 0 > $P/target || notok "target=0"
echo 0 > $P/filter_pid || notok "filter_pid=0"
kill "$live"
wait "$live" 2>/dev/null
check "the stats read after the churn" snap
finish
