#!/usr/bin/env bash
# bench/usage_import.sh [BINARY] - imports a 1,000,000-line provider usage report and reports
# the seconds it took; fails when the first import takes more than 20 s.
#
# A fresh database gets 100,000 learners and 200 programs (the hidden `skillgate test-learning
# bench`), then bench/gen_usage.py writes the report (10 courses per learner, a fifth of them
# completed with a certificate; cached in build/bench/ while the generator is unchanged) and
# `skillgate progress import` reads it: the first import creates a million enrollments in one
# transaction; the second, of the same file, must change nothing.
#
# Prints, one per line, `usage_import_seconds N` (first import), `usage_reimport_seconds N`
# and `usage_import_rows_per_second N`, and ends with "usage_import: ok" or "usage_import:
# FAILED …". ROWS, LEARNERS, PROGRAMS and LIMIT (seconds) can be set in the environment.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/build/skillgate}")
ROWS=${ROWS:-1000000}
LEARNERS=${LEARNERS:-100000}
PROGRAMS=${PROGRAMS:-200}
LIMIT=${LIMIT:-20}

[ -x "$BIN" ] || { echo "usage_import: no binary at $BIN (run make)" >&2; exit 2; }
CACHE="$ROOT/build/bench"
mkdir -p "$CACHE"
GEN_SUM=$(sha1sum "$ROOT/bench/gen_usage.py" | cut -c1-12)
CSV="$CACHE/usage-$ROWS-$LEARNERS-$PROGRAMS-$GEN_SUM.csv"
if [ ! -s "$CSV" ]; then
	rm -f "$CACHE"/usage-*.csv
	echo "usage_import: writing a $ROWS-line usage report to $CSV" >&2
	python3 "$ROOT/bench/gen_usage.py" --rows "$ROWS" --learners "$LEARNERS" \
		--programs "$PROGRAMS" >"$CSV.tmp"
	mv "$CSV.tmp" "$CSV"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/skillgate-bench-usage.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/bench.db"
"$BIN" --db "$DB" migrate >/dev/null
"$BIN" --db "$DB" test-learning bench "$LEARNERS" "$PROGRAMS" >/dev/null

run() {
	local t0 t1
	t0=$(date +%s.%N)
	"$BIN" --db "$DB" progress import "$CSV" >"$WORK/$1.json" 2>"$WORK/$1.err" || {
		echo "usage_import: FAILED: the $1 import exited non-zero:" >&2
		cat "$WORK/$1.err" >&2
		exit 1
	}
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

first=$(run first)
second=$(run second)
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$WORK/$1.json" "$2"; }
echo "usage_import_seconds $first"
echo "usage_reimport_seconds $second"
awk -v n="$ROWS" -v s="$first" 'BEGIN { printf "usage_import_rows_per_second %d\n", n / s }'
if [ "$(field first applied)" != "$ROWS" ] || [ "$(field second unchanged)" != "$ROWS" ]; then
	echo "usage_import: FAILED: first import applied $(field first applied), second left" \
		"$(field second unchanged) unchanged; want $ROWS each" >&2
	exit 1
fi
if awk -v s="$first" -v l="$LIMIT" 'BEGIN { exit !(s > l) }'; then
	echo "usage_import: FAILED: $ROWS lines took ${first}s, more than ${LIMIT}s"
	exit 1
fi
echo "usage_import: ok ($ROWS lines in ${first}s, limit ${LIMIT}s)"
