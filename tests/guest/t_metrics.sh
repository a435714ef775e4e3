# metrics: the `metrics` file, printed for tests/host/check_metrics.py
# (promtool, and every stat against its sample) together with a `stats`
# reading of the same moment: filter_pid points at an idle process while
# both are read, and a second `stats` reading proves nothing moved.
. /tests/lib.sh
P=/sys/module/vmamerge/parameters
scenario mremap_faulted > /dev/null 2>&1
scenario both > /dev/null 2>&1
# An idle process for filter_pid: sleep, once it is blocked in its sleep
# system call (nanosleep 35 or clock_nanosleep 230 in /proc/PID/syscall),
# has done all its exec's merges.  The wait runs only shell builtins.
sleep 100000 &
idle=$!
while :; do
	read -r sc _ < "/proc/$idle/syscall"
	case "$sc" in 35|230) break ;; esac
done
echo "$idle" > "$P/filter_pid"
cat "$VMM_DBG/stats" > /tmp/metrics.s1
cat "$VMM_DBG/metrics" > /tmp/metrics.m
cat "$VMM_DBG/stats" > /tmp/metrics.s2
echo 0 > "$P/filter_pid"
kill "$idle"
check "no stat moved while the metrics were read" cmp /tmp/metrics.s1 /tmp/metrics.s2
check "the metrics are mode 0444" test "$(stat -c %a "$VMM_DBG/metrics")" = 444
check "every family has HELP and TYPE" test \
	"$(grep -c '^# HELP vmamerge_' /tmp/metrics.m)" = "$(grep -c '^# TYPE vmamerge_' /tmp/metrics.m)"
check "every sample is vmamerge_NAME[{LABELS}] VALUE" sh -c \
	"! grep -v '^#' /tmp/metrics.m | grep -Ev '^vmamerge_[a-z0-9_]+(\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\})? [0-9]+$'"
check "merge.attempts is vmamerge_merge_attempts_total" test \
	"$(awk '$1 == "merge.attempts" { print $2 }' /tmp/metrics.s1)" = \
	"$(awk '$1 == "vmamerge_merge_attempts_total" { print $2 }' /tmp/metrics.m)"
check "info names this kernel" grep -q "^vmamerge_info{.*kernel=\"$(uname -r)\"" /tmp/metrics.m
for f in stats:/tmp/metrics.s1 metrics:/tmp/metrics.m; do
	echo "VMMT-FILE metrics ${f%%:*}"
	cat "${f#*:}"
	echo "VMMT-EOF"
done
finish
