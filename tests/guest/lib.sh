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
snap() { cat "$VMM_DBG/stats" > /tmp/stats.snap; }
stat_of() { awk -v n="$1" '$1 == n { print $2 }' /tmp/stats.snap; }
finish() { exit "$failed"; }
