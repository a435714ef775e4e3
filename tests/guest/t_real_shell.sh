# real_shell: a fork-heavy shell build with Debian's dash, coreutils, sed,
# mawk and make: a configure-like loop of short processes (expr, basename,
# test), then make -j2 over generated sources, each target a pipeline of
# four processes, and a link step.  Thousands of execs, each a new address
# space whose merges vmamerge must count with the books balanced; the
# SHA-256 of what it built is fixed.  VMM_STUDY=1: three times the sources.
. /tests/lib.sh
export LC_ALL=C
n=40 want=4bee7b8c616c11c6bc842bf6150246c138d4d34ce3315e382ea05da70899dcca
if [ "${VMM_STUDY:-0}" = 1 ]; then
	n=120 want=b86552c32ef236c65d5944e6cb137efc3443260fb7761dacb09252c443720ae4
fi
# shellbuild N: the build in the current directory; prints its hash.
shellbuild() {
	i=0
	while [ $i -lt $(($1 * 2)) ]; do
		# shellcheck disable=SC2003 # a process of its own, as configure runs them
		v=$(expr $i \* 7 % 13)
		b=$(basename "/probe/dir$i/file$v.c" .c)
		test -n "$b" && echo "#define HAVE_$b$i $v" >> config.h
		i=$((i + 1))
	done
	i=0
	while [ $i -lt "$1" ]; do
		awk -v i=$i 'BEGIN { for (j = 0; j < 200; j++) printf "w%d %d\n", (i * 31 + j * 17) % 97, j % (i + 3) }' > src$i.txt
		i=$((i + 1))
	done
	objs=$(i=0; while [ $i -lt "$1" ]; do printf 'out%d.txt ' $i; i=$((i + 1)); done)
	# The recipes' tabs: printf, which a <<- here-document would strip.
	# shellcheck disable=SC2016 # make's variables, not the shell's
	{
		echo "all: link.txt"
		echo "link.txt: $objs"
		printf '\tcat %s | sort | uniq -c | sort -k1,1nr -k2 > $@\n' "$objs"
		echo "out%.txt: src%.txt config.h"
		printf '\tsed -e "s/^w/word/" $< | sort -k2,2n -k1,1 | uniq | tr a-z A-Z > $@\n'
	} > Makefile
	make -s -j2 > /dev/null || return 1
	cat config.h link.txt | sha256sum | cut -d' ' -f1
}
rm -rf /tmp/shellbuild && mkdir -p /tmp/shellbuild && cd /tmp/shellbuild || exit 1
real_reset shellbuild
got=$(shellbuild $n)
check "the shell build of $n sources gave $want (got $got)" test "$got" = "$want"
check_real
finish
