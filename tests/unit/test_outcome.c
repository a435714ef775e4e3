// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the module's pure logic (module/outcome.c,
 * module/names.c), compiled without any kernel header, as the kernel's
 * tools/testing/vma does for mm/vma.c.
 */
#include "unit.h"
#include <string.h>
#include "outcome.h"

static void test_extents(void)
{
	/* range [0x3000, 0x5000) */
	T(vmm_result_from_extents(0x3000, 0x5000, 0x3000, 0x5000) ==
	  VMM_RESULT_none, "exact range: a new VMA or a split, no merge");
	T(vmm_result_from_extents(0x3000, 0x5000, 0x1000, 0x5000) ==
	  VMM_RESULT_prev, "extends below: merged with prev");
	T(vmm_result_from_extents(0x3000, 0x5000, 0x3000, 0x8000) ==
	  VMM_RESULT_next, "extends above: merged with next");
	T(vmm_result_from_extents(0x3000, 0x5000, 0x1000, 0x8000) ==
	  VMM_RESULT_both, "extends both ways: merged with both");
	/* 5.10 case 4: the range overlaps prev's end and goes to next */
	T(vmm_result_from_extents(0x3000, 0x5000, 0x3000, 0x9000) ==
	  VMM_RESULT_next, "case 4: next grew down over the range");
	/* 5.10 case 5: prev grows into next's head */
	T(vmm_result_from_extents(0x3000, 0x5000, 0x0000, 0x5000) ==
	  VMM_RESULT_prev, "case 5: prev grew over the range");
}

static void test_copy_kind(void)
{
	T(vmm_copy_kind(false, false) == VMM_COPY_ANON_unfaulted, "anon unfaulted");
	T(vmm_copy_kind(false, true) == VMM_COPY_ANON_faulted, "anon faulted");
	T(vmm_copy_kind(true, false) == VMM_COPY_ANON_file, "file");
	T(vmm_copy_kind(true, true) == VMM_COPY_ANON_file, "file with CoW pages");
	T(vmm_copy_pgoff_updated(VMM_COPY_ANON_unfaulted), "unfaulted: pgoff re-based");
	T(!vmm_copy_pgoff_updated(VMM_COPY_ANON_faulted), "faulted: pgoff kept");
	T(!vmm_copy_pgoff_updated(VMM_COPY_ANON_file), "file: pgoff kept");
}

static void test_comm(void)
{
	char c[16] = "Web Content";
	char full[16] = "a b c d e f g h";	/* 15 characters and the NUL */
	char nonul[4] = { 'x', ' ', 'y', ' ' };

	vmm_comm_fix(c, sizeof(c));
	T(!strcmp(c, "Web_Content"), "spaces become _");
	vmm_comm_fix(full, sizeof(full));
	T(!strcmp(full, "a_b_c_d_e_f_g_h"), "up to the NUL");
	vmm_comm_fix(nonul, 2);
	T(nonul[1] == '_' && nonul[3] == ' ', "no further than n bytes");
}

static void test_parse(void)
{
	static const char *const bad[] = {
		"", "\n", "abc", "12abc", "1 ", " 1", "-1", "+1", "0x10",
		"1\n\n", "2147483648", "99999999999999999999999", "1.0", "\t1",
	};
	unsigned int i;
	int v = -7;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = -7;
		T(vmm_parse_tgid(bad[i], &v) == -EINVAL && v == -7, bad[i]);
	}
	T(vmm_parse_tgid("0", &v) == 0 && v == 0, "0");
	T(vmm_parse_tgid("42\n", &v) == 0 && v == 42, "42 with newline");
	T(vmm_parse_tgid("2147483647", &v) == 0 && v == 2147483647, "INT_MAX");
	T(vmm_parse_tgid("007", &v) == 0 && v == 7, "leading zeros");
	T(vmm_parse_reset("1") == 0, "reset 1");
	T(vmm_parse_reset("1\n") == 0, "reset 1 with newline");
	T(vmm_parse_reset("0") == -EINVAL, "reset 0");
	T(vmm_parse_reset("2") == -EINVAL, "reset 2");
	T(vmm_parse_reset("") == -EINVAL, "reset empty");
	T(vmm_parse_reset("11") == -EINVAL, "reset 11");
}

static void test_names(void)
{
	unsigned int i, j;

	for (i = 0; i < VMM_NR_STATS; i++) {
		T(vmm_stat_names[i] && strlen(vmm_stat_names[i]) > 0, "name set");
		for (j = 0; j < i; j++)
			T(strcmp(vmm_stat_names[i], vmm_stat_names[j]), "names unique");
	}
	T(!strcmp(vmm_stat_names[VMM_ST_ATTEMPTS], "merge.attempts"), "attempts");
	T(!strcmp(vmm_stat_names[VMM_ST_RESULT(VMM_RESULT_both)],
		  "merge.result.both"), "result index");
	T(!strcmp(vmm_stat_names[VMM_ST_PREV_anon_vma_chain],
		  "merge.prev.anon_vma_chain"), "prev reason index");
	T(!strcmp(vmm_stat_names[VMM_ST_NEXT_ok], "merge.next.ok"), "next reason");
	T(!strcmp(vmm_stat_names[VMM_ST_CALLER(VMM_CALLER_other)],
		  "merge.caller.other"), "caller index");
	T(!strcmp(vmm_stat_names[VMM_ST_EVENTS_DROPPED], "events.dropped"), "last");
}

int main(void)
{
	test_extents();
	test_copy_kind();
	test_comm();
	test_parse();
	test_names();
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
