// SPDX-License-Identifier: GPL-2.0
/*
 * loadmod FILE [PARAMS]: load a module with one finit_module() and print
 * "loaded", or the errno's name (ENOENT, EEXIST, ...) if the kernel
 * refused it; exit 0 only if it loaded.  busybox insmod cannot tell which
 * errno: it prints "unknown symbol in module, or unknown parameter" for
 * ENOENT, and retries a refused finit_module() with init_module(), which
 * runs the module's init a second time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *name;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: loadmod FILE [PARAMS]\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "loadmod: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (syscall(SYS_finit_module, fd, argc > 2 ? argv[2] : "", 0) == 0) {
		printf("loaded\n");
		return 0;
	}
	name = strerrorname_np(errno);
	if (name)
		printf("%s\n", name);
	else
		printf("errno %d\n", errno);
	return 1;
}
