#!/bin/sh
# dkms-chroot.sh RELEASE [KVER...]: print the path of the DKMS test chroot of
# a Debian release, $VMAMERGE_CACHE/dkms-RELEASE, a stand-in for a user's
# machine: debootstrap --variant=minbase (or a copy of fetch-kernels.sh's
# build chroot of the release, made that way), then from the mirror
# `apt-get install --no-install-recommends dkms`, and per kernel KVER its
# linux-image and linux-headers (plus bpftool where the headers carry BTF,
# i.e. the kernel needs it).  bookworm also gets -updates, -security (6.1)
# and -backports (6.12).
# Made once, extended per kernel, quiet when cached; log: dkms-RELEASE.log.
#
# update-initramfs is diverted to a no-op before any kernel is installed:
# nothing boots from the chroot (the tests boot the cached bzImage with an
# initramfs of their own), and building one costs a minute per kernel.
set -eu
. "$(dirname "$0")/lib.sh"

rel=$1
shift
dir="$VMAMERGE_CACHE/dkms-$rel"
logf="$dir.log"
APT_OPTS="-o Acquire::Check-Valid-Until=false -o Acquire::Retries=3 -o APT::Install-Recommends=false -o Dpkg::Use-Pty=0"

apt_in() {	# apt_in ARGS...: apt-get in the chroot, output to the log
	# shellcheck disable=SC2086
	run_chroot "$dir" apt-get $APT_OPTS "$@" >>"$logf" 2>&1
}

mkdir -p "$VMAMERGE_CACHE"
if [ ! -e "$dir/.vmamerge-dkms-ready" ]; then
	need_mirror
	# A half-made chroot of an interrupted run: never recurse into the
	# host's /dev or /proc mounted there.
	for m in "$dir/dev" "$dir/proc"; do
		! mountpoint -q "$m" || umount "$m" || umount -l "$m"
	done
	rm -rf --one-file-system "$dir"
	seed=$(chroot_of "$rel")
	if [ -e "$seed/.vmamerge-ready" ]; then
		# fetch-kernels.sh's build chroot of the release: debootstrapped
		# the same way, plus what dkms pulls in anyway (gcc, make,
		# libc6-dev) and the headers.  Copying it saves minutes.
		log "copying $seed to $dir (once; log: $logf)"
		cp -ax "$seed" "$dir" 2>"$logf" || die "copying $seed failed, see $logf"
		rm -rf "$dir/build" "$dir/tmp/debs" "$dir/.vmamerge-ready"
	else
		command -v debootstrap >/dev/null || "$VMAMERGE_ROOT/scripts/host-deps.sh"
		log "debootstrapping $rel into $dir (once; log: $logf)"
		script=
		[ -e "/usr/share/debootstrap/scripts/$rel" ] ||
			script=/usr/share/debootstrap/scripts/sid
		# shellcheck disable=SC2086
		debootstrap --variant=minbase "$rel" "$dir" "$VMAMERGE_MIRROR" \
			$script >"$logf" 2>&1 || die "debootstrap $rel failed, see $logf"
	fi
	{
		echo "deb $VMAMERGE_MIRROR $rel main"
		if [ "$rel" = bookworm ]; then	# as on a Debian 12 machine
			echo "deb $VMAMERGE_MIRROR $rel-updates main"
			echo "deb $VMAMERGE_MIRROR-security $rel-security main"
			echo "deb $VMAMERGE_MIRROR $rel-backports main"
		fi
	} > "$dir/etc/apt/sources.list"
	cp /etc/resolv.conf "$dir/etc/resolv.conf"
	run_chroot "$dir" sh -c 'dpkg-divert --local --rename \
		--divert /usr/sbin/update-initramfs.vmamerge \
		--add /usr/sbin/update-initramfs &&
		printf "#!/bin/sh\nexit 0\n" > /usr/sbin/update-initramfs &&
		chmod 755 /usr/sbin/update-initramfs' >>"$logf" 2>&1 ||
		die "diverting update-initramfs in $dir failed, see $logf"
	apt_in update || die "apt-get update in $dir failed, see $logf"
	apt_in install -y dkms || die "installing dkms in $dir failed, see $logf"
	touch "$dir/.vmamerge-dkms-ready"
fi
# The kernels not installed yet, in one apt-get run.
# initramfs-tools (its update-initramfs diverted), else forky picks dracut.
pkgs=
new=
for kver in "$@"; do
	[ -e "$dir/.vmamerge-kernel-$kver" ] && continue
	new="$new $kver"
	pkgs="$pkgs linux-image-$kver linux-headers-$kver"
	case "$kver" in
	7.*) pkgs="$pkgs linux-binary-$kver" ;;
	esac
done
if [ -n "$new" ]; then
	log "installing the kernels$new and their headers in $dir (once)"
	# shellcheck disable=SC2086
	apt_in install -y initramfs-tools $pkgs ||
		die "installing$pkgs in $dir failed, see $logf"
	for kver in $new; do
		# A kernel whose headers carry BTF needs bpftool to build.
		if [ -e "$dir/usr/src/linux-headers-$kver/vmlinux" ] &&
			[ ! -e "$dir/usr/sbin/bpftool" ]; then
			apt_in install -y bpftool ||
				die "installing bpftool in $dir failed, see $logf"
		fi
		touch "$dir/.vmamerge-kernel-$kver"
	done
fi
echo "$dir"
