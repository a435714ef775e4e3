// SPDX-License-Identifier: GPL-2.0
/*
 * failslab: the ENOMEM paths, driven by the kernel's failslab fault
 * injection (debug kernel only: CONFIG_FAILSLAB, FAULT_INJECTION_DEBUG_FS).
 * Only this task's slab allocations fail (task-filter, make-it-fail),
 * GFP_KERNEL ones included, and only between two writes to a
 * make-it-fail file opened beforehand.
 *
 * - A split by mprotect whose VMA allocation fails: the kernel's merge
 *   code returns ENOMEM, and the module counts result=error (no mismatch).
 * - A topology open whose allocations fail (the module's chunk arrays and
 *   seq_file's page, all made at open though the walk is streamed by the
 *   reads, or the kernel's file and path allocations, or reading
 *   vm.max_map_count): the open fails with ENOMEM; what opens reads whole,
 *   never with part of the topology or a value missing.
 */
#include "vmmt.h"

#define BASE 0x620000000000UL
#define FS "/sys/kernel/debug/failslab/"

static int fail_fd;

static void failing(int on)
{
	if (pwrite(fail_fd, on ? "1" : "0", 1, 0) != 1)
		_exit(3);
}

static int setup(void)
{
	static const char *const knobs[][2] = {
		{ FS "probability", "100" }, { FS "interval", "1" },
		{ FS "times", "-1" }, { FS "space", "0" },
		{ FS "verbose", "0" }, { FS "task-filter", "Y" },
		{ FS "ignore-gfp-wait", "N" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++)
		if (vmmt_write(knobs[i][0], knobs[i][1], strlen(knobs[i][1])))
			return -1;
	fail_fd = open("/proc/self/make-it-fail", O_WRONLY);
	return fail_fd < 0 ? -1 : 0;
}

int main(void)
{
	int err, topo_fd, r, space, nomem = 0, whole = 0, other = 0, torn = 0;
	int unread = 0;
	struct vmmt_stats a, b;
	char s[32];
	long n;

	CHECK(!setup(), "failslab is there and set up for this task only");
	if (vmmt_failed)
		return vmmt_done();
	vmmt_map(BASE, 4 * PG, PROT_READ | PROT_WRITE);
	vmmt_filter_self();

	vmmt_stats_read(&a);
	failing(1);
	r = mprotect((void *)(BASE + PG), PG, PROT_READ);
	err = errno;
	failing(0);
	vmmt_stats_read(&b);
	CHECK(r == -1 && err == ENOMEM, "a split whose allocation fails: ENOMEM (%s)",
	      r ? strerror(err) : "it succeeded");
	CHECK(vmmt_delta(&a, &b, "merge.result.error") == 1,
	      "counted as merge.result.error (+%lld)",
	      vmmt_delta(&a, &b, "merge.result.error"));
	CHECK(vmmt_delta(&a, &b, "merge.attempts") == 1, "one attempt");
	CHECK(vmmt_delta(&a, &b, "merge.model_mismatch") == 0, "no model mismatch");
	CHECK(vmmt_vmas_in(BASE, BASE + 4 * PG) == 1, "the range was left whole");

	/*
	 * failslab's space lets the first allocations through, up to that
	 * many bytes: a sweep makes each allocation of the open in turn the
	 * one that fails, the module's snapshot and buffers among them.
	 */
	snprintf(s, sizeof(s), "%d", getpid());
	vmmt_param_write("target", s);
	for (space = 0; space <= 65536; space += space < 4096 ? 128 : 4096) {
		snprintf(s, sizeof(s), "%d", space);
		vmmt_write(FS "space", s, strlen(s));
		failing(1);
		topo_fd = open(VMMT_DEBUGFS "topology.json", O_RDONLY);
		err = errno;
		failing(0);
		if (topo_fd < 0) {
			nomem += err == ENOMEM;
			other += err != ENOMEM;
			continue;
		}
		n = 0;
		while (n < (long)sizeof(vmmt_buf) - 1 &&
		       (r = read(topo_fd, vmmt_buf + n,
				 sizeof(vmmt_buf) - 1 - n)) > 0)
			n += r;
		close(topo_fd);
		vmmt_buf[n] = 0;
		/*
		 * Whole: to its last line, and with every value read (a
		 * vm.max_map_count it could not read says -1).
		 */
		if (n < 2 || strcmp(vmmt_buf + n - 2, "}\n"))
			torn++;
		else if (strstr(vmmt_buf, "\"max_map_count\": -1"))
			unread++;
		else
			whole++;
	}
	vmmt_write(FS "space", "0", 1);
	CHECK(nomem > 0, "some topology opens failed with ENOMEM (%d)", nomem);
	CHECK(whole > 0, "the others read whole (%d)", whole);
	CHECK(!other && !torn && !unread,
	      "no other error (%d), nothing cut short (%d) or unread (%d)",
	      other, torn, unread);
	vmmt_param_write("target", "0");
	return vmmt_done();
}
