# events: the ring wraps, counts what it overwrote, and a reader copies it
# in bounded chunks (interrupts are off only for one chunk of a ring lock);
# status says what the rings take, one per possible CPU; events=0 keeps no
# ring and counts every event as dropped.
. /tests/lib.sh
st=$VMM_DBG/status
cap=16384
rmmod vmamerge
insmod /vmamerge.ko events=$cap || notok "load with events=$cap"
toggle 12000	# 24,000 attempts: the ring wraps
cat "$VMM_DBG/events" > /tmp/ev
snap
n=$(grep -c '^seq=' /tmp/ev)
read -r _ _ hcap _ hdrop < /tmp/ev
first=$(sed -n '2s/^seq=\([0-9]*\) .*/\1/p' /tmp/ev)
last=$(tail -n 1 /tmp/ev | sed 's/^seq=\([0-9]*\) .*/\1/')
logged=$(stat_of events.logged)
echo "# header: capacity $hcap dropped $hdrop; lines $n seq $first..$last; logged $logged"
check "the header gives the capacity ($hcap)" test "$hcap" = $cap
check "a full ring holds capacity events ($n)" test "$n" = $cap
check "their seq numbers are consecutive" test $((last - first + 1)) = "$n"
# (reading stats later ran a process, which logged events of its own)
check "nothing newer than logged (seq $last, logged $logged)" test $((last + 1)) -le "$logged"
check "dropped = the newest seq + 1 - capacity in the header ($hdrop)" \
	test "$hdrop" = $((last + 1 - cap))
check "dropped = logged - capacity in stats" test "$(stat_of events.dropped)" = $((logged - cap))
check "every event line is merge or copy_vma" \
	sh -c "! grep '^seq=' /tmp/ev | grep -v -e ' op=merge ' -e ' op=copy_vma '"
grep '^events_reader' "$st"
h=$(sed -n 's/^events_reader_max_hold_events: //p' "$st")
check "a reader copies at most 64 events per hold of the ring lock ($h)" \
	test "${h:-0}" -gt 0 -a "${h:-999}" -le 64
# One ring of capacity events per possible CPU (/sys/.../possible: "0-3", "0,2-5").
possible=$(awk -F, '{ for (i = 1; i <= NF; i++) { k = split($i, r, "-")
	n += k == 2 ? r[2] - r[1] + 1 : 1 } } END { print n }' /sys/devices/system/cpu/possible)
grep '^events_ring_bytes' "$st"
check "events_ring_bytes: $cap events of 64 bytes for each of $possible possible CPUs" \
	grep -qx "events_ring_bytes: $((cap * 64 * possible))" "$st"

rmmod vmamerge
insmod /vmamerge.ko events=0 || notok "load with events=0"
toggle 100
cat "$VMM_DBG/events" > /tmp/ev
snap
check "events=0: the header says capacity 0" grep -q '^# capacity 0 dropped ' /tmp/ev
check "events=0: no event lines" sh -c "! grep -q '^seq=' /tmp/ev"
check "events=0: nothing logged" test "$(stat_of events.logged)" = 0
check "events=0: no ring memory" grep -qx "events_ring_bytes: 0" "$st"
check "events=0: at least the 200 attempts dropped ($(stat_of events.dropped))" \
	test "$(stat_of events.dropped)" -ge 200
check "events=0: every attempt and copy dropped" test "$(stat_of events.dropped)" = \
	$(($(stat_of merge.attempts) + $(stat_of copy_vma.calls)))
rmmod vmamerge
insmod /vmamerge.ko || notok "the real module loads again"
finish
