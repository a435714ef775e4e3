#!/bin/sh
# dkms-source.sh DEST: copy the module's source set, what DKMS needs in
# /usr/src/vmamerge-VERSION, into DEST: dkms.conf, Kbuild, Makefile,
# module/Kbuild, module/*.[ch] (not kbuild's *.mod.c), the build-time
# scripts (conftest, BTF layout) and the conftest probes; and the
# interface contract, doc/INTERFACE.md, which the sources refer to.
# (The Debian package's build runs this too, in its own copy of the tree,
# and installs doc/INTERFACE.md from there as a doc file.)
set -eu
. "$(dirname "$0")/lib.sh"

dest=${1:?usage: dkms-source.sh DEST}
r=$VMAMERGE_ROOT
mkdir -p "$dest/module" "$dest/scripts/conftest" "$dest/doc"
cp -p "$r/dkms.conf" "$r/Kbuild" "$r/Makefile" "$dest/"
cp -p "$r/doc/INTERFACE.md" "$dest/doc/"
cp -p "$r/module/Kbuild" "$dest/module/"
for f in "$r"/module/*.[ch]; do
	case "$f" in *.mod.c) ;; *) cp -p "$f" "$dest/module/" ;; esac
done
cp -p "$r/scripts/conftest.sh" "$r/scripts/vmg-layout.sh" \
	"$r/scripts/find-btf.sh" "$r/scripts/extract-vmlinux.sh" "$dest/scripts/"
cp -p "$r"/scripts/conftest/*.c "$dest/scripts/conftest/"
