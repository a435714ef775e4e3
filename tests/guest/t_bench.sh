# bench [ROUNDS [VARIANT...]]: the module's overhead, for scripts/bench.sh
# (a benchmark, not a test).  Each round runs every operation of
# tests/guest/bench.c under four conditions, in an order that rotates from
# round to round:
#   base       no module
#   ringoff    insmod /vmamerge.ko events=0
#   ring       insmod /vmamerge.ko (the default event ring)
#   kretprobe  no module; an ftrace "r:" event with $retval on each probe
#              point the module attached at boot (the anchor)
#   floor      insmod /floor.ko, if there: the module built with
#              -DVMM_BENCH_FLOOR, whose kretprobes only count their hits (the
#              hook mechanism's own cost, without the module's work)
# and, where the module can attach fprobes (its hook parameter, 6.12 and
# 7.x), the two hook backends on the same probe points, both with the
# ring off:
#   hook-kretprobe  insmod /vmamerge.ko events=0 hook=kretprobe
#   hook-fprobe     insmod /vmamerge.ko events=0 hook=fprobe
# and prints "BENCH round=R cond=C op=O ns=N hits=H" (H: the module's
# merge.attempts and copy_vma.calls, or the kretprobe events' hits, during
# that measurement).  Each VARIANT adds a condition x-VARIANT: an
# experimental build /VARIANT.ko loaded as users load it (H: its probe hits).
# A condition that did not observe the operations it should have is an
# error ("BENCH error ..."): its figures would mean nothing.
. /tests/lib.sh
rounds=${1:-7}
err() { echo "BENCH error $*"; notok "$*"; }
TR=/sys/kernel/tracing
# op:iterations, each a few tens of ms of guest time (instructions).
ops="mmap:8000 mprotect:6000 mremap:4000 fork:60"
conds="base ringoff ring kretprobe"
# The hook mechanism alone: scripts/bench.sh's floor build (-DVMM_BENCH_FLOOR,
# module/probes.c), the same probes with handlers that only count the hit.
if [ -e /floor.ko ]; then conds="$conds floor"; fi
[ $# -eq 0 ] || shift
for v in "$@"; do conds="$conds x-$v"; done

# The probe points, as the module attached them at boot.
syms=$(sed -n 's/^probe \([A-Za-z0-9_.]*\): attached,.*/\1/p' "$VMM_DBG/status")
[ -n "$syms" ] || { echo "BENCH error the module attached no probe at boot"; exit 1; }
echo "BENCH syms $(echo "$syms" | tr '\n' ' ')"
rmmod vmamerge || { echo "BENCH error rmmod"; exit 1; }
[ -e "$TR/kprobe_events" ] || { echo "BENCH error no $TR/kprobe_events"; exit 1; }

# The kretprobe events tracefs accepted (6.1's vma_expand is notrace).
ksyms=
for s in $syms; do
	if echo "r:vmmbench/vmmb_$s $s \$retval" >> "$TR/kprobe_events" 2>/dev/null; then
		ksyms="$ksyms $s"
		echo "-:vmmbench/vmmb_$s" >> "$TR/kprobe_events"
	else
		echo "BENCH note tracefs refuses a kretprobe on $s (notrace?): the module probes it, the anchor cannot"
	fi
done
[ -n "$ksyms" ] || { echo "BENCH error no kretprobe event accepted"; exit 1; }
echo "BENCH ksyms$ksyms"

# Both hook backends, if this module and kernel have fprobe.
if insmod /vmamerge.ko events=0 hook=fprobe 2>/dev/null; then
	if grep -qx 'hook: fprobe' "$VMM_DBG/status"; then
		conds="$conds hook-kretprobe hook-fprobe"
	else
		echo "BENCH note hook=fprobe loaded, but status says $(grep '^hook:' "$VMM_DBG/status")"
	fi
	rmmod vmamerge
else
	echo "BENCH note no hook=fprobe here: kretprobes only"
fi
echo "BENCH conds $conds"

cond_on() {
	case $1 in
	ringoff) insmod /vmamerge.ko events=0 ;;
	ring) insmod /vmamerge.ko ;;
	hook-*) insmod /vmamerge.ko events=0 "hook=${1#hook-}" ;;
	x-*) insmod "/${1#x-}.ko" ;;
	floor) insmod /floor.ko ;;
	kretprobe)
		for s in $ksyms; do
			echo "r:vmmbench/vmmb_$s $s \$retval" >> "$TR/kprobe_events" || return 1
		done
		echo 1 > "$TR/events/vmmbench/enable"
		;;
	esac
}
cond_off() {
	case $1 in
	ringoff|ring|hook-*|x-*|floor) rmmod vmamerge ;;
	kretprobe)
		echo 0 > "$TR/events/vmmbench/enable"
		for s in $ksyms; do
			echo "-:vmmbench/vmmb_$s" >> "$TR/kprobe_events" || return 1
		done
		;;
	esac
}
# What the condition saw so far: merge attempts + copy_vma calls, or hits.
seen() {
	case $1 in
	ringoff|ring|hook-*)
		awk '$1 == "merge.attempts" || $1 == "copy_vma.calls" { n += $2 }
			END { print n + 0 }' "$VMM_DBG/stats" ;;
	x-*|floor) sed -n 's/^probe .*hits \([0-9]*\),.*/\1/p' "$VMM_DBG/status" |
		awk '{ n += $1 } END { print n + 0 }' ;;
	kretprobe)
		awk '$1 ~ /^vmmb_/ { n += $2 } END { print n + 0 }' "$TR/kprobe_profile" ;;
	*) echo 0 ;;
	esac
}
missed() {	# misses of the kprobe core, for the conditions with probes
	case $1 in
	ringoff|ring|hook-*|x-*|floor) sed -n 's/^probe .*missed \([0-9]*\)$/\1/p' "$VMM_DBG/status" |
		awk '{ n += $1 } END { print n + 0 }' ;;
	kretprobe) awk '$1 ~ /^vmmb_/ { n += $3 } END { print n + 0 }' "$TR/kprobe_profile" ;;
	*) echo 0 ;;
	esac
}

r=1
while [ "$r" -le "$rounds" ]; do
	# Rotate the order of the conditions by one each round.
	# shellcheck disable=SC2086
	set -- $conds
	i=1
	while [ "$i" -lt "$r" ]; do
		c=$1; shift; set -- "$@" "$c"
		i=$((i + 1))
	done
	for cond in "$@"; do
		cond_on "$cond" || { err "cannot set up $cond"; continue; }
		sleep 1	# let deferred work (kprobe optimisation) settle
		for oi in $ops; do
			op=${oi%:*}; n=${oi#*:}
			before=$(seen "$cond")
			ns=$(bench "$op" "$n") || { err "bench $op failed: $ns"; continue; }
			hits=$(($(seen "$cond") - before))
			echo "BENCH round=$r cond=$cond op=$op ns=$ns iters=$n hits=$hits"
			# mmap: one attempt each; mprotect, mremap: two each.
			case "$cond:$op" in
			base:*|*:fork) ;;
			*:mmap) [ "$hits" -ge "$n" ] || err "$cond saw $hits of $n mmap merges" ;;
			*) [ "$hits" -ge $((2 * n)) ] || err "$cond saw $hits of $((2 * n)) $op merges" ;;
			esac
		done
		m=$(missed "$cond")
		[ "$m" = 0 ] || err "$cond: probes missed $m calls"
		if [ "$cond" = ring ]; then
			echo "BENCH round=$r events $(grep -E '^events\.(logged|dropped) ' "$VMM_DBG/stats" | tr '\n' ' ')"
		fi
		cond_off "$cond" || err "cannot tear down $cond"
	done
	r=$((r + 1))
done
# Leave the module loaded, as /init did.
insmod /vmamerge.ko
finish
