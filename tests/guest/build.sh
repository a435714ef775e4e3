#!/bin/sh
# build.sh: compile the guest test programs as static binaries into
# $VMAMERGE_BUILD/guest/bin (rebuilt only when a source changed).
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"
bin="$VMAMERGE_BUILD/guest/bin"
mkdir -p "$bin"
src="$VMAMERGE_ROOT/tests/guest"
for c in "$src"/*.c; do
	n=$(basename "$c" .c)
	if [ ! -e "$bin/$n" ] || [ -n "$(find "$c" "$src/vmmt.h" -newer "$bin/$n")" ]; then
		gcc -static -O2 -Wall -Wextra -Werror -o "$bin/$n" "$c" -lpthread
	fi
done
