# real_tools: Debian's perf, trace-cmd and bpftrace (bookworm's) on this
# kernel, each recording vmamerge's merge events while a real program
# (python3) runs, must count exactly what stats counts for the same
# window: every attempt, per result, per reason on each side.  perf and
# trace-cmd print the enums by name (from the format file), bpftrace sees
# their numbers, read here by their positions in doc/INTERFACE.md's lists,
# as the README tells its readers to.
#
# The window: filter_pid points at PID 1 (/init, blocked until this test
# ends), the counters are reset; the tool arms its events and then starts
# /tmp/work.sh, which points filter_pid at itself and execs python3.  From
# that write on, stats, the trace events and so the tool see that process
# alone, and nothing before it: not the tool's own start, not this shell.
. /tests/lib.sh
P=/sys/module/vmamerge/parameters
RESULTS="none prev next both error"
REASONS="absent not_adjacent special flags file close uffd anon_name policy pgoff anon_vma anon_vma_chain ok"
cat > /tmp/work.py <<'PY'
import collections, hashlib, json, re, zlib
d = {"k%05d" % i: [i, i * i % 9973, str(i)[::-1]] for i in range(5000)}
s = json.dumps(d, sort_keys=True, separators=(",", ":"))
assert json.loads(s) == d
c = collections.Counter(re.findall(r"[0-9]", s))
assert zlib.decompress(zlib.compress(s.encode(), 6)) == s.encode()
print(hashlib.sha256(s.encode()).hexdigest(), len(d), c.most_common(1)[0][0])
PY
want="17ddd7774d288d005d8d26e280fbb3b588f79800b1a879ff6a249cca7ae579a5 5000 0"
printf '%s\n' '#!/bin/sh' \
	"echo \$\$ > $P/filter_pid || exit 1" \
	'exec python3 /tmp/work.py > /tmp/work.out' > /tmp/work.sh
chmod 755 /tmp/work.sh

# window TOOL CMD...: run CMD (a tool running /tmp/work.sh) in a fresh
# window; stats of the window in /tmp/stats.snap.
window() {
	_tool=$1; shift
	if echo 1 > $P/filter_pid && echo 1 > $P/reset; then
		ok "$_tool: filter on PID 1 (idle), counters reset"
	else
		notok "$_tool: filter on PID 1, counters reset"
	fi
	"$@" > "/tmp/$_tool.out" 2>&1
	_rc=$?
	cat "/tmp/$_tool.out"
	check "$_tool ran (exit $_rc)" test "$_rc" = 0
	snap
	echo 0 > $P/filter_pid
	check "$_tool: python3 printed '$want'" test "$(cat /tmp/work.out)" = "$want"
}

# agree TOOL COUNTS: COUNTS has "stat-name count" lines made from the
# tool's own output; each merge.attempts, merge.result.*, merge.prev.* and
# merge.next.* of the window must equal it (absent from COUNTS: 0).
agree() {
	_n=$(grep -c . "$2")
	check "$1 counted some merge events ($(awk '$1 == "merge.attempts" { print $2 }' "$2"))" \
		test "$_n" -gt 0
	_bad=$(awk 'NR == FNR { c[$1] = $2; next }
		$1 == "merge.attempts" || $1 ~ /^merge\.(result|prev|next)\./ {
			if ($2 != c[$1] + 0) printf " %s=%s(stats %s)", $1, c[$1] + 0, $2
		}' "$2" /tmp/stats.snap)
	check "$1 counts exactly what stats counts (attempts $(stat_of merge.attempts); differences:${_bad:- none})" \
		test -z "$_bad"
	check_books
}

# sym_counts FILE: merge lines printed with result=, prev=, next= names
# (perf script, trace-cmd report) as counts in stats' names.
sym_counts() {
	grep ' result=' "$1" | awk '{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "result" || kv[1] == "prev" || kv[1] == "next")
				c["merge." kv[1] "." kv[2]]++
		}
		c["merge.attempts"]++
	} END { for (k in c) print k, c[k] }'
}

window perf perf record -q -e vmamerge:merge -a -m 1024 -o /tmp/perf.data -- /tmp/work.sh
perf script -i /tmp/perf.data > /tmp/perf.script 2> /tmp/perf.err
cat /tmp/perf.err
check "perf script prints the enums by name" \
	grep -Eq 'vmamerge:merge:.* result=(none|prev|next|both|error) prev=[a-z_]+ next=[a-z_]+' /tmp/perf.script
sym_counts /tmp/perf.script > /tmp/perf.counts
agree perf /tmp/perf.counts

window trace-cmd trace-cmd record -q -e vmamerge:merge -o /tmp/trace.dat /tmp/work.sh
trace-cmd report -i /tmp/trace.dat > /tmp/tc.report 2> /tmp/tc.err
cat /tmp/tc.err
check "trace-cmd report prints the enums by name" \
	grep -Eq ' merge: .* result=(none|prev|next|both|error) prev=[a-z_]+ next=[a-z_]+' /tmp/tc.report
sym_counts /tmp/tc.report > /tmp/tc.counts
agree trace-cmd /tmp/tc.counts

# bpftrace: the README's example, extended to both sides.  Its -c needs an
# absolute path: bookworm's bpftrace 0.17 resolves the command along PATH
# and, with /bin a symlink to /usr/bin, refuses a bare name ("must refer
# to a unique binary but matched 2 binaries").  On 5.10 it finds no BTF
# ("bpftrace --info" says "btf: no", though /sys/kernel/btf/vmlinux is
# there), and clang then cannot resolve the u8 of the event's format
# ("unknown type name 'u8'"): there the program defines it.
defs=
if bpftrace --info 2>&1 | grep -Eq '^[[:space:]]*btf: no$'; then
	echo "bpftrace finds no BTF on this kernel: the program defines u8"
	defs='#define u8 unsigned char'
fi
printf '%s\n' "$defs" \
	'tracepoint:vmamerge:merge { @result[args->result] = count(); }' \
	'tracepoint:vmamerge:merge { @prev[args->prev] = count(); @next[args->next] = count(); }' \
	> /tmp/count.bt
# A script is no command to it ("path '/tmp/work.sh' does not exist or is
# not executable"): the shell that runs it is.
window bpftrace bpftrace /tmp/count.bt -c "/usr/bin/dash /tmp/work.sh"
# "@result[1]: 42": the number is the position in the contract's list.
awk -v results="$RESULTS" -v reasons="$REASONS" '
	BEGIN { nr = split(results, rs, " "); nn = split(reasons, ns, " ") }
	match($0, /^@(result|prev|next)\[[0-9]+\]: [0-9]+$/) {
		split($0, a, /[@\[\]: ]+/)
		m = a[2]; i = a[3] + 1; v = a[4]
		name = (m == "result") ? rs[i] : ns[i]
		if (name == "") name = "out-of-range-" a[3]
		print "merge." m "." name, v
		if (m == "result") t += v
	} END { print "merge.attempts", t + 0 }' /tmp/bpftrace.out > /tmp/bt.counts
agree bpftrace /tmp/bt.counts
finish
