#!/bin/sh
# extract-vmlinux.sh VMLINUZ OUT: decompress the ELF vmlinux (with its .BTF
# section) out of a bzImage, for a kernel whose headers carry no BTF and
# that is not the one running.  Tries every zstd, xz and gzip stream start
# in the image until one decompresses to an ELF file.
set -eu
img=$1
out=$2
[ -r "$img" ] || { echo "extract-vmlinux.sh: cannot read $img" >&2; exit 1; }

try() {		# try MAGIC DECOMPRESSOR...
	magic=$1
	shift
	# The offsets are numbers: splitting them on white space is intended.
	# shellcheck disable=SC2013
	for off in $(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1); do
		tail -c +$((off + 1)) "$img" | "$@" > "$out" 2>/dev/null || true
		if [ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			return 0
		fi
	done
	return 1
}

try '\x28\xb5\x2f\xfd' zstd -dc ||
	try '\xfd\x37\x7a\x58\x5a\x00' xz -dc ||
	try '\x1f\x8b\x08' gzip -dc || {
		rm -f "$out"
		echo "extract-vmlinux.sh: no compressed vmlinux found in $img" >&2
		exit 1
	}
