# real_tools: Debian's perf, trace-cmd and bpftrace (bookworm's) run on this
# kernel and see vmamerge's trace events while a real program (python3)
# runs: each records or counts merge events, perf and trace-cmd print their
# reasons symbolically.  A smoke test: whether each tool counts exactly
# what stats counts for the same window is issue 11's item 5; their counts
# and the stats of the whole test are printed beside each other here.
. /tests/lib.sh
real_reset
work="python3 -c pass"

check "perf lists vmamerge:merge" sh -c "perf list 'vmamerge:*' 2>&1 | grep -q 'vmamerge:merge'"
check "perf record -e vmamerge:merge -a runs" \
	sh -c "perf record -q -e vmamerge:merge -a -o /tmp/perf.data -- $work > /tmp/perf.out 2>&1"
cat /tmp/perf.out
perf script -i /tmp/perf.data > /tmp/perf.script 2> /tmp/perf.err
cat /tmp/perf.err
n=$(grep -c 'vmamerge:merge' /tmp/perf.script)
check "perf script shows merge events ($n)" test "$n" -gt 0
check "perf script prints the result symbolically" \
	grep -Eq 'result=(none|prev|next|both|error) ' /tmp/perf.script

check "trace-cmd record -e vmamerge runs" \
	sh -c "trace-cmd record -q -e vmamerge -o /tmp/trace.dat $work > /tmp/tc.out 2>&1"
cat /tmp/tc.out
trace-cmd report -i /tmp/trace.dat > /tmp/tc.report 2> /tmp/tc.err
cat /tmp/tc.err
n=$(grep -c ' merge: ' /tmp/tc.report)
check "trace-cmd report shows merge events ($n)" test "$n" -gt 0
check "trace-cmd report prints the result symbolically" \
	grep -Eq 'result=(none|prev|next|both|error) ' /tmp/tc.report

# bpftrace sees the raw fields: result is a number.  Its -c needs an
# absolute path: bookworm's bpftrace 0.17 resolves the command along PATH
# and, with /bin a symlink to /usr/bin, refuses "python3" ("must refer to
# a unique binary but matched 2 binaries").  On 5.10 it finds no BTF
# ("bpftrace --info" says "btf: no", though /sys/kernel/btf/vmlinux is
# there), and clang then cannot resolve the u8 of the event's format
# ("unknown type name 'u8'", "Include headers with missing type
# definitions or install BTF information"): there the program defines it.
defs=
if bpftrace --info 2>&1 | grep -Eq '^[[:space:]]*btf: no$'; then
	echo "bpftrace finds no BTF on this kernel: the program defines u8"
	defs='#define u8 unsigned char'
fi
printf '%s\n' "$defs" \
	'tracepoint:vmamerge:merge { @result[args->result] = count(); }' > /tmp/count.bt
bpftrace /tmp/count.bt -c "/usr/bin/$work" > /tmp/bt.out 2>&1
rc=$?
cat /tmp/bt.out
check "bpftrace ran (exit $rc)" test "$rc" = 0
check "bpftrace counted merge events by result" grep -Eq '^@result\[[0-9]+\]: [1-9]' /tmp/bt.out

check_real
finish
