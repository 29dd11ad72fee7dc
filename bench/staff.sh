#!/usr/bin/env bash
# staff.sh - the staff workspace with 100,000 generated learners: the review queue and the
# learner list (filters, sorts, searches, next pages; area admin and state admin) must answer
# in <= 50 ms of server time (the access log's "ms"). Prints p50 / p99 / max per page.
#
#   bench/staff.sh [BINARY]        (make bench runs it through bench/run.sh)
#
# The 100,000 people (`skillgate test-staff-data`) take a minute or two to generate; the
# database is kept in build/bench/ and reused while the schema is the same (delete it, or
# set STAFF_FRESH=1, to generate again). Environment: STAFF_N (default 100000), ROUNDS
# (requests per page, default 20), SERVER_THREADS (default 4), TARGET_MS (default 50);
# BENCH_STRICT=1 exits 1 when the p99 is over the target.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/skillgate}
# shellcheck source=bench/lib.sh
. bench/lib.sh
bench_tmp staff
CACHE=$BENCH_STAFF_CACHE
DIR=$BENCH_TMP
DB=$SKILLGATE_DB

mkdir -p build/bench
version=$("$BIN" --db "$DIR/probe.sqlite3" migrate | awk '{print $NF}')
if [ "${STAFF_FRESH:-0}" != 1 ] && [ -f "$CACHE" ] && [ -f "$CACHE.version" ] &&
	[ "$(cat "$CACHE.version")" = "$version" ]; then
	cp "$CACHE" "$DB"
	echo "staff: reusing $CACHE ($STAFF_N people)"
else
	"$BIN" migrate >/dev/null
	start=$(date +%s)
	# programs to enroll in, so the enrollment filters meet real enrollments
	for k in $(seq 24); do
		"$BIN" test-learning program "bench-staff-program-$k" --title "Bench Program $k" >/dev/null
	done
	"$BIN" test-staff-data "$STAFF_N" --pending 5 --seed 7
	"$BIN" staff add bench.state@example.org --role state_admin --password bench-state-admin >/dev/null
	"$BIN" staff add bench.area@example.org --role area_admin --area new-york-city \
		--password bench-area-admin >/dev/null
	echo "staff: generated in $(($(date +%s) - start)) s"
	cp "$DB" "$CACHE"
	echo "$version" >"$CACHE.version"
fi

# a warm-up round (fills the page cache), then the measured rounds
bench_measure "$BIN" bench/staff.py
if ! bench_p99 "staff:" staff_p99_ms; then
	[ "${BENCH_STRICT:-0}" = 1 ] && exit 1
fi
exit 0
