# real_python: Debian's python3 doing stdlib work (json, re, collections,
# zlib, hashlib) on 20,000 records; its output is a hash of the JSON it
# wrote, which no merge may change, and vmamerge's books must hold.
# VMM_STUDY=1: 60,000 records.
. /tests/lib.sh
n=20000 want="4db827a56a639b75267c8c49d172ca11236b380dd0d10e6f7f4be0c9a88ebf6d 20000 1"
if [ "${VMM_STUDY:-0}" = 1 ]; then
	n=60000 want="b895a54e32d6183f587d3eff0db8acd48c40645b9f1c1c10b03232d8a69a37f8 60000 2"
fi
real_reset python
got=$(python3 -c '
import collections, hashlib, json, re, sys, zlib
n = int(sys.argv[1])
d = {"k%05d" % i: [i, i * i % 9973, str(i)[::-1]] for i in range(n)}
s = json.dumps(d, sort_keys=True, separators=(",", ":"))
assert json.loads(s) == d
c = collections.Counter(re.findall(r"[0-9]", s))
z = zlib.compress(s.encode(), 6)
assert zlib.decompress(z) == s.encode()
print(hashlib.sha256(s.encode()).hexdigest(), len(d), c.most_common(1)[0][0])
' "$n")
check "python3 printed '$want' (got '$got')" test "$got" = "$want"
check_real
finish
