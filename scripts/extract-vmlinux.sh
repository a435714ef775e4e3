#!/bin/sh
# extract-vmlinux.sh VMLINUZ OUT: decompress the ELF vmlinux (with its .BTF
# section) out of a bzImage, for a kernel whose headers carry no BTF and
# that is not the one running.  Tries every zstd, xz and gzip stream start
# in the image until one decompresses to an ELF file.
set -eu
img=$1
out=$2
[ -r "$img" ] || { echo "extract-vmlinux.sh: cannot read $img" >&2; exit 1; }

missing=
try() {		# try MAGIC DECOMPRESSOR...
	magic=$1
	shift
	offs=$(LC_ALL=C grep -obUaP "$magic" "$img" | cut -d: -f1)
	[ -n "$offs" ] || return 1
	if ! command -v "$1" >/dev/null 2>&1; then
		missing="$missing $1"	# a stream it cannot decompress
		return 1
	fi
	# The offsets are numbers: splitting them on white space is intended.
	for off in $offs; do
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
		if [ -n "$missing" ]; then
			echo "extract-vmlinux.sh: $img is compressed with${missing}, which is not installed (Debian package${missing})" >&2
		else
			echo "extract-vmlinux.sh: no compressed vmlinux found in $img" >&2
		fi
		exit 1
	}
