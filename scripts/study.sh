#!/bin/sh
# study.sh: `make study`, the merge-failure study: why the kernel's VMA
# merges fail under real programs, on 5.10, 6.1, 6.12 and 7.2.
#
# One boot per kernel of the real Debian userland (VMM_USERLAND=1, see
# scripts/vm-run.sh) runs tests/guest/suite-study: each workload with
# vmamerge's counters reset before it and printed after it.  Then
# scripts/study-report.py turns the four console logs into the report,
# doc/study/README.md, with its raw data (study.tsv) and plots (gnuplot:
# reasons.svg, kernels.svg).
#
# Any boot that fails (a test of the suite, the boot itself, a splat on
# the console), or books that do not balance in the counters, fail the
# study: no report is made from a partial or unbalanced run (an unbalanced
# one is written with its warnings, for a look, and the exit is non-zero).
# VMM_STUDY_NO_BOOT=1: no boot, only the report from the last run's logs.
set -eu
. "$(dirname "$0")/lib.sh"

GENS="5.10 6.1 6.12 7.2"

if [ "${VMM_STUDY_NO_BOOT:-0}" = 0 ]; then
	[ "$(id -u)" = 0 ] || die "run as root: it installs packages and boots kernels"
	"$VMAMERGE_ROOT/scripts/host-deps.sh"
	# shellcheck disable=SC2086 # one argument per kernel
	"$VMAMERGE_ROOT/scripts/fetch-kernels.sh" $GENS
	for g in $GENS; do
		"$VMAMERGE_ROOT/scripts/build-module.sh" "$g" >/dev/null
	done
fi
# The plots are the report's, not optional: gnuplot before any boot, so a
# missing package does not cost a whole run.
if ! command -v gnuplot >/dev/null 2>&1; then
	[ "$(id -u)" = 0 ] || die "gnuplot missing; need root to install gnuplot-nox"
	log "installing gnuplot-nox"
	apt-get -o Acquire::Check-Valid-Until=false update >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		gnuplot-nox >/dev/null
fi

if [ "${VMM_STUDY_NO_BOOT:-0}" = 0 ]; then
	failed=
	for g in $GENS; do
		run="$VMAMERGE_BUILD/$g/userland"
		# Never a report from an earlier boot's log.
		rm -f "$run/console.log" "$run/results"
		log "$g: booting the study guest (console: $run/console.log)"
		if VMM_USERLAND=1 VMM_HOST_CHECKS=0 "$VMAMERGE_ROOT/scripts/vm-run.sh" \
			"$g" "$VMAMERGE_ROOT/tests/guest/suite-study"; then :; else
			log "$g: FAILED (exit $?): results $run/results, console $run/console.log"
			failed="$failed $g"
		fi
	done
	[ -z "$failed" ] || die "the study guest failed on:$failed; no report"
fi

# From the repository, with paths relative to it where they can be: the
# report's header shows the command line, and no build machine's paths.
cd "$VMAMERGE_ROOT"
build=${VMAMERGE_BUILD#"$VMAMERGE_ROOT"/}
set --
for g in $GENS; do
	run="$build/$g/userland"
	[ -e "$run/console.log" ] || die "$g: no console log ($run/console.log)"
	[ -e "$run/results" ] || die "$g: no results file ($run/results)"
	set -- "$@" "$g=$run/console.log:$run/results"
done
mkdir -p doc/study
python3 scripts/study-report.py doc/study "$@" ||
	die "study-report.py failed (exit $?): see above; doc/study is not to be published"
log "report: $VMAMERGE_ROOT/doc/study/README.md"
