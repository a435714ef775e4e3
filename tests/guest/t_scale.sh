# scale [ROUNDS]: does the module's cost per operation grow with the number
# of CPUs merging at once?  For scripts/bench-scale.sh (a benchmark, not a
# test), booted at -smp 1, 2 and 4 under multi-threaded TCG.  One process
# per CPU, each pinned to its own and with its own mm, runs the same
# operation at once (bench scale, tests/guest/bench.c), under each
# condition, in an order that rotates from round to round:
#   base  no module
#   ring  insmod /vmamerge.ko (the default event rings)
#   ref   insmod /vmamerge-ref.ko, if the boot has one (another revision,
#         e.g. the single-lock ring, to see that the benchmark can tell)
# and prints "SCALE round=R cpus=N cond=C op=O ns=MEAN ... hits=H".  The
# module is loaded and unloaded only while no worker runs (the other
# vCPUs idle) and a second after a load, once kprobe optimisation is
# done: multi-threaded TCG crashes if kernel text changes under a vCPU
# that runs it (README: "Why single-threaded TCG").
. /tests/lib.sh
rounds=${1:-5}
err() { echo "SCALE error $*"; notok "$*"; }
n=$(grep -c '^processor' /proc/cpuinfo)
# op:iterations per process, a second or so each under TCG.
ops="mmap:3000 mprotect:2000"
conds="base ring"
[ ! -e /vmamerge-ref.ko ] || conds="$conds ref"
echo "SCALE cpus=$n conds=$conds ops=$ops"
rmmod vmamerge || { echo "SCALE error rmmod"; exit 1; }

cond_on() {
	case $1 in
	ring) insmod /vmamerge.ko ;;
	ref) insmod /vmamerge-ref.ko ;;
	esac
}
cond_off() {
	case $1 in
	ring|ref) rmmod vmamerge ;;
	esac
}
seen() {	# merge attempts + copy_vma calls the module counted so far
	case $1 in
	ring|ref) awk '$1 == "merge.attempts" || $1 == "copy_vma.calls" { n += $2 }
		END { print n + 0 }' "$VMM_DBG/stats" ;;
	*) echo 0 ;;
	esac
}

r=1
while [ "$r" -le "$rounds" ]; do
	# shellcheck disable=SC2086
	set -- $conds
	i=1
	while [ "$i" -lt "$r" ]; do
		c=$1; shift; set -- "$@" "$c"
		i=$((i + 1))
	done
	for cond in "$@"; do
		cond_on "$cond" || { err "cannot set up $cond"; continue; }
		sleep 2	# kprobe optimisation done before any worker runs
		for oi in $ops; do
			op=${oi%:*}; it=${oi#*:}
			before=$(seen "$cond")
			out=$(bench scale "$op" "$n" "$it") || { err "bench scale $op failed: $out"; continue; }
			hits=$(($(seen "$cond") - before))
			echo "SCALE round=$r cpus=$n cond=$cond op=$op $out iters=$it hits=$hits"
			case "$cond:$op" in
			base:*) ;;
			*:mmap) [ "$hits" -ge $((n * it)) ] || err "$cond saw $hits of $((n * it)) mmap merges" ;;
			*) [ "$hits" -ge $((2 * n * it)) ] || err "$cond saw $hits of $((2 * n * it)) mprotect merges" ;;
			esac
		done
		if [ "$cond" != base ]; then
			echo "SCALE round=$r cond=$cond $(grep -E '^events\.(logged|dropped) ' "$VMM_DBG/stats" |
				tr '\n' ' ')$(grep '^events_reader' "$VMM_DBG/status" | tr '\n' ' ')"
		fi
		cond_off "$cond" || err "cannot tear down $cond"
	done
	r=$((r + 1))
done
insmod /vmamerge.ko	# loaded again, as /init left it
finish
