# demo: the module as loaded in this kernel (make demo's first section;
# its workload, redis-server, is tests/guest/t_real_redis.sh).
. /tests/lib.sh
echo "--- /sys/kernel/debug/vmamerge/status"
cat "$VMM_DBG/status"
