#!/bin/sh
# fetch-kernels.sh [GEN...]: get each kernel of the matrix (scripts/kernels.conf)
# from Debian's mirror into $VMAMERGE_CACHE: its bzImage and config, and its
# headers installed where modules can be built against them (on the host for
# kernels built with the host's gcc, in a debootstrapped chroot of the
# kernel's own release otherwise).  Idempotent: a cached kernel costs one
# line of output, the exact package versions it was fetched as.
#
# Per kernel, $VMAMERGE_CACHE/kernels/GEN/ holds:
#   vmlinuz  config  kver  where (host|chroot:DIR)  kdir  btf  versions
set -eu
. "$(dirname "$0")/lib.sh"

APT_OPTS="-o Acquire::Check-Valid-Until=false -o Acquire::Retries=3"

host_apt_sources() {
	f=/etc/apt/sources.list.d/vmamerge-backports.sources
	[ -e "$f" ] && return 0
	# The project's own source file: bookworm-backports (6.12) is not
	# in Debian 12's default sources.
	cat > "$f" <<-EOF
	Types: deb
	URIs: $VMAMERGE_MIRROR
	Suites: bookworm-backports
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	# shellcheck disable=SC2086
	apt-get $APT_OPTS update >/dev/null
}

# make_chroot RELEASE: a minimal chroot of that release with a compiler.
make_chroot() {
	rel=$1
	dir=$(chroot_of "$rel")
	[ -e "$dir/.vmamerge-ready" ] && return 0
	command -v debootstrap >/dev/null || "$VMAMERGE_ROOT/scripts/host-deps.sh"
	log "debootstrapping $rel into $dir (once)"
	rm -rf "$dir"
	script=
	# Bookworm's debootstrap has no script for releases newer than trixie.
	[ -e "/usr/share/debootstrap/scripts/$rel" ] ||
		script=/usr/share/debootstrap/scripts/sid
	# shellcheck disable=SC2086
	debootstrap --variant=minbase --include=ca-certificates \
		"$rel" "$dir" "$VMAMERGE_MIRROR" $script >"$dir.log" 2>&1 ||
		die "debootstrap $rel failed, see $dir.log"
	echo "deb $VMAMERGE_MIRROR $rel main" > "$dir/etc/apt/sources.list"
	cp /etc/resolv.conf "$dir/etc/resolv.conf"
	# shellcheck disable=SC2086
	run_chroot "$dir" apt-get $APT_OPTS update >>"$dir.log" 2>&1 ||
		die "apt-get update in $rel chroot failed, see $dir.log"
	# shellcheck disable=SC2086
	run_chroot "$dir" apt-get $APT_OPTS install -y --no-install-recommends \
		make gcc libc6-dev >>"$dir.log" 2>&1 ||
		die "installing a compiler in $rel chroot failed, see $dir.log"
	touch "$dir/.vmamerge-ready"
}

# fetch GEN
fetch() {
	gen=$1
	suite=$(kfield "$gen" 2)
	kver=$(kfield "$gen" 3)
	where=$(kfield "$gen" 4)
	[ -n "$kver" ] || die "unknown kernel generation '$gen' (see $KCONF)"
	kd=$(kdir_of "$gen")
	if [ -e "$kd/.done" ] && [ "$(cat "$kd/kver")" = "$kver" ]; then
		w=$(cat "$kd/where")
		r=
		[ "$w" = host ] || r=${w#chroot:}
		# The headers may have been removed since (apt autoremove).
		if [ -d "$r$(cat "$kd/kdir")" ]; then
			echo "kernel $gen: $(tr '\n' ' ' < "$kd/versions")"
			return 0
		fi
		log "kernel $gen: its headers are gone, fetching again"
	fi
	log "fetching kernel $gen ($kver from $suite)"
	rm -rf "$kd"
	mkdir -p "$kd/debs"
	imgpkgs="linux-image-$kver"
	case "$gen" in
	7.*) imgpkgs="$imgpkgs linux-binary-$kver" ;;
	esac
	if [ "$where" = host ]; then
		host_apt_sources
		root=
		# shellcheck disable=SC2086
		(cd "$kd/debs" && apt-get $APT_OPTS download $imgpkgs) >/dev/null 2>&1 ||
			die "apt-get download $imgpkgs failed"
		# shellcheck disable=SC2086
		apt-get $APT_OPTS install -y --no-install-recommends \
			"linux-headers-$kver" >"$kd/apt.log" 2>&1 ||
			die "installing linux-headers-$kver failed, see $kd/apt.log"
		hdrver=$(dpkg-query -W -f '${Version}' "linux-headers-$kver")
		echo host > "$kd/where"
	else
		rel=$(suite_release "$suite")
		make_chroot "$rel"
		root=$(chroot_of "$rel")
		# shellcheck disable=SC2086
		run_chroot "$root" apt-get $APT_OPTS install -y \
			--no-install-recommends "linux-headers-$kver" \
			>"$kd/apt.log" 2>&1 ||
			die "installing linux-headers-$kver in $rel failed, see $kd/apt.log"
		# A kernel with BTF in its headers needs bpftool for the
		# vma_merge_struct layout, built in the same chroot.
		if [ -e "$root/usr/src/linux-headers-$kver/vmlinux" ]; then
			# shellcheck disable=SC2086
			run_chroot "$root" apt-get $APT_OPTS install -y \
				--no-install-recommends bpftool >>"$kd/apt.log" 2>&1 ||
				die "installing bpftool in $rel failed, see $kd/apt.log"
		fi
		rm -rf "$root/tmp/debs" && mkdir -p "$root/tmp/debs"
		# shellcheck disable=SC2086
		run_chroot "$root" sh -c "cd /tmp/debs && apt-get $APT_OPTS download $imgpkgs" \
			>>"$kd/apt.log" 2>&1 ||
			die "downloading $imgpkgs failed, see $kd/apt.log"
		mv "$root"/tmp/debs/*.deb "$kd/debs/"
		# shellcheck disable=SC2016
		hdrver=$(chroot "$root" dpkg-query -W -f '${Version}' "linux-headers-$kver")
		echo "chroot:$root" > "$kd/where"
	fi
	echo "/usr/src/linux-headers-$kver" > "$kd/kdir"
	# Extract only the boot files: the modules are not needed in the guest.
	mkdir -p "$kd/x"
	for deb in "$kd"/debs/*.deb; do
		dpkg-deb --fsys-tarfile "$deb" |
			tar -x -C "$kd/x" --wildcards --no-anchored \
			'vmlinuz*' 'config-*' 2>/dev/null || true
	done
	img=$(find "$kd/x" -name 'vmlinuz*' -type f | head -n 1)
	[ -n "$img" ] || die "no vmlinuz in $imgpkgs"
	mv "$img" "$kd/vmlinuz"
	cfg=$(find "$kd/x" -name "config-$kver" -type f | head -n 1)
	[ -n "$cfg" ] && mv "$cfg" "$kd/config"
	rm -rf "$kd/x"
	btf="$root/usr/src/linux-headers-$kver/vmlinux"
	if [ -r "$btf" ]; then echo "$btf" > "$kd/btf"; else : > "$kd/btf"; fi
	echo "$kver" > "$kd/kver"
	{
		for deb in "$kd"/debs/*.deb; do
			echo "$(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)"
		done
		echo "linux-headers-$kver=$hdrver"
	} > "$kd/versions"
	rm -rf "$kd/debs"
	touch "$kd/.done"
	echo "kernel $gen: $(tr '\n' ' ' < "$kd/versions")"
}

[ "$(id -u)" = 0 ] || die "must run as root (apt, debootstrap, chroot)"
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2046
	set -- $(gens)
fi
for g in "$@"; do
	fetch "$g"
done
