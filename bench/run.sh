#!/usr/bin/env bash
# bench/run.sh - the benchmarks `make bench` runs (after the Makefile has built the binary).
#
#   bash bench/run.sh [BINARY]          BINARY defaults to build/skillgate
#
# 1. Pages against nginx (bench/lib.sh): skillgate on a fresh seeded database and nginx on
#    loopback, wrk against both, the ratio against its target. Add a page with one
#    bench_path line below.
# 2. Every other bench/*.sh (not lib.sh, not this file) runs next as `bash FILE BINARY`; each
#    starts what it needs and prints its own results.
# Results go to the terminal and to build/bench/results.txt. Exit status: 1 when a server
# misbehaved, a benchmark failed, or (with BENCH_STRICT=1) a ratio is below its target.
# Environment: see bench/lib.sh (BENCH_SECONDS=5 and friends); BENCH_ONLY=NAME runs only the
# page NAME or the script NAME.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/skillgate}
# shellcheck source=bench/lib.sh
. bench/lib.sh
trap 'bench_stop >/dev/null 2>&1 || true' EXIT
trap 'exit 130' INT TERM

mkdir -p "$(dirname "$BENCH_RESULTS")"
{
	echo "# skillgate benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(git describe --always --dirty 2>/dev/null || echo dev)"
	echo "# $(nproc) cores; wrk -t$BENCH_THREADS -c$BENCH_CONNECTIONS -d${BENCH_SECONDS}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$BENCH_RESULTS"
status=0
want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }

if want home; then
	bench_start "$BIN"
	bench_path home / 0.60
	# later pages, e.g.: want explore && bench_path explore "/explore?q=data" 0.40
	bench_stop || status=1
fi

for script in bench/*.sh; do
	name=$(basename "$script" .sh)
	case $name in lib | run) continue ;; esac
	want "$name" || continue
	echo
	echo "== $name" | tee -a "$BENCH_RESULTS"
	if ! bash "$script" "$BIN" 2>&1 | tee -a "$BENCH_RESULTS"; then
		echo "bench: $script failed" | tee -a "$BENCH_RESULTS"
		status=1
	fi
done

echo
echo "results: $BENCH_RESULTS"
if [ "$BENCH_BELOW" -gt 0 ]; then
	echo "$BENCH_BELOW page benchmark(s) below target"
	[ "${BENCH_STRICT:-0}" = 1 ] && status=1
fi
exit $status
