# bench-lib.awk: what scripts/bench-table.awk and scripts/bench-scale.awk
# both need: a median of a space-separated list, and a NAME=VALUE field of
# the current line.  Given first: awk -f bench-lib.awk -f THE-TABLE.awk.
function sort(a, n,   i, j, t) {	# insertion sort, n is small
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
}
function median_of(list,   n, a) {	# -1 for an empty list
	n = split(list, a, " ")
	if (n == 0)
		return -1
	sort(a, n)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function field(name,   i) {
	for (i = 1; i <= NF; i++)
		if (index($i, name "=") == 1)
			return substr($i, length(name) + 2)
	return ""
}
