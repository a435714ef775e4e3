# real_python: Debian's python3 doing stdlib work (json, re, collections,
# zlib, hashlib) on 20,000 records; its output is a hash of the JSON it
# wrote, which no merge may change, and vmamerge's books must hold.
. /tests/lib.sh
real_reset
want="4db827a56a639b75267c8c49d172ca11236b380dd0d10e6f7f4be0c9a88ebf6d 20000 1"
got=$(python3 -c '
import collections, hashlib, json, re, zlib
d = {"k%05d" % i: [i, i * i % 9973, str(i)[::-1]] for i in range(20000)}
s = json.dumps(d, sort_keys=True, separators=(",", ":"))
assert json.loads(s) == d
c = collections.Counter(re.findall(r"[0-9]", s))
z = zlib.compress(s.encode(), 6)
assert zlib.decompress(z) == s.encode()
print(hashlib.sha256(s.encode()).hexdigest(), len(d), c.most_common(1)[0][0])
')
check "python3 printed '$want' (got '$got')" test "$got" = "$want"
check_real
finish
