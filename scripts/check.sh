#!/bin/sh
# check.sh: everything `make check` runs, ending with "N passed, N failed".
#
#   1. host packages, the four kernels and checkpatch.pl into the cache
#   2. the W=1 build for every kernel of the matrix (warnings fail it)
#   3. checkpatch --no-tree on the module, shellcheck on the scripts
#   4. host unit tests of the pure logic, the CLI against fake debugfs
#      trees, the sample Prometheus alert rule with promtool test rules
#   5. the guest tests, one QEMU boot per kernel (trace events, metrics
#      through promtool, the CLI included); make sign with a throwaway key
#   6. DKMS and the Debian package in a chroot per release, each module
#      booted (scripts/dkms-test.sh, also `make check-dkms`)
#
# A kernel whose module does not build counts its guest tests as failed,
# never as skipped.  VMAMERGE_KERNELS="6.12 7.2" narrows the matrix.
set -eu
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "run as root: it installs packages and boots kernels"
results="$VMAMERGE_BUILD/check.results"
mkdir -p "$VMAMERGE_BUILD"
: > "$results"
t0=$(date +%s)

phase() { echo "== $* ($(($(date +%s) - t0))s)"; }
record() { result "$results" "$@"; }

phase "setup"
"$VMAMERGE_ROOT/scripts/host-deps.sh"
"$VMAMERGE_ROOT/scripts/fetch-kernels.sh"
"$VMAMERGE_ROOT/scripts/fetch-checkpatch.sh"
"$VMAMERGE_ROOT/scripts/fetch-promtool.sh" >/dev/null

phase "build (W=1)"
built=
for g in $(gens); do
	if "$VMAMERGE_ROOT/scripts/build-module.sh" "$g" >/dev/null; then
		record PASS "$g/build" "W=1, no warnings"
		built="$built $g"
	else
		record FAIL "$g/build" "log: $VMAMERGE_BUILD/$g/build.log"
	fi
done

phase "style"
cp="$VMAMERGE_CACHE/checkpatch/scripts/checkpatch.pl"
files=
for f in "$VMAMERGE_ROOT"/module/*.[ch]; do
	case "$f" in
	*.mod.c) ;;			# kbuild's own
	*/vmm_vocab.h) ;;		# below
	*) files="$files $f" ;;
	esac
done
# vmm_vocab.h's X-macro lists and expanders cannot be what checkpatch
# wants of a macro (parenthesised, every argument used: see its comment);
# it alone is checked without those rules.
vocab_ignore=COMPLEX_MACRO,MACRO_ARG_UNUSED,BRACKET_SPACE,TRAILING_SEMICOLON
# shellcheck disable=SC2086
if perl "$cp" --no-tree --terse -f $files > "$VMAMERGE_BUILD/checkpatch.log" 2>&1 &&
	perl "$cp" --no-tree --terse --ignore "$vocab_ignore" \
		-f "$VMAMERGE_ROOT/module/vmm_vocab.h" >> "$VMAMERGE_BUILD/checkpatch.log" 2>&1; then
	record PASS checkpatch "$(cat "$VMAMERGE_CACHE/checkpatch/version")"
else
	cat "$VMAMERGE_BUILD/checkpatch.log"
	record FAIL checkpatch "log: $VMAMERGE_BUILD/checkpatch.log"
fi
if shellcheck -s sh -e SC1091 "$VMAMERGE_ROOT"/scripts/*.sh "$VMAMERGE_ROOT"/tests/guest/*.sh \
	"$VMAMERGE_ROOT"/tests/guest/init "$VMAMERGE_ROOT"/tests/guest/init-real \
	"$VMAMERGE_ROOT"/tests/guest/build.sh \
	"$VMAMERGE_ROOT"/scripts/vmamerge "$VMAMERGE_ROOT"/scripts/vmamerge-textfile \
	"$VMAMERGE_ROOT"/tests/host/*.sh \
	"$VMAMERGE_ROOT"/tests/unit/run.sh > "$VMAMERGE_BUILD/shellcheck.log" 2>&1; then
	record PASS shellcheck
else
	cat "$VMAMERGE_BUILD/shellcheck.log"
	record FAIL shellcheck "log: $VMAMERGE_BUILD/shellcheck.log"
fi

# The cache is wherever VMAMERGE_CACHE says: only lib.sh may name its
# default, or a script finds what it needs only in the default one (the
# promtool tests did, and failed with any other cache).
# (The pattern in two pieces, so that this file does not match itself.)
if grep -rln '/var/cache/''vmamerge' "$VMAMERGE_ROOT/scripts" "$VMAMERGE_ROOT/tests" \
	"$VMAMERGE_ROOT/Makefile" "$VMAMERGE_ROOT/.ci" | grep -v '/scripts/lib\.sh$' \
	> "$VMAMERGE_BUILD/cache-path.log"; then
	cat "$VMAMERGE_BUILD/cache-path.log"
	record FAIL cache-path "the cache's default path outside scripts/lib.sh"
else
	record PASS cache-path "only scripts/lib.sh names the cache's default path"
fi

phase "unit tests"
# run.sh prints "PASS unit/NAME" or "FAIL unit/NAME" per test program.  A
# program without its line (run.sh died before it) is a FAIL, and so is
# run.sh exiting non-zero without having printed a FAIL.
ulog="$VMAMERGE_BUILD/unit.results"
urc=0
"$VMAMERGE_ROOT/tests/unit/run.sh" > "$ulog" || urc=$?
grep -E '^(PASS|FAIL) unit/' "$ulog" | tee -a "$results"
for t in "$VMAMERGE_ROOT"/tests/unit/test_*.c; do
	n=$(basename "$t" .c)
	grep -Eqx "(PASS|FAIL) unit/$n" "$ulog" ||
		record FAIL "unit/$n" "no result: tests/unit/run.sh exit $urc"
done
if [ "$urc" != 0 ] && ! grep -q '^FAIL ' "$ulog"; then
	record FAIL unit/run.sh "exit $urc"
fi
# The command-line front end against fake debugfs trees: error paths, the
# textfile helper's atomic writes, the man page (the guest runs it for real).
if sh "$VMAMERGE_ROOT/tests/host/cli-host.sh" > "$VMAMERGE_BUILD/cli-host.log" 2>&1; then
	record PASS host/cli "$(grep -c '^ok' "$VMAMERGE_BUILD/cli-host.log") checks"
else
	grep '^not ok' "$VMAMERGE_BUILD/cli-host.log"
	record FAIL host/cli "log: $VMAMERGE_BUILD/cli-host.log"
fi
# The sample alert rule (contrib/prometheus): promtool check rules, its own
# unit test, and a test generated from metrics as the module writes them.
if VMAMERGE_PROMTOOL="$VMAMERGE_CACHE/promtool/promtool" \
	sh "$VMAMERGE_ROOT/tests/host/prom-rules.sh" > "$VMAMERGE_BUILD/prom-rules.log" 2>&1; then
	record PASS host/prom_rules "$(grep -c '^ok' "$VMAMERGE_BUILD/prom-rules.log") checks"
else
	grep '^not ok' "$VMAMERGE_BUILD/prom-rules.log"
	record FAIL host/prom_rules "log: $VMAMERGE_BUILD/prom-rules.log"
fi

# The guest tests' own helpers (tests/guest/lib.sh) under busybox sh: a
# check that cannot read its counters must fail.
if sh "$VMAMERGE_ROOT/tests/host/guestlib-host.sh" > "$VMAMERGE_BUILD/guestlib-host.log" 2>&1; then
	record PASS host/guestlib "$(grep -c '^ok' "$VMAMERGE_BUILD/guestlib-host.log") checks"
else
	grep '^not ok' "$VMAMERGE_BUILD/guestlib-host.log"
	record FAIL host/guestlib "log: $VMAMERGE_BUILD/guestlib-host.log"
fi

# make study's report generator against fixture console logs: parsing,
# the shares it computes, the books it refuses, the plots (gnuplot).
if python3 "$VMAMERGE_ROOT/tests/host/test_study_report.py" > "$VMAMERGE_BUILD/study-report.log" 2>&1; then
	record PASS host/study-report "$(grep -Eo '^Ran [0-9]+ tests' "$VMAMERGE_BUILD/study-report.log")"
else
	tail -n 20 "$VMAMERGE_BUILD/study-report.log"
	record FAIL host/study-report "log: $VMAMERGE_BUILD/study-report.log"
fi

# make sign (Secure Boot), with a throwaway key, for the host's 6.12
# headers: the module must carry that key's signature afterwards.
sk="$VMAMERGE_BUILD/sign"
k612=$(cat "$(kdir_of 6.12)/kver" 2>/dev/null || true)
rm -rf "$sk" && mkdir -p "$sk/src"
cp -r "$VMAMERGE_ROOT/Kbuild" "$VMAMERGE_ROOT/Makefile" "$VMAMERGE_ROOT/module" \
	"$VMAMERGE_ROOT/scripts" "$sk/src/"
rm -f "$sk"/src/module/*.o "$sk"/src/module/*.ko "$sk"/src/module/*.mod*
if openssl req -new -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=vmamerge check key/" \
	-outform DER -keyout "$sk/key.pem" -out "$sk/cert.der" > "$sk/log" 2>&1 &&
	make -C "$sk/src" sign KVER="$k612" SIGN_KEY="$sk/key.pem" \
		SIGN_CERT="$sk/cert.der" >> "$sk/log" 2>&1 &&
	[ "$(modinfo -F signer "$sk/src/module/vmamerge.ko")" = "vmamerge check key" ]; then
	record PASS host/sign "$k612"
else
	tail -n 5 "$sk/log"
	record FAIL host/sign "log: $sk/log"
fi

phase "guest tests"
# vm-run.sh writes a result per test of the suite, GEN/boot and GEN/console
# (and the host checkers' lines).  Should it die before writing some of
# them (or any: no stale file from an earlier run is read), each missing
# one is a FAIL, and so is vm-run.sh exiting non-zero without a FAIL line.
for g in $(gens); do
	case " $built " in
	*" $g "*)
		s=$(date +%s)
		gres="$VMAMERGE_BUILD/$g/results"
		rm -f "$gres"
		vrc=0
		"$VMAMERGE_ROOT/scripts/vm-run.sh" "$g" || vrc=$?
		[ ! -e "$gres" ] || cat "$gres" >> "$results"
		{ grep -v '^#' "$(suite_of "$g")"; echo boot; echo console; } |
		while read -r n _; do
			[ -n "$n" ] || continue
			grep -Eq "^(PASS|FAIL) $g/$n( |\$)" "$gres" 2>/dev/null ||
				record FAIL "$g/$n" "no result: scripts/vm-run.sh exit $vrc"
		done
		if [ "$vrc" != 0 ] && ! grep -q '^FAIL ' "$gres" 2>/dev/null; then
			record FAIL "$g/vm-run" "exit $vrc"
		fi
		echo "   ($g: $(($(date +%s) - s))s)"
		;;
	*)
		grep -v '^#' "$(suite_of "$g")" | while read -r n _; do
			[ -n "$n" ] && record FAIL "$g/$n" "not run: the module did not build"
		done
		;;
	esac
done

phase "DKMS and the Debian package"
# After the guest tests, never beside them: it boots each kernel twice.
# Its results file is read only if this run wrote it; no result at all, or
# an exit status that is not 0 without a FAIL line, is a FAIL.
dres="$VMAMERGE_BUILD/dkms/results"
rm -f "$dres"
drc=0
"$VMAMERGE_ROOT/scripts/dkms-test.sh" > "$VMAMERGE_BUILD/dkms.log" 2>&1 || drc=$?
if grep -Eq '^(PASS|FAIL) ' "$dres" 2>/dev/null; then
	grep -E '^(PASS|FAIL) ' "$dres" | tee -a "$results"
else
	record FAIL dkms "no results (exit $drc): $VMAMERGE_BUILD/dkms.log"
fi
if [ "$drc" != 0 ] && ! grep -q '^FAIL ' "$dres" 2>/dev/null; then
	record FAIL dkms/exit "exit $drc without a FAIL line: $VMAMERGE_BUILD/dkms.log"
fi
cat "$VMAMERGE_BUILD/dkms/status" 2>/dev/null || true	# the dkms status lines

phase "done"
echo "per kernel:"
for g in $(gens); do
	p=$(grep -c "^PASS $g/" "$results" || true)
	f=$(grep -c "^FAIL $g/" "$results" || true)
	k=$(sed -n "s|^# kernel $g: \([^,]*\),.*|\1|p" "$results" | head -n 1)
	echo "  $g ${k:-?}: $p passed, $f failed"
done
grep '^FAIL' "$results" || true
passed=$(grep -c '^PASS' "$results" || true)
failed=$(grep -c '^FAIL' "$results" || true)
echo "took $(($(date +%s) - t0))s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
