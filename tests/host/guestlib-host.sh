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
# audit_vs_maps against a /proc/PID/maps and an audit that agree, then
# against audits that do not (or say nothing): only the first passes.
cat > "$t/maps" <<'MAPS'
00400000-00401000 r--p 00000000 fe:00 12 /bin/x
00401000-00402000 r-xp 00001000 fe:00 12 /bin/x
00402000-00403000 rw-p 00000000 00:00 0
00500000-00501000 rw-p 00000000 00:00 0 [heap]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]
MAPS
audit_raw() {	# NOT_ADJACENT FLAGS OK PAIRS
	echo "vmamerge audit v1"
	echo "process 7 x kernel k generation vmg"
	echo "map_count 4 max_map_count 65530 headroom 65526 used 0.0%"
	echo "vmas 4 pairs $4 adjacent_pairs 2"
	echo "reason not_adjacent pairs $1 alone $1"
	echo "reason special pairs 0 alone 0"
	echo "reason flags pairs $2 alone $2"
	for r in file close uffd anon_name policy pgoff anon_vma anon_vma_chain; do
		echo "reason $r pairs 0 alone 0"
	done
	echo "recoverable ok $3 pgoff_only 0 anon_vma_unshared 0 anon_vma_shared 0"
}
audit_raw 1 2 0 3 > "$t/raw.good"
audit_raw 1 1 1 3 > "$t/raw.flags"	# a pair of other permissions called ok
audit_raw 2 2 0 4 > "$t/raw.pairs"	# a pair too many
audit_raw 0 2 1 3 > "$t/raw.adj"	# a gap not seen
: > "$t/raw.empty"
for c in good:0 flags:1 pairs:1 adj:1 empty:1; do
	if busybox sh -c ". '$lib'; audit_vs_maps '$t/raw.${c%:*}' '$t/maps'" > "$t/out" 2>&1; then
		got=0
	else
		got=1
	fi
	if [ "$got" = "${c#*:}" ]; then
		say ok "audit_vs_maps on the ${c%:*} audit: exit $got"
	else
		say "not ok" "audit_vs_maps on the ${c%:*} audit: exit $got"
		cat "$t/out"
	fi
done
exit $rc
