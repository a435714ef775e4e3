# trace: vmamerge:merge and vmamerge:copy_vma exist under tracefs, their
# format files name no enum (so trace-cmd, perf and bpftrace can decode
# them), and while enabled they carry exactly the events the ring logs, in
# the same order and with the same fields (an events line without seq= and
# ts=).  The workloads are scenarios that check their own result against
# /proc/self/maps, so the events compared here are the kernel's truth.
. /tests/lib.sh
T=/sys/kernel/tracing
E=$T/events/vmamerge
for ev in merge copy_vma; do
	check "$E/$ev exists" test -r "$E/$ev/format"
	check "$ev's format names no enum (all decoded to numbers)" \
		sh -c "! grep -q VMM_ $E/$ev/format"
	check "$ev's format has the pid, comm, start and end fields" \
		sh -c "grep -q 'field:int pid;' $E/$ev/format &&
		       grep -q 'field:char comm\[16\];' $E/$ev/format &&
		       grep -q 'field:unsigned long start;' $E/$ev/format &&
		       grep -q 'field:unsigned long end;' $E/$ev/format"
done
check "merge's format prints reasons symbolically" \
	grep -q '"anon_vma_chain"' "$E/merge/format"

# Each scenario sets filter_pid to itself and resets the ring once it
# runs, so the ring keeps the second scenario's events from then on (and
# the events of whatever runs after it), while the trace, on from before
# the first, has both scenarios whole: the ring's events of the second
# scenario must be the last ones the trace has of it.
echo > "$T/trace"
echo 1 > "$E/enable"
scenario both > /tmp/trace.s1 2>&1; r1=$?
scenario mremap_unfaulted > /tmp/trace.s2 2>&1; r2=$?
echo 0 > "$E/enable"
check "the workloads agree with /proc/self/maps" test "$r1$r2" = 00
cat /tmp/trace.s1 /tmp/trace.s2 | grep '^not ok'
cat "$VMM_DBG/events" > /tmp/trace.ring
check "the ring dropped nothing" grep -q '^# capacity [0-9]* dropped 0$' /tmp/trace.ring
n=$(grep -c -e ': merge: ' -e ': copy_vma: ' "$T/trace")
check "the trace has events ($n)" test "$n" -gt 4
# The same events, consumed from trace_pipe: head returns after n lines.
head -n "$n" "$T/trace_pipe" | sed -n 's/.*: \(merge\|copy_vma\): //p' > /tmp/trace.tp
pid=$(sed -n '2s/.* pid=\([0-9]*\) .*/\1/p' /tmp/trace.ring)
sed 's/^seq=[0-9]* ts=[0-9]* //' /tmp/trace.ring | grep "^pid=$pid " > /tmp/trace.rg
k=$(wc -l < /tmp/trace.rg)
grep "^pid=$pid " /tmp/trace.tp | tail -n "$k" > /tmp/trace.tk
check "the ring's $k events of the last scenario equal the trace's, field for field" \
	cmp /tmp/trace.tk /tmp/trace.rg
diff /tmp/trace.tk /tmp/trace.rg | grep "^-[^-]" | head -n 3
diff /tmp/trace.tk /tmp/trace.rg | grep "^+[^+]" | head -n 3
check "the trace has more of it: its start, before the reset" \
	test "$(grep -c "^pid=$pid " /tmp/trace.tp)" -gt "$k"
check "a copy_vma event: the unfaulted move merged, pgoff updated" \
	grep -q 'comm=scenario caller=mremap op=copy_vma .* result=merged anon=unfaulted pgoff=updated$' /tmp/trace.tp
check "a merge event with both sides ok" \
	grep -q 'comm=scenario .* op=merge .* result=both prev=ok next=ok$' /tmp/trace.tp
check "no MISMATCH in the trace" sh -c "! grep -q MISMATCH /tmp/trace.tp"
finish
