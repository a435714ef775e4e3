#!/bin/sh
# userland.sh: build, once, the real Debian userland the guest boots with
# VMM_USERLAND=1 (scripts/vm-run.sh): a debootstrapped bookworm (minbase)
# with a compiler, an interpreter, a database, a forking server with its
# allocators and the tracing tools, in $VMAMERGE_CACHE/userland-bookworm/:
#   root/        the root filesystem
#   root.cpio    root/ as one uncompressed newc cpio archive: the guest's
#                initramfs, to which vm-run.sh appends a small second
#                archive with /init, the module and the tests
#   versions     every installed package, PACKAGE=VERSION (dpkg-query)
#   key          what the cache was built from (release, packages, the
#                dpkg excludes); a different key rebuilds it
#   build.log    debootstrap's and apt's output
# Idempotent: a cached userland costs one line of output, the versions of
# the packages asked for.  One bookworm userland serves every kernel of the
# matrix: user space does not care which of them it runs on (bullseye's
# 5.10 included), and one root is one thing to cache and keep small.
set -eu
. "$(dirname "$0")/lib.sh"

REL=bookworm
# No recommends.  libmimalloc2.0 is bookworm's name (apt-cache policy in
# the chroot).  kmod: minbase has no insmod.  busybox: the reboot at the
# end (minbase has no init system).
PKGS="gcc make libc6-dev python3 sqlite3 redis-server redis-tools libjemalloc2
libmimalloc2.0 kmod busybox linux-perf trace-cmd bpftrace"
# dpkg never unpacks these (smaller root, smaller initramfs, faster boot):
# the guest reads no documentation and speaks only the C locale.
NODOC="path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
path-exclude=/usr/share/linda/*"
APT_OPTS="-o Acquire::Check-Valid-Until=false -o Acquire::Retries=3 -o DPkg::Lock::Timeout=600"

dir="$VMAMERGE_CACHE/userland-$REL"
key="$REL $(printf '%s\n%s\n' "$PKGS" "$NODOC" | cksum)"

# summary: the versions of the packages asked for, on one line.
summary() {
	printf 'userland %s:' "$REL"
	for p in $PKGS; do
		printf ' %s' "$(grep "^$p=" "$dir/versions")"
	done
	echo
}

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"
# Two checkouts asking at once: one builds, the other waits and finds it
# cached.
if [ -z "${VMM_USERLAND_LOCKED:-}" ]; then
	mkdir -p "$VMAMERGE_CACHE"
	VMM_USERLAND_LOCKED=1 exec flock "$VMAMERGE_CACHE/userland-$REL.lock" "$0" "$@"
fi
if [ -e "$dir/.done" ] && [ "$(cat "$dir/key")" = "$key" ]; then
	summary
	exit 0
fi

need_mirror
command -v debootstrap >/dev/null || "$VMAMERGE_ROOT/scripts/host-deps.sh"
# Built beside the cache and moved into place at the end: an interrupted
# build never leaves a root that looks finished.
new="$dir.new"
rm -rf "$new"
mkdir -p "$new"
t=$(date +%s)
blog="$new/build.log"
log "building the $REL userland in $dir (once; log: $blog, then $dir/build.log)"
root="$new/root"
debootstrap --variant=minbase "$REL" "$root" "$VMAMERGE_MIRROR" >"$blog" 2>&1 ||
	die "debootstrap $REL failed, see $blog"
printf '%s\n' "$NODOC" > "$root/etc/dpkg/dpkg.cfg.d/01-vmamerge-nodoc"
echo "deb $VMAMERGE_MIRROR $REL main" > "$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No daemon may start inside the chroot (redis-server's postinst would):
# invoke-rc.d asks policy-rc.d, and 101 means "not allowed".
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# shellcheck disable=SC2086
run_chroot "$root" apt-get $APT_OPTS update >>"$blog" 2>&1 ||
	die "apt-get update in the $REL userland failed, see $blog"
# shellcheck disable=SC2086
run_chroot "$root" apt-get $APT_OPTS install -y --no-install-recommends $PKGS \
	>>"$blog" 2>&1 || die "installing the userland's packages failed, see $blog"
# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
run_chroot "$root" dpkg-query -W -f '${Package}=${Version}\n' > "$new/versions" ||
	die "dpkg-query in the $REL userland failed"
for p in $PKGS; do
	grep -q "^$p=" "$new/versions" || die "package $p is not installed in the userland"
done
run_chroot "$root" apt-get clean >>"$blog" 2>&1 || die "apt-get clean failed, see $blog"
rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
# What debootstrap unpacked before the excludes were in place, apt's lists
# (the guest installs nothing), logs and caches of the build.
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
	"$root"/usr/share/locale/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* \
	"$root"/var/cache/debconf/*-old "$root"/var/log/* "$root"/tmp/*
# The initramfs: every file of the root, in a stable order, owned by root.
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
	> "$new/root.cpio" || die "cpio of the userland failed"
echo "$key" > "$new/key"
touch "$new/.done"
rm -rf "$dir"
mv "$new" "$dir"
log "userland built in $(($(date +%s) - t)) s: root $(du -sm "$dir/root" | cut -f1) MiB," \
	"root.cpio $(($(stat -c %s "$dir/root.cpio") / 1048576)) MiB"
summary
