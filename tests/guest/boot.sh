# shellcheck shell=sh
# The guests' common /init steps, sourced by tests/guest/init (busybox) and
# tests/guest/init-real (the Debian userland): one copy of the suite loop,
# so that both report over the serial console in the same VMMT lines.

# boot_mount: the file systems the tests need.
boot_mount() {
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t devtmpfs dev /dev
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t tmpfs tmp /tmp
	mkdir -p /sys/kernel/tracing && mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	echo "VMMT KERNEL $(uname -r)"
}

# boot_load: load the module; a failed load is reported, and the tests then
# fail on their own.
boot_load() {
	if insmod /vmamerge.ko; then
		echo "VMMT INSMOD ok"
	else
		echo "VMMT INSMOD failed"
	fi
}

# boot_suite: every test of /tests/suite with the time limit of
# /tests/limit, each between VMMT BEGIN and END lines, with its time.
boot_suite() {
	limit=$(cat /tests/limit 2>/dev/null || echo 300)
	while read -r name cmd; do
		case "$name" in ''|'#'*) continue ;; esac
		echo "VMMT BEGIN $name"
		cd /tmp || exit 1	# init exits: a panic, loud on the console
		t=$(date +%s)
		timeout "$limit" sh -c "$cmd" 2>&1
		rc=$?
		if [ "$rc" = 0 ]; then r=PASS; else r=FAIL; fi
		echo "VMMT END $name $r rc=$rc"
		echo "VMMT TIME $name $(($(date +%s) - t))s"
	done < /tests/suite
}
