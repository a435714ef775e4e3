#!/bin/sh
# find-btf.sh KVER KDIR OUT [BTF]: print the path of the target kernel's BTF,
# for the vma_merge_struct layout.  In order: BTF if given; KDIR/vmlinux
# (Debian's 6.12+ headers ship the kernel's BTF there); the running kernel's
# /sys/kernel/btf/vmlinux if KVER is running; a vmlinux extracted from
# /boot/vmlinuz-KVER or /usr/lib/modules/KVER/vmlinuz into OUT.  Prints
# nothing (exit 1) if there is none.
set -eu
kver=$1
kdir=$2
out=$3
btf=${4:-}

if [ -n "$btf" ]; then
	echo "$btf"
elif [ -r "$kdir/vmlinux" ]; then
	echo "$kdir/vmlinux"
elif [ "$kver" = "$(uname -r)" ] && [ -r /sys/kernel/btf/vmlinux ]; then
	echo /sys/kernel/btf/vmlinux
else
	imgs=
	for img in "/boot/vmlinuz-$kver" "/usr/lib/modules/$kver/vmlinuz"; do
		[ -r "$img" ] || continue
		imgs="$imgs $img"
		if "$(dirname "$0")/extract-vmlinux.sh" "$img" "$out/vmlinux"; then
			echo "$out/vmlinux"
			exit 0
		fi
	done
	echo "find-btf.sh: no BTF for $kver: no $kdir/vmlinux, not the running kernel, and ${imgs:+no vmlinux could be extracted from}${imgs:-no /boot/vmlinuz-$kver or /usr/lib/modules/$kver/vmlinuz}" >&2
	exit 1
fi
