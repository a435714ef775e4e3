# cli: the command-line front end (/bin/vmamerge) and the textfile helper
# (/bin/vmamerge-textfile) against the real module: what they print equals
# the debugfs files, watch counts only its process and puts filter_pid
# back, topo's VMAs are /proc/PID/maps', reset zeroes, and each error
# (kernel refusal, no such process, not root, debugfs not mounted, module
# not loaded) has its status and message.  Reloads /vmamerge.ko at the end.
. /tests/lib.sh
P=/sys/module/vmamerge/parameters
out=/tmp/cli.out
err=/tmp/cli.err
# run ARGS...: vmamerge's output in $out and $err, its status in $rc.
run() { vmamerge "$@" > "$out" 2> "$err"; rc=$?; }
command -v vmamerge > /dev/null || { notok "vmamerge is installed"; finish; }
pids=
trap 'kill $pids 2>/dev/null' EXIT

# A process that never maps anything: filter_pid on it counts nothing.
sleep 1000 & quiet=$!
pids="$pids $quiet"
echo 0 > $P/filter_pid
echo 0 > $P/target

# --- Reading ---------------------------------------------------------------
# Probe hits and next lookups move with every command: compare status
# without them.
nohits() {
	sed -E -e 's/hits [0-9]+, missed [0-9]+/hits N, missed N/' \
		-e 's/^next_lookups: leaf [0-9]+, tree [0-9]+$/next_lookups: leaf N, tree N/' "$1"
}
run status
nohits "$out" > /tmp/cli.a
nohits "$VMM_DBG/status" > /tmp/cli.b
check "status: exit 0, the status file" sh -c "[ $rc = 0 ] && [ -s /tmp/cli.a ] && cmp -s /tmp/cli.a /tmp/cli.b"
run stats
awk '{ print $1 }' "$out" > /tmp/cli.a
awk '{ print $1 }' "$VMM_DBG/stats" > /tmp/cli.b
check "stats: exit 0, every name of the stats file, in order" sh -c \
	"[ $rc = 0 ] && [ \$(wc -l < /tmp/cli.a) -gt 50 ] && cmp -s /tmp/cli.a /tmp/cli.b"
check "stats: each line 'name u64'" sh -c "! grep -Ev '^[a-z_.]+ [0-9]+$' $out"
run stats merge.prev
check "stats merge.prev: the 13 merge.prev.* only" sh -c \
	"[ $rc = 0 ] && [ \$(wc -l < $out) = 13 ] && ! grep -v '^merge\.prev\.' $out"
run stats no.such.
check "stats no.such.: exit 1" test "$rc" = 1
run metrics
if [ -e "$VMM_DBG/metrics" ]; then
	grep '^# ' "$VMM_DBG/metrics" > /tmp/cli.b
	check "metrics: exit 0, the metrics file's HELP and TYPE lines" sh -c \
		"[ $rc = 0 ] && [ -s /tmp/cli.b ] && grep '^# ' $out | cmp -s - /tmp/cli.b"
else
	check "metrics without a metrics file: exit 1, says so" sh -c "[ $rc = 1 ] && grep -q 'no metrics file' $err"
fi
run events
check "events: exit 0, first line '# capacity N dropped N'" sh -c \
	"[ $rc = 0 ] && head -n 1 $out | grep -Eq '^# capacity [0-9]+ dropped [0-9]+$'"
run --version
check "--version names the module's version" sh -c \
	"[ $rc = 0 ] && grep -qx \"module: \$(sed -n 's/^version: //p' $VMM_DBG/status)\" $out"

# events --follow: the header once, then new events, each once, in order.
# Three rounds: make events, then wait until --follow printed the last of
# them, so that they come from three or more of its reads of the ring.
vmamerge events --follow > /tmp/cli.follow 2> "$err" &
f=$!
pids="$pids $f"
for round in 1 2 3; do
	i=0
	while [ $i -lt 10 ]; do cat /proc/self/maps > /dev/null; i=$((i + 1)); done
	last=$(grep -o '^seq=[0-9]*' "$VMM_DBG/events" | tail -n 1)
	wait_until 60 grep -q "^$last " /tmp/cli.follow ||
		notok "events --follow printed the ring's last event ($last, round $round) within 60 s"
done
kill -TERM $f
wait $f
rc=$?
check "events --follow: exit 143 on SIGTERM" test "$rc" = 143
check "events --follow: the header once" test "$(grep -c '^# capacity' /tmp/cli.follow)" = 1
grep -o '^seq=[0-9]*' /tmp/cli.follow | cut -d= -f2 > /tmp/cli.seq
check "events --follow: new events, each once, in order ($(wc -l < /tmp/cli.seq))" sh -c \
	"[ \$(wc -l < /tmp/cli.seq) -gt 20 ] && sort -n -u /tmp/cli.seq | cmp -s - /tmp/cli.seq"

# --- reset ----------------------------------------------------------------------
echo "$quiet" > $P/filter_pid
snap
before=$(stat_of merge.attempts)
run reset
snap
check "reset: merge.attempts was not 0 before ($before)" test "$before" -gt 0
check "reset: exit 0, merge.attempts 0 (filter_pid on an idle process)" sh -c \
	"[ $rc = 0 ] && [ '$(stat_of merge.attempts)' = 0 ]"
check "reset: the event ring is empty" test "$(grep -c '^seq=' "$VMM_DBG/events")" = 0

# --- watch: only the watched process is counted -------------------------------
# filter_pid stays on $quiet before and after: whatever is counted, the
# watch counted.  A shell loop maps and unmaps meanwhile, not watched.
sh -c 'while :; do cat /proc/self/maps > /dev/null; done' & noise=$!
churn 60 & c=$!
pids="$pids $noise $c"
run watch $c 1 --count 2
check "watch --count 2: exit 0, two samples" sh -c "[ $rc = 0 ] && [ \$(grep -c '^# sample' $out) = 2 ]"
check "watch put filter_pid back ($quiet)" test "$(cat $P/filter_pid)" = "$quiet"
w=$(awk '$1 == "merge.attempts" { n = $2 } END { print n + 0 }' "$out")
snap
check "watch saw churn merge ($w attempts, $(stat_of merge.attempts) counted in all)" sh -c \
	"[ $w -gt 0 ] && [ $w -le $(stat_of merge.attempts) ]"
grep '^seq=' "$VMM_DBG/events" > /tmp/cli.ev
check "every event logged meanwhile is churn's ($(wc -l < /tmp/cli.ev) events)" sh -c \
	"[ -s /tmp/cli.ev ] && ! grep -v ' pid=$c ' /tmp/cli.ev"
kill $noise $c
wait $noise $c 2>/dev/null
# Its process ends once watch has printed a sample of it.
churn 600 & c=$!
pids="$pids $c"
# (the time limits only end a hung watch: a loaded TCG host is slow)
# $out is emptied here, not by the background job's redirection, which may
# come after the wait below has read the last watch's "# sample 1".
: > "$out"
timeout 300 vmamerge watch $c >> "$out" 2> "$err" &
w=$!
wait_until 240 grep -q '^# sample 1 ' "$out" || notok "watch printed a sample within 240 s"
kill $c
wait $w
rc=$?
check "watch ends when its process exits (exit $rc: $(tail -n 1 "$out"))" \
	sh -c "[ $rc = 0 ] && grep -q '^# pid $c exited' $out"
wait $c
sleep 1000 & s2=$!
pids="$pids $s2"
: > "$out"
vmamerge watch $s2 >> "$out" 2> "$err" &
w=$!
# Its header comes after it set filter_pid (and what to put back).
check "watch set filter_pid to its process" wait_until 60 sh -c \
	"grep -q '^# vmamerge watch: pid $s2 ' $out && [ \$(cat $P/filter_pid) = $s2 ]"
kill -TERM $w
wait $w
rc=$?
check "watch on SIGTERM: exit 143, filter_pid put back" sh -c "[ $rc = 143 ] && [ \$(cat $P/filter_pid) = $quiet ]"
echo 0 > $P/filter_pid

# --- topo -------------------------------------------------------------------------
# A shell with faulted anonymous memory, then blocked opening a FIFO.
mkfifo /tmp/cli.fifo
sh -c 'x=$(seq 1 3000); read -r y < /tmp/cli.fifo' & t=$!
pids="$pids $t"
# Blocked in openat (257 on x86_64) of the FIFO: its memory no longer moves.
in_openat() { read -r _nr _ < "/proc/$1/syscall" && [ "$_nr" = 257 ]; }
wait_until 60 in_openat $t || notok "process $t blocked opening /tmp/cli.fifo within 60 s"
echo "$quiet" > $P/target
run topo $t
cp "$out" /tmp/cli.topo
check "topo: exit 0, the process line" sh -c "[ $rc = 0 ] && grep -q '^process $t ' /tmp/cli.topo"
check "topo put target back ($quiet)" test "$(cat $P/target)" = "$quiet"
# /proc/PID/maps prints %08lx, the topology %lx; [vsyscall] is no VMA.
grep -v '\[vsyscall\]' /proc/$t/maps > /tmp/cli.maps
awk '$5 == 0 { split($1, a, "-"); s = a[1]; e = a[2]; sub(/^0+/, "", s); sub(/^0+/, "", e);
	print (s == "" ? "0" : s) "-" e }' /tmp/cli.maps > /tmp/cli.ranges
n=0
bad=0
while read -r r; do
	n=$((n + 1))
	grep -q "^vma [0-9a-f]* $r " /tmp/cli.topo || { bad=1; echo "# $r not in the topology"; }
done < /tmp/cli.ranges
check "topo: each of the $n anonymous VMAs of /proc/$t/maps" sh -c "[ $n -gt 0 ] && [ $bad = 0 ]"
check "topo: as many VMAs as /proc/$t/maps ($(wc -l < /tmp/cli.maps))" \
	test "$(grep -c '^vma ' /tmp/cli.topo)" = "$(wc -l < /tmp/cli.maps)"
run topo $t --json
check "topo --json: one document, { to }, with the tgid" sh -c \
	"[ $rc = 0 ] && [ \"\$(head -c 1 $out)\" = '{' ] && [ \"\$(tail -c 2 $out)\" = '}' ] && grep -q '\"tgid\": $t' $out"
run topo $t --dot
check "topo --dot: a digraph" sh -c \
	"[ $rc = 0 ] && head -n 1 $out | grep -q '^digraph vmamerge {' && [ \"\$(tail -n 1 $out)\" = '}' ]"
if ! command -v dot > /dev/null; then
	run topo $t --svg /tmp/cli.svg
	check "topo --svg without Graphviz: exit 7, says so" sh -c "[ $rc = 7 ] && grep -q graphviz $err"
fi

# --- Errors ----------------------------------------------------------------------------
run topo 2
check "topo on a kernel thread: exit 1, the kernel's EINVAL" sh -c \
	"[ $rc = 1 ] && grep -q 'target failed: Invalid argument' $err"
check "target unchanged after a refused write" test "$(cat $P/target)" = "$quiet"
run topo 999999999
check "topo on no such process: exit 6" sh -c "[ $rc = 6 ] && grep -q 'no such process' $err"
run watch abc
check "watch abc: exit 2" test "$rc" = 2
echo 0 > $P/target
# Not root: busybox su needs the user in /etc/passwd (the guest has none).
if [ ! -e /etc/passwd ]; then
	mkdir -p /etc
	echo 'nobody:x:65534:65534:nobody:/:/bin/sh' > /etc/passwd
	made_passwd=1
fi
su -s /bin/sh nobody -c 'id -u; vmamerge status' > "$out" 2> "$err"
rc=$?
check "not root (uid $(head -n 1 "$out")): exit 3, says so" sh -c \
	"[ $rc = 3 ] && [ \"\$(cat $out)\" = 65534 ] && grep -q 'must be run as root' $err"
[ -z "${made_passwd:-}" ] || rm -f /etc/passwd
# debugfs not mounted: unmounted in a mount namespace of its own (lazily:
# the module's files may be open), so the rest of the guest keeps it.
unshare -m sh -c 'umount -l /sys/kernel/debug && exec vmamerge status' > "$out" 2> "$err"
rc=$?
check "debugfs not mounted: exit 4, says how to mount it" sh -c \
	"[ $rc = 4 ] && grep -q 'mount -t debugfs none /sys/kernel/debug' $err"
check "debugfs still mounted outside that namespace" test -e "$VMM_DBG/status"

# --- vmamerge-textfile ------------------------------------------------------------------
mkdir -p /tmp/tf
vmamerge-textfile /tmp/tf
rc=$?
check "textfile: exit 0, vmamerge_up 1, the module's metrics, no temporary file" sh -c \
	"[ $rc = 0 ] && grep -qx 'vmamerge_up 1' /tmp/tf/vmamerge.prom && grep -q '^# TYPE vmamerge_up gauge' /tmp/tf/vmamerge.prom &&
	{ [ ! -e $VMM_DBG/metrics ] || grep -q '^vmamerge_merge_' /tmp/tf/vmamerge.prom; } && [ \"\$(ls -A /tmp/tf)\" = vmamerge.prom ]"

# --- Module not loaded ------------------------------------------------------------------
# shellcheck disable=SC2086
kill $pids 2>/dev/null
wait 2>/dev/null
pids=
if rmmod vmamerge; then
	run status
	check "not loaded: status exits 5, says to load it" sh -c \
		"[ $rc = 5 ] && grep -q 'not loaded' $err && grep -q 'modprobe vmamerge' $err"
	run reset
	check "not loaded: reset exits 5" test "$rc" = 5
	run --version
	check "not loaded: --version says so" sh -c "[ $rc = 0 ] && grep -qx 'module: not loaded' $out"
	vmamerge-textfile /tmp/tf
	rc=$?
	check "textfile without the module: only vmamerge_up 0" sh -c \
		"[ $rc = 0 ] && [ \"\$(grep -v '^#' /tmp/tf/vmamerge.prom)\" = 'vmamerge_up 0' ]"
else
	notok "rmmod vmamerge"
fi
insmod /vmamerge.ko
check "the module loads again" test -e "$VMM_DBG/status"
run status
check "status works again" test "$rc" = 0
finish
