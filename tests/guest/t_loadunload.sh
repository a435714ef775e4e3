# loadunload: unload and load the module 20 times while workloads merge and
# split VMAs on every CPU; the console must stay clean (checked by the host:
# the guest runs with panic_on_warn=1 oops=panic).
. /tests/lib.sh
churn 3600 & w1=$!
churn 3600 & w2=$!
i=0
while [ $i -lt 20 ]; do
	rmmod vmamerge || notok "rmmod #$i"
	insmod /vmamerge.ko || notok "insmod #$i"
	cat "$VMM_DBG/status" "$VMM_DBG/stats" > /dev/null || notok "read #$i"
	i=$((i + 1))
done
ok "20 unload/load cycles under load"
# Let the workload run against the last load long enough to be seen.
until snap && [ "$(stat_of merge.attempts)" -gt 100 ]; do :; done
kill $w1 $w2
wait
snap
check_books
check "workload seen: copy_vma.calls > 0" test "$(stat_of copy_vma.calls)" -gt 0
check "no probe missed a hit" sh -c "! grep -E 'missed [1-9]' $VMM_DBG/status"
finish
