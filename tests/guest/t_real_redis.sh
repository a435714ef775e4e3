# real_redis: Debian's redis-server (jemalloc) on a unix socket: 5,000
# SETs, GETs, a BGSAVE (a fork writing the snapshot while the parent
# serves), the snapshot checked by redis-check-rdb, the live server's
# merge audit against its /proc/PID/maps, a clean shutdown.
# Every answer is fixed, and vmamerge's books must hold over the server,
# its fork and the clients (the window closes before the audit and the
# shutdown).
. /tests/lib.sh
real_reset redis
d=/tmp/redis
sock=$d/redis.sock
mkdir -p $d
cli() { redis-cli -s $sock "$@"; }
# No TCP (the guest's loopback is down and needs none): a unix socket.
check "redis-server starts" redis-server --port 0 --unixsocket $sock \
	--daemonize yes --pidfile $d/redis.pid --dir $d --dbfilename dump.rdb \
	--save '' --appendonly no --logfile $d/redis.log
pong() { [ "$(cli ping 2>/dev/null)" = PONG ]; }
# The server answers once it has loaded; TCG is slow to get there.
check "redis-server answers PING within 60 s" wait_until 60 pong
i=0
while [ $i -lt 5000 ]; do
	echo "SET key:$i value-$i-$((i * i % 7919))"
	i=$((i + 1))
done | cli > $d/set.out
check "5000 SETs answered OK" test "$(grep -c '^OK$' $d/set.out)" = 5000
check "DBSIZE is 5000" test "$(cli dbsize)" = 5000
check "GET key:4242 is value-4242-$((4242 * 4242 % 7919))" \
	test "$(cli get key:4242)" = "value-4242-$((4242 * 4242 % 7919))"
before=$(cli lastsave)
bgsave() { cli bgsave | grep -q '^Background saving started$'; }
check "BGSAVE started" bgsave
# Writes while the child saves: the parent copies on write.
i=0
while [ $i -lt 1000 ]; do
	echo "SET more:$i $i"
	i=$((i + 1))
done | cli > /dev/null
saved() {
	cli info persistence > $d/info || return 1
	grep -q '^rdb_bgsave_in_progress:0' $d/info &&
		[ "$(cli lastsave)" != "$before" ]
}
check "the BGSAVE finished within 120 s" wait_until 120 saved
check "the BGSAVE succeeded" grep -q '^rdb_last_bgsave_status:ok' $d/info
check "DBSIZE is 6000 after the writes during the save" test "$(cli dbsize)" = 6000
check "redis-check-rdb accepts the snapshot" sh -c "redis-check-rdb $d/dump.rdb > $d/check.out"
cat $d/check.out
# The child saved the data as it was at the fork, before the 1000 more.
check "the snapshot holds the 5000 keys of the fork's moment" \
	grep -q '^\[info\] 5000 keys read$' $d/check.out
pid=$(cat $d/redis.pid)
# The window closes with the server live; its audit's own processes are
# not the workload.
check_real
# The merge audit of the live server, with its 6,000 keys, after the fork.
check_audit "$pid" redis-server
check "redis-server answers after the audit" pong
check "SHUTDOWN NOSAVE" cli shutdown nosave
gone() { ! kill -0 "$pid" 2>/dev/null; }
check "redis-server exited within 60 s" wait_until 60 gone
finish
