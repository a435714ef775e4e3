# profile COND OP N: for scripts/profile.sh (not a test).  Sets up COND as
# tests/guest/t_bench.sh does (none, ring: the module as users load it,
# floor: /floor.ko, anchor: a bare kretprobe event on each probe point),
# prints the addresses scripts/profile.sh needs to name the instructions
# the profiling plugin counted (_text; the module's symbols), then runs
# tests/guest/bench.c's OP N times.  COND "ksyms" prints the kernel's text
# symbols instead (one boot per kernel: their offsets from _text do not
# change between boots).
. /tests/lib.sh
TR=/sys/kernel/tracing
cond=$1 op=${2:-} n=${3:-}
if [ "$cond" = ksyms ]; then
	awk '$2 ~ /^[tT]$/ && $4 == "" { print "PROFKSYM " $1 " " $3 }' /proc/kallsyms
	finish
fi
syms=$(sed -n 's/^probe \([A-Za-z0-9_.]*\): attached,.*/\1/p' "$VMM_DBG/status")
[ -n "$syms" ] || { notok "the module attached no probe at boot"; finish; }
unload || { notok "rmmod"; finish; }
case $cond in
none) ;;
ring) insmod /vmamerge.ko ;;
floor) insmod /floor.ko ;;
anchor)
	for s in $syms; do
		echo "r:vmmprof/p_$s $s \$retval" >> "$TR/kprobe_events" 2>/dev/null ||
			echo "PROFNOTE tracefs refuses a kretprobe on $s"
	done
	echo 1 > "$TR/events/vmmprof/enable" ;;
*) notok "unknown condition $cond"; finish ;;
esac || { notok "set up $cond"; finish; }
awk '$3 == "_text" { print "PROFSYM " $1 " " $3 }
	$4 ~ /^\[(vmamerge|floor|__builtin__ftrace|__builtin__kprobes)\]$/ { print "PROFSYM " $1 " " $3 " " $4 }' /proc/kallsyms
check "bench $op $n" bench "$op" "$n"
finish
