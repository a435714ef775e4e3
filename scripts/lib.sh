# shellcheck shell=sh
# Common settings for vmamerge's scripts.  Sourced, never run.

: "${VMAMERGE_CACHE:=/var/cache/vmamerge}"
# The repository: the first directory above the running script that holds
# scripts/lib.sh (scripts live in scripts/ and tests/*/).
VMAMERGE_ROOT=$(cd "$(dirname "$0")" && pwd)
while [ ! -e "$VMAMERGE_ROOT/scripts/lib.sh" ] && [ "$VMAMERGE_ROOT" != / ]; do
	VMAMERGE_ROOT=$(dirname "$VMAMERGE_ROOT")
done
: "${VMAMERGE_BUILD:=$VMAMERGE_ROOT/build}"
KCONF="$VMAMERGE_ROOT/scripts/kernels.conf"
export VMAMERGE_CACHE VMAMERGE_ROOT VMAMERGE_BUILD

die() { echo "${0##*/}: $*" >&2; exit 1; }
log() { echo "${0##*/}: $*" >&2; }
# result FILE PASS|FAIL NAME [DETAIL]: one test result, "PASS NAME" or
# "FAIL NAME (DETAIL)", printed and appended to FILE: the only line format
# check.sh counts (tests/host/results.py writes the same for Python).
result() { _rf=$1; shift; echo "$1 $2${3:+ ($3)}" | tee -a "$_rf"; }

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

# kopt GEN KEY [DEFAULT]: VALUE of the KEY=VALUE option in GEN's matrix line
# (columns 5 on), or DEFAULT.
kopt() {
	_v=$(awk -v g="$1" -v k="$2=" '!/^#/ && $1 == g {
		for (i = 5; i <= NF; i++)
			if (index($i, k) == 1) print substr($i, length(k) + 1) }' "$KCONF")
	echo "${_v:-${3:-}}"
}

# dist_gens: the generations that are Debian's own kernels, not built here
# from source (kind "source"): what DKMS, the Debian package, checkpatch's
# source and the benchmarks are about.
dist_gens() {
	for _g in $(gens); do
		[ "$(kfield "$_g" 4)" = source ] || printf '%s ' "$_g"
	done
}

# suite_of GEN: the guest test suite booted on GEN (its suite= option).
suite_of() {
	echo "$VMAMERGE_ROOT/tests/guest/$(kopt "$1" suite suite)"
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
# /dev mounted for the duration of the command only, in a mount namespace
# of its own: several checkouts share a release's chroot, and a command
# that ends must not unmount /proc or /dev under another one's build (a
# kernel build runs there for many minutes).  The mounts go away with the
# namespace, whatever way the command ends.
run_chroot() {
	_r=$1; shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private /bin/sh -c '
		mount -t proc proc "$0/proc" && mount --bind /dev "$0/dev" &&
		exec chroot "$0" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"' \
		"$_r" "$@"
}

# need_mirror: set VMAMERGE_MIRROR, unless it is set already, to the Debian
# archive this machine's apt configuration takes packages from: the URI of
# the first configured release that is a bare codename (not -updates,
# -security or -backports).  Chroots, guest userlands and kernels then come
# from wherever the machine's own packages come from.
apt_archive() {
	# shellcheck disable=SC2016 # apt's format, not the shell's
	apt-get indextargets --format '$(REPO_URI) $(RELEASE)' |
		awk '$2 ~ /^[a-z]+$/ { sub(/\/$/, "", $1); print $1; exit }'
}
need_mirror() {
	if [ -z "${VMAMERGE_MIRROR:-}" ]; then
		VMAMERGE_MIRROR=$(apt_archive)
		# apt lists only what it has fetched lists of: fresh machine.
		[ -n "$VMAMERGE_MIRROR" ] || { apt-get update -qq >&2 && VMAMERGE_MIRROR=$(apt_archive); }
		[ -n "$VMAMERGE_MIRROR" ] ||
			die "no Debian archive in apt's configuration (apt-get indextargets); set VMAMERGE_MIRROR"
	fi
	export VMAMERGE_MIRROR
}
