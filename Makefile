# vmamerge: build the module for a kernel, and run everything else.
#
#   make                          vmamerge.ko for the running kernel
#   make KVER=6.1.0-56-amd64      ... for another installed kernel
#   make KDIR=/path/to/headers    ... against any kernel build tree
#   make check                    all tests, on all four kernels (QEMU)
#   make demo                     boot a kernel with the module, show it work
#   make bench-topology           the topology files at scale, per kernel
#
# Generated files (conftest results, the BTF-derived vma_merge_struct layout)
# go to $(OUT), never next to the sources.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
OUT ?= $(CURDIR)/build/$(KVER)
# BTF of the target kernel, for the vma_merge_struct layout (6.12+): by
# default found by scripts/find-btf.sh (headers, running kernel, bzImage).
BTF ?=

.PHONY: all modules clean check demo unit install bench-topology

all: modules

$(OUT)/vmm_config.h $(OUT)/vmm_config.mk: scripts/conftest.sh $(wildcard scripts/conftest/*.c)
	@test -d "$(KDIR)" || { echo "no kernel build tree at $(KDIR): install linux-headers-$(KVER) or set KDIR" >&2; exit 1; }
	@mkdir -p $(OUT)
	scripts/conftest.sh $(KDIR) $(OUT)

# The layout is needed only where conftest found the vmg generation.
$(OUT)/vmm_vmg_layout.h: $(OUT)/vmm_config.mk scripts/vmg-layout.sh scripts/find-btf.sh
	@if grep -q 'VMM_GEN := vmg' $(OUT)/vmm_config.mk; then \
		btf=$$(scripts/find-btf.sh "$(KVER)" "$(KDIR)" "$(OUT)" "$(BTF)") || \
			btf=/nonexistent/no-btf-for-$(KVER); \
		scripts/vmg-layout.sh "$$btf" $@ || { \
		if [ -n "$(VMM_ALLOW_NO_LAYOUT)" ]; then \
			echo "building without a vma_merge_struct layout: its probes stay off" >&2; \
		else \
			echo "error: this kernel merges through the private struct vma_merge_struct, whose layout comes from the kernel's BTF: install bpftool, and give BTF=... or have \$$KDIR/vmlinux, /sys/kernel/btf/vmlinux (running kernel) or /boot/vmlinuz-$(KVER); VMM_ALLOW_NO_LAYOUT=1 builds with those probes off" >&2; \
			exit 1; fi; }; \
	else echo "/* no struct vma_merge_struct in this kernel */" > $@; fi

modules: $(OUT)/vmm_config.h $(OUT)/vmm_vmg_layout.h
	$(MAKE) -C $(KDIR) M=$(CURDIR) VMM_OUT=$(OUT) modules

install: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) VMM_OUT=$(OUT) modules_install

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) VMM_OUT=$(OUT) clean 2>/dev/null
	rm -rf build

unit:
	tests/unit/run.sh

check:
	scripts/check.sh

demo:
	scripts/demo.sh

bench-topology:
	scripts/bench-topology.sh
