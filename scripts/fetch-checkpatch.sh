#!/bin/sh
# fetch-checkpatch.sh: put the kernel's scripts/checkpatch.pl, with the data
# files it reads and the kernel's .clang-format, into
# $VMAMERGE_CACHE/checkpatch from Debian's linux-source package of the newest
# kernel of the matrix (the headers packages do not ship it).  Idempotent.
set -eu
. "$(dirname "$0")/lib.sh"

dst="$VMAMERGE_CACHE/checkpatch"
if [ -e "$dst/.done" ]; then
	echo "checkpatch: $(cat "$dst/version")"
	exit 0
fi
newest=$(dist_gens | awk '{ print $NF }')
suite=$(kfield "$newest" 2)
series=$(kfield "$newest" 3 | sed 's/^\([0-9]*\.[0-9]*\).*/\1/')
pkg="linux-source-$series"
"$VMAMERGE_ROOT/scripts/fetch-kernels.sh" "$newest" >/dev/null
where=$(cat "$(kdir_of "$newest")/where")
root=${where#chroot:}
[ "$where" = host ] && root=
log "fetching $pkg ($suite) for checkpatch.pl (once)"
rm -rf "$dst" "$root/tmp/src"
mkdir -p "$dst" "$root/tmp/src"
if [ -n "$root" ]; then
	run_chroot "$root" sh -c "cd /tmp/src && apt-get -o Acquire::Check-Valid-Until=false download $pkg" >/dev/null 2>&1
else
	(cd /tmp/src && apt-get -o Acquire::Check-Valid-Until=false download "$pkg") >/dev/null 2>&1
fi || die "apt-get download $pkg failed"
deb=$(ls "$root"/tmp/src/"$pkg"_*.deb)
dpkg-deb -f "$deb" Version > "$dst/version.v"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$root/tmp/src" --wildcards '*.tar.*'
tarball=$(ls "$root"/tmp/src/usr/src/"$pkg".tar.*)
tar -x -C "$dst" --strip-components=1 -f "$tarball" \
	"$pkg/scripts/checkpatch.pl" "$pkg/scripts/spelling.txt" \
	"$pkg/scripts/const_structs.checkpatch" "$pkg/.clang-format"
echo "$pkg=$(cat "$dst/version.v")" > "$dst/version"
rm -rf "$root/tmp/src" "$dst/version.v"
touch "$dst/.done"
echo "checkpatch: $(cat "$dst/version")"
