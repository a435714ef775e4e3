# audit [NVMAS]: the audit files, processes and the metrics' map counts
# (issue 13).  fragment checks the audit's counts against the fragmentation it makes
# and acts on the verdicts; fragment big checks a 200,000-VMA (NVMAS) process is
# audited 64 VMAs per mmap_lock hold with output of a fixed size; then the
# files' shape, and vmamerge audit and top against the real module.  The
# audit.json and metrics are printed (VMMT-FILE blocks) for
# tests/host/check_audit.py: JSON parsed, promtool test rules on the metrics.
. /tests/lib.sh
P=/sys/module/vmamerge/parameters
check "fragment: the audit counts what was made, and the verdicts hold" fragment
big=${1:-200000}
check "fragment big $big: chunked, streamed, fixed-size output" fragment big "$big"
for f in audit audit.json processes; do
	check "$f is mode 0444" test "$(stat -c %a "$VMM_DBG/$f")" = 444
done
echo 0 > $P/target
check "audit without a target: ESRCH" sh -c "! cat $VMM_DBG/audit 2>/tmp/audit.err && grep -qi 'no such process' /tmp/audit.err"
sleep 1000 &
sp=$!
# Audited once it is sleep, asleep: before, it may still be the forked
# shell or in its exec, its map and comm changing under the walk.
asleep() {
	read -r _st < "/proc/$sp/stat" || return 1
	case $_st in *") S "*) ;; *) return 1 ;; esac
	[ "$(cat "/proc/$sp/comm")" = sleep ]
}
check "sleep $sp is sleep and asleep within 30 s" wait_until 30 asleep
echo "$sp" > $P/target
cat "$VMM_DBG/audit" > /tmp/audit.txt
cat "$VMM_DBG/audit.json" > /tmp/audit.json
check "audit: header, process line, one reason line per reason" sh -c "
	sed -n 1p /tmp/audit.txt | grep -qx 'vmamerge audit v1' &&
	sed -n 2p /tmp/audit.txt | grep -q '^process $sp sleep kernel $(uname -r) generation ' &&
	[ \$(grep -c '^reason ' /tmp/audit.txt) = 11 ]"
check "audit: the reasons' pairs and ok add up to pairs" sh -c "
	awk '\$1 == \"vmas\" { p = \$4 } \$1 == \"reason\" { s += \$4 } \$1 == \"recoverable\" { s += \$3 }
	     END { exit !(p == s && p > 0) }' /tmp/audit.txt"
check "audit.json: schema 1, this process" sh -c "grep -q '^{\"schema\": 1, ' /tmp/audit.json && grep -q '\"process\": {\"tgid\": $sp, ' /tmp/audit.json"
check "vmamerge audit PID: the summary, target put back" sh -c "
	echo 0 > $P/target && vmamerge audit $sp > /tmp/audit.cli &&
	sed -n 1p /tmp/audit.cli | grep -q '^process $sp (sleep)' && grep -q '^regions with the most VMAs:' /tmp/audit.cli &&
	[ \$(cat $P/target) = 0 ]"
check "vmamerge audit --json prints audit.json (a new walk: same process)" sh -c "
	vmamerge audit $sp --json | grep -q '\"process\": {\"tgid\": $sp, \"comm\": \"sleep\"}'"
kill "$sp"
check "vmamerge top 3: header and three processes, most VMAs first" sh -c "
	vmamerge top 3 > /tmp/top.out && [ \$(wc -l < /tmp/top.out) = 5 ] &&
	awk 'NR > 2 { if (NR > 3 && \$2 > last) exit 1; last = \$2 }' /tmp/top.out"
check "processes: max_map_count is vm.max_map_count" sh -c "
	grep -q \"^max_map_count \$(cat /proc/sys/vm/max_map_count) processes \" $VMM_DBG/processes"
cat "$VMM_DBG/metrics" > /tmp/audit.metrics
check "metrics: vmamerge_map_count_limit and up to 20 vmamerge_process_vmas" sh -c "
	grep -qx \"vmamerge_map_count_limit \$(cat /proc/sys/vm/max_map_count)\" /tmp/audit.metrics &&
	n=\$(grep -c '^vmamerge_process_vmas{tgid=\"[0-9]*\",comm=\"' /tmp/audit.metrics) && [ \$n -ge 1 ] && [ \$n -le 20 ]"
for f in audit.json:/tmp/audit.json metrics:/tmp/audit.metrics; do
	echo "VMMT-FILE audit ${f%%:*}"
	cat "${f#*:}"
	echo "VMMT-EOF"
done
finish
