#!/bin/sh
# make-deb.sh: build $VMAMERGE_BUILD/vmamerge-dkms_VERSION_all.deb (`make deb`)
# with debhelper and dh-dkms (installed from the mirror if missing), from a
# copy of the sources in $VMAMERGE_BUILD/deb/, so the tree stays clean.  The
# package installs the module's source to /usr/src/vmamerge-VERSION and
# registers it with DKMS, plus the vmamerge command, its man page, the
# textfile collector's systemd units and the interface contract
# (/usr/share/doc/vmamerge-dkms/INTERFACE.md).  Prints the .deb's path.
set -eu
. "$(dirname "$0")/lib.sh"

r=$VMAMERGE_ROOT
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$r/dkms.conf")
chl=$(sed -n '1s/^vmamerge (\([^)]*\)).*/\1/p' "$r/debian/changelog")
if [ -z "$ver" ] || [ "$ver" != "$chl" ]; then
	die "dkms.conf's PACKAGE_VERSION ($ver) and debian/changelog ($chl) differ"
fi
extras="scripts/vmamerge scripts/vmamerge-textfile doc/vmamerge.8
contrib/systemd/vmamerge-textfile.service contrib/systemd/vmamerge-textfile.timer
contrib/prometheus/vmamerge-alerts.yml contrib/prometheus/vmamerge-alerts.test.yml"
for f in $extras; do
	[ -e "$r/$f" ] || [ -n "${VMM_DEB_PLACEHOLDERS:-}" ] ||
		die "missing $f, which the package installs"
done
if ! dpkg -s debhelper dh-dkms >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || die "install debhelper and dh-dkms, or run as root"
	log "installing debhelper and dh-dkms (once)"
	apt-get install -y --no-install-recommends debhelper dh-dkms \
		>"$VMAMERGE_BUILD/deb-deps.log" 2>&1 ||
		die "installing debhelper and dh-dkms failed, see $VMAMERGE_BUILD/deb-deps.log"
fi

top="$VMAMERGE_BUILD/deb"
st="$top/vmamerge-$ver"
rm -rf "$top"
mkdir -p "$st/scripts"
"$r/scripts/dkms-source.sh" "$st"
cp -pR "$r/debian" "$st/"
cp -p "$r/scripts/lib.sh" "$r/scripts/dkms-source.sh" "$st/scripts/"
for f in $extras; do
	mkdir -p "$(dirname "$st/$f")"
	if [ -e "$r/$f" ]; then
		cp -p "$r/$f" "$st/$f"
	else	# VMM_DEB_PLACEHOLDERS=1: only to test the packaging early
		log "warning: $f missing, packaging a placeholder"
		printf '#!/bin/sh\necho placeholder\n' > "$st/$f"
		chmod 755 "$st/$f"
	fi
done
if ! (cd "$st" && dpkg-buildpackage -b -us -uc) > "$top/build.log" 2>&1; then
	tail -n 20 "$top/build.log" >&2
	die "dpkg-buildpackage failed, log: $top/build.log"
fi
deb="$VMAMERGE_BUILD/vmamerge-dkms_${ver}_all.deb"
mv "$top/vmamerge-dkms_${ver}_all.deb" "$deb"
echo "$deb"
