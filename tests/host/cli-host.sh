#!/bin/sh
# cli-host.sh: test scripts/vmamerge, scripts/vmamerge-textfile, their man
# page and systemd units on the host, without the module: the CLI reads a
# fake debugfs directory and fake parameters (VMAMERGE_DEBUGFS,
# VMAMERGE_PARAMS) made here with the formats of doc/INTERFACE.md.
# Run as root (the CLI refuses to run otherwise; the not-root error is
# tested with setpriv).  Prints one "ok"/"not ok" line per check and exits
# non-zero if any failed.
# shellcheck disable=SC2016,SC2086,SC2317 # awk programs, $sh_, functions run by trap
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cli=$root/scripts/vmamerge
tf=$root/scripts/vmamerge-textfile
# VMAMERGE_TEST_SHELL="busybox sh" (or bash, dash): run the scripts with it.
sh_=${VMAMERGE_TEST_SHELL:-}
failed=0
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }
# A check that cannot run is a failure: scripts/host-deps.sh installs all.
skip() { echo "not ok - cannot check: $*"; failed=1; }
check() {	# check "description" command...
	_d=$1; shift
	if "$@"; then ok "$_d"; else notok "$_d"; fi
}
# wait_until SECONDS CMD...: run CMD every 0.1 s until it succeeds; 1 if
# it still fails after SECONDS.  The wait is for CMD's condition itself:
# SECONDS only bounds it, so a condition that never comes is a failure.
wait_until() {
	_w=$(($1 * 10)); shift
	until "$@"; do
		[ "$_w" -gt 0 ] || return 1
		_w=$((_w - 1))
		sleep 0.1
	done
}
[ "$(id -u)" = 0 ] || { echo "not ok - cli-host.sh must run as root"; exit 1; }

T=$(mktemp -d /tmp/vmamerge-cli.XXXXXX)
chmod 755 "$T"
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	if [ -n "${mnt:-}" ]; then umount "$mnt" 2>/dev/null; fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# --- The fake module ---------------------------------------------------
D=$T/debug/vmamerge
P=$T/params
mkdir -p "$D" "$P" "$T/tmp"
cat > "$D/status" <<'EOF'
version: 0.1.0
kernel: 6.12.95+deb12-amd64
generation: vmg
layout: btf:/usr/src/linux-headers-6.12.95+deb12-amd64/vmlinux
filter_pid: 0
target: 0
topology_max_lock_hold_ns: 0
topology_peak_bytes: 0
probe vma_merge_new_range: attached, hits 13093, missed 0
probe vma_modify: attached, hits 4364, missed 0
probe copy_vma: attached, hits 2180, missed 0
EOF
reasons="absent not_adjacent special flags file close uffd anon_name policy pgoff anon_vma anon_vma_chain ok"
callers="mmap brk mremap mprotect madvise mlock mbind userfaultfd prctl other"
# stats_file ATTEMPTS: every name of doc/INTERFACE.md, in the module's order.
stats_file() {
	echo "merge.attempts $1"
	for r in none prev next both error; do echo "merge.result.$r $(($1 / 5))"; done
	for s in prev next; do
		for r in $reasons; do echo "merge.$s.$r $(($1 / 13))"; done
	done
	echo "merge.both.anon_vma_conflict 0"
	for m in pgoff_only anon_vma_unshared anon_vma_shared; do echo "merge.missed.$m 3"; done
	for c in $callers; do echo "merge.caller.$c $(($1 / 10))"; done
	echo "merge.model_mismatch 0"
	for c in calls merged new anon_unfaulted anon_faulted file pgoff_updated pgoff_kept; do
		echo "copy_vma.$c 2"
	done
	echo "events.logged $1"
	echo "events.dropped 0"
}
stats_file 17457 > "$D/stats"
{
	echo "# HELP vmamerge_merge_attempts_total Merge attempts (calls of the kernel's merge entry point)."
	echo "# TYPE vmamerge_merge_attempts_total counter"
	echo "vmamerge_merge_attempts_total 17457"
	echo "# HELP vmamerge_merge_results_total Merge attempts by outcome."
	echo "# TYPE vmamerge_merge_results_total counter"
	for r in none prev next both error; do echo "vmamerge_merge_results_total{result=\"$r\"} 3491"; done
	echo "# HELP vmamerge_merge_reasons_total Why each side of an attempt merged or not."
	echo "# TYPE vmamerge_merge_reasons_total counter"
	for s in prev next; do
		for r in $reasons; do echo "vmamerge_merge_reasons_total{side=\"$s\",reason=\"$r\"} 1342"; done
	done
	echo "# HELP vmamerge_merge_missed_total Attempts a smarter kernel would have merged, by the only reason in the way."
	echo "# TYPE vmamerge_merge_missed_total counter"
	for m in pgoff_only anon_vma_unshared anon_vma_shared; do echo "vmamerge_merge_missed_total{reason=\"$m\"} 3"; done
	echo "# HELP vmamerge_merge_callers_total Merge attempts by what the process was doing."
	echo "# TYPE vmamerge_merge_callers_total counter"
	for c in $callers; do echo "vmamerge_merge_callers_total{caller=\"$c\"} 1745"; done
	echo "# HELP vmamerge_copy_vma_calls_total copy_vma calls (mremap moving a VMA)."
	echo "# TYPE vmamerge_copy_vma_calls_total counter"
	echo "vmamerge_copy_vma_calls_total 2"
	echo "# HELP vmamerge_probe_hits_total Calls of each probed kernel function."
	echo "# TYPE vmamerge_probe_hits_total counter"
	echo "vmamerge_probe_hits_total{symbol=\"vma_merge_new_range\"} 13093"
	echo "# HELP vmamerge_probe_attached Whether each probe point is attached."
	echo "# TYPE vmamerge_probe_attached gauge"
	echo "vmamerge_probe_attached{symbol=\"vma_merge_new_range\"} 1"
	echo "# HELP vmamerge_info The module's version, kernel and layout source."
	echo "# TYPE vmamerge_info gauge"
	echo "vmamerge_info{version=\"0.1.0\",kernel=\"6.12.95+deb12-amd64\",generation=\"vmg\",layout=\"btf\"} 1"
} > "$D/metrics"
ev() {	# ev SEQ: one event line
	echo "seq=$1 ts=$((5394246250 + $1)) pid=135 comm=scenario caller=mprotect op=merge start=0x300000002000 end=0x300000003000 result=next prev=anon_vma next=ok missed=anon_vma_unshared"
}
{ echo "# capacity 4096 dropped 0"; for i in 1 2 3; do ev $i; done; } > "$D/events"
cat > "$D/topology" <<'EOF'
vmamerge topology v1
process 209 topo kernel 6.12.95+deb12-amd64
vma 000000009bdadebb 400000002000-400000004000 flags 8100073 pgoff 400000002 anon anon_vma 000000009bdadebb chain 000000009bdadebb
anon_vma 000000009bdadebb root 000000009bdadebb parent 000000009bdadebb num_children 0 num_active_vmas 1 refcount 1 depth 0 members 1
  vma 000000009bdadebb 400000002000-400000004000 pid 209 comm topo
totals map_count 1 max_map_count 65530 vmas 1 anonymous_vmas 1 anon_vma_vmas 1 anon_vmas 1 deepest_parent_chain 0 vmas_sharing_with_other_processes 0
EOF
echo '{"schema": 1, "kernel": "6.12.95+deb12-amd64"}' > "$D/topology.json"
printf 'digraph vmamerge {\n  proc [shape=house, label="209 topo"];\n  proc -> "vma_1";\n}\n' > "$D/topology.dot"
cat > "$D/audit" <<'EOF'
vmamerge audit v1
process 209 frag_ment kernel 6.12.95+deb12-amd64 generation vmg
map_count 8230 max_map_count 65530 headroom 57300 used 12.5%
vmas 8230 pairs 8229 adjacent_pairs 8200
reason not_adjacent pairs 29 alone 29
reason special pairs 0 alone 0
reason flags pairs 8100 alone 8095
reason file pairs 12 alone 12
reason close pairs 0 alone 0
reason uffd pairs 0 alone 0
reason anon_name pairs 0 alone 0
reason policy pairs 0 alone 0
reason pgoff pairs 50 alone 50
reason anon_vma pairs 30 alone 30
reason anon_vma_chain pairs 5 alone 5
recoverable ok 3 pgoff_only 50 anon_vma_unshared 2 anon_vma_shared 33
map_count_if_merged ok 8227 pgoff_only 8177 anon_vma_unshared 8175 anon_vma_shared 8142
walk chunks 129 max_lock_hold_ns 48211 lost 0
region 7f3a1c000000-7f3a1d000000 vmas 8192 reason flags 8191 perms rw-p:4096,---p:4096 anon
region 55d0c0a00000-55d0c0a05000 vmas 5 reason flags 4 perms r--p:2,r-xp:1,rw-p:1,rwxp:1 file my prog
EOF
echo '{"schema": 1, "kernel": "6.12.95+deb12-amd64", "generation": "vmg"}' > "$D/audit.json"
cat > "$D/processes" <<'EOF'
vmamerge processes v1
max_map_count 65530 processes 3 top 3
process 4242 map_count 60123 headroom 5407 used 91.7% comm java main
process 611 map_count 301 headroom 65229 used 0.4% comm systemd-journal
process 1 map_count 112 headroom 65418 used 0.1% comm systemd
EOF
echo 0 > "$P/filter_pid"
echo 0 > "$P/target"
echo 4096 > "$P/events"
: > "$P/reset"

export VMAMERGE_DEBUGFS="$D" VMAMERGE_PARAMS="$P" TMPDIR="$T/tmp"
out=$T/out
err=$T/err
# run ARGS...: run the CLI, output in $out and $err, status in $rc.
run() { $sh_ "$cli" "$@" > "$out" 2> "$err"; rc=$?; }

# --- Style --------------------------------------------------------------
if command -v shellcheck >/dev/null; then
	for f in "$cli" "$tf" "$root/tests/host/cli-host.sh" "$root/tests/guest/t_cli.sh"; do
		check "shellcheck -s sh $(basename "$f")" shellcheck -s sh -e SC1091 "$f"
	done
else
	skip "shellcheck is not installed"
fi

# --- Help and version ------------------------------------------------------
for h in --help -h help; do
	run "$h"
	check "vmamerge $h: status 0, every command listed" sh -c \
		"[ $rc = 0 ] && for c in status stats metrics events watch topo audit top reset --version; do grep -q -- \"\$c\" $out || exit 1; done"
done
run
check "no command: status 2, usage on stderr" sh -c "[ $rc = 2 ] && grep -q usage $err"
run frobnicate
check "unknown command: status 2 naming it" sh -c "[ $rc = 2 ] && grep -q frobnicate $err"
run --version
check "--version: the CLI's and the module's version" sh -c \
	"[ $rc = 0 ] && grep -qx 'vmamerge 0.1.0 (command-line front end)' $out && grep -qx 'module: 0.1.0' $out"

# --- Reading ----------------------------------------------------------------
for f in status stats metrics events; do
	run "$f"
	check "vmamerge $f prints the $f file" sh -c "[ $rc = 0 ] && cmp -s $out $D/$f"
done
run stats merge.prev
check "stats merge.prev: the 13 merge.prev.* lines only" sh -c \
	"[ $rc = 0 ] && [ \$(wc -l < $out) = 13 ] && ! grep -qv '^merge\.prev\.' $out"
run stats merge.result. copy_vma.
check "stats with two prefixes: 5 + 8 lines" sh -c "[ $rc = 0 ] && [ \$(wc -l < $out) = 13 ]"
run stats nosuch.
check "stats with a prefix matching nothing: status 1" sh -c "[ $rc = 1 ] && grep -q 'no stats name' $err"
mv "$D/metrics" "$D/metrics.away"
run metrics
check "metrics on a module without the file: status 1, says so" sh -c "[ $rc = 1 ] && grep -q 'no metrics file' $err"
mv "$D/metrics.away" "$D/metrics"

# --- Preconditions: each error its own status and message -------------------
VMAMERGE_PARAMS=$T/none $sh_ "$cli" status > "$out" 2> "$err"; rc=$?
check "module not loaded: status 5, suggests modprobe" sh -c \
	"[ $rc = 5 ] && grep -q 'not loaded' $err && grep -q 'modprobe vmamerge' $err && [ ! -s $out ]"
VMAMERGE_PARAMS=$T/none $sh_ "$cli" reset > "$out" 2> "$err"; rc=$?
check "reset without the module: status 5" test "$rc" = 5
VMAMERGE_DEBUGFS=$T/nodebug/vmamerge $sh_ "$cli" stats > "$out" 2> "$err"; rc=$?
check "debugfs not mounted: status 4, suggests the mount command" sh -c \
	"[ $rc = 4 ] && grep -q 'debugfs is not mounted' $err && grep -q 'mount -t debugfs none $T/nodebug' $err"
mnt=$T/mnt
mkdir -p "$mnt"
if mount -t tmpfs -o size=64k vmamerge-test "$mnt" 2>/dev/null; then
	VMAMERGE_DEBUGFS=$mnt/vmamerge $sh_ "$cli" status > "$out" 2> "$err"; rc=$?
	check "debugfs mounted, no vmamerge directory: status 4, says so" sh -c \
		"[ $rc = 4 ] && grep -q 'loaded but $mnt/vmamerge does not exist' $err"
else
	mnt=
	skip "cannot mount a tmpfs here"
fi
cp "$cli" "$T/vmamerge"
chmod 755 "$T/vmamerge"
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups $sh_ "$T/vmamerge" status > "$out" 2> "$err"; rc=$?
	check "not root: status 3, says so" sh -c "[ $rc = 3 ] && grep -q 'must be run as root' $err"
	setpriv --reuid=65534 --regid=65534 --clear-groups $sh_ "$T/vmamerge" --help > "$out" 2> "$err"; rc=$?
	check "not root: --help still works" test "$rc" = 0
else
	skip "no setpriv to test the not-root error"
fi

# --- Processes ----------------------------------------------------------------
sleep 300 &
spid=$!
pids="$pids $spid"
run topo 999999999
check "topo on no such process: status 6" sh -c "[ $rc = 6 ] && grep -q 'no such process: 999999999' $err"
run watch 999999999 --count 1
check "watch on no such process: status 6" test "$rc" = 6
run topo abc
check "topo abc: usage error, status 2" sh -c "[ $rc = 2 ] && grep -q 'not a process id' $err"
run watch "$spid" 0
check "watch with interval 0: status 2" test "$rc" = 2
echo 7 > "$P/target"
run topo "$spid"
check "topo PID prints topology, puts target back" sh -c \
	"[ $rc = 0 ] && cmp -s $out $D/topology && [ \$(cat $P/target) = 7 ]"
run topo "$spid" --json
check "topo --json prints topology.json" sh -c "[ $rc = 0 ] && cmp -s $out $D/topology.json"
run topo "$spid" --dot
check "topo --dot prints topology.dot" sh -c "[ $rc = 0 ] && cmp -s $out $D/topology.dot"
if command -v dot >/dev/null; then
	run topo "$spid" --svg "$T/t.svg"
	check "topo --svg renders an SVG with dot" sh -c "[ $rc = 0 ] && grep -q '<svg' $T/t.svg"
else
	skip "Graphviz is not installed"
fi
# audit: the summary first (map_count, headroom, reasons most first), then
# the regions; --json and --raw print the files; target put back.
run audit "$spid"
check "audit PID: summary then regions, puts target back" sh -c \
	"[ $rc = 0 ] && [ \$(cat $P/target) = 7 ] &&
	 sed -n 1p $out | grep -qx 'process 209 (frag_ment), kernel 6.12.95+deb12-amd64 (vmg)' &&
	 grep -qx 'VMAs: 8,230 of vm.max_map_count 65,530: 12.5% used, headroom 57,300' $out &&
	 sed -n 4p $out | grep -q '^  flags  *8,100 pairs (8,095 by it alone)' &&
	 grep -q '^mergeable now, never retried (ok): 3' $out &&
	 grep -q '+anon_vma_shared 8,142' $out &&
	 grep -q '8,192 VMAs alternating rw-p / ---p (guard pages): flags (8,191 pairs) anonymous' $out &&
	 grep -q 'file my prog\$' $out &&
	 [ \$(grep -n 'regions with the most' $out | cut -d: -f1) -gt \$(grep -n '^map_count if' $out | cut -d: -f1) ] &&
	 ! grep -q special $out"
# One chunk, one pair: no "1 chunks", no "1 pairs".
cp "$D/audit" "$T/audit.many"
sed -i 's/^walk chunks 129 /walk chunks 1 /; s/^reason file pairs 12 alone 12$/reason file pairs 1 alone 1/' "$D/audit"
run audit "$spid"
check "audit PID: 1 chunk, 1 pair, in the singular" sh -c \
	"[ $rc = 0 ] && grep -q '^walk: 1 chunk, ' $out && grep -q '^  file  *1 pair (1 by it alone)' $out"
cp "$T/audit.many" "$D/audit"
run audit "$spid" --json
check "audit --json prints audit.json" sh -c "[ $rc = 0 ] && cmp -s $out $D/audit.json"
run audit "$spid" --raw
check "audit --raw prints the audit file" sh -c "[ $rc = 0 ] && cmp -s $out $D/audit"
run audit 999999999
check "audit on no such process: status 6" test "$rc" = 6
run audit
check "audit without PID: status 2" test "$rc" = 2
mv "$D/audit" "$D/audit.file"
run audit "$spid"
check "audit on a module without the audit file: status 1, says so" sh -c \
	"[ $rc = 1 ] && grep -q 'no audit file' $err"
mv "$D/audit.file" "$D/audit"
run top 2
check "top 2: the two processes with the most VMAs, comm with its spaces" sh -c \
	"[ $rc = 0 ] && [ \$(wc -l < $out) = 4 ] && sed -n 1p $out | grep -qx 'vm.max_map_count 65530, 3 processes' &&
	 sed -n 3p $out | grep -Eq '^ +4242 +60123 +91.7% +5407  java main\$' && sed -n 4p $out | grep -q systemd-journal"
run top
check "top: all of them (at most 20)" sh -c "[ $rc = 0 ] && [ \$(wc -l < $out) = 5 ]"
for bad in 0 21 abc; do
	run top $bad
	check "top $bad: usage error, status 2" test "$rc" = 2
done

# A PATH with what the CLI needs but no dot.
mkdir "$T/bin"
for t in sh cat awk sed id dirname head dd mktemp rm sleep kill date mv ${sh_%% *}; do
	[ -e "$T/bin/${t##*/}" ] || ln -s "$(command -v "$t")" "$T/bin/${t##*/}"
done
PATH=$T/bin $sh_ "$cli" topo "$spid" --svg "$T/u.svg" > "$out" 2> "$err"; rc=$?
check "topo --svg without dot: status 7, says to install graphviz" sh -c \
	"[ $rc = 7 ] && grep -q graphviz $err && [ ! -e $T/u.svg ]"

# A topology read that fails after part of the document, as the module's
# does when the target exits during the walk: a cat that prints the
# document's first two lines, then fails with ESRCH.  topo must print
# nothing of it and fail.
for f in topology topology.json topology.dot; do
	cp "$D/$f" "$T/whole"
	head -n 2 "$T/whole" > "$D/$f"
	[ $f = topology.json ] && printf '{"schema": 1, "vmas": [\n' > "$D/$f"
	fmt=$(echo $f | sed 's/topology.json/--json/; s/topology.dot/--dot/; s/topology/text/')
	f_=$fmt; [ "$f_" = text ] && f_=
	run topo "$spid" $f_
	check "topo $fmt of a document without its end: status 1, nothing printed" sh -c \
		"[ $rc = 1 ] && [ ! -s $out ] && grep -q 'before the end of its document' $err"
	cp "$T/whole" "$D/$f"
done
case $sh_ in
*busybox*) ;;	# its sh runs its own cat, whatever PATH says
*)
mkdir "$T/bin2"
for t in sh awk sed id dirname head dd mktemp rm sleep kill date mv ${sh_%% *}; do
	[ -e "$T/bin2/${t##*/}" ] || ln -s "$(command -v "$t")" "$T/bin2/${t##*/}"
done
printf '#!/bin/sh\ncase $1 in */topology*) %s -n 1,2p "$1"; echo "cat: $1: No such process" >&2; exit 1 ;; esac\nexec %s "$@"\n' \
	"$(command -v sed)" "$(command -v cat)" > "$T/bin2/cat"
chmod +x "$T/bin2/cat"
for fmt in text --json --dot; do
	f=$fmt; [ "$f" = text ] && f=
	PATH=$T/bin2 $sh_ "$cli" topo "$spid" $f > "$out" 2> "$err"; rc=$?
	check "topo $fmt whose read fails mid-document: status 1, nothing printed, target put back" sh -c \
		"[ $rc = 1 ] && [ ! -s $out ] && grep -q 'No such process' $err && [ \$(cat $P/target) = 7 ]"
done
;;
esac

# A refused write: /dev/full fails every write with ENOSPC.
mv "$P/reset" "$P/reset.file"
ln -s /dev/full "$P/reset"
run reset
check "a refused write: status 1 with the errno text" sh -c \
	"[ $rc = 1 ] && grep -q 'writing 1 to $P/reset failed: No space left on device' $err"
rm "$P/reset"
mv "$P/reset.file" "$P/reset"
run reset
check "reset writes 1" sh -c "[ $rc = 0 ] && [ \$(cat $P/reset) = 1 ]"
# A file that reads but refuses writes, even from root.
mv "$P/target" "$P/target.file"
ln -s /proc/sys/kernel/osrelease "$P/target"
run topo "$spid"
check "topo whose target write is refused: status 1, the errno, nothing printed" sh -c \
	"[ $rc = 1 ] && [ ! -s $out ] && grep -q 'to $P/target failed: Permission denied' $err"
rm "$P/target"
mv "$P/target.file" "$P/target"

# watch: the stats file is a FIFO, so each of watch's three reads (where
# it starts, then two samples) blocks until a writer hands it the next
# merge.attempts: 110, then 125 once watch printed its header, then 145
# once it printed sample 1.  The writer records the filter_pid it sees
# after the first two (watch is still waiting for the third then).  watch
# must show the counts since it began: 15 +15, then 35 +20.
echo 3 > "$P/filter_pid"
mv "$D/stats" "$D/stats.file"
mkfifo "$D/stats"
(
	stats_file 110 > "$D/stats" && cat "$P/filter_pid" >> "$T/seen" &&
	wait_until 30 grep -q '^# vmamerge watch: ' "$out" &&
	stats_file 125 > "$D/stats" && cat "$P/filter_pid" >> "$T/seen" &&
	wait_until 30 grep -q '^# sample 1 ' "$out" &&
	stats_file 145 > "$D/stats"
) &
wpid=$!
pids="$pids $wpid"
timeout 60 $sh_ "$cli" watch "$spid" 0.5 --count 2 > "$out" 2> "$err"; rc=$?
kill "$wpid" 2>/dev/null	# only if watch did not read all three
wait "$wpid"
wrc=$?
rm "$D/stats"
mv "$D/stats.file" "$D/stats"
check "watch --count 2: status 0, two samples, all three readings taken" sh -c \
	"[ $rc = 0 ] && [ $wrc = 0 ] && [ \$(grep -c '^# sample' $out) = 2 ]"
check "watch counts from its start: merge.attempts 15 +15, then 35 +20" sh -c \
	"[ \"\$(awk '\$1 == \"merge.attempts\" { print \$2, \$3 }' $out | tr '\n' ' ')\" = '15 +15 35 +20 ' ]"
check "watch set filter_pid to the PID while it ran" sh -c "[ \"\$(sort -u $T/seen)\" = $spid ]"
check "watch put filter_pid back (3)" test "$(cat "$P/filter_pid")" = 3
check "watch left no temporary files" test -z "$(ls "$T/tmp")"

# A process that exits once watch printed a sample of it.
sleep 300 &
short=$!
pids="$pids $short"
timeout 60 $sh_ "$cli" watch "$short" 0.2 > "$out" 2> "$err" &
w=$!
wait_until 30 grep -q '^# sample 1 ' "$out" || notok "watch printed a sample within 30 s"
kill "$short"
wait "$w"
rc=$?
check "watch ends when the process exits" sh -c "[ $rc = 0 ] && grep -q '^# pid $short exited' $out"
$sh_ "$cli" watch "$spid" > "$out" 2> "$err" &
w=$!
pids="$pids $w"
# Its header comes after it set filter_pid (and what to put back).
wait_until 30 grep -q "^# vmamerge watch: pid $spid " "$out" ||
	notok "watch printed its header within 30 s"
kill -TERM "$w"
wait "$w"
rc=$?
check "watch on SIGTERM: status 143, filter_pid put back, no temporary files" sh -c \
	"[ $rc = 143 ] && [ \$(cat $P/filter_pid) = 3 ] && [ -z \"\$(ls $T/tmp)\" ]"
echo 0 > "$P/filter_pid"

# events --follow: new events once, a gap reported, SIGINT ends it.  Each
# new ring is written once --follow printed the last event of the one
# before (it reads the ring once a second).
printed() {	# printed SEQ: wait until --follow printed event SEQ
	wait_until 30 grep -q "^seq=$1 " "$out" ||
		notok "events --follow printed seq=$1 within 30 s"
}
$sh_ "$cli" events --follow > "$out" 2> "$err" &
f=$!
pids="$pids $f"
printed 3
{ echo "# capacity 4096 dropped 0"; for i in 1 2 3 4 5; do ev $i; done; } > "$D/events.new"
mv "$D/events.new" "$D/events"
printed 5
{ echo "# capacity 4 dropped 4"; for i in 6 7 8 9; do ev $i; done; } > "$D/events.new"
mv "$D/events.new" "$D/events"
printed 9
{ echo "# capacity 4 dropped 6"; for i in 8 9 10 11; do ev $i; done; } > "$D/events.new"
mv "$D/events.new" "$D/events"
printed 11
kill -TERM "$f"
wait "$f"
rc=$?
check "events --follow: each event once, in order" sh -c \
	"[ \"\$(grep -o '^seq=[0-9]*' $out | tr '\n' ' ')\" = 'seq=1 seq=2 seq=3 seq=4 seq=5 seq=6 seq=7 seq=8 seq=9 seq=10 seq=11 ' ]"
check "events --follow: the header once" test "$(grep -c '^# capacity' "$out")" = 1
{ echo "# capacity 4 dropped 9"; for i in 20 21 22 23; do ev $i; done; } > "$D/events"
# A background job of a shell ignores SIGINT, which its traps cannot undo:
# start it with SIGINT back to its default.
if env --default-signal=INT true 2>/dev/null; then intdfl="env --default-signal=INT"; sig=INT; want=130
else intdfl=; sig=TERM; want=143; fi
$intdfl $sh_ "$cli" events -f > "$out" 2> "$err" &
f=$!
pids="$pids $f"
printed 23
{ echo "# capacity 4 dropped 9"; for i in 27 28 29 30; do ev $i; done; } > "$D/events.new"
mv "$D/events.new" "$D/events"
printed 30
kill -"$sig" "$f"
wait "$f"
rc=$?
check "events -f reports a gap the ring overwrote (24-26)" grep -qx '# missed seq 24-26: the ring overwrote them' "$out"
check "events -f on SIG$sig: status $want, no temporary files" sh -c "[ $rc = $want ] && [ -z \"\$(ls $T/tmp)\" ]"
run events --bogus
check "events --bogus: status 2" test "$rc" = 2

# --- vmamerge-textfile --------------------------------------------------------
tdir=$T/textfile
mkdir "$tdir"
echo stale > "$tdir/vmamerge.prom"
ino=$(stat -c %i "$tdir/vmamerge.prom")
$sh_ "$tf" "$tdir" > "$out" 2> "$err"; rc=$?
prom=$tdir/vmamerge.prom
check "textfile: status 0, the module's metrics then vmamerge_up 1" sh -c \
	"[ $rc = 0 ] && head -n \$(wc -l < $D/metrics) $prom | cmp -s - $D/metrics && [ \"\$(tail -n 1 $prom)\" = 'vmamerge_up 1' ]"
check "textfile: vmamerge_up has HELP and TYPE gauge" sh -c \
	"grep -q '^# HELP vmamerge_up ' $prom && grep -qx '# TYPE vmamerge_up gauge' $prom"
check "textfile: replaced by rename, no temporary file left" sh -c \
	"[ \$(stat -c %i $prom) != $ino ] && [ \$(ls -A $tdir) = vmamerge.prom ]"
check "textfile: mode 0644" test "$(stat -c %a "$prom")" = 644
# Every sample's metric has a TYPE line before it (the exposition format).
check "textfile: every sample has a TYPE line" awk '
	/^# TYPE / { t[$3] = 1; next } /^#/ || /^$/ { next }
	{ n = $1; sub(/\{.*/, "", n); if (!(n in t)) { print "no TYPE: " n; bad = 1 } }
	END { exit bad }' "$prom"
# promtool (scripts/fetch-promtool.sh caches it in $VMAMERGE_CACHE) lints
# the exposition format.
promtool=${VMAMERGE_PROMTOOL:-$(command -v promtool || "$root/scripts/fetch-promtool.sh")}
if [ -x "$promtool" ]; then
	check "textfile: promtool check metrics" sh -c "$promtool check metrics < $prom"
else
	skip "no promtool"
fi
VMAMERGE_DEBUGFS=$T/none $sh_ "$tf" "$tdir" > "$out" 2> "$err"; rc=$?
printf '%s\n' "# HELP vmamerge_up Whether the vmamerge module's metrics could be read (0: module not loaded or debugfs not mounted)." \
	"# TYPE vmamerge_up gauge" "vmamerge_up 0" > "$T/up0"
check "textfile without the module: status 0, only vmamerge_up 0" sh -c "[ $rc = 0 ] && cmp -s $prom $T/up0"
if [ -x "$promtool" ]; then
	check "textfile without the module: promtool check metrics" sh -c "$promtool check metrics < $prom"
fi
VMAMERGE_TEXTFILE_DIR=$tdir VMAMERGE_DEBUGFS=$D $sh_ "$tf" > "$out" 2> "$err"; rc=$?
check "textfile: VMAMERGE_TEXTFILE_DIR is the default directory" sh -c "[ $rc = 0 ] && grep -qx 'vmamerge_up 1' $prom"
$sh_ "$tf" "$T/nodir" > "$out" 2> "$err"; rc=$?
check "textfile into a missing directory: status 1, says so" sh -c "[ $rc = 1 ] && grep -q 'not a directory' $err"
if [ -n "$mnt" ]; then
	# A full file system: the write fails, the old file stays whole.
	cp "$T/up0" "$mnt/vmamerge.prom"
	dd if=/dev/zero of="$mnt/filler" bs=1k count=64 2>/dev/null
	$sh_ "$tf" "$mnt" > "$out" 2> "$err"; rc=$?
	check "textfile on a full disk: status 1, old file intact, no temporary file" sh -c \
		"[ $rc = 1 ] && cmp -s $mnt/vmamerge.prom $T/up0 && [ -z \"\$(ls -A $mnt | grep -v -e '^filler\$' -e '^vmamerge.prom\$')\" ]"
else
	skip "no tmpfs for the full-disk case"
fi

# --- Man page and systemd units -------------------------------------------------
man=$root/doc/vmamerge.8
check "groff -man -ww: no warnings" sh -c "[ -z \"\$(LC_ALL=C groff -man -ww -z $man 2>&1)\" ]"
if command -v mandoc >/dev/null; then
	check "mandoc -T lint: clean" mandoc -T lint "$man"
else
	skip "mandoc is not installed"
fi
check "the man page documents every command and exit status" sh -c \
	"for w in status stats metrics events watch topo audit top reset VMAMERGE_DEBUGFS VMAMERGE_PARAMS 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do grep -q \"\$w\" $man || exit 1; done"
if command -v systemd-analyze >/dev/null; then
	# verify wants the ExecStart binary and the Documentation man page:
	# point them at the repository's copies.
	mkdir -p "$T/units" "$T/man/man8"
	cp "$man" "$T/man/man8/"
	sed "s#/usr/sbin/vmamerge-textfile#$tf#" "$root/contrib/systemd/vmamerge-textfile.service" > "$T/units/vmamerge-textfile.service"
	cp "$root/contrib/systemd/vmamerge-textfile.timer" "$T/units/"
	check "systemd-analyze verify: the service and the timer" sh -c \
		"MANPATH=$T/man systemd-analyze verify $T/units/vmamerge-textfile.timer $T/units/vmamerge-textfile.service > $err 2>&1 && [ ! -s $err ] || { cat $err; exit 1; }"
	check "the shipped service runs /usr/sbin/vmamerge-textfile" \
		grep -qx 'ExecStart=/usr/sbin/vmamerge-textfile' "$root/contrib/systemd/vmamerge-textfile.service"
else
	skip "systemd-analyze is not installed"
fi
# make demo's summary (scripts/summary.awk) of a stats file: 10 attempts,
# 6 merged; the refused neighbours most first, ok/absent/not_adjacent not
# among them; the counterfactuals as counted.
printf '%s\n' 'merge.attempts 10' 'merge.result.none 4' 'merge.result.prev 3' \
	'merge.result.next 2' 'merge.result.both 1' 'merge.result.error 0' \
	'merge.prev.absent 2' 'merge.prev.anon_vma_chain 1' 'merge.prev.flags 3' 'merge.prev.ok 4' \
	'merge.next.not_adjacent 5' 'merge.next.pgoff 2' 'merge.next.ok 3' \
	'merge.missed.pgoff_only 2' 'merge.missed.anon_vma_unshared 1' \
	'merge.missed.anon_vma_shared 0' 'merge.model_mismatch 0' > "$T/summary.stats"
awk -v what=test -f "$root/scripts/summary.awk" "$T/summary.stats" > "$T/summary.out"
cat "$T/summary.out"
check "summary: the share merged is 6 of 10" grep -q '^  merged  *6 (60.0%): prev 3, next 2, both 1$' "$T/summary.out"
check "summary: refused neighbours most first (prev flags 3, next pgoff 2, prev anon_vma_chain 1)" \
	sh -c "grep -A3 '^  refused neighbours' $T/summary.out | awk 'NR > 1 { printf \"%s %s %s;\", \$1, \$2, \$3 }' | grep -qx 'prev flags 3;next pgoff 2;prev anon_vma_chain 1;'"
check "summary: ok, absent and not_adjacent are no refusal" sh -c "! grep -Eq ' (ok|absent|not_adjacent) ' $T/summary.out"
check "summary: pgoff_only 2, anon_vma_unshared 1" sh -c \
	"grep -q '^    pgoff_only  *2 ' $T/summary.out && grep -q '^    anon_vma_unshared  *1 ' $T/summary.out"
exit "$failed"
