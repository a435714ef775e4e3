#!/bin/sh
# fetch-promtool.sh: put Prometheus' promtool into $VMAMERGE_CACHE/promtool
# from Debian's prometheus package, unpacked, not installed (installing
# it would start a Prometheus server on the host).  Prints its path.
# Idempotent and quiet when cached.
set -eu
. "$(dirname "$0")/lib.sh"

dst="$VMAMERGE_CACHE/promtool"
if [ ! -e "$dst/.done" ]; then
	log "fetching Debian's prometheus package for promtool (once)"
	rm -rf "$dst"
	mkdir -p "$dst/deb"
	(cd "$dst/deb" && apt-get -o Acquire::Check-Valid-Until=false download prometheus) \
		>/dev/null 2>&1 || die "apt-get download prometheus failed"
	dpkg-deb -x "$dst"/deb/prometheus_*.deb "$dst/root"
	mv "$dst/root/usr/bin/promtool" "$dst/promtool"
	rm -rf "$dst/deb" "$dst/root"
	"$dst/promtool" --version > /dev/null 2>&1 || die "promtool does not run"
	touch "$dst/.done"
fi
echo "$dst/promtool"
