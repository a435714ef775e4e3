# dkms VERSION KVER: the module DKMS built is the one loaded, for this
# kernel, and it counts: merge.attempts grows over two seconds of churn (a
# workload that merges and splits VMAs) and the books balance.
. /tests/lib.sh
want_ver=$1
want_kver=$2
check "running $want_kver" test "$(uname -r)" = "$want_kver"
check "module loaded" test -d /sys/module/vmamerge
check "module version $want_ver" test "$(cat /sys/module/vmamerge/version)" = "$want_ver"
check "status: version: $want_ver" grep -qx "version: $want_ver" "$VMM_DBG/status"
check "status: kernel: $want_kver" grep -qx "kernel: $want_kver" "$VMM_DBG/status"
snap
a=$(stat_of merge.attempts)
churn 2
snap
b=$(stat_of merge.attempts)
check "merge.attempts grew over churn ($a -> $b)" test "$b" -gt "$a"
check_books
finish
