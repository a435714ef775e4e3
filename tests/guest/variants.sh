#!/bin/sh
# variants.sh GEN: build the module variants the guest tests load besides
# vmamerge.ko: vmamerge-nolayout.ko, built as if the target's BTF could not
# be found (only for kernels whose merges need the vma_merge_struct layout).
set -eu
. "$(dirname "$0")/../../scripts/lib.sh"
gen=$1
out="$VMAMERGE_BUILD/$gen"
rm -f "$out/vmamerge-nolayout.ko"
if grep -q 'VMM_GEN_NAME "vmg"' "$out/vmm_config.h"; then
	VMM_KO_NAME=vmamerge-nolayout.ko "$VMAMERGE_ROOT/scripts/build-module.sh" \
		"$gen" BTF=/nonexistent VMM_ALLOW_NO_LAYOUT=1 >/dev/null
fi
