# shellcheck shell=sh
# Common settings for vmamerge's scripts.  Sourced, never run.

: "${VMAMERGE_CACHE:=/var/cache/vmamerge}"
: "${VMAMERGE_MIRROR:=http://deb.debian.org/debian}"
# The repository: the first directory above the running script that holds
# scripts/lib.sh (scripts live in scripts/ and tests/*/).
VMAMERGE_ROOT=$(cd "$(dirname "$0")" && pwd)
while [ ! -e "$VMAMERGE_ROOT/scripts/lib.sh" ] && [ "$VMAMERGE_ROOT" != / ]; do
	VMAMERGE_ROOT=$(dirname "$VMAMERGE_ROOT")
done
: "${VMAMERGE_BUILD:=$VMAMERGE_ROOT/build}"
KCONF="$VMAMERGE_ROOT/scripts/kernels.conf"
export VMAMERGE_CACHE VMAMERGE_MIRROR VMAMERGE_ROOT VMAMERGE_BUILD

die() { echo "${0##*/}: $*" >&2; exit 1; }
log() { echo "${0##*/}: $*" >&2; }

# All generations, in matrix order (or $VMAMERGE_KERNELS, space separated).
gens() {
	if [ -n "${VMAMERGE_KERNELS:-}" ]; then
		echo "$VMAMERGE_KERNELS"
	else
		awk '!/^#/ && NF { printf "%s ", $1 }' "$KCONF"
	fi
}

# kfield GEN N: column N of the matrix line for GEN.
kfield() {
	awk -v g="$1" -v n="$2" '!/^#/ && $1 == g { print $n }' "$KCONF"
}

kdir_of() {			# where the extracted kernel of GEN lives
	echo "$VMAMERGE_CACHE/kernels/$1"
}

suite_release() {		# the Debian release a suite belongs to
	case "$1" in
	*-backports|*-updates|*-security) echo "${1%-*}" ;;
	*) echo "$1" ;;
	esac
}

chroot_of() {			# the build chroot of a release
	echo "$VMAMERGE_CACHE/chroot-$1"
}

# run_chroot DIR CMD...: run a command inside a chroot with /proc and
# /dev mounted for the duration of the command only.
run_chroot() {
	_r=$1; shift
	mountpoint -q "$_r/proc" || mount -t proc proc "$_r/proc"
	mountpoint -q "$_r/dev" || mount --bind /dev "$_r/dev"
	_rc=0
	chroot "$_r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@" || _rc=$?
	umount "$_r/dev" 2>/dev/null || umount -l "$_r/dev"
	umount "$_r/proc" 2>/dev/null || umount -l "$_r/proc"
	return $_rc
}
