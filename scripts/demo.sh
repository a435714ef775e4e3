#!/bin/sh
# demo.sh [GEN]: the main job, end to end.  Fetch a kernel (default 6.12),
# build vmamerge for it, boot it under QEMU, run a small real workload with
# the module loaded and print what the module's status and stats files say.
# Output is also kept in $VMAMERGE_BUILD/demo/.
set -eu
. "$(dirname "$0")/lib.sh"

gen=${1:-${VMAMERGE_DEMO_KERNEL:-6.12}}
[ "$(id -u)" = 0 ] || die "run as root: it installs packages and boots a kernel"
"$VMAMERGE_ROOT/scripts/host-deps.sh"
"$VMAMERGE_ROOT/scripts/fetch-kernels.sh" "$gen"
"$VMAMERGE_ROOT/scripts/build-module.sh" "$gen"
suite="$VMAMERGE_BUILD/demo/suite"
mkdir -p "$VMAMERGE_BUILD/demo"
echo "demo sh /tests/demo.sh" > "$suite"
rc=0
"$VMAMERGE_ROOT/scripts/vm-run.sh" "$gen" "$suite" > "$VMAMERGE_BUILD/demo/run.log" || rc=$?
log="$VMAMERGE_BUILD/$gen/console.log"
sed -n '/^VMMT BEGIN demo$/,/^VMMT END demo /p' "$log" |
	grep -v -e '^VMMT' -e '^\[ *[0-9.]*\] ' > "$VMAMERGE_BUILD/demo/output.txt"
cat "$VMAMERGE_BUILD/demo/output.txt"
if [ $rc -ne 0 ]; then
	cat "$VMAMERGE_BUILD/demo/run.log" >&2
	die "the demo guest failed; console log: $log"
fi
echo "(kept in $VMAMERGE_BUILD/demo/output.txt)"
