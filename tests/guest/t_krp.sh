# krp: another kprobe user on the same functions.  A tracefs kretprobe on
# every merge entry point the module probes (not 6.1's vma_expand, which
# tracefs refuses: notrace) counts the same calls as the module while
# `toggle` runs; then the same probes stay on through a short stress run,
# where the module's books must still balance.
. /tests/lib.sh
T=/sys/kernel/tracing
syms=$(sed -n 's/^probe \([a-z_]*\): attached.*/\1/p' "$VMM_DBG/status" | grep -v '^vma_expand$')
for s in $syms; do
	echo "r:vmmkrp/$s $s" >> $T/kprobe_events || notok "tracefs kretprobe on $s"
done
echo 1 > $T/events/vmmkrp/enable || notok "enable the tracefs kretprobes"
counts() {	# counts FILE: "SYM TRACEFS_HITS MODULE_HITS" per symbol, one reading
	cat $T/kprobe_profile "$VMM_DBG/status" > /tmp/krp.raw
	for s in $syms; do
		# kprobe_profile names an event without its group
		echo "$s $(awk -v e="$s" '$1 == e { print $2 }' /tmp/krp.raw) $(sed -n "s/^probe $s: attached, hits \([0-9]*\),.*/\1/p" /tmp/krp.raw)"
	done > "$1"
}
counts /tmp/krp.0
toggle 500
counts /tmp/krp.1
total=0
check "one reading per symbol, two counts each" sh -c "! awk 'NF != 3' /tmp/krp.0 /tmp/krp.1 | grep -q ."
while read -r s t0 m0; do
	read -r _ t1 m1 <&3
	check "$s: tracefs and the module saw the same calls ($((t1 - t0)) and $((m1 - m0)))" \
		test $((t1 - t0)) = $((m1 - m0))
	total=$((total + m1 - m0))
done < /tmp/krp.0 3< /tmp/krp.1
check "toggle's 1,000 mprotects were among them ($total calls)" test "$total" -ge 1000
stress 15 8
snap
check_books
cat $T/kprobe_profile
echo 0 > $T/events/vmmkrp/enable
for s in $syms; do echo "-:vmmkrp/$s" >> $T/kprobe_events; done
finish
