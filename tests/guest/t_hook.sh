# hook: the hook parameter (doc/INTERFACE.md).  Bad values refuse the load
# with EINVAL; hook=kretprobe attaches kretprobes on every kernel (but
# for 6.1's vma_expand, an entry-only kprobe whatever hook says);
# hook=fprobe attaches fprobes where the kernel has them (Debian's 6.12
# and 7.x, the 7.2 debug kernel too) and fails with EOPNOTSUPP elsewhere.  Under fprobe, every
# scenario of tests/guest/scenario.c must see exactly what it sees under
# kretprobes (each checks its own counts and events against
# /proc/self/maps), the books must balance and no probe may miss a call.
. /tests/lib.sh
st=$VMM_DBG/status
par=/sys/module/vmamerge/parameters/hook
check "status has a hook line" grep -Eq '^hook: (kretprobe|fprobe|mixed: .+)$' "$st"
check "hook is auto by default ($(cat $par))" test "$(cat $par)" = auto
rmmod vmamerge
for bad in bogus KRETPROBE fprobe2 ""; do
	r=$(loadmod /vmamerge.ko "hook=$bad")
	check "hook=$bad refused: EINVAL ($r)" test "$r" = EINVAL
done

r=$(loadmod /vmamerge.ko hook=kretprobe)
check "hook=kretprobe loads ($r)" test "$r" = loaded
if [ "$r" = loaded ]; then
	check "status: hook: kretprobe" grep -qx 'hook: kretprobe' "$st"
	check "the parameter reads kretprobe" test "$(cat $par)" = kretprobe
	# 6.1's vma_expand: mmap_region's return reads what it did, so it is
	# an entry-only kprobe whatever hook says (the kprobe core lists it as
	# k, a kretprobe as r), and the hook line above leaves it out.
	if grep -qx 'generation: expand' "$st"; then
		kl=/sys/kernel/debug/kprobes/list
		check "vma_expand attached" grep -q '^probe vma_expand: attached' "$st"
		check "vma_expand: an entry-only kprobe ($(grep ' vma_expand+' $kl))" \
			sh -c "awk '\$3 == \"vma_expand+0x0\" && \$2 == \"k\" { f = 1 } END { exit !f }' $kl"
	fi
	rmmod vmamerge
fi

# Does the kernel have fprobe?  Its own symbol table says (Debian's 6.12
# and 7.x, and the debug kernel's fragment: yes; 5.10 and 6.1: no).
if grep -q ' register_fprobe$' /proc/kallsyms; then fprobe=yes; else fprobe=no; fi
r=$(loadmod /vmamerge.ko hook=fprobe)
if [ $fprobe = no ]; then
	check "no fprobe in this kernel: hook=fprobe refused, EOPNOTSUPP ($r)" \
		sh -c "[ '$r' = EOPNOTSUPP ] || [ '$r' = ENOTSUP ]"
elif [ "$r" != loaded ]; then
	notok "hook=fprobe loads ($r)"
else
	ok "hook=fprobe loads"
	cat "$st"
	check "status: hook: fprobe" grep -qx 'hook: fprobe' "$st"
	check "no probe missing" sh -c "! grep -q ': missing' $st"
	for s in $(scenario --list); do
		echo "# scenario $s under fprobe"
		check "scenario $s under fprobe" scenario "$s"
	done
	echo 0 > /sys/module/vmamerge/parameters/filter_pid
	snap && check_books
	# Beside the kernel's own kretprobes (as t_krp.sh, under fprobe).
	T=/sys/kernel/tracing
	syms=$(sed -n 's/^probe \([a-z_]*\): attached.*/\1/p' "$st")
	for s in $syms; do
		echo "r:vmmhook/$s $s" >> $T/kprobe_events || notok "tracefs kretprobe on $s"
	done
	echo 1 > $T/events/vmmhook/enable || notok "enable the tracefs kretprobes"
	hits() {	# hits SYM: "TRACEFS MODULE", one reading
		cat $T/kprobe_profile "$st" > /tmp/hook.raw
		echo "$(awk -v e="$1" '$1 == e { print $2 }' /tmp/hook.raw)" \
			"$(sed -n "s/^probe $1: attached, hits \([0-9]*\),.*/\1/p" /tmp/hook.raw)"
	}
	for s in $syms; do hits "$s"; done > /tmp/hook.0
	toggle 500
	for s in $syms; do hits "$s"; done > /tmp/hook.1
	for s in $syms; do
		read -r t0 m0 <&3
		read -r t1 m1 <&4
		check "$s: tracefs kretprobe and fprobe saw the same calls ($((t1 - t0)) and $((m1 - m0)))" \
			test $((t1 - t0)) = $((m1 - m0))
	done 3< /tmp/hook.0 4< /tmp/hook.1
	echo 0 > $T/events/vmmhook/enable
	for s in $syms; do echo "-:vmmhook/$s" >> $T/kprobe_events; done
	m=$(sed -n 's/^probe .*missed \([0-9]*\)$/\1/p' "$st" | awk '{ n += $1 } END { print n + 0 }')
	check "no probe missed a call ($m)" test "$m" = 0
	rmmod vmamerge
fi
r=$(loadmod /vmamerge.ko)
check "loads again with the default ($r)" test "$r" = loaded
finish
