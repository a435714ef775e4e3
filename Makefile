# vmamerge: build the module for a kernel, and run everything else.
#
#   make                          vmamerge.ko for the running kernel
#   make KVER=6.1.0-56-amd64      ... for another installed kernel
#   make KDIR=/path/to/headers    ... against any kernel build tree
#   make install                  the module, the CLI (vmamerge), its man page,
#                                 the interface contract (doc/INTERFACE.md)
#   make sign                     sign it for Secure Boot (DKMS's MOK key)
#   make check                    all tests, on all four kernels (QEMU)
#   make demo                     boot a kernel with the module, show it work
#   make study                    the merge-failure study: real programs on
#                                 four kernels, report and plots in doc/study/
#   make bench-topology           the topology files at scale, per kernel
#   make deb                      build/vmamerge-dkms_VERSION_all.deb (DKMS)
#   make check-dkms               DKMS and the package, per kernel, in chroots
#   make bench                    the module's overhead per operation, per
#                                 kernel, against a bare kretprobe (QEMU)
#   make bench-scale              whether that overhead grows with the CPUs
#                                 merging at once (-smp 1, 2, 4, QEMU)
#   make profile [GEN=6.12] [OP=mprotect]
#                                 where that overhead goes: instructions
#                                 per symbol and source line (QEMU plugin)
#
# Generated files (conftest results, the BTF-derived vma_merge_struct layout)
# go to $(OUT), never next to the sources.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
OUT ?= $(CURDIR)/build/$(KVER)
# BTF of the target kernel, for the vma_merge_struct layout (6.12+): by
# default found by scripts/find-btf.sh (headers, running kernel, bzImage).
BTF ?=

.PHONY: all modules clean check demo study unit install install-tools sign bench-topology deb check-dkms bench bench-scale profile

all: modules

# One conftest.sh run writes both files: two targets of one rule would run
# it twice at once under make -j (DKMS builds with -j), racing on OUT.
$(OUT)/vmm_config.mk: $(OUT)/vmm_config.h
$(OUT)/vmm_config.h: scripts/conftest.sh $(wildcard scripts/conftest/*.c)
	@test -d "$(KDIR)" || { echo "no kernel build tree at $(KDIR): install linux-headers-$(KVER) or set KDIR" >&2; exit 1; }
	@mkdir -p $(OUT)
	scripts/conftest.sh $(KDIR) $(OUT)

# The layout is needed only where conftest found the vmg generation;
# vmg-layout.sh says what is missing if it cannot be derived.
$(OUT)/vmm_vmg_layout.h: $(OUT)/vmm_config.mk scripts/vmg-layout.sh scripts/find-btf.sh
	@if grep -q 'VMM_GEN := vmg' $(OUT)/vmm_config.mk; then \
		btf=$$(scripts/find-btf.sh "$(KVER)" "$(KDIR)" "$(OUT)" "$(BTF)") || \
			btf=/nonexistent/no-btf-for-$(KVER); \
		scripts/vmg-layout.sh "$$btf" $@ "$(KVER)" "$(KDIR)" "$(VMM_ALLOW_NO_LAYOUT)"; \
	else echo "/* no struct vma_merge_struct in this kernel */" > $@; fi

modules: $(OUT)/vmm_config.h $(OUT)/vmm_vmg_layout.h
	$(MAKE) -C $(KDIR) M=$(CURDIR) VMM_OUT=$(OUT) modules

install: modules install-tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) VMM_OUT=$(OUT) modules_install

# The command-line front end, the textfile helper and their man page and
# systemd units, and the interface contract (the Debian package installs
# the same files; its contract is in /usr/share/doc/vmamerge-dkms/).
PREFIX ?= /usr
DOCDIR ?= $(PREFIX)/share/doc/vmamerge
install-tools:
	install -D -m 755 scripts/vmamerge $(DESTDIR)$(PREFIX)/sbin/vmamerge
	install -D -m 755 scripts/vmamerge-textfile $(DESTDIR)$(PREFIX)/sbin/vmamerge-textfile
	install -D -m 644 doc/vmamerge.8 $(DESTDIR)$(PREFIX)/share/man/man8/vmamerge.8
	install -D -m 644 doc/INTERFACE.md $(DESTDIR)$(DOCDIR)/INTERFACE.md
	install -D -m 644 -t $(DESTDIR)/lib/systemd/system contrib/systemd/vmamerge-textfile.service contrib/systemd/vmamerge-textfile.timer

# Secure Boot: sign module/vmamerge.ko with the key DKMS enrolls as a MOK
# (`dkms generate_mok`, then `mokutil --import /var/lib/dkms/mok.pub`), or
# with SIGN_KEY/SIGN_CERT; `modinfo -F signer module/vmamerge.ko` shows it.
SIGN_KEY ?= /var/lib/dkms/mok.key
SIGN_CERT ?= /var/lib/dkms/mok.pub
SIGN_HASH ?= sha256
sign: modules
	@test -r "$(SIGN_KEY)" && test -r "$(SIGN_CERT)" || { echo "no signing key $(SIGN_KEY) / certificate $(SIGN_CERT): run 'dkms generate_mok' (and enroll it with mokutil --import), or give SIGN_KEY= SIGN_CERT=" >&2; exit 1; }
	@test -x "$(KDIR)/scripts/sign-file" || { echo "no $(KDIR)/scripts/sign-file: install linux-headers-$(KVER)" >&2; exit 1; }
	$(KDIR)/scripts/sign-file $(SIGN_HASH) $(SIGN_KEY) $(SIGN_CERT) module/vmamerge.ko
	@modinfo -F signer module/vmamerge.ko

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) VMM_OUT=$(OUT) clean 2>/dev/null
	rm -rf build

unit:
	tests/unit/run.sh

check:
	scripts/check.sh

demo:
	scripts/demo.sh

study:
	scripts/study.sh

bench-topology:
	scripts/bench-topology.sh

bench:
	scripts/bench.sh

bench-scale:
	scripts/bench-scale.sh

profile:
	scripts/profile.sh $(or $(GEN),6.12) $(or $(OP),mprotect)

deb:
	scripts/make-deb.sh

check-dkms:
	scripts/dkms-test.sh
