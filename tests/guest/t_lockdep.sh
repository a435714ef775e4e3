# lockdep: still on at the end of the suite.  Lockdep turns itself off
# after its first report, and when one of its tables fills up it says so at
# KERN_DEBUG only, below the console's level: either way it checked nothing
# from then on, and a suite that ran with it off proved nothing about the
# module's locking.  Goes last (the debug kernel's suite).
. /tests/lib.sh
S=/proc/lockdep_stats
if [ ! -r $S ]; then
	notok "no $S: this kernel has no lockdep (CONFIG_PROVE_LOCKING)"
	finish
fi
grep -E 'lock-classes|direct dependencies|dependency chains|stack-trace entries|debug_locks' $S
check "lockdep is still on (debug_locks 1)" grep -Eq '^ *debug_locks: +1$' $S
finish
