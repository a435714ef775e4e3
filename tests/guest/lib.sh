# shellcheck shell=sh
# Helpers for the guest's shell tests (busybox sh).
VMM_DBG=/sys/kernel/debug/vmamerge
failed=0
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }
check() {	# check "description" command...
	_d=$1; shift
	if "$@"; then ok "$_d"; else notok "$_d"; fi
}
# snap: take one reading of stats; stat_of NAME reads it from that snapshot
# (every command the test runs merges VMAs itself, so read once, then look).
# A counter the snapshot does not have reads as "missing" (and stat_of
# fails), so that no check compares two empty strings and passes.
snap() {
	cat "$VMM_DBG/stats" > /tmp/stats.snap && return
	notok "read $VMM_DBG/stats"
	return 1
}
stat_of() {
	awk -v n="$1" '$1 == n { print $2; found = 1 }
		END { if (!found) { print "missing"; exit 1 } }' /tmp/stats.snap
}
finish() { exit "$failed"; }
is_count() { case $1 in '' | *[!0-9]*) return 1 ;; esac; }
are_counts() { is_count "$1" && is_count "$2"; }
# wait_until SECONDS CMD...: run CMD every 0.1 s until it succeeds; 1 if
# it still fails after SECONDS.  The wait is for CMD's condition itself:
# SECONDS only bounds it, so a condition that never comes is a failure.
wait_until() {
	_w=$(($1 * 10)); shift
	until "$@"; do
		[ "$_w" -gt 0 ] || return 1
		_w=$((_w - 1))
		sleep 0.1
	done
}

# sum_of PREFIX NAME...: the sum of the snapshot's PREFIX.NAME counters.
# "missing" if one of them is.
sum_of() {
	_p=$1; shift
	_t=0
	for _n in "$@"; do
		_v=$(stat_of "$_p.$_n") || { echo missing; return 1; }
		_t=$((_t + _v))
	done
	echo "$_t"
}

# check_books: in the last snapshot, every attempt has one result, one
# reason per side and one caller, and the model never mismatched.
check_books() {
	_a=$(stat_of merge.attempts)
	check "merge.attempts is a count ($_a)" is_count "$_a"
	_s=$(sum_of merge.result none prev next both error)
	check "merge.attempts ($_a) equals the sum of merge.result.* ($_s)" \
		test "$_a" = "$_s"
	for _side in prev next; do
		_s=$(sum_of "merge.$_side" absent not_adjacent special flags file \
			close uffd anon_name policy pgoff anon_vma anon_vma_chain ok)
		check "merge.$_side.* sums to merge.attempts ($_s)" test "$_s" = "$_a"
	done
	_s=$(sum_of merge.caller mmap brk mremap mprotect madvise mlock mbind \
		userfaultfd prctl other)
	check "merge.caller.* sums to merge.attempts ($_s)" test "$_s" = "$_a"
	check "merge.model_mismatch is 0 ($(stat_of merge.model_mismatch))" \
		test "$(stat_of merge.model_mismatch)" = 0
	grep MISMATCH "$VMM_DBG/events" | head -n 10
}

# The real-userland suite: every workload runs in a window that starts
# with real_reset NAME and ends with check_real.  Inside it, vmamerge's
# counters and an independent count by the kernel's own tracefs kretprobes
# (r: events on the same entry points, group vmmk) see the same calls:
# both are switched by writes of the shell itself (builtins, no process
# of its own), so nothing runs between the two switches and the stats.
KT=/sys/kernel/tracing
# kr_syms: the entry points where one call is one attempt (INTERFACE.md,
# stats names), by the kernel's generation on the command line; none on
# 6.1, where mmap_region and do_brk_flags are attempts only sometimes.
kr_syms() {
	case " $(cat /proc/cmdline) " in
	*" vmamerge_gen=5.10 "*) echo vma_merge ;;
	*" vmamerge_gen=6.1 "*) ;;
	*) echo vma_merge_new_range vma_modify ;;
	esac
}
# kr_begin: define the r: events and arm them.  On 5.10 the event records
# vma_merge's return value and keeps only the non-NULL ones (merges) in
# the trace buffer; its hits in kprobe_profile count every call.
kr_begin() {
	kr_on=
	_syms=$(kr_syms)
	[ -n "$_syms" ] || return 0
	echo 0 > $KT/tracing_on && echo > $KT/trace &&
		echo 8192 > $KT/buffer_size_kb || return 1
	# r128: room for 128 calls in flight at once.  The default (10 on
	# 5.10's two CPUs) ran out under make -j2 while callers slept in
	# vma_merge (i_mmap_rwsem, allocations): 9 calls missed.  The module
	# asks for 64.
	for _s in $_syms; do
		echo "r128:vmmk/$_s $_s ret=\$retval" >> $KT/kprobe_events || return 1
	done
	if [ "$_syms" = vma_merge ]; then
		echo 'ret != 0' > $KT/events/vmmk/vma_merge/filter || return 1
	fi
	echo 1 > $KT/tracing_on && echo 1 > $KT/events/vmmk/enable || return 1
	kr_on=$_syms
}
# kr_hits SYM: the calls (kr_hit) and misses (kr_miss) kprobe_profile
# counted for vmmk/SYM (older kernels print the event's name alone, newer
# ones GROUP/NAME).  Not in a subshell: it sets both.
kr_hits() {
	# shellcheck disable=SC2046 # two numbers, or nothing
	set -- $(awk -v n="$1" '$1 == n || $1 == "vmmk/" n { print $2, $3 }' $KT/kprobe_profile)
	kr_hit=${1:-} kr_miss=${2:-}
}
# kr_end: disarm the events and check their counts against the snapshot
# the window ended with; then remove them.
kr_end() {
	[ -n "$kr_on" ] || {
		echo "the independent kretprobe count does not apply on this kernel (6.1: an attempt is not one call)"
		return 0
	}
	# The builtin, as at the start: a child shell's exec would make
	# attempts the kretprobes count and the stats, already read, do not.
	if echo 0 > $KT/events/vmmk/enable; then
		ok "the kretprobe events are disarmed"
	else
		notok "the kretprobe events are disarmed"
	fi
	_t=0 _m=0
	for _s in $kr_on; do
		kr_hits "$_s"
		check "kprobe_profile counted $_s ($kr_hit calls, $kr_miss missed)" \
			are_counts "$kr_hit" "$kr_miss"
		are_counts "$kr_hit" "$kr_miss" || return
		_t=$((_t + kr_hit)) _m=$((_m + kr_miss))
	done
	check "tracefs kretprobes missed no call ($_m)" test "$_m" = 0
	check "tracefs kretprobes on $kr_on count merge.attempts ($_t calls, $(stat_of merge.attempts) attempts)" \
		test "$_t" = "$(stat_of merge.attempts)"
	if [ "$kr_on" = vma_merge ]; then
		_o=$(cat $KT/per_cpu/cpu*/stats | awk '/^overrun:/ { s += $2 } END { print s + 0 }')
		check "the trace buffer lost no merge ($_o overruns)" test "$_o" = 0
		_n=$(grep -c ' vmmk/vma_merge: \| vma_merge: ' $KT/trace)
		_mg=$(sum_of merge.result prev next both)
		check "non-NULL returns of vma_merge ($_n) equal the merges counted ($_mg)" \
			test "$_n" = "$_mg"
	fi
	echo 0 > $KT/tracing_on
	echo > $KT/kprobe_events
}

# real_reset NAME: open workload NAME's window: arm the independent count,
# zero vmamerge's counters, start its clock.  A failure to reset means the
# module is not loaded.
real_reset() {
	real_name=$1
	check "the tracefs kretprobe events are armed" kr_begin
	# The shell's builtin: a child process would be counted by the
	# kretprobes and not by the stats.
	if echo 1 > /sys/module/vmamerge/parameters/reset; then
		ok "counters reset"
	else
		notok "counters reset"
	fi
	real_t0=$(cut -d' ' -f1 /proc/uptime)
	# make study (VMM_STUDY=1): the workload's peak map_count, sampled
	# inside the window (its own few merges are counted by both).
	real_peak=
	if [ "${VMM_STUDY:-0}" = 1 ]; then
		/tests/bin/mappeak > /tmp/mappeak.out &
		real_peak=$!
	fi
}
# check_real: close the window after a real program ran with every process
# counted since real_reset: the books balance, the model never mismatched,
# the module saw the program's merges, the kretprobes counted the same
# calls, no probe missed a hit.  The window's counters go to the console
# between VMMT STATS lines (make study's data).
check_real() {
	if [ -n "$real_peak" ]; then
		# Stopped before the window closes: nothing it does afterwards
		# can fall between the stats and the kretprobes' counts.
		kill -TERM "$real_peak" && wait "$real_peak"
		echo "VMMT MAPPEAK $real_name $(cat /tmp/mappeak.out)"
	fi
	snap || return
	kr_end
	echo "VMMT WORKTIME $real_name $(awk -v t="$real_t0" '{ printf "%.1f", $1 - t }' /proc/uptime)"
	echo "VMMT STATS BEGIN $real_name"
	cat /tmp/stats.snap
	echo "VMMT STATS END $real_name"
	check_books
	check "the module counted the program (merge.attempts $(stat_of merge.attempts) > 0)" \
		test "$(stat_of merge.attempts)" -gt 0
	check "no probe missed a hit" sh -c "! grep -E 'missed [1-9]' $VMM_DBG/status"
}

# audit_vs_maps RAW MAPS: what a process's `audit` (RAW) says against what
# its /proc/PID/maps (MAPS, read at the same instant) says alone: one line
# per VMA but the gate VMA ([vsyscall], not in map_count), so VMAs =
# map_count = the lines; every neighbouring pair judged once (pairs =
# VMAs - 1); as many not_adjacent pairs as neighbours that do not touch;
# the reasons and ok add up to the pairs; every touching pair whose
# permissions differ is refused for special or flags.  Prints "ok - " /
# "not ok - " lines; 1 if one failed.
audit_vs_maps() {
	awk -v raw="$1" '
	function say(c, d) { print (c ? "ok - " : "not ok - ") d; if (!c) bad = 1 }
	BEGIN {
		while ((getline l < raw) > 0) {
			n = split(l, f, " ")
			if (f[1] == "map_count") mc = f[2]
			if (f[1] == "vmas") { v = f[2]; p = f[4]; adj = f[6] }
			if (f[1] == "reason") { r[f[2]] = f[4]; sum += f[4] }
			if (f[1] == "recoverable") ok = f[3]
		}
		if (v == "" || p == "" || mc == "" || ok == "") {
			say(0, "audit read: no vmas/pairs/map_count/ok line in " raw)
			exit
		}
	}
	$NF == "[vsyscall]" { next }
	{
		split($1, a, "-"); lines++
		if (lines > 1) {
			if (a[1] == last) { touch++; if ($2 != lastp) diff++ }
		}
		last = a[2]; lastp = $2
	}
	END {
		if (v == "") exit 1
		say(v == lines && mc == lines, "VMAs " v ", map_count " mc ", maps lines " lines)
		say(p == v - 1, "pairs " p " = VMAs - 1")
		say(adj == touch && r["not_adjacent"] == p - touch,
		    "adjacent pairs " adj ", not_adjacent " r["not_adjacent"] " (maps: " touch " touching)")
		say(sum + ok == p, "the reasons (" sum ") and ok (" ok ") add up to the pairs (" p ")")
		say(r["special"] + r["flags"] >= diff,
		    "special " r["special"] " + flags " r["flags"] " >= " diff " touching pairs of other permissions")
		exit bad
	}' "$2"
}

# all_stopped PID: every thread of PID is in the stopped state (shell
# builtins only).
all_stopped() {
	for _t in /proc/"$1"/task/*; do
		_s=
		while read -r _k _v _; do
			if [ "$_k" = State: ]; then _s=$_v; break; fi
		done < "$_t/status" || return 1
		[ "$_s" = T ] || return 1
	done
}

# check_audit PID NAME: audit the live process PID of workload NAME with
# the CLI, stopped (SIGSTOP) so that its map cannot change between the
# audit and /proc/PID/maps, and check one against the other
# (audit_vs_maps).  The person's summary goes to the console between
# VMMT AUDIT lines.
check_audit() {
	kill -STOP "$1" || { notok "$2: SIGSTOP $1"; return; }
	# kill returns before the threads stop: wait for every one of them
	# (a thread in a system call stops when it leaves it).
	_n=0
	until all_stopped "$1"; do
		_n=$((_n + 1))
		if [ $_n -gt 100000 ]; then
			notok "$2: every thread of $1 stopped"
			kill -CONT "$1"
			return
		fi
	done
	_ok=1
	vmamerge audit "$1" --raw > "/tmp/audit.$2.raw" || _ok=0
	cat "/proc/$1/maps" > "/tmp/audit.$2.maps" || _ok=0
	vmamerge audit "$1" > "/tmp/audit.$2.txt" || _ok=0
	kill -CONT "$1"
	check "$2: vmamerge audit $1 and its /proc/$1/maps read" test "$_ok" = 1
	echo "VMMT AUDIT BEGIN $2"
	cat "/tmp/audit.$2.txt"
	echo "VMMT AUDIT END $2"
	if audit_vs_maps "/tmp/audit.$2.raw" "/tmp/audit.$2.maps" > /tmp/audit.check; then
		ok "$2: the audit agrees with /proc/$1/maps"
	else
		notok "$2: the audit agrees with /proc/$1/maps"
	fi
	sed "s/^/    $2: /" /tmp/audit.check
}

# unload: rmmod vmamerge, again and again while it is busy (a reader that
# holds one of its files open holds the module, and rmmod says EBUSY until
# it lets go); VMM_BUSY counts the refusals.  1 if still busy after 100000.
unload() {
	VMM_BUSY=0
	until rmmod vmamerge 2>/dev/null; do
		VMM_BUSY=$((VMM_BUSY + 1))
		[ "$VMM_BUSY" -lt 100000 ] || return 1
	done
}
