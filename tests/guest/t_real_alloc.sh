# real_alloc: one allocation-heavy C program (four threads, blocks of 16 B
# to 1 MiB, frees, reallocs), built here by Debian's gcc, run three times:
# under glibc's malloc, jemalloc and mimalloc (LD_PRELOAD of Debian's
# libjemalloc2 and libmimalloc2.0), each in a window of its own.  The
# allocators map, trim and return memory each its own way; the program's
# sum depends only on what it stored, so all three print the same, and it
# reports which allocator its /proc/self/maps shows.  At its end it stops
# itself, the window closes, and it is audited (check_audit: the audit
# against its maps) with its allocator's mappings in place.  VMM_STUDY=1: four
# times the rounds.
. /tests/lib.sh
rounds=20000 want=4237152897781112697
if [ "${VMM_STUDY:-0}" = 1 ]; then
	rounds=80000 want=8534732666816244456
fi
lib=/usr/lib/x86_64-linux-gnu
mkdir -p /tmp/alloc && cd /tmp/alloc || exit 1
cat > alloc.c <<'SRC'
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Four threads, each keeping 256 live blocks of 16 B to 1 MiB (sizes
 * log-uniform, so most small and some past the mmap threshold), freeing,
 * reallocating and touching one byte a page; the sum of what the blocks
 * held is the allocator's business not at all. */
#define THREADS 4
#define SLOTS 256
static unsigned long rounds;
static unsigned long lcg(unsigned long *x)
{
	*x = *x * 6364136223846793005UL + 1442695040888963407UL;
	return *x >> 33;
}
static unsigned long sum_of(const unsigned char *p, size_t n)
{
	unsigned long s = 0;
	size_t i;

	for (i = 0; i < n; i += 4096)
		s = s * 31 + p[i];
	return s + p[n - 1];
}
static void fill(unsigned char *p, size_t from, size_t n, unsigned long v)
{
	size_t i;

	/* Every byte sum_of() reads, and no other: what malloc or realloc
	 * left unwritten is the allocator's, and would make the sum so. */
	for (i = (from + 4095) / 4096 * 4096; i < n; i += 4096)
		p[i] = (unsigned char)(v + i / 4096);
	p[n - 1] = (unsigned char)v;
}
static void *work(void *arg)
{
	unsigned long x = (unsigned long)arg + 1, s = 0, r;
	unsigned char *p[SLOTS] = { 0 };
	size_t n[SLOTS] = { 0 };

	for (r = 0; r < rounds; r++) {
		unsigned long i = lcg(&x) % SLOTS, v = lcg(&x);
		size_t sz = 16 + lcg(&x) % (1UL << (lcg(&x) % 21));

		if (p[i] && v % 8 == 0) {	/* grow in place or move */
			unsigned char *q = realloc(p[i], n[i] * 2);

			if (!q)
				abort();
			fill(q, n[i], n[i] * 2, v);
			p[i] = q;
			n[i] *= 2;
			continue;
		}
		if (p[i]) {
			s = s * 7 + sum_of(p[i], n[i]);
			free(p[i]);
		}
		p[i] = malloc(sz);
		if (!p[i])
			abort();
		n[i] = sz;
		fill(p[i], 0, sz, v);
	}
	for (r = 0; r < SLOTS; r++) {
		if (p[r])
			s = s * 7 + sum_of(p[r], n[r]);
		free(p[r]);
	}
	return (void *)s;
}
int main(int argc, char **argv)
{
	pthread_t t[THREADS];
	unsigned long i, total = 0;
	const char *who = "glibc";
	char line[512];
	FILE *f;

	rounds = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000;
	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, work, (void *)i))
			abort();
	for (i = 0; i < THREADS; i++) {
		void *s;

		pthread_join(t[i], &s);
		total = total * 1000003 + (unsigned long)s;
	}
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "libjemalloc"))
			who = "jemalloc";
		if (strstr(line, "libmimalloc"))
			who = "mimalloc";
	}
	printf("alloc %lu %s\n", total, who);
	fflush(stdout);
	if (argc > 2)	/* "stop": audited, stopped, with its allocator's maps */
		raise(SIGSTOP);
	return 0;
}
SRC
check "gcc -O2 builds the allocation program" gcc -O2 -Wall -Wextra -Werror -pthread -o alloc alloc.c
for a in glibc jemalloc mimalloc; do
	case $a in
	glibc) pre= ;;
	jemalloc) pre=$lib/libjemalloc.so.2 ;;
	mimalloc) pre=$lib/libmimalloc.so.2 ;;
	esac
	rm -f out.$a && mkfifo out.$a
	real_reset "alloc-$a"
	LD_PRELOAD=$pre ./alloc $rounds stop > out.$a &
	apid=$!
	# Its line comes just before it stops itself: nothing it does
	# afterwards merges, and its audit's processes are outside the window.
	exec 3< out.$a
	got=
	read -r got <&3
	check_real
	check "under $a the program printed 'alloc $want $a' (got '$got')" \
		test "$got" = "alloc $want $a"
	check_audit $apid "alloc-$a"
	kill -CONT $apid
	check "alloc under $a exited 0" wait $apid
	exec 3<&-
done
finish
