#!/bin/sh
# run.sh: build and run the host unit tests of the module's pure logic,
# and of the topology read against a stand-in kernel (test_topo.c), with
# warnings as errors and under AddressSanitizer/UBSan.
# Prints "PASS unit/NAME" or "FAIL unit/NAME" per test program.
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"
out="$VMAMERGE_BUILD/unit"
mkdir -p "$out"
m="$VMAMERGE_ROOT/module"
rc=0
for t in "$VMAMERGE_ROOT"/tests/unit/test_*.c; do
	n=$(basename "$t" .c)
	# test_topo includes topology.c and topo_emit.c themselves, built
	# against kmock/, the kernel they need stood in for (kernel code does
	# not build with -Wunused-parameter, which -Wextra turns on).
	case $n in
	test_topo) set -- -I "$VMAMERGE_ROOT/tests/unit/kmock" -Wno-unused-parameter ;;
	*) set -- "$m/outcome.c" "$m/names.c" "$m/classify.c" ;;
	esac
	# __always_inline: the kernel's, which kbuild's compiler_types.h defines.
	if gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -D'__always_inline=inline __attribute__((__always_inline__))' \
		-I "$m" -o "$out/$n" "$t" "$@" && "$out/$n"; then
		echo "PASS unit/$n"
	else
		echo "FAIL unit/$n"
		rc=1
	fi
done
exit $rc
