# lockdown: raise the kernel's lockdown to integrity (what Secure Boot
# brings) with the module loaded, and check what doc/INTERFACE.md promises:
# every debugfs file stays readable, the knobs (module parameters) stay
# writable, the trace events can be enabled.  Lockdown cannot be lowered,
# so this runs last in the suite.  Then confidentiality: only reported.
. /tests/lib.sh
P=/sys/module/vmamerge/parameters
L=/sys/kernel/security/lockdown
grep -q " /sys/kernel/security " /proc/mounts || mount -t securityfs securityfs /sys/kernel/security
check "the kernel has the lockdown LSM ($L)" test -w "$L"
cat "$L"
echo integrity > "$L"
check "lockdown is integrity" grep -q '\[integrity\]' "$L"
sleep 100000 &
idle=$!
for f in status stats events metrics; do
	check "$f is readable under lockdown=integrity" sh -c "cat $VMM_DBG/$f > /tmp/ld.$f && test -s /tmp/ld.$f"
done
check "target is writable under lockdown=integrity" sh -c "echo $idle > $P/target"
for f in topology topology.json topology.dot; do
	check "$f is readable under lockdown=integrity" sh -c "cat $VMM_DBG/$f > /tmp/ld.t && test -s /tmp/ld.t"
done
check "filter_pid is writable" sh -c "echo $idle > $P/filter_pid && echo 0 > $P/filter_pid"
check "reset is writable" sh -c "echo 1 > $P/reset"
check "the trace events can be enabled" sh -c \
	"echo 1 > /sys/kernel/tracing/events/vmamerge/enable && echo 0 > /sys/kernel/tracing/events/vmamerge/enable"
scenario both > /tmp/ld.s 2>&1
check "the module still counts (a scenario, checked against /proc/self/maps)" test $? = 0
echo 0 > "$P/target"
# confidentiality: observed, not asserted (users cannot run vmamerge there)
echo confidentiality > "$L" 2>/dev/null
echo "lockdown now: $(cat "$L")"
for f in status stats; do
	if cat "$VMM_DBG/$f" > /dev/null 2>&1; then r=readable; else r=refused; fi
	echo "# under confidentiality $f: $r"
done
if echo 1 > /sys/kernel/tracing/events/vmamerge/enable 2>/dev/null; then
	echo "# under confidentiality the trace events: can be enabled"
	echo 0 > /sys/kernel/tracing/events/vmamerge/enable
else
	echo "# under confidentiality the trace events: refused"
fi
kill "$idle"
finish
