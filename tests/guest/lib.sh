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

# real_reset: zero the counters before a real program runs; a failure
# means the module is not loaded (the real-userland suite).
real_reset() {
	check "counters reset" sh -c "echo 1 > /sys/module/vmamerge/parameters/reset"
}
# check_real: after a real program ran with every process counted since
# real_reset: the books balance, the model never mismatched, the module saw
# the program's merges, and no probe missed a call.
check_real() {
	snap || return
	check_books
	check "the module counted the program (merge.attempts $(stat_of merge.attempts) > 0)" \
		test "$(stat_of merge.attempts)" -gt 0
	check "no probe missed a hit" sh -c "! grep -E 'missed [1-9]' $VMM_DBG/status"
	echo "--- stats (non-zero)"
	awk '$2 != 0' /tmp/stats.snap
}
