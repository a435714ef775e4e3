#!/bin/sh
# fetch-kernels.sh [GEN...]: get each kernel of the matrix (scripts/kernels.conf)
# from Debian's mirror into $VMAMERGE_CACHE: its bzImage and config, and its
# headers installed where modules can be built against them (on the host for
# kernels built with the host's gcc, in a debootstrapped chroot of the
# kernel's own release otherwise).  A kernel of kind "source" is built
# instead, once, in its release's chroot from Debian's linux-source package
# with allnoconfig and a config fragment (see kernels.conf), and what
# external modules need is installed there as /usr/src/linux-headers-KVER,
# like a headers package.  Idempotent: a cached kernel costs one line of
# output, the exact package versions it was fetched or built from.
#
# Per kernel, $VMAMERGE_CACHE/kernels/GEN/ holds:
#   vmlinuz  config  kver  where (host|chroot:DIR)  kdir  btf  versions  key
# and for a kernel built here also vmlinux (with its DWARF, to decode a
# splat's addresses: addr2line -e vmlinux ADDR) and build.log.
set -eu
. "$(dirname "$0")/lib.sh"

APT_OPTS="-o Acquire::Check-Valid-Until=false -o Acquire::Retries=3 -o DPkg::Lock::Timeout=600"

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

# What a kernel build needs in the chroot, and bpftool for the module's
# vma_merge_struct layout (as with Debian's 6.12+ kernels).
SRC_DEPS="make gcc libc6-dev binutils flex bison bc libelf-dev libssl-dev
dwarves python3 cpio kmod xz-utils bpftool"

# check_config FRAGMENT CONFIG: every line of FRAGMENT holds in CONFIG
# (CONFIG_X=V there verbatim, "# CONFIG_X is not set": no CONFIG_X=).
check_config() {
	awk '
	NR == FNR {
		if (/^CONFIG_/) want[$0] = 1
		else if (/^# CONFIG_[A-Za-z0-9_]+ is not set$/) unset[$2] = 1
		next
	}
	{ delete want[$0] }
	/^CONFIG_/ { n = $0; sub(/=.*/, "", n); if (n in unset) print "set, but must not be: " $0 }
	END { for (w in want) print "missing: " w }' "$1" "$2" | sort > "$2.bad"
	[ ! -s "$2.bad" ]
}

# build_source GEN SUITE KVER KD FRAGMENT: kind "source" (see kernels.conf).
build_source() {
	upstream=${3%%-*}			# 7.2.12
	lv=${3#"$upstream"}			# -vmmdebug
	[ -n "$lv" ] || die "kernel $1: ABI name $3 has no local version (7.2.12-NAME)"
	pkg=linux-source-$(echo "$upstream" | cut -d. -f1,2)
	rel=$(suite_release "$2")
	make_chroot "$rel"
	root=$(chroot_of "$rel")
	hdr=/usr/src/linux-headers-$3		# in the chroot, as a headers package
	b=/build/kernel-$1			# scratch, in the chroot
	rm -rf "$root$b" "$root$hdr"
	mkdir -p "$root$b/src"
	# shellcheck disable=SC2086
	run_chroot "$root" apt-get $APT_OPTS install -y --no-install-recommends \
		$SRC_DEPS >"$4/apt.log" 2>&1 ||
		die "installing a kernel build's tools in $rel failed, see $4/apt.log"
	run_chroot "$root" sh -c "cd $b && apt-get $APT_OPTS download $pkg" \
		>>"$4/apt.log" 2>&1 || die "downloading $pkg failed, see $4/apt.log"
	deb=$(find "$root$b" -maxdepth 1 -name "${pkg}_*.deb")
	[ -f "$deb" ] || die "no $pkg package downloaded, see $4/apt.log"
	srcver=$(dpkg-deb -f "$deb" Version)
	case "$srcver" in
	"$upstream"-*) ;;
	*) die "kernel $1: $pkg in $2 is $srcver, not $upstream: update $KCONF" ;;
	esac
	{
		cat "$5"
		echo "CONFIG_LOCALVERSION=\"$lv\""
		echo "# CONFIG_LOCALVERSION_AUTO is not set"
	} > "$root$b/allno.config"
	log "kernel $1: building $pkg $srcver in the $rel chroot (once; log: $4/build.log)"
	t=$(date +%s)
	run_chroot "$root" sh -c "set -e; cd $b
		dpkg-deb --fsys-tarfile ${deb##*/} | tar -xO ./usr/src/$pkg.tar.xz |
			tar -xJ -C src --strip-components=1
		rm ${deb##*/}
		cd src
		make KCONFIG_ALLCONFIG=$b/allno.config allnoconfig" > "$4/build.log" 2>&1 ||
		{ tail -n 20 "$4/build.log" >&2; die "configuring kernel $1 failed, log: $4/build.log"; }
	check_config "$root$b/allno.config" "$root$b/src/.config" || {
		sed 's/^/    /' "$root$b/src/.config.bad" >&2
		die "kernel $1: allnoconfig with $5 does not give what it asks (a dependency is missing)"
	}
	# Everything external modules need, as Debian's headers packages
	# have it: install-extmod-build's files, .config, System.map and a
	# vmlinux with only the BTF (the module's build reads it).
	run_chroot "$root" sh -c "set -e; cd $b/src
		make -j\$(nproc) all
		make -s kernelrelease > ../kernelrelease
		make run-command KBUILD_RUN_COMMAND='\$(srctree)/scripts/package/install-extmod-build $hdr'
		cp .config System.map $hdr/
		objcopy --only-section=.BTF --only-section=.BTF_ids vmlinux $hdr/vmlinux" \
		>> "$4/build.log" 2>&1 ||
		{ tail -n 30 "$4/build.log" >&2; die "building kernel $1 failed, log: $4/build.log"; }
	[ "$(cat "$root$b/kernelrelease")" = "$3" ] ||
		die "kernel $1: built as $(cat "$root$b/kernelrelease"), not $3"
	for f in Makefile .config Module.symvers include/generated/autoconf.h vmlinux; do
		[ -s "$root$hdr/$f" ] || die "kernel $1: no $hdr/$f after the build"
	done
	cp "$root$b/src/arch/x86/boot/bzImage" "$4/vmlinuz"
	cp "$root$b/src/.config" "$4/config"
	mv "$root$b/src/vmlinux" "$4/vmlinux"
	rm -rf "$root$b"
	log "kernel $1: built in $(($(date +%s) - t)) s"
	echo "chroot:$root" > "$4/where"
	echo "$hdr" > "$4/kdir"
	echo "$root$hdr/vmlinux" > "$4/btf"
	# shellcheck disable=SC2016
	{
		echo "$pkg=$srcver"
		cc=gcc-$(chroot "$root" gcc -dumpversion)
		echo "$cc=$(chroot "$root" dpkg-query -W -f '${Version}' "$cc")"
		echo "dwarves=$(chroot "$root" dpkg-query -W -f '${Version}' dwarves)"
		echo "${5##*/}=$(cksum < "$5" | cut -d' ' -f1)"
	} > "$4/versions"
}

# fetch GEN
fetch() {
	gen=$1
	suite=$(kfield "$gen" 2)
	kver=$(kfield "$gen" 3)
	where=$(kfield "$gen" 4)
	[ -n "$kver" ] || die "unknown kernel generation '$gen' (see $KCONF)"
	kd=$(kdir_of "$gen")
	# What the cache must match: the ABI name, and for a kernel built
	# here also its config fragment.
	key=$kver
	if [ "$where" = source ]; then
		frag="$VMAMERGE_ROOT/scripts/$(kopt "$gen" config)"
		[ -f "$frag" ] || die "kernel $gen: no config fragment $frag (config= in $KCONF)"
		key="$kver $(cksum < "$frag")"
	fi
	cached=
	if [ -e "$kd/key" ]; then cached=$(cat "$kd/key")
	elif [ -e "$kd/kver" ]; then cached=$(cat "$kd/kver")	# older caches
	fi
	if [ -e "$kd/.done" ] && [ "$cached" = "$key" ]; then
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
	rm -rf "$kd"
	mkdir -p "$kd"
	if [ "$where" = source ]; then
		build_source "$gen" "$suite" "$kver" "$kd" "$frag"
	else
		fetch_debian "$gen" "$suite" "$kver" "$where" "$kd"
	fi
	echo "$kver" > "$kd/kver"
	echo "$key" > "$kd/key"
	touch "$kd/.done"
	echo "kernel $gen: $(tr '\n' ' ' < "$kd/versions")"
}

# fetch_debian GEN SUITE KVER WHERE KD: Debian's image and headers packages.
fetch_debian() {
	gen=$1 suite=$2 kver=$3 where=$4 kd=$5
	log "fetching kernel $gen ($kver from $suite)"
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
	{
		for deb in "$kd"/debs/*.deb; do
			echo "$(dpkg-deb -f "$deb" Package)=$(dpkg-deb -f "$deb" Version)"
		done
		echo "linux-headers-$kver=$hdrver"
	} > "$kd/versions"
	rm -rf "$kd/debs"
}

[ "$(id -u)" = 0 ] || die "must run as root (apt, debootstrap, chroot)"
need_mirror
if [ $# -eq 0 ]; then
	# shellcheck disable=SC2046
	set -- $(gens)
fi
for g in "$@"; do
	fetch "$g"
done
