#!/bin/sh
# guestlib-host.sh: the guest tests' own helpers (tests/guest/lib.sh),
# under busybox sh as in the guest, against fake stats files: a check that
# cannot read what it checks must fail, never pass on empty values.
# Prints "ok - ..." / "not ok - ..." lines; exit status 0 only if all pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib="$here/../guest/lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
rc=0
say() { echo "$1 - $2"; [ "$1" = ok ] || rc=1; }

# books DIR: run check_books on DIR/stats in busybox sh; prints its
# output, exits with the guest test's status.
books() {
	busybox sh -c ". '$lib'; VMM_DBG='$1'; snap; check_books; finish"
}

names="attempts result.none result.prev result.next result.both result.error"
for s in prev next; do
	for r in absent not_adjacent special flags file close uffd anon_name \
		policy pgoff anon_vma anon_vma_chain ok; do
		names="$names $s.$r"
	done
done
for c in mmap brk mremap mprotect madvise mlock mbind userfaultfd prctl other; do
	names="$names caller.$c"
done
names="$names model_mismatch"

# A balanced snapshot: 2 attempts, each counted once in every block.
mkdir -p "$t/good" "$t/empty" "$t/gone" "$t/short" "$t/nomerge"
for n in $names; do
	case "$n" in
	attempts|result.none|prev.ok|next.absent|caller.mmap) v=2 ;;
	*) v=0 ;;
	esac
	echo "merge.$n $v"
done > "$t/good/stats"
: > "$t/empty/stats"
grep -v '^merge.caller.other ' "$t/good/stats" > "$t/short/stats"
grep '^merge.model_mismatch ' "$t/good/stats" > "$t/nomerge/stats"

if books "$t/good" > "$t/out" 2>&1; then
	say ok "balanced stats pass"
else
	say "not ok" "balanced stats pass"; cat "$t/out"
fi
for case in empty gone short nomerge; do
	if books "$t/$case" > "$t/out" 2>&1; then
		say "not ok" "check_books fails on $case stats"; cat "$t/out"
	else
		say ok "check_books fails on $case stats"
	fi
	# and no check of a counter it could not read says ok
	if grep '^ok - ' "$t/out" | grep -q '()'; then
		say "not ok" "no ok on an empty value ($case)"; grep '^ok - ' "$t/out"
	else
		say ok "no ok on an empty value ($case)"
	fi
done
# kr_hits reads kprobe_profile's calls and misses, under both spellings of
# the event's name (5.10: NAME; later: GROUP/NAME), in the shell that calls
# it: a miss count lost in a subshell once made the no-miss check vacuous.
mkdir -p "$t/kt"
for name in vma_merge vmmk/vma_merge; do
	printf '  %-44s %15s %15s\n' other 5 0 "$name" 431 9 > "$t/kt/kprobe_profile"
	got=$(busybox sh -c ". '$lib'; KT='$t/kt'; kr_hits vma_merge; echo \"\$kr_hit \$kr_miss\"")
	if [ "$got" = "431 9" ]; then
		say ok "kr_hits reads calls and misses of $name"
	else
		say "not ok" "kr_hits reads calls and misses of $name (got '$got')"
	fi
done
printf '  %-44s %15s %15s\n' other 5 0 > "$t/kt/kprobe_profile"
if busybox sh -c ". '$lib'; KT='$t/kt'; kr_hits vma_merge; are_counts \"\$kr_hit\" \"\$kr_miss\""; then
	say "not ok" "kr_hits of an event kprobe_profile lacks is no count"
else
	say ok "kr_hits of an event kprobe_profile lacks is no count"
fi
exit $rc
