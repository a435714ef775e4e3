# real_gcc: Debian's gcc at -O2 under make -j2 builds a three-file program
# (a sieve and a realloc-grown sort) and runs it; the program's output is
# fixed, and vmamerge's books must hold over the compiler's processes.
# VMM_STUDY=1: also this project's guest test programs (tests/guest/*.c).
. /tests/lib.sh
real_reset gcc
mkdir -p /tmp/gcc && cd /tmp/gcc || exit 1
cat > work.h <<'SRC'
unsigned long count_primes(unsigned long n);
unsigned long sorted_sum(unsigned long n);
SRC
cat > primes.c <<'SRC'
#include <stdlib.h>
#include "work.h"
/* Sieve of Eratosthenes in a heap buffer. */
unsigned long count_primes(unsigned long n)
{
	unsigned char *c = calloc(n + 1, 1);
	unsigned long i, j, k = 0;

	if (!c)
		abort();
	for (i = 2; i <= n; i++) {
		if (c[i])
			continue;
		k++;
		for (j = i * i; j <= n; j += i)
			c[j] = 1;
	}
	free(c);
	return k;
}
SRC
cat > sort.c <<'SRC'
#include <stdlib.h>
#include "work.h"
static int cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}
/* A buffer grown by realloc (mremap once it is large), filled from an
 * LCG, sorted; a position-weighted sum proves the order. */
unsigned long sorted_sum(unsigned long n)
{
	unsigned long *v = NULL, x = 1, s = 0, i;

	for (i = 0; i < n; i++) {
		if ((i & (i - 1)) == 0 && !(v = realloc(v, 2 * (i + 1) * sizeof(*v))))
			abort();
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		v[i] = x >> 33;
	}
	qsort(v, n, sizeof(*v), cmp);
	for (i = 0; i < n; i++)
		s += v[i] * (i % 7 + 1);
	free(v);
	return s;
}
SRC
cat > main.c <<'SRC'
#include <stdio.h>
#include "work.h"
int main(void)
{
	printf("primes %lu sum %lu\n", count_primes(2000000), sorted_sum(300000));
	return 0;
}
SRC
# The recipe line needs its tab, which a <<- here-document would strip.
# shellcheck disable=SC2016 # make's variables, not the shell's
printf '%s\n' 'CFLAGS = -O2 -Wall -Wextra -Werror' \
	'work: main.o primes.o sort.o' \
	'	$(CC) -o $@ main.o primes.o sort.o' \
	'main.o primes.o sort.o: work.h' > Makefile
check "make -j2 with gcc -O2 builds the program" make -j2
want="primes 148933 sum 1287771020315762"
got=$(./work)
check "the program printed '$want' (got '$got')" test "$got" = "$want"
# make study: also this project's own guest test programs (real C, some
# hundred lines each, in /tests/src), at -O2 with -Werror under make -j2:
# every one must build and link.
if [ "${VMM_STUDY:-0}" = 1 ]; then
	mkdir -p /tmp/gcc/src && cp /tests/src/*.c /tests/src/*.h /tmp/gcc/src/ &&
		cd /tmp/gcc/src || exit 1
	n=$(find . -maxdepth 1 -name '*.c' | wc -l)
	# shellcheck disable=SC2016 # make's variables, not the shell's
	printf '%s\n' 'CFLAGS = -O2 -Wall -Wextra -Werror -pthread' \
		'all: $(patsubst %.c,%,$(wildcard *.c))' \
		'%: %.c vmmt.h' '	$(CC) $(CFLAGS) -o $@ $< -lpthread' > Makefile
	check "make -j2 builds the $n test programs at -O2" make -j2
	check "all $n linked" test "$(find . -maxdepth 1 -type f -perm -u+x | wc -l)" = "$n"
fi
check_real
finish
