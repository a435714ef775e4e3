# mmaprace: two processes mapping at once, every mmap counted (an attempt,
# or a missed call of a merge probe), with the module as loaded; on 6.1
# also with a one-slot table of mmap_region calls in flight, where most
# overlapping calls find the table full.
. /tests/lib.sh
check "every mmap of two racing processes is counted" mmaprace 2000
if [ -e /vmamerge-inflight1.ko ]; then
	rmmod vmamerge
	insmod /vmamerge-inflight1.ko || notok "load the one-slot variant"
	out=$(mmaprace 2000)
	echo "$out"
	check "one slot: every mmap is still counted" sh -c "! echo '$out' | grep -q '^not ok'"
	m=$(sed -n 's/^probe mmap_region: attached, hits [0-9]*, missed //p' "$VMM_DBG/status")
	check "one slot: the overlapping mmaps were missed, visibly ($m)" test "${m:-0}" -gt 0
	rmmod vmamerge
	insmod /vmamerge.ko || notok "the real module loads again"
else
	check "only 6.1 has a table of mmap_region calls" sh -c "! grep -q '^probe mmap_region' $VMM_DBG/status"
fi
finish
