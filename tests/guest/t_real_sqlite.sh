# real_sqlite: Debian's sqlite3 (the CLI) builds a 50,000-row table in a
# WAL database read through mmap (mmap_size: the file's pages mapped, the
# WAL index a shared mapping), indexes it, updates, deletes and vacuums;
# every answer is fixed, the integrity check passes, and vmamerge's books
# must hold.
. /tests/lib.sh
mkdir -p /tmp/sqlite && cd /tmp/sqlite || exit 1
rm -f db db-wal db-shm
real_reset sqlite
sqlite3 -bail db > out 2> err <<'SQL'
PRAGMA journal_mode=WAL;
PRAGMA mmap_size=268435456;
CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v INTEGER);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 50000)
INSERT INTO t SELECT i, printf('key%06d', (i * 7919) % 50021), (i * i) % 100003 FROM c;
CREATE INDEX tk ON t(k);
SELECT count(*), sum(v), min(k), max(k) FROM t;
UPDATE t SET v = v + 1 WHERE id % 3 = 0;
DELETE FROM t WHERE id % 5 = 0;
VACUUM;
SELECT count(*), sum(v), count(DISTINCT k) FROM t;
SELECT k, v FROM t ORDER BY k LIMIT 1 OFFSET 12345;
PRAGMA integrity_check;
SQL
rc=$?
cat err
check "sqlite3 ran every statement (exit $rc)" test "$rc" = 0
# The answers, in order (the first two lines are the PRAGMAs' own).
want="wal
268435456
50000|2498149942|key000001|key050020
40000|1996903238|40000
key015434|63647
ok"
check "sqlite3 gave the fixed answers (got: $(tr '\n' ' ' < out))" test "$(cat out)" = "$want"
check_real
finish
