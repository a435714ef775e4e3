# demo: a small real workload under the module, then what it saw.
. /tests/lib.sh
echo "--- workload: churn (mmap/mprotect/mremap/brk) for 3 s, and a shell loop forking ls"
echo 1 > /sys/module/vmamerge/parameters/reset
churn 3 &
i=0
while [ $i -lt 50 ]; do
	ls / > /dev/null
	i=$((i + 1))
done
wait
echo "--- /sys/kernel/debug/vmamerge/status"
cat "$VMM_DBG/status"
echo "--- /sys/kernel/debug/vmamerge/stats (non-zero)"
awk '$2 != 0' "$VMM_DBG/stats"
