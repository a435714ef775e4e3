#!/bin/sh
# prom-rules.sh: test contrib/prometheus/vmamerge-alerts.yml with promtool:
# `promtool check rules`, its own unit test (vmamerge-alerts.test.yml), and
# a test generated from a metrics file as the module writes it (default:
# tests/host/fixtures/metrics-maps.prom; give a guest's real
# /sys/kernel/debug/vmamerge/metrics to test the rule on real output).
# The generated test scrapes that file's vmamerge_map_count_limit and
# vmamerge_process_vmas samples once a minute for 20 minutes, with
# vmamerge_map_count_limit lowered so that the process with the most VMAs
# is at 95% of it (a real guest is far from its limit), and expects the
# alert for exactly the processes at 90% or more, with the labels the
# module wrote.  With a second argument "as-is", the file's own
# vmamerge_map_count_limit is kept (a guest made a process near it) and at
# least one alert must be expected.  Prints "ok"/"not ok" lines; exits
# non-zero on a failure.
# shellcheck disable=SC2016 # awk programs
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
metrics=${1:-$root/tests/host/fixtures/metrics-maps.prom}
asis=0
[ "${2:-}" = as-is ] && asis=1
# promtool: the host's, else the one scripts/fetch-promtool.sh caches in
# $VMAMERGE_CACHE (fetched if it is not there yet).
promtool=${VMAMERGE_PROMTOOL:-$(command -v promtool || "$root/scripts/fetch-promtool.sh")}
rules=$root/contrib/prometheus/vmamerge-alerts.yml
failed=0
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; failed=1; }
[ -x "$promtool" ] || { notok "no promtool (scripts/fetch-promtool.sh)"; exit 1; }
T=$(mktemp -d /tmp/vmamerge-prom.XXXXXX)
trap 'rm -rf "$T"' EXIT

if "$promtool" check rules "$rules" > "$T/log" 2>&1; then ok "promtool check rules"
else cat "$T/log"; notok "promtool check rules"; fi
if (cd "$root/contrib/prometheus" && "$promtool" test rules vmamerge-alerts.test.yml) > "$T/log" 2>&1; then
	ok "promtool test rules vmamerge-alerts.test.yml"
else
	cat "$T/log"; notok "promtool test rules vmamerge-alerts.test.yml"
fi

cp "$rules" "$T/rules.yml"
awk -v inst='host:9100' -v asis="$asis" '
function unesc(s) { gsub(/\\\\/, "\001", s); gsub(/\\"/, "\"", s); gsub(/\\n/, "\n", s); gsub(/\001/, "\\", s); return s }
function yq(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
/^vmamerge_process_vmas\{/ {
	lab = $0; sub(/^[^{]*\{/, "", lab); sub(/\} [-0-9]+$/, "", lab)
	v = $NF
	t = lab; sub(/^tgid="/, "", t); sub(/".*/, "", t)
	c = lab; sub(/^tgid="[0-9]+",comm="/, "", c); sub(/"$/, "", c)
	n++; L[n] = lab; V[n] = v; TG[n] = t; CM[n] = unesc(c)
	if (v > top) top = v
}
/^vmamerge_map_count_limit / { have_max = 1; lim = $2 }
END {
	if (!have_max || !n) { print "no vmamerge_map_count_limit or vmamerge_process_vmas samples" > "/dev/stderr"; exit 1 }
	max = asis ? lim : int(top / 0.95)
	print "rule_files:\n  - rules.yml\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:"
	printf "      - series: %s\n        values: \"%dx20\"\n", yq("vmamerge_map_count_limit{instance=\"" inst "\",job=\"node\"}"), max
	for (i = 1; i <= n; i++)
		printf "      - series: %s\n        values: \"%dx20\"\n", yq("vmamerge_process_vmas{instance=\"" inst "\",job=\"node\"," L[i] "}"), V[i]
	print "    alert_rule_test:\n      - eval_time: 10m\n        alertname: VmamergeMapCountNearLimit\n        exp_alerts:"
	for (i = 1; i <= n; i++) {
		if (V[i] / max < 0.9) continue
		fired++
		printf "          - exp_labels:\n              severity: warning\n              instance: %s\n              job: node\n              tgid: %s\n              comm: %s\n", yq(inst), yq(TG[i]), yq(CM[i])
		printf "            exp_annotations:\n              summary: %s\n", yq(CM[i] " (pid " TG[i] ") on " inst " uses 90% or more of vm.max_map_count")
		printf "              description: %s\n", yq("Its VMAs are near the kernel\047s limit; run `vmamerge audit " TG[i] "` there to see why and how many a merge would save, or raise vm.max_map_count.")
	}
	if (!fired) print "          []"
	if (asis && !fired) { print "as-is: no process at 90% of the limit " lim > "/dev/stderr"; exit 1 }
}' "$metrics" > "$T/test.yml" || { notok "generating a test from $metrics"; exit 1; }
if (cd "$T" && "$promtool" test rules test.yml) > "$T/log" 2>&1; then
	ok "promtool test rules on $(basename "$metrics")$([ $asis = 1 ] && echo ", its own limit") ($(grep -c 'exp_labels' "$T/test.yml") alerts expected)"
else
	cat "$T/log" "$T/test.yml"; notok "promtool test rules on $metrics"
fi
exit "$failed"
