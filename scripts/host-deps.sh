#!/bin/sh
# host-deps.sh: install the Debian 12 packages vmamerge's build, VM tests and
# checks need on the host.  Quiet and quick when everything is there.
set -eu
. "$(dirname "$0")/lib.sh"

PKGS="make gcc libc6-dev libelf-dev bc qemu-system-x86 busybox-static cpio
debootstrap zstd bpftool xz-utils perl python3 jq shellcheck graphviz mandoc
groff-base systemd openssl kmod gnuplot-nox"

missing=
for p in $PKGS; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
[ "$(id -u)" = 0 ] || die "need root to install:$missing"
log "installing:$missing"
apt-get -o Acquire::Check-Valid-Until=false update >/dev/null
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null
